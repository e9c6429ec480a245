//! Property tests: parsing never panics, and every span it reports lies inside the source on
//! character boundaries.

use proptest::prelude::*;
use slipway_shell::visit::{walk_word, walk_word_part, Visitor};
use slipway_shell::{parse, Redirect, SimpleCommand, Span, Word, WordPart};

struct SpanCheck<'s> {
    src: &'s str,
    bad: Vec<Span>,
}

impl SpanCheck<'_> {
    fn check(&mut self, span: Span) {
        let ok = span.start <= span.end
            && span.end <= self.src.len()
            && self.src.is_char_boundary(span.start)
            && self.src.is_char_boundary(span.end);
        if !ok {
            self.bad.push(span);
        }
    }
}

impl<'a> Visitor<'a> for SpanCheck<'_> {
    fn visit_simple_command(&mut self, command: &'a SimpleCommand) {
        self.check(command.span);
        slipway_shell::visit::walk_simple_command(self, command);
    }
    fn visit_redirect(&mut self, redirect: &'a Redirect) {
        self.check(redirect.span);
        slipway_shell::visit::walk_redirect(self, redirect);
    }
    fn visit_word(&mut self, word: &'a Word) {
        self.check(word.span);
        walk_word(self, word);
    }
    fn visit_word_part(&mut self, part: &'a WordPart) {
        self.check(part.span());
        walk_word_part(self, part);
    }
}

fn check(src: &str) {
    if let Ok(script) = parse(src) {
        let mut v = SpanCheck { src, bad: Vec::new() };
        v.visit_list(&script.body);
        for c in &script.comments {
            v.check(*c);
        }
        assert!(v.bad.is_empty(), "{src:?}: bad spans {:?}", v.bad);
        // The command queries must not panic either.
        let _ = script.simple_commands();
        let _ = script.pipelines();
    }
}

const CORPUS: &[&str] = &[
    include_str!("corpus/python.Dockerfile"),
    include_str!("corpus/nginx.Dockerfile"),
    include_str!("corpus/postgres.Dockerfile"),
];

fn shellish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "a", "b", " ", "\t", "\n", ";", "&", "|", "&&", "||", "(", ")", "{", "}", "<", ">", ">>", "<<", "<<-", "<<<",
        "2>&1", "'", "\"", "`", "\\", "\\\n", "$", "$(", "$((", "))", "${", "}", ":-", "#", "%%", "/", "if", "then",
        "fi", "for", "in", "do", "done", "case", "esac", ";;", "while", "EOF", "é", "😀", "=", "x=", "[[", "]]", "!",
        "function", "$'", "\\n",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

/// 3000 cases per property, or `PROPTEST_CASES` when set.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3000);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn shell_like_input_never_panics(src in shellish()) {
        check(&src);
    }

    #[test]
    fn arbitrary_text_never_panics(src in "\\PC{0,200}") {
        check(&src);
    }

    #[test]
    fn mutated_corpus_never_panics(
        which in 0..CORPUS.len(),
        cut in 0usize..20_000,
        len in 0usize..400,
        insert in shellish(),
    ) {
        let text = CORPUS[which];
        let mut cut = cut % text.len();
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut end = (cut + len).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let src = format!("{}{}{}", &text[..cut], insert, &text[end..]);
        check(&src);
    }
}

#[test]
fn corpus_spans_are_valid() {
    for text in CORPUS {
        check(text);
    }
}

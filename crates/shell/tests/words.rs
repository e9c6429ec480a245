//! The word API: literal values, quoting and expansions (what SC2086-style rules need).

use slipway_shell::{parse, Word, WordPart};

fn words(src: &str) -> Vec<Word> {
    let script = parse(src).unwrap_or_else(|e| panic!("{src:?}: {e}"));
    script.simple_commands()[0].command.words.clone()
}

fn word(src: &str) -> Word {
    words(&format!("echo {src}")).remove(1)
}

#[test]
fn literal_values_remove_quotes_and_escapes() {
    let cases = [
        ("plain", "plain"),
        ("'single quoted'", "single quoted"),
        ("\"double quoted\"", "double quoted"),
        ("a'b'\"c\"d", "abcd"),
        ("\\$HOME", "$HOME"),
        ("\"\\$x \\\" \\\\ \\a\"", "$x \" \\ \\a"),
        ("'it'\\''s'", "it's"),
        ("$'tab\\there'", "tab\there"),
        ("~/bin", "~/bin"),
        ("*.txt", "*.txt"),
        ("{a,b}", "{a,b}"),
        ("--opt=\"v w\"", "--opt=v w"),
    ];
    for (src, expected) in cases {
        assert_eq!(word(src).literal().as_deref(), Some(expected), "{src}");
        assert!(word(src).is_literal());
    }
}

#[test]
fn expansions_are_not_literal() {
    for src in ["$x", "\"$x\"", "a${b}c", "$(pwd)", "`pwd`", "$((1+1))", "\"a $(b)\""] {
        assert_eq!(word(src).literal(), None, "{src}");
        assert!(!word(src).is_literal());
    }
}

#[test]
fn quoting_of_expansions() {
    let w = word("pre$a\"$b ${c:-x}\"'$d'$(e)");
    let exps = w.expansions();
    let summary: Vec<_> = exps
        .iter()
        .map(|e| {
            let name = match e.part {
                WordPart::Param(p) => p.name.clone(),
                WordPart::CommandSub(_) => "(cmd)".to_string(),
                other => format!("{other:?}"),
            };
            (name, e.quoted)
        })
        .collect();
    assert_eq!(
        summary,
        [("a".to_string(), false), ("b".to_string(), true), ("c".to_string(), true), ("(cmd)".to_string(), false)]
    );
    assert_eq!(w.unquoted_expansions().len(), 2);
    assert!(w.is_quoted());
    assert!(!w.is_fully_quoted());
}

#[test]
fn sc2086_candidates() {
    let ws = words("apt-mark manual $savedAptMark \"$quoted\" ${braced} \"${ok}\"/x $# \"$@\"");
    let unquoted: Vec<bool> = ws[2..].iter().map(|w| !w.unquoted_expansions().is_empty()).collect();
    assert_eq!(unquoted, [true, false, true, false, true, false]);
}

#[test]
fn as_param_and_plain() {
    assert_eq!(word("$x").as_param().map(|p| p.name.as_str()), Some("x"));
    assert_eq!(word("\"${x}\"").as_param().map(|p| p.name.as_str()), Some("x"));
    assert!(word("\"${x}\"").as_param().unwrap().is_plain());
    assert!(!word("${x:-y}").as_param().unwrap().is_plain());
    assert!(word("a$x").as_param().is_none());
}

#[test]
fn globs_quoted_or_escaped_do_not_count() {
    assert!(word("*.txt").has_unquoted_glob());
    assert!(word("/var/lib/apt/lists/*").has_unquoted_glob());
    assert!(!word("'*.txt'").has_unquoted_glob());
    assert!(!word("\"*.txt\"").has_unquoted_glob());
    assert!(!word("\\*.txt").has_unquoted_glob());
    let w = word("\\*.txt");
    assert!(matches!(&w.parts[0], WordPart::Escaped(l) if l.value == "*"));
    assert!(w.is_quoted());
}

#[test]
fn part_spans_cover_their_source() {
    let src = "echo a\"b$c\"'d'$'e'\\f${g}";
    let script = parse(src).unwrap();
    let w = &script.simple_commands()[0].command.words[1];
    let texts: Vec<_> = w.parts.iter().map(|p| p.span().text(src).unwrap()).collect();
    assert_eq!(texts, ["a", "\"b$c\"", "'d'", "$'e'", "\\f", "${g}"]);
    assert_eq!(w.raw(src), Some("a\"b$c\"'d'$'e'\\f${g}"));
    let WordPart::DoubleQuoted(dq) = &w.parts[1] else { panic!() };
    let inner: Vec<_> = dq.parts.iter().map(|p| p.span().text(src).unwrap()).collect();
    assert_eq!(inner, ["b", "$c"]);
}

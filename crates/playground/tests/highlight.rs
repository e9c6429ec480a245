//! Highlighting: every token kind of the syntax tree gets its class, at exact byte ranges.

use proptest::prelude::*;
use slipway_playground::highlight::{highlight, HighlightSpan, TokenClass};
use TokenClass::*;

/// The highlighted pieces as (text, class), in order.
fn pieces(source: &str) -> Vec<(&str, TokenClass)> {
    highlight(source).iter().map(|s| (&source[s.start..s.end], s.class)).collect()
}

#[test]
fn directive_keyword_and_stage_name() {
    let src = "# syntax=docker/dockerfile:1\nFROM alpine:3.20 AS build\n";
    assert_eq!(
        highlight(src),
        vec![
            HighlightSpan { start: 0, end: 28, class: Directive },
            HighlightSpan { start: 29, end: 33, class: Keyword },
            HighlightSpan { start: 34, end: 45, class: Plain },
            HighlightSpan { start: 46, end: 48, class: Keyword },
            HighlightSpan { start: 49, end: 54, class: Plain },
        ]
    );
}

#[test]
fn comments_flags_strings_and_variables() {
    let src =
        "FROM a\n# install\nRUN --mount=type=cache,target=/var/cache/apt apt-get install \"$PKG\" ${V:-1} 'no $X'\n";
    assert_eq!(
        pieces(src),
        vec![
            ("FROM", Keyword),
            ("a", Plain),
            ("# install", Comment),
            ("RUN", Keyword),
            ("--mount=type=cache,target=/var/cache/apt", Flag),
            ("apt-get install ", Plain),
            // Inside double quotes the variable is still expanded, so it splits the string.
            ("\"", String),
            ("$PKG", Variable),
            ("\"", String),
            (" ", Plain),
            ("${V:-1}", Variable),
            (" ", Plain),
            // Single quotes suppress expansion: the whole literal is a string.
            ("'no $X'", String),
        ]
    );
}

#[test]
fn exec_form_json_strings_and_punctuation() {
    let src = "FROM a\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n";
    assert_eq!(
        pieces(src),
        vec![
            ("FROM", Keyword),
            ("a", Plain),
            ("CMD", Keyword),
            ("[", JsonPunct),
            ("\"nginx\"", String),
            (",", JsonPunct),
            ("\"-g\"", String),
            (",", JsonPunct),
            ("\"daemon off;\"", String),
            ("]", JsonPunct),
        ]
    );
}

#[test]
fn env_label_and_arg_pairs() {
    let src = "ARG VERSION=1.2\nFROM a\nENV PATH=/opt/bin:$PATH\nLABEL org.opencontainers.image.title=\"demo\"\n";
    assert_eq!(
        pieces(src),
        vec![
            ("ARG", Keyword),
            ("VERSION", Plain),
            ("=", Operator),
            ("1.2", Plain),
            ("FROM", Keyword),
            ("a", Plain),
            ("ENV", Keyword),
            ("PATH", Plain),
            ("=", Operator),
            ("/opt/bin:", Plain),
            ("$PATH", Variable),
            ("LABEL", Keyword),
            ("org.opencontainers.image.title", Plain),
            ("=", Operator),
            ("\"demo\"", String),
        ]
    );
}

#[test]
fn continuations_are_operators_and_inner_comments_comments() {
    let src = "FROM a\nRUN apt-get update \\\n# a comment\n && echo done\n";
    assert_eq!(
        pieces(src),
        vec![
            ("FROM", Keyword),
            ("a", Plain),
            ("RUN", Keyword),
            ("apt-get update ", Plain),
            ("\\", Operator),
            ("# a comment", Comment),
            (" && echo done", Plain),
        ]
    );
}

#[test]
fn heredoc_marker_body_and_terminator() {
    let src = "FROM a\nRUN <<EOF\necho $HOME\nEOF\nCOPY <<'CONF' /etc/app.conf\nkey=$KEEP\nCONF\n";
    assert_eq!(
        pieces(src),
        vec![
            ("FROM", Keyword),
            ("a", Plain),
            ("RUN", Keyword),
            ("<<EOF", Operator),
            ("echo ", Heredoc),
            // An unquoted terminator: the body is expanded, so its variables are marked.
            ("$HOME", Variable),
            ("\n", Heredoc),
            ("EOF", Operator),
            ("COPY", Keyword),
            ("<<'CONF'", Operator),
            ("/etc/app.conf", Plain),
            // A quoted terminator: the body is taken literally.
            ("key=$KEEP\n", Heredoc),
            ("CONF", Operator),
        ]
    );
}

#[test]
fn healthcheck_onbuild_and_unknown_instructions() {
    let src = "FROM a\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/\nONBUILD COPY . /src\nRUNN x\n";
    assert_eq!(
        pieces(src),
        vec![
            ("FROM", Keyword),
            ("a", Plain),
            ("HEALTHCHECK", Keyword),
            ("--interval=5s", Flag),
            ("CMD", Keyword),
            ("curl -f http://localhost/", Plain),
            ("ONBUILD", Keyword),
            ("COPY", Keyword),
            (".", Plain),
            ("/src", Plain),
            ("RUNN", Error),
            ("x", Plain),
        ]
    );
}

#[test]
fn escape_directive_changes_the_continuation_character() {
    let src = "# escape=`\nFROM a\nRUN dir `\n  c:\\\n";
    assert_eq!(
        pieces(src),
        vec![
            ("# escape=`", Directive),
            ("FROM", Keyword),
            ("a", Plain),
            ("RUN", Keyword),
            ("dir ", Plain),
            ("`", Operator),
            ("  c:\\", Plain),
        ]
    );
}

#[test]
fn unparsable_lines_are_errors() {
    // ENV without a value is rejected by BuildKit's line parser.
    let src = "FROM a\nENV ONLYKEY\n";
    assert_eq!(pieces(src), vec![("FROM", Keyword), ("a", Plain), ("ENV ONLYKEY", Error)]);
}

#[test]
fn multibyte_text_keeps_char_boundaries() {
    let src = "FROM a\nLABEL 설명=\"한국어 ${이름}\" \\\n  é=ü\n";
    for span in highlight(src) {
        assert!(src.is_char_boundary(span.start) && src.is_char_boundary(span.end));
    }
    assert!(pieces(src).contains(&("설명", Plain)));
}

#[test]
fn css_classes() {
    assert_eq!(Keyword.css_class(), "tok-keyword");
    assert_eq!(JsonPunct.css_class(), "tok-json-punct");
    assert_eq!(Heredoc.css_class(), "tok-heredoc");
}

fn check_invariants(source: &str) {
    let spans = highlight(source);
    let mut last_end = 0;
    for span in &spans {
        assert!(span.start < span.end, "empty span {span:?}");
        assert!(span.start >= last_end, "overlap or disorder at {span:?}");
        assert!(span.end <= source.len());
        assert!(source.is_char_boundary(span.start) && source.is_char_boundary(span.end));
        last_end = span.end;
    }
}

proptest! {
    #[test]
    fn never_panics_and_spans_are_well_formed(source in "(?s).{0,300}") {
        check_invariants(&source);
    }

    #[test]
    fn dockerfile_like_input_is_well_formed(
        lines in prop::collection::vec(
            prop_oneof![
                Just("FROM alpine AS b".to_string()),
                Just("RUN <<EOF".to_string()),
                Just("EOF".to_string()),
                Just("# escape=`".to_string()),
                Just("COPY --from=b [\"/a\", \"/b\"]".to_string()),
                Just("ENV A=$B \\".to_string()),
                Just("ONBUILD RUN echo \"${X:-é}\"".to_string()),
                "[A-Za-z$\\\\`\"'{}\\[\\],=<#: -]{0,20}",
            ],
            0..12,
        )
    ) {
        check_invariants(&lines.join("\n"));
    }
}

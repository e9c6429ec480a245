//! `.dockerignore` reading edge cases and the choice between ignore files.

use slipway_cache::context::MemoryContext;
use slipway_cache::ignore::{
    parse_ignore_file, DockerIgnore, IgnoreError, IgnoreLine, IgnoreSource, PatternError, PatternMatcher,
};

fn patterns(text: &str) -> Vec<String> {
    parse_ignore_file(text.as_bytes()).into_iter().map(|l| l.pattern).collect()
}

#[test]
fn bom_is_stripped_from_the_first_line_only() {
    assert_eq!(patterns("\u{feff}a\n\u{feff}b"), vec!["a", "\u{feff}b"]);
    assert_eq!(patterns("\u{feff}#comment\nx"), vec!["x"]);
}

#[test]
fn comments_need_hash_in_the_first_column() {
    assert_eq!(patterns("# comment\n  # not a comment\n#\nx"), vec!["# not a comment", "x"]);
}

#[test]
fn blank_lines_and_whitespace() {
    assert_eq!(patterns("\n\n  \t\na  \n\n  b\n"), vec!["a", "b"]);
    assert!(patterns("").is_empty());
    assert!(patterns("\n\n").is_empty());
}

#[test]
fn crlf_line_endings() {
    assert_eq!(patterns("a\r\nb\r\n!c\r\n"), vec!["a", "b", "!c"]);
    assert_eq!(patterns("last\r"), vec!["last"]);
}

#[test]
fn exceptions_are_trimmed_and_cleaned() {
    assert_eq!(patterns("!  ./x/../y/\n!/abs"), vec!["!y", "!abs"]);
    assert_eq!(patterns("/\n//a//b/"), vec!["/", "a/b"]);
}

#[test]
fn line_numbers_count_every_line() {
    let lines = parse_ignore_file(b"# c\n\na\n  \nb");
    assert_eq!(lines, vec![IgnoreLine { line: 3, pattern: "a".into() }, IgnoreLine { line: 5, pattern: "b".into() }]);
}

fn parse_err(text: &str) -> (usize, String, PatternError) {
    match DockerIgnore::parse(".dockerignore", text.as_bytes(), IgnoreSource::Context) {
        Err(IgnoreError::Pattern { line, pattern, error, .. }) => (line, pattern, error),
        other => panic!("expected a pattern error for {text:?}, got {other:?}"),
    }
}

#[test]
fn bare_exclamation_mark_is_an_error_with_its_line() {
    assert_eq!(parse_err("a\n# c\n!\n"), (3, "!".to_string(), PatternError::IllegalExclusion));
    assert_eq!(parse_err("!   ").2, PatternError::IllegalExclusion);
    // `!/` cleans to `!` as well.
    assert_eq!(parse_err("ok\n!/").0, 2);
}

#[test]
fn malformed_patterns_report_pattern_and_line() {
    for (text, line, pattern) in [
        ("[", 1, "["),
        ("ok\n\na[", 3, "a["),
        ("x\\", 1, "x\\"),
        ("[]a]", 1, "[]a]"),
        ("[a-]", 1, "[a-]"),
        ("[-a]", 1, "[-a]"),
        ("[a-b-c]", 1, "[a-b-c]"),
        ("[^bc", 1, "[^bc"),
        ("*[", 1, "*["),
    ] {
        assert_eq!(parse_err(text), (line, pattern.to_string(), PatternError::BadPattern), "{text:?}");
    }
    let err = DockerIgnore::parse("x/.dockerignore", b"a\n[", IgnoreSource::Context).unwrap_err();
    assert_eq!(err.to_string(), "x/.dockerignore:2: invalid pattern \"[\": syntax error in pattern");
}

#[test]
fn matcher_new_skips_blank_patterns_and_flags_exclusions() {
    let m = PatternMatcher::new(["docs", "", "  !docs/README.md  "]).unwrap();
    assert_eq!(m.patterns().len(), 2);
    assert!(m.has_exclusions());
    assert_eq!(m.patterns()[1].as_str(), "docs/README.md");
    assert_eq!(m.patterns()[1].to_string(), "!docs/README.md");
    let err = PatternMatcher::new(["a", "", "!"]).unwrap_err();
    assert_eq!(err.index, 2);
}

fn context(files: &[(&str, &str)]) -> MemoryContext {
    let mut ctx = MemoryContext::new();
    for (path, body) in files {
        ctx.add_file(path, body.as_bytes(), 0o644).unwrap();
    }
    ctx
}

#[test]
fn dockerfile_specific_ignore_file_wins() {
    let ctx = context(&[
        (".dockerignore", "a"),
        ("build/app.Dockerfile", "FROM x"),
        ("build/app.Dockerfile.dockerignore", "b"),
        ("Dockerfile", "FROM y"),
    ]);
    let specific = DockerIgnore::load(&ctx, Some((&ctx, "build/app.Dockerfile"))).unwrap();
    assert_eq!(specific.source(), &IgnoreSource::Dockerfile("build/app.Dockerfile.dockerignore".into()));
    assert!(specific.is_excluded("b"));
    assert!(!specific.is_excluded("a"));

    let plain = DockerIgnore::load(&ctx, Some((&ctx, "Dockerfile"))).unwrap();
    assert_eq!(plain.source(), &IgnoreSource::Context);
    assert!(plain.is_excluded("a"));
    assert!(!plain.is_excluded("b"));

    let none = DockerIgnore::load(&context(&[("x", "")]), None).unwrap();
    assert_eq!(none.source(), &IgnoreSource::None);
    assert!(!none.is_excluded("x"));
}

#[test]
fn dockerfile_outside_the_context() {
    let ctx = context(&[(".dockerignore", "a")]);
    let elsewhere = context(&[("Dockerfile", "FROM x"), ("Dockerfile.dockerignore", "c")]);
    let rules = DockerIgnore::load(&ctx, Some((&elsewhere, "Dockerfile"))).unwrap();
    assert!(rules.is_excluded("c"));
    assert!(!rules.is_excluded("a"));
}

#[test]
fn a_directory_named_like_an_ignore_file_is_not_read() {
    let mut ctx = context(&[("Dockerfile", "FROM x"), (".dockerignore", "a")]);
    ctx.add_dir("Dockerfile.dockerignore", 0o755).unwrap();
    let rules = DockerIgnore::load(&ctx, Some((&ctx, "Dockerfile"))).unwrap();
    assert_eq!(rules.source(), &IgnoreSource::Context);
}

#[test]
fn invalid_ignore_file_fails_to_load() {
    let ctx = context(&[("Dockerfile.dockerignore", "ok\n!")]);
    let err = DockerIgnore::load(&ctx, Some((&ctx, "Dockerfile"))).unwrap_err();
    assert_eq!(err.to_string(), "Dockerfile.dockerignore:2: invalid pattern \"!\": illegal exclusion pattern: \"!\"");
}

//! Conformance table for `.dockerignore` matching.
//!
//! Each case is the content of a `.dockerignore` file, a context path and whether BuildKit
//! leaves that path out of the context. Expected values follow moby/patternmatcher's rules
//! (and fsutil's walk for multi-pattern cases): patterns apply in order and the last match
//! wins; `*` and `?` never cross `/`; `**` spans any number of directories including none;
//! a path is excluded when it or any parent matches.

use slipway_cache::ignore::{DockerIgnore, IgnoreSource, PatternMatcher};

/// (ignore file, path, excluded)
const CASES: &[(&str, &str, bool)] = &[
    // plain names and parents
    ("file", "file", true),
    ("file", "filex", false),
    ("file", "xfile", false),
    ("dir", "dir/sub/file", true),
    ("dir", "dirx", false),
    ("dir", "other/dir", false),
    ("a/b", "a/b", true),
    ("a/b", "a/b/c/d", true),
    ("a/b", "a", false),
    ("a/b", "a/bc", false),
    // `*`
    ("*", "file", true),
    ("*", "dir/file", true),
    ("*.go", "main.go", true),
    ("*.go", "cmd/main.go", false),
    ("*/*.go", "cmd/main.go", true),
    ("*/*.go", "a/b/main.go", false),
    ("a*", "a", true),
    ("a*", "ab/c", true),
    ("a*b", "a/b", false),
    ("a*/b", "abc/b", true),
    ("a*/b", "a/c/b", false),
    ("*c", "abc", true),
    ("*x", "xxx", true),
    ("a*b*c*d*e*/f", "axbxcxdxe/f", true),
    ("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
    ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
    ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
    ("dir/*", "dir", false),
    ("dir/*", "dir/x", true),
    ("dir/*", "dir/x/y", true),
    ("*/", "x/y", true),
    // `?`
    ("?", "a", true),
    ("?", "ab", false),
    ("?", "a/b", true),
    ("a?c", "abc", true),
    ("a?c", "a/c", false),
    ("a?b", "a☺b", true),
    ("a???b", "a☺b", false),
    ("abc?def", "abcdef", false),
    ("a*b?c*x", "abxbbxdbxebxczzx", true),
    ("a*b?c*x", "abxbbxdbxebxczzy", false),
    // `**`
    ("**", "anything/at/all", true),
    ("**", "top", true),
    ("**/*.go", "main.go", true),
    ("**/*.go", "a/b/c/main.go", true),
    ("**/*.go", "a/b/main.go.txt", false),
    ("**/**/*.txt", "file.txt", true),
    ("**/**/*.txt", "dir/dir/file.txt", true),
    ("**/**/*.txt2", "dir/dir/file.txt", false),
    ("dir/**", "dir", false),
    ("dir/**", "dir/file", true),
    ("dir/**", "dir/sub/file", true),
    ("dir/**", "dirx/file", false),
    ("**/dir", "dir", true),
    ("**/dir", "a/dir", true),
    ("**/dir", "a/dir/file", true),
    ("**/dir", "a/xdir", false),
    ("**dir", "xdir", true),
    ("**file", "dir/dir/file", true),
    ("a/**/b", "a/b", true),
    ("a/**/b", "a/x/y/b", true),
    ("a/**/b", "a/xb", false),
    ("a**/*.txt", "a/file.txt", true),
    ("a**/*.txt", "a/dir/dir/file.txt", true),
    ("a/*.txt**", "a/file.txt", true),
    ("**/dir2/*", "dir/dir2/file", true),
    ("**/dir2/*", "dir/dir2/file/x", true),
    ("**/dir2/**", "dir2", false),
    ("**/dir2/**", "x/dir2/y", true),
    ("**/foo/bar", "foo/bar", true),
    ("**/foo/bar", "dir/dir2/foo/bar", true),
    ("**/.foo", ".foo", true),
    ("**/.foo", "bar.foo", false),
    // classes
    ("[a-c]?.txt", "b1.txt", true),
    ("[a-c]?.txt", "d1.txt", false),
    ("[a-c]?.txt", "a.txt", false),
    ("[a-c]?.txt", "c/1.txt", false),
    ("a[b-d]e", "ace", true),
    ("a[b-d]e", "ae", false),
    ("a[b-d]e", "aae", false),
    ("a[^b-d]e", "aze", true),
    ("ab[^c]", "abc", false),
    ("ab[^e-g]", "abc", true),
    ("[^a-c]*", "d", true),
    ("[^a-c]*", "apple", false),
    ("[!a]*", "!x", true),
    ("[\\]a]", "]", true),
    ("[\\-]", "-", true),
    ("[x\\-]", "-", true),
    ("[x\\-]", "z", false),
    ("[a-ζ]*", "α", true),
    ("*[a-ζ]", "A", false),
    ("a[^a]b", "a☺b", true),
    // escapes and regexp metacharacters taken literally
    ("\\*", "*", true),
    ("\\*", "x", false),
    ("a\\*b", "a*b", true),
    ("a\\*b", "ab", false),
    ("a\\?b", "a?b", true),
    ("a\\?b", "axb", false),
    ("\\[x]", "[x]", true),
    ("a\\\\", "a\\", true),
    (".*", ".env", true),
    (".*", "env", false),
    (".*", "dir/.env", false),
    ("**/.*", "dir/.env", true),
    ("abc.def", "abc.def", true),
    ("abc.def", "abcxdef", false),
    ("a+b", "a+b", true),
    ("a(b)c/def", "a(b)c/def", true),
    ("a(b)c/def", "a(b)c/xyz", false),
    ("a.|)$(}+{bc", "a.|)$(}+{bc", true),
    ("a{1}", "a", false),
    ("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
    ("a^b", "a^b", true),
    ("a^b*", "a^bc", false),
    // reading: cleaning, leading slash, whitespace, comments
    ("/abs", "abs", true),
    ("/abs/x", "abs/x/y", true),
    ("./a/../b", "b", true),
    ("./a/../b", "a", false),
    ("a//b", "a/b", true),
    ("a/./b/", "a/b", true),
    ("../a", "a", false),
    ("  spaced\t ", "spaced", true),
    (" #x", "#x", true),
    ("#x", "#x", false),
    ("\u{feff}bom", "bom", true),
    ("crlf\r\n", "crlf", true),
    ("! keep\n*", "keep", true),
    // exceptions: the last matching pattern wins
    ("*.md\n!README.md", "README.md", false),
    ("*.md\n!README.md", "CHANGELOG.md", true),
    ("!README.md\n*.md", "README.md", true),
    ("*\n!keep", "keep", false),
    ("*\n!keep", "keep/x", false),
    ("*\n!keep", "other", true),
    ("dir\n!dir/keep", "dir/keep", false),
    ("dir\n!dir/keep", "dir/keep/sub", false),
    ("dir\n!dir/keep", "dir/other", true),
    ("dir\n!dir/keep", "dir", true),
    ("dir/**\n!dir/keep", "dir/keep", false),
    ("dir\n!dir/sub/keep", "dir/sub/keep/x", false),
    ("dir\n!dir/sub/keep", "dir/sub/other", true),
    ("dir\n!other", "dir/x", true),
    ("dir\n!dir/*.txt", "dir/a.txt", false),
    ("dir\n!dir/*.txt", "dir/a.md", true),
    ("**\n!util/docker/web", "util/docker/web/foo", false),
    ("**\n!util/docker/web\nutil/docker/web/foo", "util/docker/web/foo", true),
    ("**\n!dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false),
    ("**/*.go\n!vendor/**", "vendor/x/y.go", false),
    ("**/*.go\n!vendor/**", "cmd/y.go", true),
    ("node_modules\n!node_modules/keep\nnode_modules/keep/tmp", "node_modules/keep/tmp/a", true),
    ("node_modules\n!node_modules/keep\nnode_modules/keep/tmp", "node_modules/keep/a", false),
];

fn ignore(text: &str) -> DockerIgnore {
    DockerIgnore::parse(".dockerignore", text.as_bytes(), IgnoreSource::Context)
        .unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

#[test]
fn table_has_enough_cases() {
    assert!(CASES.len() >= 80, "only {} cases", CASES.len());
}

#[test]
fn conformance_table() {
    let mut failures = Vec::new();
    for &(text, path, want) in CASES {
        let got = ignore(text).is_excluded(path);
        if got != want {
            failures.push(format!("{text:?} vs {path:?}: want {want}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// With a single pattern, moby's `MatchesOrParentMatches` and BuildKit's walk agree.
#[test]
fn single_pattern_cases_agree_with_matches_or_parent_matches() {
    for &(text, path, want) in CASES {
        if text.trim_start_matches('\u{feff}').lines().count() != 1 || text.contains('!') {
            continue;
        }
        let got = ignore(text).matcher().matches_or_parent_matches(path);
        assert_eq!(got, want, "{text:?} vs {path:?}");
    }
}

/// BuildKit's walk reuses the parent's per-pattern results; moby's `MatchesOrParentMatches`
/// retries every pattern against every parent. They differ when an inclusion after an
/// exception was skipped for the parent.
#[test]
fn walk_semantics_differ_from_matches_or_parent_matches() {
    let m = PatternMatcher::new(["a", "!a/b", "a"]).unwrap();
    assert!(m.matches_or_parent_matches("a/b"));
    assert!(!m.is_excluded("a/b"));
    assert!(m.is_excluded("a/c"));
}

#[test]
fn excluded_dir_is_skipped_only_without_a_possible_exception_below() {
    let m = PatternMatcher::new(["dir", "!dir/keep"]).unwrap();
    assert!(!m.skips_excluded_dir("dir"));
    assert!(m.skips_excluded_dir("other"));
    let m = PatternMatcher::new(["dir", "!dir/keep/**"]).unwrap();
    assert!(!m.skips_excluded_dir("dir"));
    assert!(!m.skips_excluded_dir("dir/keep"));
    let m = PatternMatcher::new(["dir", "!**/keep"]).unwrap();
    assert!(!m.skips_excluded_dir("dir"), "wildcard exceptions disable skipping");
    let m = PatternMatcher::new(["dir"]).unwrap();
    assert!(m.skips_excluded_dir("dir"));
}

#[test]
fn root_is_never_excluded() {
    let m = ignore("*\n**");
    assert!(!m.is_excluded(""));
    assert!(!m.is_excluded("."));
    assert!(m.is_excluded("./x"));
}

//! The filtered walk over a context.

use slipway_cache::context::{DiskContext, FileKind, MemoryContext};
use slipway_cache::ignore::{DockerIgnore, IgnoreSource, PatternMatcher};
use slipway_cache::walk;

fn tree() -> MemoryContext {
    let mut ctx = MemoryContext::new();
    for path in [
        "README.md",
        "CHANGELOG.md",
        "a-b",
        "a/b",
        "dir/keep/x",
        "dir/other",
        "docs/guide.md",
        "src/main.go",
        "src/util/util.go",
        "src/util/util_test.txt",
        "vendor/lib/lib.go",
    ] {
        ctx.add_file(path, path.as_bytes(), 0o644).unwrap();
    }
    ctx.add_dir("empty", 0o755).unwrap();
    ctx.add_symlink("link", "src/main.go").unwrap();
    ctx
}

fn paths(ctx: &MemoryContext, ignore: &str) -> Vec<String> {
    let rules = DockerIgnore::parse(".dockerignore", ignore.as_bytes(), IgnoreSource::Context).unwrap();
    walk(ctx, rules.matcher()).unwrap().into_iter().map(|e| e.path).collect()
}

#[test]
fn everything_in_walk_order_without_rules() {
    let all = paths(&tree(), "");
    assert_eq!(
        all,
        [
            "CHANGELOG.md",
            "README.md",
            "a",
            "a/b",
            "a-b",
            "dir",
            "dir/keep",
            "dir/keep/x",
            "dir/other",
            "docs",
            "docs/guide.md",
            "empty",
            "link",
            "src",
            "src/main.go",
            "src/util",
            "src/util/util.go",
            "src/util/util_test.txt",
            "vendor",
            "vendor/lib",
            "vendor/lib/lib.go",
        ]
    );
}

#[test]
fn markdown_except_readme() {
    let got = paths(&tree(), "**/*.md\n!README.md");
    assert!(got.contains(&"README.md".to_string()));
    assert!(!got.contains(&"CHANGELOG.md".to_string()));
    assert!(!got.contains(&"docs/guide.md".to_string()));
    assert!(got.contains(&"docs".to_string()), "included empty dirs stay");
}

#[test]
fn excluded_dir_with_an_exception_below_lists_only_the_exception() {
    let got = paths(&tree(), "dir\n!dir/keep");
    let dir: Vec<_> = got.iter().filter(|p| p.starts_with("dir")).collect();
    assert_eq!(dir, ["dir", "dir/keep", "dir/keep/x"]);
}

#[test]
fn excluded_dir_without_included_children_is_dropped() {
    let got = paths(&tree(), "dir\n!dir/nothing-here");
    assert!(got.iter().all(|p| !p.starts_with("dir")));
    let got = paths(&tree(), "src\n!src/*.txt");
    assert!(got.iter().all(|p| !p.starts_with("src")), "{got:?}");
}

#[test]
fn wildcard_exception_reaches_into_excluded_dirs() {
    let got = paths(&tree(), "src\n!src/**/*.txt");
    let src: Vec<_> = got.iter().filter(|p| p.starts_with("src")).collect();
    assert_eq!(src, ["src", "src/util", "src/util/util_test.txt"]);
}

#[test]
fn go_files_everywhere() {
    let got = paths(&tree(), "**/*.go");
    assert!(got.iter().all(|p| !p.ends_with(".go")));
    assert!(got.contains(&"vendor/lib".to_string()));
    assert!(got.contains(&"link".to_string()), "symlinks are matched by their own name");
}

#[test]
fn walk_agrees_with_is_excluded_for_files() {
    for rules in ["**/*.md\n!README.md", "dir\n!dir/keep", "*\n!src", "src/**\n!src/util/*.go", "a*"] {
        let ctx = tree();
        let m = DockerIgnore::parse("i", rules.as_bytes(), IgnoreSource::Context).unwrap();
        let all = walk(&ctx, &PatternMatcher::default()).unwrap();
        let kept = walk(&ctx, m.matcher()).unwrap();
        for entry in all.iter().filter(|e| e.stat.kind != FileKind::Dir) {
            let listed = kept.iter().any(|k| k.path == entry.path);
            assert_eq!(listed, !m.is_excluded(&entry.path), "{rules:?}: {}", entry.path);
        }
    }
}

#[test]
fn disk_context_walks_like_memory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("a/b")).unwrap();
    std::fs::write(root.join("a/b/c.txt"), "c").unwrap();
    std::fs::write(root.join("a-b"), "x").unwrap();
    std::fs::write(root.join("top.md"), "x").unwrap();
    std::os::unix::fs::symlink("a/b/c.txt", root.join("ln")).unwrap();
    let ctx = DiskContext::new(root).unwrap();
    let m = PatternMatcher::new(["*.md"]).unwrap();
    let got: Vec<_> = walk(&ctx, &m).unwrap().into_iter().map(|e| (e.path, e.stat.kind)).collect();
    assert_eq!(
        got,
        [
            ("a".to_string(), FileKind::Dir),
            ("a/b".to_string(), FileKind::Dir),
            ("a/b/c.txt".to_string(), FileKind::File),
            ("a-b".to_string(), FileKind::File),
            ("ln".to_string(), FileKind::Symlink),
        ]
    );
}

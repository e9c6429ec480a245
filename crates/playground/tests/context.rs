//! The virtual build context: modes, times, `.dockerignore` as BuildKit applies it, and the
//! linter's view of it.

use slipway_cache::context::{BuildContext, FileKind, Timestamp};
use slipway_lint::BuildContext as LintContext;
use slipway_playground::context::VirtualContext;
use slipway_playground::Project;

fn project(files: &[(&str, &str)]) -> Project {
    Project {
        dockerfile: "FROM scratch\n".into(),
        files: files.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect(),
        ..Project::default()
    }
}

#[test]
fn files_are_0644_and_implied_directories_0755_at_the_epoch() {
    let ctx = VirtualContext::new(&project(&[("src/app/main.py", "print(1)\n"), ("README", "hi")]));
    let file = ctx.stat("src/app/main.py").unwrap();
    assert_eq!((file.kind, file.mode, file.size), (FileKind::File, 0o644, 9));
    assert_eq!((file.uid, file.gid, file.mtime), (0, 0, Timestamp::default()));
    for dir in ["src", "src/app"] {
        let stat = ctx.stat(dir).unwrap();
        assert_eq!((stat.kind, stat.mode, stat.mtime), (FileKind::Dir, 0o755, Timestamp::default()));
    }
    let names: Vec<String> = ctx.read_dir("").unwrap().into_iter().map(|e| e.name).collect();
    assert_eq!(names, ["README", "src"]);
    assert_eq!(ctx.read("src/app/main.py").unwrap(), b"print(1)\n");
}

#[test]
fn paths_are_cleaned() {
    let ctx = VirtualContext::new(&project(&[("./a//b.txt", "x")]));
    assert_eq!(ctx.read("a/b.txt").unwrap(), b"x");
}

#[test]
fn dockerignore_follows_buildkit_rules() {
    let ctx = VirtualContext::new(&project(&[
        (".dockerignore", "# logs\n*.log\n!keep.log\nnode_modules\n/build/**\n"),
        ("debug.log", ""),
        ("keep.log", ""),
        ("sub/debug.log", ""),
        ("node_modules/x/index.js", ""),
        ("build/out.bin", ""),
        ("app.py", ""),
    ]));
    assert!(ctx.is_ignored("debug.log"));
    assert!(!ctx.is_ignored("keep.log"));
    // `*.log` only matches at the root, as in Go's filepath.Match.
    assert!(!ctx.is_ignored("sub/debug.log"));
    // An excluded directory excludes what is below it.
    assert!(ctx.is_ignored("node_modules/x/index.js"));
    assert!(ctx.is_ignored("build/out.bin"));
    assert!(ctx.is_ignored("./debug.log"));
    assert!(!ctx.is_ignored("app.py"));
    assert!(ctx.ignore_error().is_none());
    // What the build sees: the same rules through the cache crate's walk.
    let ignore = slipway_cache::ignore::DockerIgnore::load(&ctx, None).unwrap();
    let walked: Vec<String> =
        slipway_cache::walk(&ctx, ignore.matcher()).unwrap().into_iter().map(|e| e.path).collect();
    // `build/**` matches what is below `build`, not `build` itself: the directory stays, empty.
    assert!(!ctx.is_ignored("build"));
    assert_eq!(walked, [".dockerignore", "app.py", "build", "keep.log", "sub", "sub/debug.log"]);
}

#[test]
fn existence_is_before_dockerignore() {
    let ctx = VirtualContext::new(&project(&[(".dockerignore", "secret.env\n"), ("secret.env", "K=V")]));
    assert!(ctx.exists("secret.env") && ctx.is_ignored("secret.env"));
    assert!(!ctx.exists("missing.txt"));
}

#[test]
fn an_invalid_dockerignore_ignores_nothing_and_says_why() {
    let ctx = VirtualContext::new(&project(&[(".dockerignore", "[\n"), ("a", "")]));
    assert!(!ctx.is_ignored("a"));
    assert!(ctx.ignore_error().unwrap().contains(".dockerignore"));
}

#[test]
fn the_linter_reports_copying_an_ignored_file() {
    let ctx = VirtualContext::new(&project(&[(".dockerignore", "*.env\n"), ("prod.env", "K=V"), ("app.py", "")]));
    let config = slipway_lint::Config::default();
    let findings = slipway_lint::Linter::new(&config)
        .with_build_context(&ctx)
        .lint("FROM python:3.12\nCOPY prod.env app.py /app/\n");
    let ignored: Vec<_> = findings.iter().filter(|f| f.is("CopyIgnoredFile")).collect();
    assert_eq!(ignored.len(), 1, "{findings:?}");
    assert_eq!(ignored[0].start.line, 2);
    assert_eq!(
        &"FROM python:3.12\nCOPY prod.env app.py /app/\n"[ignored[0].span.start..ignored[0].span.end],
        "prod.env"
    );
}

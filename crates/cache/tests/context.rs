//! The context implementations and the named-context registry.

use std::sync::Arc;

use slipway_cache::context::{
    parse_build_context_flag, BuildContext, ContextError, DiskContext, FileKind, MemoryContext, NamedContexts,
};

#[test]
fn memory_context_lists_sorted_children_only() {
    let mut ctx = MemoryContext::new();
    ctx.add_file("b/x", "1", 0o644).unwrap();
    ctx.add_file("a-b", "2", 0o600).unwrap();
    ctx.add_file("a/c/d", "3", 0o644).unwrap();
    ctx.add_symlink("a/ln", "c/d").unwrap();
    let names: Vec<_> = ctx.read_dir("").unwrap().into_iter().map(|e| (e.name, e.kind)).collect();
    assert_eq!(
        names,
        [("a".to_string(), FileKind::Dir), ("a-b".to_string(), FileKind::File), ("b".to_string(), FileKind::Dir),]
    );
    let a: Vec<_> = ctx.read_dir("a").unwrap().into_iter().map(|e| e.name).collect();
    assert_eq!(a, ["c", "ln"]);
    let ln = ctx.stat("a/ln").unwrap();
    assert_eq!(ln.kind, FileKind::Symlink);
    assert_eq!(ln.link_target.as_deref(), Some("c/d"));
    assert_eq!(ctx.stat("a-b").unwrap().mode, 0o600);
    assert_eq!(ctx.read("/a/./c/d").unwrap(), b"3");
    assert!(matches!(ctx.read_dir("a-b"), Err(ContextError::NotADirectory(_))));
    assert!(matches!(ctx.open("a"), Err(ContextError::NotAFile(_))));
    assert!(matches!(ctx.stat("zzz"), Err(ContextError::NotFound(_))));
    assert!(matches!(ctx.add_file("a-b/x", "", 0o644), Err(ContextError::NotADirectory(_))));
}

#[test]
fn memory_edits_bump_mtime_and_keep_inode() {
    let mut ctx = MemoryContext::new();
    ctx.add_file("f", "1", 0o644).unwrap();
    let before = ctx.stat("f").unwrap();
    ctx.add_file("f", "2", 0o644).unwrap();
    let after = ctx.stat("f").unwrap();
    assert_eq!(before.inode, after.inode);
    assert!(after.mtime > before.mtime);
    ctx.remove("f").unwrap();
    assert!(ctx.stat("f").is_err());
}

#[test]
fn disk_context_stats() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f"), "abc").unwrap();
    std::os::unix::fs::symlink("f", dir.path().join("l")).unwrap();
    let ctx = DiskContext::new(dir.path()).unwrap();
    let f = ctx.stat("f").unwrap();
    assert_eq!((f.kind, f.size), (FileKind::File, 3));
    assert!(f.inode != 0);
    assert_eq!(ctx.stat("l").unwrap().link_target.as_deref(), Some("f"));
    assert_eq!(ctx.read("../../f").unwrap(), b"abc", "`..` cannot leave the root");
    assert!(matches!(ctx.stat("missing"), Err(ContextError::NotFound(_))));
    assert!(DiskContext::new(dir.path().join("f")).is_err());
}

#[test]
fn named_contexts() {
    let mut named = NamedContexts::new();
    let mut ctx = MemoryContext::new();
    ctx.add_file("x", "1", 0o644).unwrap();
    named.insert("Deps", Arc::new(ctx));
    assert!(named.get("deps").is_some());
    assert!(named.get("DEPS").unwrap().stat("x").is_ok());
    assert!(named.get("other").is_none());
    assert_eq!(named.names().collect::<Vec<_>>(), ["deps"]);

    assert_eq!(
        parse_build_context_flag("Alpine=docker-image://alpine:3.19").unwrap(),
        ("alpine".to_string(), "docker-image://alpine:3.19".to_string())
    );
    assert_eq!(parse_build_context_flag("src=../x=y").unwrap().1, "../x=y");
    assert!(parse_build_context_flag("noequals").is_err());
    assert!(parse_build_context_flag("=path").is_err());
    assert!(parse_build_context_flag("name=").is_err());
}

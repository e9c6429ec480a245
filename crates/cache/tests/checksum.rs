//! Content checksum properties (BuildKit contenthash semantics).

use std::fs;
use std::os::unix::fs::PermissionsExt;

use slipway_cache::checksum::{ChecksumError, ChecksumOptions, ContentHashes, Digest};
use slipway_cache::context::{BuildContext, DiskContext, MemoryContext, Timestamp};
use slipway_cache::ignore::PatternMatcher;

fn hashes(ctx: &dyn BuildContext) -> ContentHashes {
    ContentHashes::of_context(ctx, &PatternMatcher::default(), &ChecksumOptions::default(), None).unwrap()
}

fn sample() -> MemoryContext {
    let mut ctx = MemoryContext::new();
    ctx.add_file("d/f", "hello", 0o644).unwrap();
    ctx.add_dir("d", 0o755).unwrap();
    ctx
}

#[test]
fn known_vectors() {
    let h = hashes(&sample());
    assert_eq!(
        h.get("d/f").unwrap().to_string(),
        "sha256:cb3569cdc1e1de3978ee5b8ea2a3bf0ceca715be019dc377ed496759d3cccfd6"
    );
    assert_eq!(
        h.get("d").unwrap().to_string(),
        "sha256:2c03a939453e8f6eaf6874b8cae14d1c7fdd22dbd9103288d83965122814a050"
    );
    assert_eq!(h.root().to_string(), "sha256:fed43e6130f4bae69889d83a05082c26407947451fd99812c62c0062740d4a8d");
    assert_eq!(h.get(""), Some(h.root()));
}

#[test]
fn mtime_only_change_keeps_checksums() {
    let before = hashes(&sample());
    let mut ctx = sample();
    ctx.set_mtime("d/f", Timestamp { secs: 123_456, nanos: 789 }).unwrap();
    ctx.set_mtime("d", Timestamp { secs: 1, nanos: 0 }).unwrap();
    let after = hashes(&ctx);
    assert_eq!(before.get("d/f"), after.get("d/f"));
    assert_eq!(before.root(), after.root());
}

#[test]
fn content_mode_and_link_target_changes_are_seen() {
    let base = sample();
    let before = hashes(&base);

    let mut content = base.clone();
    content.add_file("d/f", "hellO", 0o644).unwrap();
    let mut mode = base.clone();
    mode.set_mode("d/f", 0o755).unwrap();
    let mut dir_mode = base.clone();
    dir_mode.set_mode("d", 0o700).unwrap();
    for changed in [content, mode, dir_mode] {
        let after = hashes(&changed);
        assert_ne!(before.get("d"), after.get("d"));
        assert_ne!(before.root(), after.root());
    }

    let mut a = base.clone();
    a.add_symlink("ln", "d/f").unwrap();
    let mut b = base.clone();
    b.add_symlink("ln", "d/g").unwrap();
    assert_ne!(hashes(&a).get("ln"), hashes(&b).get("ln"));
    assert_ne!(hashes(&a).root(), hashes(&b).root());
}

#[test]
fn rename_changes_the_dir_but_not_the_file() {
    let before = hashes(&sample());
    let mut renamed = MemoryContext::new();
    renamed.add_file("d/g", "hello", 0o644).unwrap();
    let after = hashes(&renamed);
    assert_eq!(before.get("d/f"), after.get("d/g"));
    assert_ne!(before.get("d"), after.get("d"));
}

#[test]
fn owner_is_reset_unless_asked_and_xattrs_count() {
    let base = sample();
    let mut owned = base.clone();
    owned.set_owner("d/f", 1000, 1000).unwrap();
    assert_eq!(hashes(&base).get("d/f"), hashes(&owned).get("d/f"));
    let keep_owner = ChecksumOptions { reset_owner: false, ..ChecksumOptions::default() };
    let with = |ctx: &MemoryContext| {
        ContentHashes::of_context(ctx, &PatternMatcher::default(), &keep_owner, None).unwrap().get("d/f")
    };
    assert_ne!(with(&base), with(&owned));

    let mut cap = base.clone();
    cap.set_xattr("d/f", "security.capability", b"\x01\x00").unwrap();
    assert_ne!(hashes(&base).get("d/f"), hashes(&cap).get("d/f"));
    let mut label = base.clone();
    label.set_xattr("d/f", "security.selinux", b"system_u").unwrap();
    assert_eq!(hashes(&base).get("d/f"), hashes(&label).get("d/f"));
}

#[test]
fn symlinks_followed_or_not() {
    let mut ctx = sample();
    ctx.add_symlink("ln", "d/f").unwrap();
    ctx.add_symlink("abs", "/d").unwrap();
    ctx.add_symlink("d/up", "../ln").unwrap();
    ctx.add_symlink("loop", "loop").unwrap();
    let h = hashes(&ctx);
    let file = h.get("d/f").unwrap();
    assert_ne!(h.checksum("ln", false).unwrap(), file);
    assert_eq!(h.checksum("ln", true).unwrap(), file);
    assert_eq!(h.checksum("d/up", true).unwrap(), file);
    assert_eq!(h.checksum("abs", true).unwrap(), h.get("d").unwrap());
    // Parent components are always resolved.
    assert_eq!(h.checksum("abs/f", false).unwrap(), file);
    assert!(matches!(h.checksum("loop", true), Err(ChecksumError::TooManyLinks(_))));
    assert!(matches!(h.checksum("nope", true), Err(ChecksumError::NotFound(_))));
    assert_eq!(h.checksum("./d/../d/f", false).unwrap(), file);
}

#[test]
fn ignored_files_do_not_count() {
    let mut ctx = sample();
    let before = hashes(&ctx);
    ctx.add_file("d/f.log", "noise", 0o644).unwrap();
    let m = PatternMatcher::new(["**/*.log"]).unwrap();
    let after = ContentHashes::of_context(&ctx, &m, &ChecksumOptions::default(), None).unwrap();
    assert_eq!(before.root(), after.root());
    assert_ne!(before.root(), hashes(&ctx).root());
}

#[test]
fn disk_and_memory_agree() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("src/sub")).unwrap();
    fs::create_dir_all(root.join("empty")).unwrap();
    fs::write(root.join("src/main.rs"), "fn main() {}\n").unwrap();
    fs::write(root.join("src/sub/data.bin"), vec![7u8; 300_000]).unwrap();
    fs::write(root.join("run.sh"), "#!/bin/sh\n").unwrap();
    std::os::unix::fs::symlink("src/main.rs", root.join("ln")).unwrap();
    for (p, mode) in [
        ("src", 0o755),
        ("src/sub", 0o755),
        ("empty", 0o700),
        ("src/main.rs", 0o644),
        ("src/sub/data.bin", 0o600),
        ("run.sh", 0o755),
    ] {
        fs::set_permissions(root.join(p), fs::Permissions::from_mode(mode)).unwrap();
    }

    let mut mem = MemoryContext::new();
    mem.add_dir("src", 0o755).unwrap();
    mem.add_dir("src/sub", 0o755).unwrap();
    mem.add_dir("empty", 0o700).unwrap();
    mem.add_file("src/main.rs", "fn main() {}\n", 0o644).unwrap();
    mem.add_file("src/sub/data.bin", vec![7u8; 300_000], 0o600).unwrap();
    mem.add_file("run.sh", "#!/bin/sh\n", 0o755).unwrap();
    mem.add_symlink("ln", "src/main.rs").unwrap();

    let disk = DiskContext::new(root).unwrap();
    let (a, b) = (hashes(&disk), hashes(&mem));
    for p in ["src", "src/sub", "empty", "src/main.rs", "src/sub/data.bin", "run.sh", "ln"] {
        assert_eq!(a.get(p), b.get(p), "{p}");
    }
    assert_eq!(a.root(), b.root());
    assert_eq!(a.checksum("ln", true).unwrap(), b.get("src/main.rs").unwrap());

    // Touching a file on disk changes only its mtime: same checksum.
    let file = fs::File::options().write(true).open(root.join("run.sh")).unwrap();
    file.set_modified(std::time::SystemTime::UNIX_EPOCH).unwrap();
    assert_eq!(hashes(&disk).root(), a.root());
}

#[test]
fn results_do_not_depend_on_scheduling() {
    let mut ctx = MemoryContext::new();
    for i in 0..2000 {
        ctx.add_file(&format!("d{}/f{i}", i % 17), format!("{i}"), 0o644).unwrap();
    }
    let first: Vec<Option<Digest>> = {
        let h = hashes(&ctx);
        (0..2000).map(|i| h.get(&format!("d{}/f{i}", i % 17))).collect()
    };
    let root = hashes(&ctx).root();
    for _ in 0..5 {
        let h = hashes(&ctx);
        assert_eq!(h.root(), root);
        let again: Vec<_> = (0..2000).map(|i| h.get(&format!("d{}/f{i}", i % 17))).collect();
        assert_eq!(again, first);
    }
}

#[test]
fn disk_xattrs_enter_the_checksum_like_memory_ones() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f");
    fs::write(&file, "x").unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    if xattr_unsupported(&file) {
        return;
    }
    let disk = DiskContext::new(dir.path()).unwrap();
    assert_eq!(disk.stat("f").unwrap().xattrs.get("user.test").map(Vec::as_slice), Some(&b"v"[..]));
    let mut mem = MemoryContext::new();
    mem.add_file("f", "x", 0o644).unwrap();
    mem.set_xattr("f", "user.test", b"v").unwrap();
    assert_eq!(hashes(&disk).get("f"), hashes(&mem).get("f"));

    let plain = DiskContext::new(dir.path()).unwrap().without_xattrs();
    assert!(plain.stat("f").unwrap().xattrs.is_empty());
    assert_ne!(hashes(&plain).get("f"), hashes(&disk).get("f"));
}

/// Sets `user.test=v`; false when the file system refuses user xattrs (the test is moot).
fn xattr_unsupported(file: &std::path::Path) -> bool {
    xattr::set(file, "user.test", b"v").is_err()
}

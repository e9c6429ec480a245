//! Hostile archives are rejected, with the entry named and nothing written outside the target.

mod common;

use std::fs;
use std::path::Path;

use common::{raw_entry, raw_tar};
use slipway_layers::import::import_archive;
use slipway_layers::native::{unpack_archive, write_tree, DevicePolicy, WriteOptions};
use slipway_layers::{flatten, read_layer_tar, Error, MemoryStore};

/// Every path under `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            out.push(e.path().strip_prefix(dir).unwrap().display().to_string());
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// Unpacks `tar` into `<tmp>/target` and checks it fails naming `entry`, leaving `<tmp>` with
/// only the sentinel directory and an empty (or absent) target.
fn rejected(tar: &[u8], entry: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("sentinel"), b"untouched").unwrap();
    let target = tmp.path().join("target");
    let err = unpack_archive(tar, &target, &WriteOptions::default()).unwrap_err();
    assert!(matches!(err, Error::UnsafeEntry { .. }), "wrong error kind: {err}");
    assert!(err.to_string().contains(entry), "`{err}` does not name `{entry}`");
    let left = listing(tmp.path());
    assert!(left == ["outside", "outside/sentinel"], "something was written: {left:?}");
    assert_eq!(fs::read(outside.join("sentinel")).unwrap(), b"untouched");
    // The importer refuses the same archive.
    let err = import_archive(tar, &MemoryStore::new()).unwrap_err();
    assert!(err.to_string().contains(entry), "import: `{err}`");
}

#[test]
fn dot_dot_names() {
    rejected(&raw_tar(&[raw_entry("../x", b'0', "", b"evil", 0o644)]), "../x");
    rejected(&raw_tar(&[raw_entry("a/../../outside/x", b'0', "", b"evil", 0o644)]), "a/../../outside/x");
}

#[test]
fn absolute_names() {
    rejected(&raw_tar(&[raw_entry("/etc/x", b'0', "", b"evil", 0o644)]), "/etc/x");
}

#[test]
fn absolute_symlink_then_file_through_it() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    let tar = raw_tar(&[
        raw_entry("evil", b'2', outside.to_str().unwrap(), b"", 0o777),
        raw_entry("evil/x", b'0', "", b"pwned", 0o644),
    ]);
    // Archives refuse the absolute link itself.
    rejected(&tar, "evil");
    // Layers allow absolute links (they resolve inside the image) but not writing through them.
    let err = read_layer_tar(tar.as_slice()).unwrap_err();
    assert!(err.to_string().contains("evil/x"), "{err}");
}

#[test]
fn relative_symlink_then_file_through_it() {
    let tar = raw_tar(&[
        raw_entry("sub/", b'5', "", b"", 0o755),
        raw_entry("link", b'2', "sub", b"", 0o777),
        raw_entry("link/x", b'0', "", b"through", 0o644),
    ]);
    rejected(&tar, "link/x");
    assert!(read_layer_tar(tar.as_slice()).is_err());
}

#[test]
fn symlinks_climbing_out_of_the_root() {
    rejected(&raw_tar(&[raw_entry("up", b'2', "..", b"", 0o777)]), "up");
    rejected(
        &raw_tar(&[raw_entry("a/", b'5', "", b"", 0o755), raw_entry("a/b", b'2', "../../etc/passwd", b"", 0o777)]),
        "a/b",
    );
    // Staying inside is fine.
    let ok = raw_tar(&[raw_entry("a/", b'5', "", b"", 0o755), raw_entry("a/b", b'2', "../a/./c", b"", 0o777)]);
    let tmp = tempfile::tempdir().unwrap();
    unpack_archive(ok.as_slice(), &tmp.path().join("t"), &WriteOptions::default()).unwrap();
    assert_eq!(fs::read_link(tmp.path().join("t/a/b")).unwrap().to_str(), Some("../a/./c"));
}

#[test]
fn symlink_in_a_layer_cannot_redirect_a_later_layer() {
    let lower = read_layer_tar(raw_tar(&[raw_entry("etc", b'2', "/etc", b"", 0o777)]).as_slice()).unwrap();
    let upper = read_layer_tar(raw_tar(&[raw_entry("etc/shadow", b'0', "", b"x", 0o600)]).as_slice()).unwrap();
    let err = flatten([&lower, &upper]).unwrap_err();
    assert!(err.to_string().contains("etc/shadow"), "{err}");
}

#[test]
fn hard_links_out_of_the_root() {
    rejected(&raw_tar(&[raw_entry("h", b'1', "../../etc/passwd", b"", 0o644)]), "h");
    rejected(&raw_tar(&[raw_entry("h", b'1', "/etc/passwd", b"", 0o644)]), "h");
}

#[test]
fn device_nodes() {
    let tar = raw_tar(&[raw_entry("dev/null", b'3', "", b"", 0o666)]);
    rejected(&tar, "dev/null");
    // A layer may carry one, but it is never created on disk.
    let layer = read_layer_tar(tar.as_slice()).unwrap();
    let tree = flatten([&layer]).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let err = write_tree(&tree, &tmp.path().join("r"), &WriteOptions::default()).unwrap_err();
    assert!(err.to_string().contains("dev/null"), "{err}");
    let skip = WriteOptions { devices: DevicePolicy::Skip, ..WriteOptions::default() };
    write_tree(&tree, &tmp.path().join("s"), &skip).unwrap();
    assert!(tmp.path().join("s/dev").is_dir());
    assert!(!tmp.path().join("s/dev/null").exists());
}

#[test]
fn malformed_whiteouts() {
    let err = read_layer_tar(raw_tar(&[raw_entry(".wh...", b'0', "", b"", 0o644)]).as_slice()).unwrap_err();
    assert!(err.to_string().contains(".wh..."), "{err}");
}

#[test]
fn writes_refuse_a_non_empty_target() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("existing"), b"").unwrap();
    let tar = raw_tar(&[raw_entry("x", b'0', "", b"", 0o644)]);
    assert!(unpack_archive(tar.as_slice(), tmp.path(), &WriteOptions::default()).is_err());
    assert_eq!(listing(tmp.path()), ["existing"]);
}

#[test]
fn whiteouts_through_a_link() {
    let tar = raw_tar(&[raw_entry("l", b'2', "/etc", b"", 0o777), raw_entry("l/.wh.passwd", b'0', "", b"", 0o644)]);
    let err = read_layer_tar(tar.as_slice()).unwrap_err();
    assert!(err.to_string().contains("l/.wh.passwd"), "{err}");
}

//! Shared helpers for the integration tests.
#![allow(dead_code)]

use slipway_layers::{Node, Tree, TreePath};

/// A path from a literal.
pub fn p(s: &str) -> TreePath {
    TreePath::new(s).unwrap()
}

/// Inserts with parents, panicking on error.
pub fn put(tree: &mut Tree, path: &str, node: Node) {
    tree.insert_with_parents(p(path), node).unwrap();
}

/// A small tree with every kind of node.
pub fn sample_tree() -> Tree {
    let mut t = Tree::new();
    put(&mut t, "etc", Node::dir(0o755).with_mtime(1_000));
    put(&mut t, "etc/passwd", Node::file(&b"root:x:0:0::/root:/bin/sh\n"[..], 0o644).with_mtime(1_000));
    put(&mut t, "etc/hostname", Node::file(&b"box\n"[..], 0o600).with_owner(0, 42));
    put(&mut t, "bin", Node::dir(0o755));
    put(
        &mut t,
        "bin/ping",
        Node::file(&b"\x7fELF..."[..], 0o4755).with_xattr(
            "security.capability",
            // VFS_CAP_REVISION_2 with the effective flag; the permitted bytes `\n` and `=`
            // (capabilities 1, 3, 8, 10-13) check that binary PAX values survive.
            [1, 0, 0, 2, b'\n', b'=', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0].to_vec(),
        ),
    );
    put(&mut t, "bin/sh", Node::symlink("busybox"));
    put(&mut t, "bin/busybox", Node::file(&b"busybox"[..], 0o755));
    let busybox_meta = t.get(&p("bin/busybox")).unwrap().meta.clone();
    put(&mut t, "bin/ash", Node::hardlink(p("bin/busybox")).with_meta(busybox_meta));
    put(&mut t, "tmp", Node::dir(0o1777));
    put(&mut t, "home/user/notes.txt", Node::file(&b"n"[..], 0o640).with_owner(1000, 1000));
    t
}

/// Octal field of `width` bytes: zero-padded digits and a trailing NUL.
fn octal(field: &mut [u8], value: u64) {
    let width = field.len() - 1;
    let digits = format!("{value:0width$o}");
    field[..width].copy_from_slice(digits.as_bytes());
    field[width] = 0;
}

/// A ustar header built by hand, independently of the `tar` crate.
pub fn raw_header(name: &str, typeflag: u8, link: &str, size: u64, mode: u32, mtime: u64) -> [u8; 512] {
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name.as_bytes());
    octal(&mut h[100..108], u64::from(mode));
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], size);
    octal(&mut h[136..148], mtime);
    h[156] = typeflag;
    h[157..157 + link.len()].copy_from_slice(link.as_bytes());
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].fill(b' ');
    let sum: u64 = h.iter().map(|&b| u64::from(b)).sum();
    octal(&mut h[148..156], sum);
    h
}

/// One raw tar entry (header, data, padding).
pub fn raw_entry(name: &str, typeflag: u8, link: &str, data: &[u8], mode: u32) -> Vec<u8> {
    let mut out = raw_header(name, typeflag, link, data.len() as u64, mode, 0).to_vec();
    out.extend_from_slice(data);
    out.resize(out.len().div_ceil(512) * 512, 0);
    out
}

/// A raw tar from entries, with the end-of-archive blocks.
pub fn raw_tar(entries: &[Vec<u8>]) -> Vec<u8> {
    let mut out: Vec<u8> = entries.concat();
    out.extend_from_slice(&[0; 1024]);
    out
}

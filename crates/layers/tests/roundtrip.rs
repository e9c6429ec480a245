//! tree → diff → tar → read → apply gives back the same tree.

mod common;

use common::{p, put, sample_tree};
use proptest::prelude::*;
use slipway_layers::{
    apply, changes, diff, read_layer_tar, write_layer_tar, ChangeKind, DeviceKind, Layer, Node, NodeKind, TarOptions,
    Tree,
};

fn through_tar(layer: &Layer) -> Layer {
    let bytes = write_layer_tar(layer, &TarOptions::default(), Vec::new()).unwrap();
    read_layer_tar(bytes.as_slice()).unwrap()
}

fn round_trip(lower: &Tree, upper: &Tree) {
    let layer = diff(lower, upper);
    let read = through_tar(&layer);
    assert_eq!(read, layer, "tar round trip changed the layer");
    let mut tree = lower.clone();
    apply(&mut tree, &read).unwrap();
    assert_eq!(&tree, upper);
}

#[test]
fn base_layer_round_trips() {
    round_trip(&Tree::new(), &sample_tree());
}

#[test]
fn modifications_round_trip() {
    let lower = sample_tree();
    let mut upper = lower.clone();
    put(&mut upper, "etc/hostname", Node::file(&b"other\n"[..], 0o600));
    put(&mut upper, "etc", Node::dir(0o700));
    upper.remove(&p("home"));
    put(&mut upper, "bin/sh", Node::symlink("/bin/busybox"));
    put(&mut upper, "tmp/new/file", Node::file(&b"x"[..], 0o644).with_mtime(-5));
    round_trip(&lower, &upper);
    let kinds: Vec<_> = changes(&lower, &upper).into_iter().map(|c| (c.path.to_string(), c.kind)).collect();
    assert!(kinds.contains(&("home".to_owned(), ChangeKind::Deleted)));
    assert!(kinds.contains(&("home/user".to_owned(), ChangeKind::Deleted)));
    assert!(kinds.contains(&("etc/hostname".to_owned(), ChangeKind::Modified)));
    assert!(kinds.contains(&("tmp/new".to_owned(), ChangeKind::Added)));
}

#[test]
fn type_changes_round_trip() {
    let lower = sample_tree();
    let mut upper = lower.clone();
    // directory → file, file → directory, symlink → directory
    put(&mut upper, "home", Node::file(&b"now a file"[..], 0o644));
    put(&mut upper, "etc/passwd", Node::dir(0o755));
    put(&mut upper, "etc/passwd/inner", Node::file(&b"i"[..], 0o644));
    put(&mut upper, "bin/sh", Node::dir(0o755));
    round_trip(&lower, &upper);
    let layer = diff(&lower, &upper);
    assert!(layer.whiteouts().is_empty(), "replacement needs no whiteout");
}

#[test]
fn hard_links_round_trip() {
    let lower = sample_tree();
    // Rewrite the link target: the link must follow, and be written as typeflag 1.
    let mut upper = lower.clone();
    put(&mut upper, "bin/busybox", Node::file(&b"busybox v2"[..], 0o755));
    upper.insert(p("bin/ash"), Node::hardlink(p("bin/busybox"))).unwrap();
    let layer = diff(&lower, &upper);
    assert!(layer.entries().contains_key(&p("bin/ash")));
    let bytes = write_layer_tar(&layer, &TarOptions::default(), Vec::new()).unwrap();
    let mut archive = tar::Archive::new(bytes.as_slice());
    let link =
        archive.entries().unwrap().map(|e| e.unwrap()).find(|e| e.path().unwrap().to_str() == Some("bin/ash")).unwrap();
    assert_eq!(link.header().entry_type(), tar::EntryType::Link);
    assert_eq!(link.link_name().unwrap().unwrap().to_str(), Some("bin/busybox"));
    round_trip(&lower, &upper);

    // Delete the target: the link keeps the old contents.
    let mut upper = lower.clone();
    upper.remove(&p("bin/busybox"));
    assert_eq!(upper.get(&p("bin/ash")).unwrap().data(), Some(&b"busybox"[..]));
    round_trip(&lower, &upper);

    // A link whose target sorts after it is written after the target.
    let mut t = Tree::new();
    put(&mut t, "z", Node::file(&b"zz"[..], 0o644));
    put(&mut t, "a", Node::hardlink(p("z")));
    let bytes = write_layer_tar(&diff(&Tree::new(), &t), &TarOptions::default(), Vec::new()).unwrap();
    let names: Vec<String> = tar::Archive::new(bytes.as_slice())
        .entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().display().to_string())
        .collect();
    assert_eq!(names, ["z", "a"]);
    round_trip(&Tree::new(), &t);
}

#[test]
fn pax_values_round_trip() {
    let mut t = Tree::new();
    let long_dir = "d".repeat(90);
    let long_name = format!("{long_dir}/{}", "n".repeat(120));
    put(&mut t, &long_name, Node::file(&b"long"[..], 0o644));
    let nested = format!("{long_dir}/{}/{}", "m".repeat(60), "f".repeat(30));
    put(&mut t, &nested, Node::file(&b"split into prefix"[..], 0o644));
    put(&mut t, "biguid", Node::file(&b""[..], 0o644).with_owner(3_000_000, 4_000_000_000));
    put(&mut t, "old", Node::file(&b""[..], 0o644).with_mtime(-86_400));
    put(&mut t, "far", Node::file(&b""[..], 0o644).with_mtime(1 << 40));
    put(&mut t, "longlink", Node::symlink("t/".repeat(80)));
    put(&mut t, "dev/null", Node::device(DeviceKind::Char, 1, 3, 0o666));
    put(&mut t, "dev/sda", Node::device(DeviceKind::Block, 8, 0, 0o660));
    put(&mut t, "dev/pipe", Node::device(DeviceKind::Fifo, 0, 0, 0o644));
    put(&mut t, "unicode/ünïcødé ✓", Node::file(&b"u"[..], 0o644));
    round_trip(&Tree::new(), &t);
}

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "a.b", "c0", ".hidden", "x y"]).prop_map(str::to_owned)
}

#[derive(Clone, Debug)]
enum Op {
    Dir(Vec<String>, u32),
    File(Vec<String>, Vec<u8>, u32, i64),
    Symlink(Vec<String>, String),
    Link(Vec<String>, Vec<String>),
    Remove(Vec<String>),
}

fn path() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(name(), 1..4)
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (path(), prop::sample::select(vec![0o755u32, 0o700])).prop_map(|(p, m)| Op::Dir(p, m)),
        (path(), prop::collection::vec(any::<u8>(), 0..40), prop::sample::select(vec![0o644u32, 0o755]), 0i64..3)
            .prop_map(|(p, d, m, t)| Op::File(p, d, m, t)),
        (path(), name()).prop_map(|(p, t)| Op::Symlink(p, t)),
        (path(), path()).prop_map(|(p, t)| Op::Link(p, t)),
        path().prop_map(Op::Remove),
    ]
}

fn run(tree: &mut Tree, ops: &[Op]) {
    for op in ops {
        let tp = |v: &Vec<String>| slipway_layers::TreePath::new(&v.join("/")).unwrap();
        // Invalid operations (through a file, link to a directory…) are skipped.
        let _ = match op {
            Op::Dir(path, mode) => tree.insert_with_parents(tp(path), Node::dir(*mode)).map(drop),
            Op::File(path, data, mode, t) => {
                tree.insert_with_parents(tp(path), Node::file(data.clone(), *mode).with_mtime(*t)).map(drop)
            }
            Op::Symlink(path, target) => tree.insert_with_parents(tp(path), Node::symlink(target.clone())).map(drop),
            Op::Link(path, target) => {
                let target = tp(target);
                match tree.get(&target).map(|n| n.kind.clone()) {
                    Some(NodeKind::HardLink(_)) | Some(NodeKind::Dir) | None => Ok(()),
                    Some(_) => {
                        let meta = tree.get(&target).unwrap().meta.clone();
                        tree.insert_with_parents(tp(path), Node::hardlink(target).with_meta(meta)).map(drop)
                    }
                }
            }
            Op::Remove(path) => {
                tree.remove(&tp(path));
                Ok(())
            }
        };
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn random_trees_round_trip(base in prop::collection::vec(op(), 0..25), edits in prop::collection::vec(op(), 0..25)) {
        let mut lower = Tree::new();
        run(&mut lower, &base);
        let mut upper = lower.clone();
        run(&mut upper, &edits);
        round_trip(&lower, &upper);
        // And the reverse direction.
        round_trip(&upper, &lower);
    }
}

#[test]
fn long_names_are_readable_by_another_tar_reader() {
    let mut t = Tree::new();
    let long = format!("{}/{}", "d".repeat(200), "f".repeat(200));
    put(&mut t, &long, Node::file(&b"x"[..], 0o644));
    let link_target = "t".repeat(300);
    put(&mut t, "link", Node::symlink(link_target.clone()));
    let tar = write_layer_tar(&diff(&Tree::new(), &t), &TarOptions::default(), Vec::new()).unwrap();
    let mut seen = Vec::new();
    for entry in tar::Archive::new(tar.as_slice()).entries().unwrap() {
        let entry = entry.unwrap();
        let path = entry.path().unwrap().display().to_string();
        if path == "link" {
            assert_eq!(entry.link_name().unwrap().unwrap().display().to_string(), link_target);
        }
        seen.push(path);
    }
    assert_eq!(seen, [format!("{}/", "d".repeat(200)), long, "link".to_owned()]);
}

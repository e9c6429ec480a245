//! Whiteouts and opaque directories, written and read, and the union view.

mod common;

use common::{p, put, raw_entry, raw_tar, sample_tree};
use slipway_layers::{apply, diff, flatten, read_layer_tar, write_layer_tar, Layer, Node, TarOptions, Tree, UnionView};

fn tar_names(layer: &Layer) -> Vec<String> {
    let bytes = write_layer_tar(layer, &TarOptions::default(), Vec::new()).unwrap();
    tar::Archive::new(bytes.as_slice())
        .entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().display().to_string())
        .collect()
}

#[test]
fn deletions_become_whiteout_files() {
    let lower = sample_tree();
    let mut upper = lower.clone();
    upper.remove(&p("etc/hostname"));
    upper.remove(&p("home"));
    let layer = diff(&lower, &upper);
    assert_eq!(
        layer.whiteouts().iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        ["etc/hostname", "home"],
        "one whiteout per deleted subtree"
    );
    assert_eq!(tar_names(&layer), [".wh.home", "etc/.wh.hostname"]);
}

#[test]
fn emptied_directory_becomes_opaque() {
    let mut lower = Tree::new();
    for name in ["a", "b", "c"] {
        put(&mut lower, &format!("data/{name}"), Node::file(name.as_bytes(), 0o644));
    }
    put(&mut lower, "data/sub/deep", Node::file(&b"d"[..], 0o644));
    let mut upper = lower.clone();
    upper.clear_dir(&p("data"));
    put(&mut upper, "data/fresh", Node::file(&b"f"[..], 0o644));
    let layer = diff(&lower, &upper);
    assert!(layer.opaques().contains(&p("data")));
    assert!(layer.whiteouts().is_empty());
    assert_eq!(tar_names(&layer), ["data/.wh..wh..opq", "data/fresh"]);
    let mut tree = lower.clone();
    apply(
        &mut tree,
        &read_layer_tar(write_layer_tar(&layer, &TarOptions::default(), Vec::new()).unwrap().as_slice()).unwrap(),
    )
    .unwrap();
    assert_eq!(tree, upper);
}

#[test]
fn reads_whiteouts_and_opaque_markers_from_foreign_tars() {
    let base = raw_tar(&[
        raw_entry("./", b'5', "", b"", 0o755),
        raw_entry("./keep/", b'5', "", b"", 0o755),
        raw_entry("./keep/a", b'0', "", b"a", 0o644),
        raw_entry("./keep/b", b'0', "", b"b", 0o644),
        raw_entry("./gone", b'0', "", b"g", 0o644),
        raw_entry("./opq/", b'5', "", b"", 0o755),
        raw_entry("./opq/old", b'0', "", b"o", 0o644),
    ]);
    let top = raw_tar(&[
        raw_entry("./.wh.gone", b'0', "", b"", 0o644),
        raw_entry("./keep/.wh.a", b'0', "", b"", 0o644),
        raw_entry("./opq/", b'5', "", b"", 0o755),
        raw_entry("./opq/.wh..wh..opq", b'0', "", b"", 0o644),
        raw_entry("./opq/new", b'0', "", b"n", 0o644),
    ]);
    let layers = [read_layer_tar(base.as_slice()).unwrap(), read_layer_tar(top.as_slice()).unwrap()];
    assert!(layers[1].whiteouts().contains(&p("gone")));
    assert!(layers[1].opaques().contains(&p("opq")));
    let tree = flatten(&layers).unwrap();
    let paths: Vec<String> = tree.iter().map(|(p, _)| p.to_string()).collect();
    assert_eq!(paths, ["keep", "keep/b", "opq", "opq/new"]);

    let view = UnionView::new(&layers);
    assert!(view.get(&p("gone")).is_none());
    assert!(view.get(&p("keep/a")).is_none());
    assert_eq!(view.get(&p("keep/b")).unwrap().data(), Some(&b"b"[..]));
    assert!(view.get(&p("opq/old")).is_none());
    assert_eq!(view.get(&p("opq/new")).unwrap().data(), Some(&b"n"[..]));
    let listed: Vec<String> = view.read_dir(&p("opq")).into_iter().map(|(p, _)| p.to_string()).collect();
    assert_eq!(listed, ["opq/new"]);
    assert_eq!(view.flatten().unwrap(), tree);
}

#[test]
fn union_view_matches_flatten_on_a_stack() {
    let t0 = sample_tree();
    let mut t1 = t0.clone();
    t1.remove(&p("etc"));
    put(&mut t1, "etc/new", Node::file(&b"again"[..], 0o644));
    let mut t2 = t1.clone();
    put(&mut t2, "bin", Node::file(&b"bin is a file now"[..], 0o644));
    let layers = [diff(&Tree::new(), &t0), diff(&t0, &t1), diff(&t1, &t2)];
    let view = UnionView::new(&layers);
    assert_eq!(view.flatten().unwrap(), t2);
    for (path, node) in t2.iter() {
        assert_eq!(view.get(path), Some(node), "{path}");
    }
    for (path, _) in t0.iter() {
        assert_eq!(view.exists(path), t2.contains(path), "{path}");
    }
}

#[test]
fn a_whiteout_and_a_new_entry_in_one_layer() {
    // Docker writes `.wh.x` then `x` when x changes type; the whiteout hits the lower x only.
    let base = raw_tar(&[raw_entry("x/", b'5', "", b"", 0o755), raw_entry("x/child", b'0', "", b"c", 0o644)]);
    let top = raw_tar(&[raw_entry(".wh.x", b'0', "", b"", 0o644), raw_entry("x", b'2', "elsewhere", b"", 0o777)]);
    let layers = [read_layer_tar(base.as_slice()).unwrap(), read_layer_tar(top.as_slice()).unwrap()];
    let tree = flatten(&layers).unwrap();
    assert_eq!(tree.len(), 1);
    assert_eq!(tree.get(&p("x")).unwrap(), &Node::symlink("elsewhere"));
}

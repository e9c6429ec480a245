//! Directories on disk as tree sources, and trees written back to disk.

use std::fs;
use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};

use slipway_layers::native::{write_tree, DirSource, WriteOptions};
use slipway_layers::{apply, diff, read_layer_tar, write_layer_tar, NodeKind, TarOptions, Tree, TreePath, TreeSource};

fn p(s: &str) -> TreePath {
    TreePath::new(s).unwrap()
}

fn make_dir(root: &std::path::Path) {
    fs::create_dir_all(root.join("etc/conf.d")).unwrap();
    fs::write(root.join("etc/conf.d/a.conf"), b"a=1\n").unwrap();
    fs::write(root.join("etc/passwd"), b"root:x:0:0\n").unwrap();
    fs::write(root.join("bin"), b"not a dir").unwrap();
    fs::hard_link(root.join("etc/passwd"), root.join("passwd.bak")).unwrap();
    fs::hard_link(root.join("etc/passwd"), root.join("etc/a-link")).unwrap();
    symlink("/etc/passwd", root.join("abs")).unwrap();
    symlink("conf.d/a.conf", root.join("etc/rel")).unwrap();
    fs::set_permissions(root.join("etc/conf.d"), fs::Permissions::from_mode(0o750)).unwrap();
    fs::set_permissions(root.join("bin"), fs::Permissions::from_mode(0o4711)).unwrap();
}

#[test]
fn reads_a_directory() {
    let tmp = tempfile::tempdir().unwrap();
    make_dir(tmp.path());
    let tree = DirSource::new(tmp.path()).read_tree().unwrap();
    let paths: Vec<String> = tree.iter().map(|(p, _)| p.to_string()).collect();
    assert_eq!(
        paths,
        ["abs", "bin", "etc", "etc/a-link", "etc/conf.d", "etc/conf.d/a.conf", "etc/passwd", "etc/rel", "passwd.bak"]
    );
    // The first path of the link group in path order holds the data.
    assert_eq!(tree.get(&p("etc/a-link")).unwrap().data(), Some(&b"root:x:0:0\n"[..]));
    assert_eq!(tree.get(&p("etc/passwd")).unwrap().kind, NodeKind::HardLink(p("etc/a-link")));
    assert_eq!(tree.get(&p("passwd.bak")).unwrap().kind, NodeKind::HardLink(p("etc/a-link")));
    assert_eq!(tree.get(&p("abs")).unwrap().kind, NodeKind::Symlink("/etc/passwd".into()));
    assert_eq!(tree.get(&p("etc/conf.d")).unwrap().meta.mode, 0o750);
    assert_eq!(tree.get(&p("bin")).unwrap().meta.mode, 0o4711);
    let mtime = fs::metadata(tmp.path().join("etc/passwd")).unwrap().mtime();
    assert_eq!(tree.get(&p("etc/a-link")).unwrap().meta.mtime, mtime);
}

#[test]
fn directory_to_layer_to_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    fs::create_dir(&src).unwrap();
    make_dir(&src);
    let tree = DirSource::new(&src).read_tree().unwrap();
    let tar = write_layer_tar(&diff(&Tree::new(), &tree), &TarOptions::default(), Vec::new()).unwrap();
    let mut rebuilt = Tree::new();
    apply(&mut rebuilt, &read_layer_tar(tar.as_slice()).unwrap()).unwrap();
    assert_eq!(rebuilt, tree);

    let out = tmp.path().join("out");
    write_tree(&rebuilt, &out, &WriteOptions::default()).unwrap();
    let again = DirSource::new(&out).read_tree().unwrap();
    for (path, node) in tree.iter() {
        let got = again.get(path).unwrap();
        assert_eq!(got.kind, node.kind, "{path}");
        assert_eq!(got.meta.mode, node.meta.mode, "{path}");
        if !matches!(node.kind, NodeKind::Symlink(_)) {
            assert_eq!(got.meta.mtime, node.meta.mtime, "{path}");
        }
    }
    assert_eq!(
        fs::metadata(out.join("etc/passwd")).unwrap().ino(),
        fs::metadata(out.join("passwd.bak")).unwrap().ino(),
        "hard links share an inode"
    );
}

//! The filesystem trait's provided methods and the in-memory implementation.

use slipway_shell::interp::{resolve_by_components, Attrs, FileType, Fs, FsError, MemFs, WriteMode};

const ROOT: Attrs = Attrs { mode: 0o755, uid: 0, gid: 0, mtime: 7 };

fn fixture() -> MemFs {
    let mut fs = MemFs::new();
    fs.create_dir_all("/usr/lib/app", &ROOT).unwrap();
    fs.write_file("/usr/lib/app/data", b"x", WriteMode::Truncate, &Attrs { mode: 0o644, ..ROOT }).unwrap();
    fs.symlink("usr/lib", "/lib", &ROOT).unwrap();
    fs.symlink("../../..", "/usr/lib/up", &ROOT).unwrap();
    fs.symlink("/loop2", "/loop1", &ROOT).unwrap();
    fs.symlink("/loop1", "/loop2", &ROOT).unwrap();
    fs
}

#[test]
fn resolve_follows_links_and_stays_inside_the_root() {
    let fs = fixture();
    assert_eq!(fs.resolve("/lib/app/data", true).unwrap(), "/usr/lib/app/data");
    assert_eq!(fs.resolve("/lib", false).unwrap(), "/lib");
    assert_eq!(fs.resolve("/lib", true).unwrap(), "/usr/lib");
    assert_eq!(fs.resolve("/lib/../etc", true).unwrap(), "/usr/etc");
    assert_eq!(fs.resolve("/../../x", true).unwrap(), "/x");
    assert_eq!(fs.resolve("/usr/lib/up/lib", true).unwrap(), "/usr/lib");
    assert_eq!(fs.resolve("/lib/new-file", true).unwrap(), "/usr/lib/new-file");
    assert_eq!(fs.resolve("/loop1", false).unwrap(), "/loop1");
    assert_eq!(fs.resolve("/loop1", true), Err(FsError::Loop));
    assert_eq!(fs.resolve("/missing/x", true), Err(FsError::NotFound));
    assert_eq!(fs.resolve("/usr/lib/app/data/x", true), Err(FsError::NotADirectory));
    // The default algorithm agrees with MemFs's fast path.
    for path in ["/lib/app/data", "/usr/lib/app", "/lib/x", "/usr/./lib//app/"] {
        assert_eq!(resolve_by_components(&fs, path, true), fs.resolve(path, true), "{path}");
    }
}

#[test]
fn metadata_and_hard_links() {
    let mut fs = fixture();
    let meta = fs.lstat("/usr/lib/app/data").unwrap();
    assert_eq!((meta.kind, meta.mode, meta.size, meta.mtime, meta.nlink), (FileType::File, 0o644, 1, 7, 1));
    assert_eq!(fs.lstat("/lib").unwrap().kind, FileType::Symlink);
    assert_eq!(fs.stat("/lib").unwrap().kind, FileType::Dir);
    fs.hard_link("/usr/lib/app/data", "/data2").unwrap();
    fs.write_file("/data2", b"y", WriteMode::Append, &ROOT).unwrap();
    assert_eq!(fs.read_file("/usr/lib/app/data").unwrap(), b"xy");
    assert_eq!(fs.lstat("/data2").unwrap().nlink, 2);
    fs.remove("/data2").unwrap();
    assert_eq!(fs.lstat("/usr/lib/app/data").unwrap().nlink, 1);
    assert_eq!(fs.hard_link("/usr", "/usr2"), Err(FsError::IsADirectory));
}

#[test]
fn directories_remove_and_rename() {
    let mut fs = fixture();
    assert_eq!(fs.remove("/usr/lib"), Err(FsError::NotEmpty));
    assert_eq!(fs.create_dir("/usr", &ROOT), Err(FsError::AlreadyExists));
    assert_eq!(fs.create_dir("/nope/x", &ROOT), Err(FsError::NotFound));
    assert_eq!(fs.create_dir_all("/usr/lib/app/data/x", &ROOT), Err(FsError::NotADirectory));
    fs.create_dir_all("/lib/app/more/deep", &ROOT).unwrap();
    assert!(fs.lstat("/usr/lib/app/more/deep").is_ok());
    fs.rename("/usr/lib/app", "/app").unwrap();
    assert_eq!(fs.read_dir("/app").unwrap(), ["data", "more"]);
    assert!(fs.lstat("/usr/lib/app").is_err());
    assert_eq!(fs.rename("/app", "/app/more/inside"), Err(FsError::Invalid));
    fs.remove_all("/app").unwrap();
    assert_eq!(fs.read_dir("/").unwrap(), ["lib", "loop1", "loop2", "usr"]);
    assert_eq!(fs.remove_all("/"), Err(FsError::Invalid));
}

#[test]
fn memfs_is_deterministic_and_comparable() {
    let (mut a, mut b) = (MemFs::new(), MemFs::new());
    for fs in [&mut a, &mut b] {
        fs.insert_file("/z/b", b"1", 0o600);
        fs.insert_file("/z/a", b"2", 0o600);
    }
    assert_eq!(a, b);
    assert_eq!(a.paths(), ["/", "/z", "/z/a", "/z/b"]);
    b.set_mode("/z/a", 0o644).unwrap();
    assert_ne!(a, b);
}

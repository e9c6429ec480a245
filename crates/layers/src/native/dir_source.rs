//! Reading a directory on disk as a tree.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::node::{DeviceKind, Meta, Node, NodeKind};
use crate::path::TreePath;
use crate::source::TreeSource;
use crate::tree::Tree;

/// A directory on disk as a [`TreeSource`]. Symbolic links are not followed; files that share
/// an inode become hard links to the first of them in path order. Extended attributes are read
/// (including `security.capability`), except `security.selinux`, which describes the host, not
/// the image; a file system without xattr support yields none. Sockets are rejected.
#[derive(Clone, Debug)]
pub struct DirSource {
    root: PathBuf,
}

impl DirSource {
    /// A source reading `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DirSource { root: root.into() }
    }
}

struct Found {
    meta: fs::Metadata,
    disk: PathBuf,
}

fn walk(dir: &Path, rel: &TreePath, out: &mut BTreeMap<TreePath, Found>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io(format!("reading {}", dir.display()), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("reading {}", dir.display()), e))?;
        let name = entry.file_name();
        let name = name.to_str().ok_or_else(|| Error::UnsupportedEntry {
            entry: entry.path().display().to_string(),
            reason: "the name is not UTF-8".to_owned(),
        })?;
        let path = rel.join(name)?;
        let disk = entry.path();
        let meta = fs::symlink_metadata(&disk).map_err(|e| Error::io(format!("stat {}", disk.display()), e))?;
        if meta.is_dir() {
            walk(&disk, &path, out)?;
        }
        out.insert(path, Found { meta, disk });
    }
    Ok(())
}

impl TreeSource for DirSource {
    fn read_tree(&self) -> Result<Tree> {
        let mut found = BTreeMap::new();
        walk(&self.root, &TreePath::root(), &mut found)?;
        let mut tree = Tree::new();
        let mut inodes: HashMap<(u64, u64), TreePath> = HashMap::new();
        for (path, Found { meta, disk }) in found {
            let file_type = meta.file_type();
            let node_meta = Meta {
                mode: meta.mode() & 0o7777,
                uid: u64::from(meta.uid()),
                gid: u64::from(meta.gid()),
                mtime: meta.mtime(),
                xattrs: read_xattrs(&disk)?,
            };
            let inode = (meta.dev(), meta.ino());
            let kind = if file_type.is_dir() {
                NodeKind::Dir
            } else if let Some(first) = inodes.get(&inode).filter(|_| meta.nlink() > 1) {
                NodeKind::HardLink(first.clone())
            } else if file_type.is_symlink() {
                let target = fs::read_link(&disk).map_err(|e| Error::io(format!("readlink {}", disk.display()), e))?;
                let target = target.to_str().ok_or_else(|| Error::UnsupportedEntry {
                    entry: disk.display().to_string(),
                    reason: "the link target is not UTF-8".to_owned(),
                })?;
                NodeKind::Symlink(target.to_owned())
            } else if file_type.is_file() {
                let data = fs::read(&disk).map_err(|e| Error::io(format!("reading {}", disk.display()), e))?;
                NodeKind::File(data.into())
            } else {
                let rdev = meta.rdev();
                let (major, minor) = (dev_major(rdev), dev_minor(rdev));
                let kind = if file_type.is_char_device() {
                    DeviceKind::Char
                } else if file_type.is_block_device() {
                    DeviceKind::Block
                } else if file_type.is_fifo() {
                    DeviceKind::Fifo
                } else {
                    return Err(Error::UnsupportedEntry {
                        entry: disk.display().to_string(),
                        reason: "sockets cannot be stored in a layer".to_owned(),
                    });
                };
                NodeKind::Device { kind, major, minor }
            };
            if !file_type.is_dir() && meta.nlink() > 1 {
                inodes.entry(inode).or_insert_with(|| path.clone());
            }
            tree.insert(path, Node { meta: node_meta, kind })?;
        }
        Ok(tree)
    }
}

/// The extended attributes of `path` (not following a symbolic link).
fn read_xattrs(path: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut out = BTreeMap::new();
    let names = match xattr::list(path) {
        Ok(names) => names,
        Err(e) if e.raw_os_error() == Some(95) => return Ok(out), // EOPNOTSUPP
        Err(e) => return Err(Error::io(format!("listing xattrs of {}", path.display()), e)),
    };
    for name in names {
        let Some(key) = name.to_str() else { continue };
        if key == "security.selinux" {
            continue;
        }
        let value =
            xattr::get(path, &name).map_err(|e| Error::io(format!("reading xattr {key} of {}", path.display()), e))?;
        if let Some(value) = value {
            out.insert(key.to_owned(), value);
        }
    }
    Ok(out)
}

/// Linux `gnu_dev_major`.
fn dev_major(rdev: u64) -> u32 {
    (((rdev >> 32) & 0xffff_f000) | ((rdev >> 8) & 0x0000_0fff)) as u32
}

/// Linux `gnu_dev_minor`.
fn dev_minor(rdev: u64) -> u32 {
    (((rdev >> 12) & 0xffff_ff00) | (rdev & 0x0000_00ff)) as u32
}

//! Writing a tree to disk safely, and unpacking archives through it.
//!
//! The target must be empty (or absent). Directories and regular files are created first, then
//! symbolic links, then hard links, so nothing is ever written through a link; every path is a
//! validated [`crate::TreePath`] below the target. Modes and times of directories are set last.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{lchown, symlink, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};
use crate::import::read_archive;
use crate::node::{Meta, NodeKind};
use crate::tree::Tree;

/// What to do with device nodes, which this writer never creates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DevicePolicy {
    /// Fail, naming the entry.
    #[default]
    Reject,
    /// Leave them out.
    Skip,
}

/// Options of [`write_tree`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Set owners (needs root); otherwise files belong to the caller.
    pub owners: bool,
    /// Set extended attributes (`security.capability` needs root); otherwise they are dropped.
    pub xattrs: bool,
    /// What to do with device nodes.
    pub devices: DevicePolicy,
}

fn io(context: &str, path: &Path, e: std::io::Error) -> Error {
    Error::io(format!("{context} {}", path.display()), e)
}

fn system_time(mtime: i64) -> SystemTime {
    if mtime >= 0 {
        UNIX_EPOCH + Duration::from_secs(mtime.unsigned_abs())
    } else {
        UNIX_EPOCH - Duration::from_secs(mtime.unsigned_abs())
    }
}

fn prepare_target(dir: &Path) -> Result<()> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => {
            let mut entries = fs::read_dir(dir).map_err(|e| io("reading", dir, e))?;
            if entries.next().is_some() {
                return Err(Error::io(
                    format!("writing into {}", dir.display()),
                    std::io::Error::other("the target directory is not empty"),
                ));
            }
            Ok(())
        }
        Ok(_) => Err(Error::io(
            format!("writing into {}", dir.display()),
            std::io::Error::other("the target is not a directory"),
        )),
        Err(_) => fs::create_dir_all(dir).map_err(|e| io("creating", dir, e)),
    }
}

/// Sets owner, then xattrs (a change of owner clears `security.capability`).
fn finish_node(path: &Path, meta: &Meta, options: &WriteOptions) -> Result<()> {
    if options.owners {
        let uid = u32::try_from(meta.uid).ok();
        let gid = u32::try_from(meta.gid).ok();
        lchown(path, uid, gid).map_err(|e| io("chown", path, e))?;
    }
    if options.xattrs {
        for (name, value) in &meta.xattrs {
            xattr::set(path, name, value).map_err(|e| io(&format!("setting xattr {name} on"), path, e))?;
        }
    }
    Ok(())
}

/// Writes `tree` below `dir`, which must be empty or absent.
pub fn write_tree(tree: &Tree, dir: &Path, options: &WriteOptions) -> Result<()> {
    prepare_target(dir)?;
    for (path, node) in tree.iter() {
        let target = dir.join(path.as_str());
        match &node.kind {
            NodeKind::Dir => {
                fs::create_dir(&target).map_err(|e| io("creating", &target, e))?;
                finish_node(&target, &node.meta, options)?;
            }
            NodeKind::File(data) => {
                let mut file = OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(&target)
                    .map_err(|e| io("creating", &target, e))?;
                file.write_all(data).map_err(|e| io("writing", &target, e))?;
                finish_node(&target, &node.meta, options)?;
                file.set_permissions(fs::Permissions::from_mode(node.meta.mode))
                    .map_err(|e| io("chmod", &target, e))?;
                file.set_modified(system_time(node.meta.mtime)).map_err(|e| io("setting mtime of", &target, e))?;
            }
            NodeKind::Device { .. } => {
                if options.devices == DevicePolicy::Reject {
                    return Err(Error::UnsafeEntry {
                        entry: path.to_string(),
                        reason: "device nodes are not created".to_owned(),
                    });
                }
            }
            NodeKind::Symlink(_) | NodeKind::HardLink(_) => {}
        }
    }
    for (path, node) in tree.iter() {
        if let NodeKind::Symlink(link) = &node.kind {
            let target = dir.join(path.as_str());
            symlink(link, &target).map_err(|e| io("creating symlink", &target, e))?;
            let owner_only = WriteOptions { xattrs: false, ..*options };
            finish_node(&target, &node.meta, &owner_only)?;
        }
    }
    for (path, node) in tree.iter() {
        if let NodeKind::HardLink(original) = &node.kind {
            let target = dir.join(path.as_str());
            let source = dir.join(original.as_str());
            fs::hard_link(&source, &target).map_err(|e| io("creating hard link", &target, e))?;
        }
    }
    for (path, node) in tree.iter().collect::<Vec<_>>().into_iter().rev() {
        if node.is_dir() {
            let target = dir.join(path.as_str());
            let handle = File::open(&target).map_err(|e| io("opening", &target, e))?;
            handle.set_modified(system_time(node.meta.mtime)).map_err(|e| io("setting mtime of", &target, e))?;
            fs::set_permissions(&target, fs::Permissions::from_mode(node.meta.mode))
                .map_err(|e| io("chmod", &target, e))?;
        }
    }
    Ok(())
}

/// Unpacks an image archive (any tar, read with [`crate::ReadOptions::archive`]) into `dir`.
/// The whole archive is validated before anything is written, so a rejected archive writes
/// nothing at all.
pub fn unpack_archive<R: Read>(reader: R, dir: &Path, options: &WriteOptions) -> Result<()> {
    let tree = read_archive(reader)?;
    write_tree(&tree, dir, options)
}

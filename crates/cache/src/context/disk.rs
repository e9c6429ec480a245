//! A build context backed by a directory on disk (native targets only).

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

use super::{BuildContext, ContextError, DirEntry, FileKind, Stat, Timestamp};
use crate::path;

/// A directory on disk used as a build context.
///
/// Paths are resolved below the root; `..` can never leave it. Symlinks are reported, never
/// followed. Names must be valid UTF-8. Extended attributes are read (without following
/// symlinks) unless [`without_xattrs`](Self::without_xattrs) turns that off.
#[derive(Debug, Clone)]
pub struct DiskContext {
    root: PathBuf,
    xattrs: bool,
}

impl DiskContext {
    /// Opens the directory at `root` as a context.
    pub fn new(root: impl Into<PathBuf>) -> Result<Self, ContextError> {
        let root = root.into();
        let meta = fs::metadata(&root).map_err(|e| io_error(&root.to_string_lossy(), e))?;
        if !meta.is_dir() {
            return Err(ContextError::NotADirectory(root.to_string_lossy().into_owned()));
        }
        Ok(Self { root, xattrs: true })
    }

    /// Skips reading extended attributes (one system call less per entry); entries then
    /// report none.
    pub fn without_xattrs(mut self) -> Self {
        self.xattrs = false;
        self
    }

    /// The directory this context reads from.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn resolve(&self, rel: &str) -> PathBuf {
        let rel = path::normalize(rel);
        if rel.is_empty() {
            self.root.clone()
        } else {
            self.root.join(rel)
        }
    }
}

fn io_error(path: &str, source: std::io::Error) -> ContextError {
    if source.kind() == std::io::ErrorKind::NotFound {
        ContextError::NotFound(path.to_string())
    } else {
        ContextError::Io { path: path.to_string(), source }
    }
}

fn kind_of(file_type: fs::FileType) -> FileKind {
    if file_type.is_symlink() {
        FileKind::Symlink
    } else if file_type.is_dir() {
        FileKind::Dir
    } else if file_type.is_char_device() {
        FileKind::CharDevice
    } else if file_type.is_block_device() {
        FileKind::BlockDevice
    } else if file_type.is_fifo() {
        FileKind::Fifo
    } else if file_type.is_socket() {
        FileKind::Socket
    } else {
        FileKind::File
    }
}

fn utf8_name(dir: &str, raw: std::ffi::OsString) -> Result<String, ContextError> {
    raw.into_string().map_err(|raw| ContextError::InvalidPath {
        path: path::join(dir, &raw.to_string_lossy()),
        reason: "file name is not valid UTF-8".to_string(),
    })
}

/// Reads the extended attributes of `full` without following a symlink. A file system
/// without xattr support reports none.
fn read_xattrs(full: &Path, rel: &str) -> Result<BTreeMap<String, Vec<u8>>, ContextError> {
    let mut out = BTreeMap::new();
    let names = match xattr::list(full) {
        Ok(names) => names,
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported || e.raw_os_error() == Some(95) => return Ok(out),
        Err(e) => return Err(io_error(rel, e)),
    };
    for name in names {
        if let Some(value) = xattr::get(full, &name).map_err(|e| io_error(rel, e))? {
            out.insert(name.to_string_lossy().into_owned(), value);
        }
    }
    Ok(out)
}

/// Builds a [`Stat`]; `full` and `rel` name the entry itself only when it is a symlink (its
/// target is read from `full`).
fn stat_from(full: &Path, rel: &str, meta: &fs::Metadata) -> Result<Stat, ContextError> {
    let kind = kind_of(meta.file_type());
    let link_target = if kind == FileKind::Symlink {
        let target = fs::read_link(full).map_err(|e| io_error(rel, e))?;
        Some(target.into_os_string().into_string().map_err(|_| ContextError::InvalidPath {
            path: rel.to_string(),
            reason: "symlink target is not valid UTF-8".to_string(),
        })?)
    } else {
        None
    };
    let rdev = meta.rdev();
    let (dev_major, dev_minor) = match kind {
        FileKind::CharDevice | FileKind::BlockDevice => {
            ((((rdev >> 8) & 0xfff) | ((rdev >> 32) & !0xfff)) as u32, ((rdev & 0xff) | ((rdev >> 12) & !0xff)) as u32)
        }
        _ => (0, 0),
    };
    Ok(Stat {
        kind,
        mode: meta.mode() & 0o7777,
        size: meta.len(),
        link_target,
        uid: meta.uid(),
        gid: meta.gid(),
        mtime: Timestamp { secs: meta.mtime(), nanos: meta.mtime_nsec() as u32 },
        inode: meta.ino(),
        dev_major,
        dev_minor,
        xattrs: BTreeMap::new(),
    })
}

impl BuildContext for DiskContext {
    fn read_dir(&self, dir: &str) -> Result<Vec<DirEntry>, ContextError> {
        let full = self.resolve(dir);
        let iter = fs::read_dir(&full).map_err(|e| io_error(dir, e))?;
        let mut entries = Vec::new();
        for entry in iter {
            let entry = entry.map_err(|e| io_error(dir, e))?;
            let name = entry.file_name().into_string().map_err(|raw| ContextError::InvalidPath {
                path: path::join(dir, &raw.to_string_lossy()),
                reason: "file name is not valid UTF-8".to_string(),
            })?;
            let file_type = entry.file_type().map_err(|e| io_error(dir, e))?;
            entries.push(DirEntry { name, kind: kind_of(file_type) });
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(entries)
    }

    fn stat(&self, rel: &str) -> Result<Stat, ContextError> {
        let full = self.resolve(rel);
        let meta = fs::symlink_metadata(&full).map_err(|e| io_error(rel, e))?;
        let mut stat = stat_from(&full, rel, &meta)?;
        if self.xattrs {
            stat.xattrs = read_xattrs(&full, rel)?;
        }
        Ok(stat)
    }

    fn read_dir_stats(&self, dir: &str) -> Result<Vec<(DirEntry, Stat)>, ContextError> {
        let full = self.resolve(dir);
        let iter = fs::read_dir(&full).map_err(|e| io_error(dir, e))?;
        let mut entries = Vec::new();
        for entry in iter {
            let entry = entry.map_err(|e| io_error(dir, e))?;
            let name = utf8_name(dir, entry.file_name())?;
            // Stats relative to the open directory (fstatat), cheaper than a full path.
            let meta = entry.metadata().map_err(|e| io_error(&path::join(dir, &name), e))?;
            let mut stat = if meta.file_type().is_symlink() {
                stat_from(&entry.path(), &path::join(dir, &name), &meta)?
            } else {
                stat_from(&full, dir, &meta)?
            };
            if self.xattrs {
                stat.xattrs = read_xattrs(&entry.path(), &path::join(dir, &name))?;
            }
            entries.push((DirEntry { name, kind: stat.kind }, stat));
        }
        entries.sort_unstable_by(|a, b| a.0.name.cmp(&b.0.name));
        Ok(entries)
    }

    fn open(&self, rel: &str) -> Result<Box<dyn Read + Send + '_>, ContextError> {
        let full = self.resolve(rel);
        let file = fs::File::open(&full).map_err(|e| io_error(rel, e))?;
        Ok(Box::new(file))
    }
}

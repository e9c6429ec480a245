//! The build context: a read-only file tree that a build copies from.
//!
//! [`BuildContext`] is the only way the rest of the crate reaches files, so the same code runs
//! over a directory on disk ([`DiskContext`], native Unix only) and over an in-memory file map
//! ([`MemoryContext`], used by the browser playground and by tests).

#[cfg(unix)]
mod disk;
mod memory;
mod named;

#[cfg(unix)]
pub use disk::DiskContext;
pub use memory::MemoryContext;
pub use named::{parse_build_context_flag, NamedContexts};

use std::collections::BTreeMap;
use std::io::Read;

/// The type of a file-system entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link (never followed when listing or stat-ing).
    Symlink,
    /// A character device.
    CharDevice,
    /// A block device.
    BlockDevice,
    /// A named pipe.
    Fifo,
    /// A Unix socket.
    Socket,
}

/// A modification time: seconds and nanoseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before it).
    pub secs: i64,
    /// Nanoseconds within the second, `0..1_000_000_000`.
    pub nanos: u32,
}

/// Metadata of one entry, as `lstat` reports it (symlinks are not followed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stat {
    /// The entry type.
    pub kind: FileKind,
    /// Permission bits plus setuid, setgid and sticky (`mode & 0o7777`); the type is in `kind`.
    pub mode: u32,
    /// Size in bytes (meaningful for regular files).
    pub size: u64,
    /// The target of a symlink, exactly as stored.
    pub link_target: Option<String>,
    /// Owner user id.
    pub uid: u32,
    /// Owner group id.
    pub gid: u32,
    /// Last modification time.
    pub mtime: Timestamp,
    /// Inode number (0 when the context has none).
    pub inode: u64,
    /// Major device number of a device node.
    pub dev_major: u32,
    /// Minor device number of a device node.
    pub dev_minor: u32,
    /// Extended attributes, by name.
    pub xattrs: BTreeMap<String, Vec<u8>>,
}

/// One child of a directory, as listed by [`BuildContext::read_dir`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    /// The child's name (one path element).
    pub name: String,
    /// The child's type (a symlink is reported as [`FileKind::Symlink`]).
    pub kind: FileKind,
}

/// An error reading a build context.
#[derive(Debug, thiserror::Error)]
pub enum ContextError {
    /// The path does not exist.
    #[error("{0}: no such file or directory")]
    NotFound(String),
    /// A directory operation was applied to something else.
    #[error("{0}: not a directory")]
    NotADirectory(String),
    /// File content was requested from something that is not a regular file.
    #[error("{0}: not a regular file")]
    NotAFile(String),
    /// The path cannot be represented in a context (non-UTF-8 name, `..` escaping the root, …).
    #[error("{path}: invalid path: {reason}")]
    InvalidPath {
        /// The offending path.
        path: String,
        /// Why it is invalid.
        reason: String,
    },
    /// An operating-system error.
    #[error("{path}: {source}")]
    Io {
        /// The path being accessed.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// A read-only file tree addressed by context paths (`""` is the root, `a/b` a nested entry;
/// see [`crate::path`]).
///
/// Implementations must be usable from several threads at once: checksumming reads files in
/// parallel on native targets.
pub trait BuildContext: Send + Sync {
    /// Lists the children of the directory at `path`, sorted by name (byte order).
    fn read_dir(&self, path: &str) -> Result<Vec<DirEntry>, ContextError>;

    /// Returns the metadata of `path` without following a final symlink.
    fn stat(&self, path: &str) -> Result<Stat, ContextError>;

    /// Opens the regular file at `path` for reading.
    fn open(&self, path: &str) -> Result<Box<dyn Read + Send + '_>, ContextError>;

    /// Lists the children of the directory at `path` with their metadata, sorted by name.
    ///
    /// The provided implementation calls [`read_dir`](Self::read_dir) and
    /// [`stat`](Self::stat); implementations can do better (the disk context stats each
    /// entry relative to the open directory).
    fn read_dir_stats(&self, path: &str) -> Result<Vec<(DirEntry, Stat)>, ContextError> {
        self.read_dir(path)?
            .into_iter()
            .map(|entry| {
                let stat = self.stat(&crate::path::join(path, &entry.name))?;
                Ok((entry, stat))
            })
            .collect()
    }

    /// Reads the whole regular file at `path`.
    fn read(&self, path: &str) -> Result<Vec<u8>, ContextError> {
        let mut out = Vec::new();
        self.open(path)?.read_to_end(&mut out).map_err(|source| ContextError::Io { path: path.to_string(), source })?;
        Ok(out)
    }
}

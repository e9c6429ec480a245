//! The filesystem the interpreter works through.
//!
//! [`Fs`] is deliberately small: a handful of primitive operations on *physical* paths, plus
//! provided methods ([`Fs::resolve`], [`Fs::stat`], [`Fs::create_dir_all`], [`Fs::remove_all`])
//! built on them. The build engine implements it over its layer tree; [`super::MemFs`] is the
//! in-memory implementation used by tests and the linter.

use std::fmt;

use super::path;

/// How many symbolic links one path resolution may follow before giving up (as Linux does).
pub const MAX_SYMLINK_HOPS: usize = 40;

/// Longest path [`Fs::resolve`] accepts or produces, in bytes (Linux's `PATH_MAX`).
pub const MAX_PATH_LEN: usize = 4096;

/// The type of a filesystem node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum FileType {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link.
    Symlink,
}

/// What [`Fs::lstat`] reports about a node.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Metadata {
    /// The node type.
    pub kind: FileType,
    /// Permission bits including set-id and sticky bits (`0o7777` at most).
    pub mode: u32,
    /// Owner user id.
    pub uid: u32,
    /// Owner group id.
    pub gid: u32,
    /// Size in bytes (content length for files, target length for symlinks, 0 for directories).
    pub size: u64,
    /// Modification time, seconds since the epoch.
    pub mtime: i64,
    /// Number of hard links (directories report 1).
    pub nlink: u32,
}

/// Attributes given to a node the interpreter creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attrs {
    /// Permission bits.
    pub mode: u32,
    /// Owner user id.
    pub uid: u32,
    /// Owner group id.
    pub gid: u32,
    /// Modification time.
    pub mtime: i64,
}

/// How [`Fs::write_file`] treats existing content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// Create the file if missing; replace existing content.
    Truncate,
    /// Create the file if missing; add to the end of existing content.
    Append,
}

/// Why a filesystem operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FsError {
    /// A path component does not exist.
    NotFound,
    /// A path component used as a directory is not one.
    NotADirectory,
    /// A directory was given where a file is needed.
    IsADirectory,
    /// The destination already exists.
    AlreadyExists,
    /// The directory is not empty.
    NotEmpty,
    /// Too many symbolic links were followed.
    Loop,
    /// The operation makes no sense here (moving a directory into itself, removing `/`, …).
    Invalid,
    /// The node would exceed a size limit of the filesystem.
    TooLarge,
    /// The path is longer than [`MAX_PATH_LEN`].
    NameTooLong,
    /// Any other failure, with a message.
    Other(String),
}

impl fmt::Display for FsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FsError::NotFound => "No such file or directory",
            FsError::NotADirectory => "Not a directory",
            FsError::IsADirectory => "Is a directory",
            FsError::AlreadyExists => "File exists",
            FsError::NotEmpty => "Directory not empty",
            FsError::Loop => "Too many levels of symbolic links",
            FsError::Invalid => "Invalid argument",
            FsError::TooLarge => "File too large",
            FsError::NameTooLong => "File name too long",
            FsError::Other(m) => m,
        })
    }
}

impl std::error::Error for FsError {}

/// A filesystem rooted at `/`.
///
/// The primitive methods receive **physical** paths: absolute, normalized (no `.`, `..` or
/// repeated slashes) and with no symbolic link in any component but possibly the last. The
/// interpreter resolves paths with [`Fs::resolve`] before calling them, so an implementation
/// only needs exact lookups. Unless a method says otherwise, a symbolic link as the last
/// component is operated on itself, not followed.
pub trait Fs {
    /// Metadata of the node at `path` (symbolic links are not followed).
    fn lstat(&self, path: &str) -> Result<Metadata, FsError>;
    /// The target of the symbolic link at `path`.
    fn read_link(&self, path: &str) -> Result<String, FsError>;
    /// The content of the regular file at `path`.
    fn read_file(&self, path: &str) -> Result<Vec<u8>, FsError>;
    /// Writes `data` to the regular file at `path`, creating it with `attrs` when missing (its
    /// parent must be a directory). An existing file keeps its mode and owner and gets
    /// `attrs.mtime`.
    fn write_file(&mut self, path: &str, data: &[u8], mode: WriteMode, attrs: &Attrs) -> Result<(), FsError>;
    /// Creates one directory (its parent must exist).
    fn create_dir(&mut self, path: &str, attrs: &Attrs) -> Result<(), FsError>;
    /// Removes a file, a symbolic link or an empty directory.
    fn remove(&mut self, path: &str) -> Result<(), FsError>;
    /// Moves `from` to `to` with `rename(2)` semantics: an existing file at `to` is replaced,
    /// an existing directory only when it is empty and `from` is a directory.
    fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError>;
    /// Creates a symbolic link at `link` pointing to `target` (stored as given).
    fn symlink(&mut self, target: &str, link: &str, attrs: &Attrs) -> Result<(), FsError>;
    /// Creates a hard link at `link` to the regular file `existing`.
    fn hard_link(&mut self, existing: &str, link: &str) -> Result<(), FsError>;
    /// Sets the permission bits of a node.
    fn set_mode(&mut self, path: &str, mode: u32) -> Result<(), FsError>;
    /// Sets the owner of a node (of the link itself for a symbolic link).
    fn set_owner(&mut self, path: &str, uid: u32, gid: u32) -> Result<(), FsError>;
    /// Sets the modification time of a node.
    fn set_mtime(&mut self, path: &str, mtime: i64) -> Result<(), FsError>;
    /// The names of the entries of a directory, sorted by bytes, without `.` and `..`.
    fn read_dir(&self, path: &str) -> Result<Vec<String>, FsError>;

    /// Resolves `path` (absolute, possibly with `.`, `..` and symbolic links) to a physical
    /// path. Symbolic links in intermediate components are always followed, the last one only
    /// with `follow_last`. `..` at the root stays at the root and absolute link targets restart
    /// from `/`, so the result never leaves the filesystem. The last component need not exist;
    /// a missing intermediate component is [`FsError::NotFound`].
    fn resolve(&self, path: &str, follow_last: bool) -> Result<String, FsError> {
        resolve_by_components(self, path, follow_last)
    }

    /// Metadata of the node at `path` after following symbolic links.
    fn stat(&self, path: &str) -> Result<Metadata, FsError> {
        let real = self.resolve(path, true)?;
        self.lstat(&real)
    }

    /// Creates the directory `path` and any missing parents (`mkdir -p`). Existing
    /// directories (or links to them) are fine; an existing non-directory is an error.
    fn create_dir_all(&mut self, path: &str, attrs: &Attrs) -> Result<(), FsError> {
        let mut current = String::new();
        for part in path::components(path) {
            current = self.resolve(&format!("{current}/{part}"), true)?;
            match self.lstat(&current) {
                Ok(meta) if meta.kind == FileType::Dir => {}
                Ok(_) => return Err(FsError::NotADirectory),
                Err(FsError::NotFound) => self.create_dir(&current, attrs)?,
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Removes `path` and, for a directory, everything below it (`rm -r`). Symbolic links are
    /// removed, never followed.
    fn remove_all(&mut self, path: &str) -> Result<(), FsError> {
        if path == "/" {
            return Err(FsError::Invalid);
        }
        // Iterative depth-first walk: children first, then the directory.
        let mut stack = vec![(path.to_string(), false)];
        while let Some((current, visited)) = stack.pop() {
            let meta = self.lstat(&current)?;
            if meta.kind == FileType::Dir && !visited {
                stack.push((current.clone(), true));
                for name in self.read_dir(&current)? {
                    stack.push((path::child(&current, &name), false));
                }
            } else {
                self.remove(&current)?;
            }
        }
        Ok(())
    }
}

/// The default [`Fs::resolve`]: walks `path` one component at a time with [`Fs::lstat`] and
/// [`Fs::read_link`]. Implementations overriding `resolve` with a fast path can fall back
/// to it.
pub fn resolve_by_components<F: Fs + ?Sized>(fs: &F, path: &str, follow_last: bool) -> Result<String, FsError> {
    if path.len() > MAX_PATH_LEN {
        return Err(FsError::NameTooLong);
    }
    let mut pending: Vec<String> = path::components(path).rev().map(str::to_string).collect();
    // The resolved prefix, and where each of its components starts (for `..`).
    let mut done = String::new();
    let mut starts: Vec<usize> = Vec::new();
    let mut hops = 0;
    while let Some(part) = pending.pop() {
        if part == ".." {
            if let Some(start) = starts.pop() {
                done.truncate(start);
            }
            continue;
        }
        starts.push(done.len());
        done.push('/');
        done.push_str(&part);
        let last = pending.is_empty();
        match fs.lstat(&done) {
            Ok(meta) if meta.kind == FileType::Symlink && (!last || follow_last) => {
                hops += 1;
                if hops > MAX_SYMLINK_HOPS {
                    return Err(FsError::Loop);
                }
                let target = fs.read_link(&done)?;
                if let Some(start) = starts.pop() {
                    done.truncate(start);
                }
                if target.starts_with('/') {
                    done.clear();
                    starts.clear();
                }
                if target.len() + pending.iter().map(|p| p.len() + 1).sum::<usize>() > MAX_PATH_LEN {
                    return Err(FsError::NameTooLong);
                }
                pending.extend(path::components(&target).rev().map(str::to_string));
            }
            Ok(meta) if meta.kind != FileType::Dir && !last => {
                // `file/..` and `file/x` both fail, as in the kernel.
                return Err(FsError::NotADirectory);
            }
            Ok(_) => {}
            Err(FsError::NotFound) if last => {}
            Err(e) => return Err(e),
        }
    }
    if done.is_empty() {
        done.push('/');
    }
    if done.len() > MAX_PATH_LEN {
        return Err(FsError::NameTooLong);
    }
    Ok(done)
}

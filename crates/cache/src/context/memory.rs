//! An in-memory build context: files, directories and symlinks with modes, owners, times and
//! extended attributes. It performs no I/O, so it works in the browser.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::Arc;

use super::{BuildContext, ContextError, DirEntry, FileKind, Stat, Timestamp};
use crate::path;

#[derive(Debug, Clone)]
enum Data {
    File(Arc<[u8]>),
    Dir,
    Symlink(String),
}

#[derive(Debug, Clone)]
struct Node {
    data: Data,
    mode: u32,
    uid: u32,
    gid: u32,
    mtime: Timestamp,
    inode: u64,
    xattrs: BTreeMap<String, Vec<u8>>,
}

impl Node {
    fn kind(&self) -> FileKind {
        match self.data {
            Data::File(_) => FileKind::File,
            Data::Dir => FileKind::Dir,
            Data::Symlink(_) => FileKind::Symlink,
        }
    }
}

/// A build context held in memory.
///
/// Every write stamps the entry with the next tick of a logical clock as its mtime (so a
/// stat cache notices edits) and keeps the inode of an entry it replaces, like an in-place
/// edit on disk. Missing parent directories are created with mode `0o755`.
#[derive(Debug, Clone)]
pub struct MemoryContext {
    nodes: BTreeMap<String, Node>,
    clock: i64,
    next_inode: u64,
}

impl Default for MemoryContext {
    fn default() -> Self {
        Self::new()
    }
}

impl MemoryContext {
    /// Creates a context holding only an empty root directory.
    pub fn new() -> Self {
        let mut nodes = BTreeMap::new();
        nodes.insert(
            String::new(),
            Node {
                data: Data::Dir,
                mode: 0o755,
                uid: 0,
                gid: 0,
                mtime: Timestamp::default(),
                inode: 1,
                xattrs: BTreeMap::new(),
            },
        );
        Self { nodes, clock: 1, next_inode: 2 }
    }

    /// Adds or replaces a regular file with the given content and permission bits.
    pub fn add_file(&mut self, path: &str, contents: impl Into<Vec<u8>>, mode: u32) -> Result<(), ContextError> {
        let data = Data::File(Arc::from(contents.into()));
        self.insert(path, data, mode)
    }

    /// Adds a directory (or updates the mode of an existing one).
    pub fn add_dir(&mut self, path: &str, mode: u32) -> Result<(), ContextError> {
        let key = path::normalize(path);
        if let Some(node) = self.nodes.get_mut(&key) {
            if matches!(node.data, Data::Dir) {
                node.mode = mode & 0o7777;
                return Ok(());
            }
        }
        self.insert(path, Data::Dir, mode)
    }

    /// Adds or replaces a symlink pointing at `target` (mode `0o777`).
    pub fn add_symlink(&mut self, path: &str, target: &str) -> Result<(), ContextError> {
        self.insert(path, Data::Symlink(target.to_string()), 0o777)
    }

    /// Removes an entry and, for a directory, everything below it.
    pub fn remove(&mut self, path: &str) -> Result<(), ContextError> {
        let key = path::normalize(path);
        if key.is_empty() || self.nodes.remove(&key).is_none() {
            return Err(ContextError::NotFound(key));
        }
        let prefix = format!("{key}/");
        self.nodes.retain(|k, _| !k.starts_with(&prefix));
        Ok(())
    }

    /// Sets the modification time of an entry.
    pub fn set_mtime(&mut self, path: &str, mtime: Timestamp) -> Result<(), ContextError> {
        self.node_mut(path)?.mtime = mtime;
        Ok(())
    }

    /// Sets the modification time of every entry, the root included (one pass, for a
    /// context whose times must not depend on the order it was written in).
    pub fn set_all_mtimes(&mut self, mtime: Timestamp) {
        for node in self.nodes.values_mut() {
            node.mtime = mtime;
        }
    }

    /// Sets the permission bits of an entry.
    pub fn set_mode(&mut self, path: &str, mode: u32) -> Result<(), ContextError> {
        self.node_mut(path)?.mode = mode & 0o7777;
        Ok(())
    }

    /// Sets the owner of an entry.
    pub fn set_owner(&mut self, path: &str, uid: u32, gid: u32) -> Result<(), ContextError> {
        let node = self.node_mut(path)?;
        node.uid = uid;
        node.gid = gid;
        Ok(())
    }

    /// Sets an extended attribute of an entry.
    pub fn set_xattr(&mut self, path: &str, name: &str, value: &[u8]) -> Result<(), ContextError> {
        self.node_mut(path)?.xattrs.insert(name.to_string(), value.to_vec());
        Ok(())
    }

    fn node_mut(&mut self, path: &str) -> Result<&mut Node, ContextError> {
        let key = path::normalize(path);
        self.nodes.get_mut(&key).ok_or(ContextError::NotFound(key))
    }

    fn node(&self, path: &str) -> Result<&Node, ContextError> {
        let key = path::normalize(path);
        self.nodes.get(&key).ok_or(ContextError::NotFound(key))
    }

    fn tick(&mut self) -> Timestamp {
        self.clock += 1;
        Timestamp { secs: self.clock, nanos: 0 }
    }

    fn insert(&mut self, path: &str, data: Data, mode: u32) -> Result<(), ContextError> {
        let key = path::normalize(path);
        if key.is_empty() {
            return Err(ContextError::InvalidPath {
                path: path.to_string(),
                reason: "the root cannot be replaced".to_string(),
            });
        }
        self.ensure_parents(&key)?;
        let mtime = self.tick();
        let existing = self.nodes.get(&key).map(|old| (old.inode, matches!(old.data, Data::Dir)));
        let inode = match existing {
            Some((inode, was_dir)) => {
                if was_dir && !matches!(data, Data::Dir) {
                    let prefix = format!("{key}/");
                    self.nodes.retain(|k, _| !k.starts_with(&prefix));
                }
                inode
            }
            None => {
                self.next_inode += 1;
                self.next_inode
            }
        };
        self.nodes
            .insert(key, Node { data, mode: mode & 0o7777, uid: 0, gid: 0, mtime, inode, xattrs: BTreeMap::new() });
        Ok(())
    }

    fn ensure_parents(&mut self, key: &str) -> Result<(), ContextError> {
        let (parent, _) = path::split(key);
        if parent.is_empty() {
            return Ok(());
        }
        match self.nodes.get(parent) {
            Some(node) if matches!(node.data, Data::Dir) => Ok(()),
            Some(_) => Err(ContextError::NotADirectory(parent.to_string())),
            None => {
                let parent = parent.to_string();
                self.ensure_parents(&parent)?;
                self.insert(&parent, Data::Dir, 0o755)
            }
        }
    }
}

impl BuildContext for MemoryContext {
    fn read_dir(&self, dir: &str) -> Result<Vec<DirEntry>, ContextError> {
        let key = path::normalize(dir);
        let node = self.node(&key)?;
        if !matches!(node.data, Data::Dir) {
            return Err(ContextError::NotADirectory(key));
        }
        let prefix = if key.is_empty() { String::new() } else { format!("{key}/") };
        let entries = self
            .nodes
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(k, _)| k.len() > prefix.len() && !k[prefix.len()..].contains('/'))
            .map(|(k, node)| DirEntry { name: k[prefix.len()..].to_string(), kind: node.kind() })
            .collect();
        Ok(entries)
    }

    fn stat(&self, path: &str) -> Result<Stat, ContextError> {
        let node = self.node(path)?;
        let (size, link_target) = match &node.data {
            Data::File(bytes) => (bytes.len() as u64, None),
            Data::Dir => (0, None),
            Data::Symlink(target) => (target.len() as u64, Some(target.clone())),
        };
        Ok(Stat {
            kind: node.kind(),
            mode: node.mode,
            size,
            link_target,
            uid: node.uid,
            gid: node.gid,
            mtime: node.mtime,
            inode: node.inode,
            dev_major: 0,
            dev_minor: 0,
            xattrs: node.xattrs.clone(),
        })
    }

    fn open(&self, path: &str) -> Result<Box<dyn Read + Send + '_>, ContextError> {
        match &self.node(path)?.data {
            Data::File(bytes) => Ok(Box::new(&bytes[..])),
            _ => Err(ContextError::NotAFile(path::normalize(path))),
        }
    }
}

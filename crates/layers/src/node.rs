//! One node of a file tree: its kind and its metadata.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::path::TreePath;

/// The contents of a regular file, shared cheaply between trees and layers.
pub type FileData = Arc<[u8]>;

/// The extended attribute holding file capabilities.
pub const XATTR_CAPABILITY: &str = "security.capability";

/// Ownership, permissions, time and extended attributes of a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meta {
    /// Permission bits including setuid, setgid and sticky (`0o7777` at most).
    pub mode: u32,
    /// Owner user id.
    pub uid: u64,
    /// Owner group id.
    pub gid: u64,
    /// Modification time in seconds since the Unix epoch.
    pub mtime: i64,
    /// Extended attributes by name (for example [`XATTR_CAPABILITY`]).
    pub xattrs: BTreeMap<String, Vec<u8>>,
}

impl Meta {
    /// Metadata with the given mode, owned by root, at time 0, without xattrs.
    pub fn with_mode(mode: u32) -> Self {
        Meta { mode: mode & 0o7777, uid: 0, gid: 0, mtime: 0, xattrs: BTreeMap::new() }
    }
}

/// The kind of a device node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeviceKind {
    /// A character device.
    Char,
    /// A block device.
    Block,
    /// A named pipe.
    Fifo,
}

/// What a node is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A directory; its children are the paths below it in the tree.
    Dir,
    /// A regular file with its contents.
    File(FileData),
    /// A symbolic link with its target, kept verbatim.
    Symlink(String),
    /// A hard link to another (non-directory) path of the same tree.
    HardLink(TreePath),
    /// A device node or named pipe.
    Device {
        /// Character, block or FIFO.
        kind: DeviceKind,
        /// Major number (0 for a FIFO).
        major: u32,
        /// Minor number (0 for a FIFO).
        minor: u32,
    },
}

/// A node: kind plus metadata. For a hard link the metadata mirrors its target's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Ownership, permissions, time, xattrs.
    pub meta: Meta,
    /// What the node is.
    pub kind: NodeKind,
}

impl Node {
    /// A directory with the given mode.
    pub fn dir(mode: u32) -> Self {
        Node { meta: Meta::with_mode(mode), kind: NodeKind::Dir }
    }

    /// A regular file with the given contents and mode.
    pub fn file(data: impl Into<FileData>, mode: u32) -> Self {
        Node { meta: Meta::with_mode(mode), kind: NodeKind::File(data.into()) }
    }

    /// A symbolic link (mode `0o777`).
    pub fn symlink(target: impl Into<String>) -> Self {
        Node { meta: Meta::with_mode(0o777), kind: NodeKind::Symlink(target.into()) }
    }

    /// A hard link to `target`; give it the target's metadata with [`Node::with_meta`].
    pub fn hardlink(target: TreePath) -> Self {
        Node { meta: Meta::with_mode(0o644), kind: NodeKind::HardLink(target) }
    }

    /// A device node or FIFO.
    pub fn device(kind: DeviceKind, major: u32, minor: u32, mode: u32) -> Self {
        Node { meta: Meta::with_mode(mode), kind: NodeKind::Device { kind, major, minor } }
    }

    /// Replaces the metadata.
    pub fn with_meta(mut self, meta: Meta) -> Self {
        self.meta = meta;
        self
    }

    /// Sets the owner.
    pub fn with_owner(mut self, uid: u64, gid: u64) -> Self {
        self.meta.uid = uid;
        self.meta.gid = gid;
        self
    }

    /// Sets the modification time.
    pub fn with_mtime(mut self, mtime: i64) -> Self {
        self.meta.mtime = mtime;
        self
    }

    /// Adds an extended attribute.
    pub fn with_xattr(mut self, name: impl Into<String>, value: impl Into<Vec<u8>>) -> Self {
        self.meta.xattrs.insert(name.into(), value.into());
        self
    }

    /// Whether this is a directory.
    pub fn is_dir(&self) -> bool {
        matches!(self.kind, NodeKind::Dir)
    }

    /// The file contents, if this is a regular file.
    pub fn data(&self) -> Option<&[u8]> {
        match &self.kind {
            NodeKind::File(data) => Some(data),
            _ => None,
        }
    }
}

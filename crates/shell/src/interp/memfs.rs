//! [`MemFs`]: a deterministic in-memory [`Fs`].

use std::collections::BTreeMap;

use super::fs::{Attrs, FileType, Fs, FsError, Metadata, WriteMode};
use super::path;

/// Largest file [`MemFs`] accepts (64 MiB), so runaway scripts fail instead of exhausting
/// memory.
pub const MAX_FILE_SIZE: usize = 64 << 20;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Content {
    File(Vec<u8>),
    Dir,
    Symlink(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inode {
    content: Content,
    mode: u32,
    uid: u32,
    gid: u32,
    mtime: i64,
    nlink: u32,
}

/// An in-memory filesystem: paths map to inode numbers in a `BTreeMap`, so iteration, listing
/// and every result are deterministic. Hard links share an inode.
///
/// ```
/// use slipway_shell::interp::{Fs, MemFs};
/// let mut fs = MemFs::new();
/// fs.insert_file("/etc/hostname", b"box\n", 0o644);
/// assert_eq!(fs.read_file("/etc/hostname").unwrap(), b"box\n");
/// assert_eq!(fs.read_dir("/etc").unwrap(), ["hostname"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemFs {
    entries: BTreeMap<String, u64>,
    inodes: BTreeMap<u64, Inode>,
    next_ino: u64,
}

impl Default for MemFs {
    fn default() -> Self {
        Self::new()
    }
}

impl MemFs {
    /// An empty filesystem: only `/` (mode 0755, owned by root).
    pub fn new() -> Self {
        let mut fs = MemFs { entries: BTreeMap::new(), inodes: BTreeMap::new(), next_ino: 1 };
        fs.add("/", Content::Dir, &Attrs { mode: 0o755, uid: 0, gid: 0, mtime: 0 });
        fs
    }

    /// Test helper: creates (or replaces) a root-owned regular file, creating missing parent
    /// directories with mode 0755. Symbolic links on the way are not followed.
    pub fn insert_file(&mut self, path: &str, data: &[u8], mode: u32) {
        let path = path::absolute("/", path);
        let dir_attrs = Attrs { mode: 0o755, uid: 0, gid: 0, mtime: 0 };
        let mut current = String::new();
        for part in path::components(path::parent(&path)) {
            current = format!("{current}/{part}");
            if !self.entries.contains_key(&current) {
                self.add(&current, Content::Dir, &dir_attrs);
            }
        }
        if self.entries.contains_key(&path) {
            let _ = self.remove(&path);
        }
        self.add(&path, Content::File(data.to_vec()), &Attrs { mode, ..dir_attrs });
    }

    /// Every path in the filesystem, sorted (`/` first).
    pub fn paths(&self) -> Vec<String> {
        self.entries.keys().cloned().collect()
    }

    /// The file's content as text (lossy UTF-8), following symbolic links; `None` if it is not
    /// a readable regular file.
    pub fn text(&self, path: &str) -> Option<String> {
        let real = self.resolve(path, true).ok()?;
        self.read_file(&real).ok().map(|d| String::from_utf8_lossy(&d).into_owned())
    }

    fn add(&mut self, path: &str, content: Content, attrs: &Attrs) {
        let ino = self.next_ino;
        self.next_ino += 1;
        let inode =
            Inode { content, mode: attrs.mode & 0o7777, uid: attrs.uid, gid: attrs.gid, mtime: attrs.mtime, nlink: 1 };
        self.inodes.insert(ino, inode);
        self.entries.insert(path.to_string(), ino);
    }

    fn inode(&self, path: &str) -> Result<&Inode, FsError> {
        match self.entries.get(path) {
            Some(ino) => self.inodes.get(ino).ok_or(FsError::NotFound),
            None => {
                // Distinguish "missing" from "a component is not a directory".
                let parent = path::parent(path);
                if parent != path {
                    if let Some(p) = self.entries.get(parent).and_then(|i| self.inodes.get(i)) {
                        if p.content != Content::Dir {
                            return Err(FsError::NotADirectory);
                        }
                    }
                }
                Err(FsError::NotFound)
            }
        }
    }

    fn inode_mut(&mut self, path: &str) -> Result<&mut Inode, FsError> {
        let ino = *self.entries.get(path).ok_or(FsError::NotFound)?;
        self.inodes.get_mut(&ino).ok_or(FsError::NotFound)
    }

    /// Checks that `path` does not exist and its parent is a directory.
    fn check_new(&self, path: &str) -> Result<(), FsError> {
        if path == "/" || self.entries.contains_key(path) {
            return Err(FsError::AlreadyExists);
        }
        match self.inode(path::parent(path))?.content {
            Content::Dir => Ok(()),
            _ => Err(FsError::NotADirectory),
        }
    }

    fn has_children(&self, dir: &str) -> bool {
        let prefix = path::child(dir, "");
        self.entries.range(prefix.clone()..).next().is_some_and(|(k, _)| k.starts_with(&prefix))
    }

    fn unlink(&mut self, path: &str) {
        if let Some(ino) = self.entries.remove(path) {
            if let Some(inode) = self.inodes.get_mut(&ino) {
                inode.nlink = inode.nlink.saturating_sub(1);
                if inode.nlink == 0 {
                    self.inodes.remove(&ino);
                }
            }
        }
    }
}

impl Fs for MemFs {
    /// Fast path first: a stored path is physical in all but its last component (nodes are
    /// only created inside real directories), so a lookup settles most paths without the
    /// component-by-component walk.
    fn resolve(&self, path: &str, follow_last: bool) -> Result<String, FsError> {
        if path.len() <= super::fs::MAX_PATH_LEN && !path::components(path).any(|c| c == "..") {
            let normal = path::absolute("/", path);
            let physical_parent = |p: &str| self.inode(path::parent(p)).is_ok_and(|i| i.content == Content::Dir);
            match self.inode(&normal) {
                Ok(inode) if !(follow_last && matches!(inode.content, Content::Symlink(_))) => return Ok(normal),
                Err(FsError::NotFound) if physical_parent(&normal) => return Ok(normal),
                _ => {}
            }
        }
        super::fs::resolve_by_components(self, path, follow_last)
    }

    fn lstat(&self, path: &str) -> Result<Metadata, FsError> {
        let inode = self.inode(path)?;
        let (kind, size) = match &inode.content {
            Content::File(d) => (FileType::File, d.len() as u64),
            Content::Dir => (FileType::Dir, 0),
            Content::Symlink(t) => (FileType::Symlink, t.len() as u64),
        };
        Ok(Metadata {
            kind,
            mode: inode.mode,
            uid: inode.uid,
            gid: inode.gid,
            size,
            mtime: inode.mtime,
            nlink: inode.nlink,
        })
    }

    fn read_link(&self, path: &str) -> Result<String, FsError> {
        match &self.inode(path)?.content {
            Content::Symlink(t) => Ok(t.clone()),
            _ => Err(FsError::Invalid),
        }
    }

    fn read_file(&self, path: &str) -> Result<Vec<u8>, FsError> {
        match &self.inode(path)?.content {
            Content::File(d) => Ok(d.clone()),
            Content::Dir => Err(FsError::IsADirectory),
            Content::Symlink(_) => Err(FsError::Invalid),
        }
    }

    fn write_file(&mut self, path: &str, data: &[u8], mode: WriteMode, attrs: &Attrs) -> Result<(), FsError> {
        if !self.entries.contains_key(path) {
            if data.len() > MAX_FILE_SIZE {
                return Err(FsError::TooLarge);
            }
            self.check_new(path)?;
            self.add(path, Content::File(data.to_vec()), attrs);
            return Ok(());
        }
        let inode = self.inode_mut(path)?;
        let Content::File(existing) = &mut inode.content else {
            return Err(if inode.content == Content::Dir { FsError::IsADirectory } else { FsError::Invalid });
        };
        let base = if mode == WriteMode::Append { existing.len() } else { 0 };
        if base.saturating_add(data.len()) > MAX_FILE_SIZE {
            return Err(FsError::TooLarge);
        }
        if mode == WriteMode::Truncate {
            existing.clear();
        }
        existing.extend_from_slice(data);
        inode.mtime = attrs.mtime;
        Ok(())
    }

    fn create_dir(&mut self, path: &str, attrs: &Attrs) -> Result<(), FsError> {
        self.check_new(path)?;
        self.add(path, Content::Dir, attrs);
        Ok(())
    }

    fn remove(&mut self, path: &str) -> Result<(), FsError> {
        if path == "/" {
            return Err(FsError::Invalid);
        }
        if self.inode(path)?.content == Content::Dir && self.has_children(path) {
            return Err(FsError::NotEmpty);
        }
        self.unlink(path);
        Ok(())
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        let from_dir = self.inode(from)?.content == Content::Dir;
        if from == to {
            return Ok(());
        }
        if from == "/" || to == "/" || path::is_within(to, from) {
            return Err(FsError::Invalid);
        }
        match self.inode(to) {
            Ok(existing) => {
                let to_dir = existing.content == Content::Dir;
                match (from_dir, to_dir) {
                    (true, true) if self.has_children(to) => return Err(FsError::NotEmpty),
                    (true, false) => return Err(FsError::NotADirectory),
                    (false, true) => return Err(FsError::IsADirectory),
                    _ => self.unlink(to),
                }
            }
            Err(FsError::NotFound) => self.check_new(to)?,
            Err(e) => return Err(e),
        }
        let prefix = path::child(from, "");
        let moved: Vec<String> = std::iter::once(from.to_string())
            .chain(
                self.entries
                    .range(prefix.clone()..)
                    .take_while(|(k, _)| k.starts_with(&prefix))
                    .map(|(k, _)| k.clone()),
            )
            .collect();
        for old in moved {
            if let Some(ino) = self.entries.remove(&old) {
                let new = format!("{to}{}", &old[from.len()..]);
                self.entries.insert(new, ino);
            }
        }
        Ok(())
    }

    fn symlink(&mut self, target: &str, link: &str, attrs: &Attrs) -> Result<(), FsError> {
        self.check_new(link)?;
        self.add(link, Content::Symlink(target.to_string()), &Attrs { mode: 0o777, ..*attrs });
        Ok(())
    }

    fn hard_link(&mut self, existing: &str, link: &str) -> Result<(), FsError> {
        let ino = *self.entries.get(existing).ok_or(FsError::NotFound)?;
        if self.inode(existing)?.content == Content::Dir {
            return Err(FsError::IsADirectory);
        }
        self.check_new(link)?;
        self.entries.insert(link.to_string(), ino);
        if let Some(inode) = self.inodes.get_mut(&ino) {
            inode.nlink += 1;
        }
        Ok(())
    }

    fn set_mode(&mut self, path: &str, mode: u32) -> Result<(), FsError> {
        self.inode_mut(path)?.mode = mode & 0o7777;
        Ok(())
    }

    fn set_owner(&mut self, path: &str, uid: u32, gid: u32) -> Result<(), FsError> {
        let inode = self.inode_mut(path)?;
        inode.uid = uid;
        inode.gid = gid;
        Ok(())
    }

    fn set_mtime(&mut self, path: &str, mtime: i64) -> Result<(), FsError> {
        self.inode_mut(path)?.mtime = mtime;
        Ok(())
    }

    fn read_dir(&self, path: &str) -> Result<Vec<String>, FsError> {
        if self.inode(path)?.content != Content::Dir {
            return Err(FsError::NotADirectory);
        }
        let prefix = path::child(path, "");
        Ok(self
            .entries
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(k, _)| &k[prefix.len()..])
            .filter(|rest| !rest.is_empty() && !rest.contains('/'))
            .map(str::to_string)
            .collect())
    }
}

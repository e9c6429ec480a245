//! What-if edits: a build context seen through a set of file writes and deletions,
//! without touching the real one.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

use crate::context::{BuildContext, ContextError, DirEntry, FileKind, Stat, Timestamp};
use crate::path;

/// One hypothetical change to a context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Change a file's content (append a marker line); creates the file when missing.
    Modify(String),
    /// Replace (or create) a file with this content.
    Write(String, Vec<u8>),
    /// Remove a file or directory.
    Delete(String),
}

/// A context with [`Edit`]s applied on top of a base context.
///
/// A written file keeps the base file's mode and inode and gets a later mtime, as an
/// in-place edit on disk would; new parent directories appear as needed.
pub struct EditedContext<'a> {
    base: &'a dyn BuildContext,
    writes: BTreeMap<String, Vec<u8>>,
    deletes: BTreeSet<String>,
}

impl std::fmt::Debug for EditedContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EditedContext").field("writes", &self.writes.keys()).field("deletes", &self.deletes).finish()
    }
}

/// The line [`Edit::Modify`] appends.
const MARKER: &[u8] = b"\n# slipway what-if edit\n";

impl<'a> EditedContext<'a> {
    /// Applies `edits` in order over `base`.
    pub fn new(base: &'a dyn BuildContext, edits: &[Edit]) -> Result<Self, ContextError> {
        let mut out = Self { base, writes: BTreeMap::new(), deletes: BTreeSet::new() };
        for edit in edits {
            match edit {
                Edit::Modify(p) => {
                    let key = path::normalize(p);
                    let mut content = match out.writes.get(&key) {
                        Some(c) => c.clone(),
                        None => match out.base_stat(&key) {
                            Some(stat) if stat.kind == FileKind::File => base.read(&key)?,
                            _ => Vec::new(),
                        },
                    };
                    content.extend_from_slice(MARKER);
                    out.write(key, content);
                }
                Edit::Write(p, content) => out.write(path::normalize(p), content.clone()),
                Edit::Delete(p) => {
                    let key = path::normalize(p);
                    out.writes.retain(|w, _| !path_under(&key, w));
                    out.deletes.insert(key);
                }
            }
        }
        Ok(out)
    }

    fn write(&mut self, key: String, content: Vec<u8>) {
        let mut ancestor = key.as_str();
        while !ancestor.is_empty() {
            self.deletes.remove(ancestor);
            ancestor = path::split(ancestor).0;
        }
        self.writes.insert(key, content);
    }

    fn deleted(&self, key: &str) -> bool {
        let mut current = key;
        loop {
            if self.deletes.contains(current) {
                return true;
            }
            if current.is_empty() {
                return false;
            }
            current = path::split(current).0;
        }
    }

    fn base_stat(&self, key: &str) -> Option<Stat> {
        if self.deleted(key) {
            return None;
        }
        self.base.stat(key).ok()
    }

    /// Whether some written file lies strictly below `dir`.
    fn has_written_below(&self, dir: &str) -> bool {
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        self.writes.range(prefix.clone()..).next().is_some_and(|(k, _)| k.starts_with(&prefix))
    }

    fn written_stat(&self, key: &str, content: &[u8]) -> Stat {
        let base = self.base_stat(key).filter(|s| s.kind == FileKind::File);
        let mtime =
            base.as_ref().map_or(Timestamp::default(), |s| Timestamp { secs: s.mtime.secs + 1, nanos: s.mtime.nanos });
        Stat {
            kind: FileKind::File,
            mode: base.as_ref().map_or(0o644, |s| s.mode),
            size: content.len() as u64,
            link_target: None,
            uid: base.as_ref().map_or(0, |s| s.uid),
            gid: base.as_ref().map_or(0, |s| s.gid),
            mtime,
            inode: base.as_ref().map_or(0, |s| s.inode),
            dev_major: 0,
            dev_minor: 0,
            xattrs: base.map(|s| s.xattrs).unwrap_or_default(),
        }
    }

    fn synthetic_dir() -> Stat {
        Stat {
            kind: FileKind::Dir,
            mode: 0o755,
            size: 0,
            link_target: None,
            uid: 0,
            gid: 0,
            mtime: Timestamp::default(),
            inode: 0,
            dev_major: 0,
            dev_minor: 0,
            xattrs: BTreeMap::new(),
        }
    }

    /// Names of written entries directly below `dir` (files or new directories).
    fn written_children(&self, dir: &str) -> BTreeMap<String, FileKind> {
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let mut out = BTreeMap::new();
        for key in self.writes.range(prefix.clone()..).map(|(k, _)| k).take_while(|k| k.starts_with(&prefix)) {
            let rest = &key[prefix.len()..];
            match rest.split_once('/') {
                Some((name, _)) => out.insert(name.to_string(), FileKind::Dir),
                None => out.insert(rest.to_string(), FileKind::File),
            };
        }
        out
    }

    fn merge_entries(&self, dir: &str, base: Vec<(DirEntry, Option<Stat>)>) -> Vec<(DirEntry, Option<Stat>)> {
        // extend, not collect: collecting into a BTreeMap sorts first, one more sort routine in the playground's wasm
        let mut entries: BTreeMap<String, (DirEntry, Option<Stat>)> = BTreeMap::new();
        entries.extend(
            base.into_iter()
                .filter(|(e, _)| !self.deleted(&path::join(dir, &e.name)))
                .map(|(e, s)| (e.name.clone(), (e, s))),
        );
        for (name, kind) in self.written_children(dir) {
            let keep_base_dir =
                kind == FileKind::Dir && entries.get(&name).is_some_and(|(e, _)| e.kind == FileKind::Dir);
            if !keep_base_dir {
                entries.insert(name.clone(), (DirEntry { name, kind }, None));
            }
        }
        let mut out: Vec<(DirEntry, Option<Stat>)> = entries.into_values().collect();
        slipway_sort::sort_by(&mut out, |a, b| a.0.name.as_bytes().cmp(b.0.name.as_bytes()));
        out
    }
}

fn path_under(dir: &str, key: &str) -> bool {
    dir.is_empty() || key == dir || (key.starts_with(dir) && key.as_bytes().get(dir.len()) == Some(&b'/'))
}

impl BuildContext for EditedContext<'_> {
    fn read_dir(&self, dir: &str) -> Result<Vec<DirEntry>, ContextError> {
        let key = path::normalize(dir);
        let base = match self.base_stat(&key) {
            Some(stat) if stat.kind == FileKind::Dir => {
                self.base.read_dir(&key)?.into_iter().map(|e| (e, None)).collect()
            }
            _ if self.has_written_below(&key) => Vec::new(),
            Some(_) => return Err(ContextError::NotADirectory(key)),
            None => return Err(ContextError::NotFound(key)),
        };
        Ok(self.merge_entries(&key, base).into_iter().map(|(e, _)| e).collect())
    }

    fn stat(&self, p: &str) -> Result<Stat, ContextError> {
        let key = path::normalize(p);
        if let Some(content) = self.writes.get(&key) {
            return Ok(self.written_stat(&key, content));
        }
        match self.base_stat(&key) {
            Some(stat) => Ok(stat),
            None if self.has_written_below(&key) => Ok(Self::synthetic_dir()),
            None => Err(ContextError::NotFound(key)),
        }
    }

    fn open(&self, p: &str) -> Result<Box<dyn Read + Send + '_>, ContextError> {
        let key = path::normalize(p);
        if let Some(content) = self.writes.get(&key) {
            return Ok(Box::new(Cursor::new(content.as_slice())));
        }
        if self.deleted(&key) {
            return Err(ContextError::NotFound(key));
        }
        self.base.open(&key)
    }

    fn read_dir_stats(&self, dir: &str) -> Result<Vec<(DirEntry, Stat)>, ContextError> {
        let key = path::normalize(dir);
        let base = match self.base_stat(&key) {
            Some(stat) if stat.kind == FileKind::Dir => {
                self.base.read_dir_stats(&key)?.into_iter().map(|(e, s)| (e, Some(s))).collect()
            }
            _ if self.has_written_below(&key) => Vec::new(),
            Some(_) => return Err(ContextError::NotADirectory(key)),
            None => return Err(ContextError::NotFound(key)),
        };
        self.merge_entries(&key, base)
            .into_iter()
            .map(|(entry, stat)| {
                let child = path::join(&key, &entry.name);
                let stat = match (self.writes.get(&child), stat) {
                    (Some(content), _) => self.written_stat(&child, content),
                    (None, Some(stat)) => stat,
                    (None, None) => self.stat(&child)?,
                };
                Ok((entry, stat))
            })
            .collect()
    }
}

//! A persisted stat cache: file path + stat fingerprint → checksum.
//!
//! Re-hashing a context consults it first; a file whose size, mtime, inode, mode, owner and
//! selected xattrs are unchanged is not read again. The cache is a plain value; native
//! builds can [`load`](StatCache::load) and [`save`](StatCache::save) it to a file the caller
//! chooses, and any target can use [`to_bytes`](StatCache::to_bytes) /
//! [`from_bytes`](StatCache::from_bytes).
//!
//! Entries are kept in walk order ([`crate::path::cmp_walk_order`]) in one string arena, so
//! a re-hash matches them against a fresh walk in a single merge pass and loading or saving
//! 100 000 entries needs no per-entry allocation.
//!
//! Like every mtime-based cache, it trusts that a file rewritten with the same size within
//! the same mtime tick (nanoseconds on most file systems) is unchanged.

use std::cmp::Ordering;

use crate::checksum::Digest;
use crate::context::Timestamp;
use crate::path::cmp_walk_order;

/// What must be unchanged for a cached checksum to be reused: every stat field that enters
/// the checksum header, plus mtime and inode as evidence that the content is unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatKey {
    /// File size in bytes.
    pub size: u64,
    /// Modification time.
    pub mtime: Timestamp,
    /// Inode number.
    pub inode: u64,
    /// Permission bits.
    pub mode: u32,
    /// Owner user id as hashed (0 when owners are reset).
    pub uid: u32,
    /// Owner group id as hashed (0 when owners are reset).
    pub gid: u32,
    /// Fingerprint of the selected extended attributes (0 when there are none).
    pub xattrs: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    start: u32,
    len: u32,
    key: StatKey,
    digest: Digest,
}

/// A cache of file checksums keyed by context path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatCache {
    arena: String,
    entries: Vec<Entry>,
}

/// An error decoding a serialized cache.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("corrupt stat cache: {0}")]
pub struct CorruptCache(String);

const MAGIC: &[u8; 8] = b"SWSTAT02";
const RECORD: usize = 8 + 8 + 4 + 8 + 4 + 4 + 4 + 8 + 32;

impl StatCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of cached files.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn path(&self, entry: &Entry) -> &str {
        &self.arena[entry.start as usize..(entry.start + entry.len) as usize]
    }

    /// The cached checksum of `path` if it was stored with exactly `key`.
    pub fn lookup(&self, path: &str, key: &StatKey) -> Option<Digest> {
        let i = self.entries.binary_search_by(|e| cmp_walk_order(self.path(e), path)).ok()?;
        let entry = &self.entries[i];
        (entry.key == *key).then_some(entry.digest)
    }

    /// Looks up many paths given in walk order with one merge pass.
    pub(crate) fn lookup_sorted<'a>(
        &self,
        queries: impl Iterator<Item = Option<(&'a str, StatKey)>>,
    ) -> Vec<Option<Digest>> {
        let mut cursor = 0;
        queries
            .map(|query| {
                let (path, key) = query?;
                while let Some(entry) = self.entries.get(cursor) {
                    match cmp_walk_order(self.path(entry), path) {
                        Ordering::Less => cursor += 1,
                        Ordering::Equal => return (entry.key == key).then_some(entry.digest),
                        Ordering::Greater => return None,
                    }
                }
                None
            })
            .collect()
    }

    /// Replaces the contents with `entries`, which must come in walk order.
    pub(crate) fn replace<'a>(&mut self, entries: impl Iterator<Item = (&'a str, StatKey, Digest)>) {
        self.arena.clear();
        self.entries.clear();
        for (path, key, digest) in entries {
            self.push(path, key, digest);
        }
    }

    fn push(&mut self, path: &str, key: StatKey, digest: Digest) {
        let start = self.arena.len() as u32;
        self.arena.push_str(path);
        self.entries.push(Entry { start, len: path.len() as u32, key, digest });
    }

    /// Serializes the cache.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.arena.len() + self.entries.len() * (RECORD + 4));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.entries.len() as u64).to_le_bytes());
        for entry in &self.entries {
            let key = &entry.key;
            out.extend_from_slice(&entry.len.to_le_bytes());
            out.extend_from_slice(self.path(entry).as_bytes());
            out.extend_from_slice(&key.size.to_le_bytes());
            out.extend_from_slice(&key.mtime.secs.to_le_bytes());
            out.extend_from_slice(&key.mtime.nanos.to_le_bytes());
            out.extend_from_slice(&key.inode.to_le_bytes());
            out.extend_from_slice(&key.mode.to_le_bytes());
            out.extend_from_slice(&key.uid.to_le_bytes());
            out.extend_from_slice(&key.gid.to_le_bytes());
            out.extend_from_slice(&key.xattrs.to_le_bytes());
            out.extend_from_slice(&entry.digest.0);
        }
        out
    }

    /// Decodes what [`to_bytes`](Self::to_bytes) produced.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CorruptCache> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(CorruptCache("bad magic".to_string()));
        }
        let count = r.u64()? as usize;
        let mut cache = Self {
            arena: String::with_capacity(bytes.len().saturating_sub(count.saturating_mul(RECORD))),
            entries: Vec::with_capacity(count.min(bytes.len() / RECORD)),
        };
        for _ in 0..count {
            let len = r.u32()? as usize;
            let path = std::str::from_utf8(r.take(len)?).map_err(|_| CorruptCache("path is not UTF-8".to_string()))?;
            let key = StatKey {
                size: r.u64()?,
                mtime: Timestamp { secs: r.u64()? as i64, nanos: r.u32()? },
                inode: r.u64()?,
                mode: r.u32()?,
                uid: r.u32()?,
                gid: r.u32()?,
                xattrs: r.u64()?,
            };
            let mut digest = [0u8; 32];
            digest.copy_from_slice(r.take(32)?);
            if let Some(last) = cache.entries.last() {
                if cmp_walk_order(cache.path(last), path) != Ordering::Less {
                    return Err(CorruptCache("entries out of order".to_string()));
                }
            }
            cache.push(path, key, Digest(digest));
        }
        if r.pos != bytes.len() {
            return Err(CorruptCache("trailing bytes".to_string()));
        }
        Ok(cache)
    }

    /// Reads a cache file; a missing or corrupt file gives an empty cache.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn load(file: &std::path::Path) -> std::io::Result<Self> {
        match std::fs::read(file) {
            Ok(bytes) => Ok(Self::from_bytes(&bytes).unwrap_or_default()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::new()),
            Err(e) => Err(e),
        }
    }

    /// Writes the cache to `file` atomically (temporary file, then rename).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn save(&self, file: &std::path::Path) -> std::io::Result<()> {
        let mut tmp = file.as_os_str().to_owned();
        tmp.push(format!(".tmp{}", std::process::id()));
        let tmp = std::path::PathBuf::from(tmp);
        std::fs::write(&tmp, self.to_bytes())?;
        std::fs::rename(&tmp, file)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], CorruptCache> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|end| *end <= self.bytes.len())
            .ok_or_else(|| CorruptCache("truncated".to_string()))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, CorruptCache> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }

    fn u64(&mut self) -> Result<u64, CorruptCache> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(size: u64) -> StatKey {
        StatKey { size, mtime: Timestamp { secs: -5, nanos: 7 }, inode: 9, mode: 0o644, uid: 0, gid: 0, xattrs: 42 }
    }

    #[test]
    fn round_trip_and_lookup() {
        let mut cache = StatCache::new();
        cache.replace(
            [("a", key(1), Digest([1; 32])), ("a/b", key(2), Digest([2; 32])), ("a-c", key(3), Digest([3; 32]))]
                .into_iter(),
        );
        let bytes = cache.to_bytes();
        assert_eq!(StatCache::from_bytes(&bytes).unwrap(), cache);
        assert!(StatCache::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert_eq!(cache.lookup("a/b", &key(2)), Some(Digest([2; 32])));
        assert_eq!(cache.lookup("a/b", &key(4)), None);
        assert_eq!(cache.lookup("a-c", &key(3)), Some(Digest([3; 32])));
        assert_eq!(cache.lookup("zz", &key(3)), None);
        let found = cache
            .lookup_sorted([None, Some(("a/b", key(2))), Some(("a/bb", key(2))), Some(("a-c", key(9)))].into_iter());
        assert_eq!(found, [None, Some(Digest([2; 32])), None, None]);
    }

    #[test]
    fn out_of_order_bytes_are_rejected() {
        let mut cache = StatCache::new();
        cache.replace([("b", key(1), Digest([1; 32])), ("a", key(1), Digest([1; 32]))].into_iter());
        assert!(StatCache::from_bytes(&cache.to_bytes()).is_err());
    }
}

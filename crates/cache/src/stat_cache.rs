//! A persisted stat cache: file path + stat fingerprint → checksum.
//!
//! Re-hashing a context consults it first; a file whose size, mtime, inode, mode and
//! checksum header are unchanged is not read again. The cache is a plain value; native
//! builds can [`load`](StatCache::load) and [`save`](StatCache::save) it to a file the caller
//! chooses, and any target can use [`to_bytes`](StatCache::to_bytes) /
//! [`from_bytes`](StatCache::from_bytes).
//!
//! Like every mtime-based cache, it trusts that a file rewritten with the same size within
//! the same mtime tick (nanoseconds on most file systems) is unchanged.

use std::collections::HashMap;

use crate::checksum::Digest;
use crate::context::Timestamp;

/// What must be unchanged for a cached checksum to be reused.
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
    /// Fingerprint of the checksum header (owner, xattrs, options…), so a change to anything
    /// else that enters the checksum also invalidates the entry.
    pub header: u64,
}

/// A cache of file checksums keyed by context path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatCache {
    entries: HashMap<String, (StatKey, Digest)>,
}

/// An error decoding a serialized cache.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("corrupt stat cache: {0}")]
pub struct CorruptCache(String);

const MAGIC: &[u8; 8] = b"SWSTAT01";

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

    /// The cached checksum of `path` if it was stored with exactly `key`.
    pub fn lookup(&self, path: &str, key: &StatKey) -> Option<Digest> {
        match self.entries.get(path) {
            Some((stored, digest)) if stored == key => Some(*digest),
            _ => None,
        }
    }

    /// Stores the checksum of `path` under `key`.
    pub fn insert(&mut self, path: &str, key: StatKey, digest: Digest) {
        self.entries.insert(path.to_string(), (key, digest));
    }

    /// Drops every entry whose path `keep` rejects.
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.entries.retain(|path, _| keep(path));
    }

    /// Serializes the cache (entries sorted by path, so equal caches give equal bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut paths: Vec<&String> = self.entries.keys().collect();
        paths.sort();
        let mut out = Vec::with_capacity(16 + paths.len() * 100);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(paths.len() as u64).to_le_bytes());
        for path in paths {
            let (key, digest) = &self.entries[path];
            out.extend_from_slice(&(path.len() as u32).to_le_bytes());
            out.extend_from_slice(path.as_bytes());
            out.extend_from_slice(&key.size.to_le_bytes());
            out.extend_from_slice(&key.mtime.secs.to_le_bytes());
            out.extend_from_slice(&key.mtime.nanos.to_le_bytes());
            out.extend_from_slice(&key.inode.to_le_bytes());
            out.extend_from_slice(&key.mode.to_le_bytes());
            out.extend_from_slice(&key.header.to_le_bytes());
            out.extend_from_slice(&digest.0);
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
        let mut entries = HashMap::with_capacity(count.min(bytes.len() / 60));
        for _ in 0..count {
            let len = r.u32()? as usize;
            let path = std::str::from_utf8(r.take(len)?)
                .map_err(|_| CorruptCache("path is not UTF-8".to_string()))?
                .to_string();
            let key = StatKey {
                size: r.u64()?,
                mtime: Timestamp {
                    secs: r.u64()? as i64,
                    nanos: r.u32()?,
                },
                inode: r.u64()?,
                mode: r.u32()?,
                header: r.u64()?,
            };
            let mut digest = [0u8; 32];
            digest.copy_from_slice(r.take(32)?);
            entries.insert(path, (key, Digest(digest)));
        }
        if r.pos != bytes.len() {
            return Err(CorruptCache("trailing bytes".to_string()));
        }
        Ok(Self { entries })
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

    #[test]
    fn round_trip() {
        let mut cache = StatCache::new();
        let key = StatKey {
            size: 3,
            mtime: Timestamp { secs: -5, nanos: 7 },
            inode: 9,
            mode: 0o644,
            header: 42,
        };
        cache.insert("a/b", key, Digest([7; 32]));
        cache.insert("c", key, Digest([1; 32]));
        let bytes = cache.to_bytes();
        assert_eq!(StatCache::from_bytes(&bytes).unwrap(), cache);
        assert!(StatCache::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert_eq!(cache.lookup("a/b", &key), Some(Digest([7; 32])));
        assert_eq!(cache.lookup("a/b", &StatKey { size: 4, ..key }), None);
    }
}

//! Content checksums with BuildKit's `contenthash` semantics.
//!
//! - A **file** hashes a tarsum-v1 header followed by its content. The header is the
//!   concatenation of `name` (always empty), `mode` (permission, setuid, setgid and sticky
//!   bits, decimal), `uid`, `gid`, `size` (regular files only), `typeflag` (tar type byte),
//!   `linkname` (symlink target), `uname`, `gname` (empty), `devmajor`, `devminor`, then
//!   `SCHILY.xattr.<name><value>` for each selected extended attribute in name order. The
//!   mtime and the name are not part of it.
//! - A **symlink** hashes only its header, so its target is what counts.
//! - A **directory** hashes `\0` + its own header checksum, then `\0` + name + checksum for
//!   each child in byte order of names (a child directory contributes its own recursive
//!   checksum). Checksums enter as their `sha256:<hex>` text. The context root's own header
//!   checksum is the digest of no bytes, as BuildKit's local source never sends the root.
//! - Context files count as owned by 0:0 by default ([`ChecksumOptions::reset_owner`]).

use std::fmt;
use std::io::Read;

use sha2::{Digest as _, Sha256};

use crate::context::{BuildContext, ContextError, FileKind, Stat};
use crate::ignore::PatternMatcher;
use crate::stat_cache::{StatCache, StatKey};
use crate::walk::{walk, WalkEntry};
use crate::{parallel, path};

/// A SHA-256 digest; displays as `sha256:<hex>`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest(pub [u8; 32]);

impl Digest {
    /// The SHA-256 digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self(Sha256::digest(bytes).into())
    }

    /// The lower-case hex encoding, without the `sha256:` prefix.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The `sha256:<hex>` text as bytes, without allocating.
    pub fn text(&self) -> [u8; 71] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 71];
        out[..7].copy_from_slice(b"sha256:");
        for (i, byte) in self.0.iter().enumerate() {
            out[7 + 2 * i] = HEX[usize::from(byte >> 4)];
            out[8 + 2 * i] = HEX[usize::from(byte & 15)];
        }
        out
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sha256:{}", self.to_hex())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// What enters a checksum besides the content.
#[derive(Debug, Clone, Copy)]
pub struct ChecksumOptions {
    /// Hash every entry as owned by uid 0 / gid 0, as BuildKit does for local context files.
    pub reset_owner: bool,
    /// Selects the extended attributes that enter the header.
    pub xattr_filter: fn(&str) -> bool,
}

/// The default xattr selection: everything except `security.selinux`, a host label that
/// the receiving side assigns itself.
pub fn default_xattr_filter(name: &str) -> bool {
    name != "security.selinux"
}

impl Default for ChecksumOptions {
    fn default() -> Self {
        Self { reset_owner: true, xattr_filter: default_xattr_filter }
    }
}

/// An error computing checksums.
#[derive(Debug, thiserror::Error)]
pub enum ChecksumError {
    /// Reading the context failed.
    #[error(transparent)]
    Context(#[from] ContextError),
    /// The path is not in the (filtered) context.
    #[error("{0}: not found in the build context")]
    NotFound(String),
    /// Entries given to [`ContentHashes::compute`] were not in walk order, or an entry came
    /// without its parent directory.
    #[error("{0}: entries are not in walk order")]
    Unordered(String),
    /// Following symlinks did not end.
    #[error("{0}: too many levels of symbolic links")]
    TooManyLinks(String),
}

fn typeflag(kind: FileKind) -> u8 {
    match kind {
        FileKind::File | FileKind::Socket => b'0',
        FileKind::Symlink => b'2',
        FileKind::CharDevice => b'3',
        FileKind::BlockDevice => b'4',
        FileKind::Dir => b'5',
        FileKind::Fifo => b'6',
    }
}

/// The tarsum-v1 header bytes of an entry (see the module docs).
pub fn header_bytes(stat: &Stat, options: &ChecksumOptions) -> Vec<u8> {
    let (uid, gid) = owner(stat, options);
    let size = if stat.kind == FileKind::File { stat.size } else { 0 };
    let mut h = Vec::with_capacity(96);
    h.extend_from_slice(b"name");
    h.extend_from_slice(format!("mode{}", stat.mode & 0o7777).as_bytes());
    h.extend_from_slice(format!("uid{uid}gid{gid}size{size}").as_bytes());
    h.extend_from_slice(b"typeflag");
    h.push(typeflag(stat.kind));
    h.extend_from_slice(b"linkname");
    if stat.kind == FileKind::Symlink {
        h.extend_from_slice(stat.link_target.as_deref().unwrap_or("").as_bytes());
    }
    h.extend_from_slice(b"unamegname");
    h.extend_from_slice(format!("devmajor{}devminor{}", stat.dev_major, stat.dev_minor).as_bytes());
    for (name, value) in &stat.xattrs {
        if (options.xattr_filter)(name) {
            h.extend_from_slice(b"SCHILY.xattr.");
            h.extend_from_slice(name.as_bytes());
            h.extend_from_slice(value);
        }
    }
    h
}

/// The checksum of one entry on its own: header plus content for a regular file, header only
/// for anything else (for a directory this is its header checksum, not the recursive one).
pub fn entry_checksum(
    ctx: &dyn BuildContext,
    path: &str,
    stat: &Stat,
    options: &ChecksumOptions,
) -> Result<Digest, ChecksumError> {
    let mut hasher = Sha256::new();
    hasher.update(header_bytes(stat, options));
    if stat.kind == FileKind::File {
        hash_content(ctx, path, stat.size, &mut hasher)?;
    }
    Ok(Digest(hasher.finalize().into()))
}

thread_local! {
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Feeds the content of the regular file at `path` into `hasher`. Reading stops after the
/// `size` bytes the stat reported (a file growing meanwhile is a race BuildKit has too); a
/// file that turns out shorter is hashed as it is.
fn hash_content(ctx: &dyn BuildContext, path: &str, size: u64, hasher: &mut Sha256) -> Result<(), ChecksumError> {
    const CHUNK: usize = 256 * 1024;
    let mut reader = ctx.open(path)?;
    READ_BUFFER.with(|cell| {
        let mut buf = cell.borrow_mut();
        if buf.len() < CHUNK {
            buf.resize(CHUNK, 0);
        }
        let mut remaining = size;
        while remaining > 0 {
            let want = remaining.min(CHUNK as u64) as usize;
            let n = match reader.read(&mut buf[..want]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(source) => return Err(ContextError::Io { path: path.to_string(), source }.into()),
            };
            hasher.update(&buf[..n]);
            remaining -= n as u64;
        }
        Ok(())
    })
}

/// Counters from one [`ContentHashes::compute`] run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HashStats {
    /// Regular files in the context.
    pub files: usize,
    /// Files whose content was read and hashed.
    pub files_read: usize,
    /// Bytes of content read.
    pub bytes_read: u64,
    /// Files whose checksum came from the stat cache.
    pub cache_hits: usize,
}

/// Checksums of every entry of a (filtered) context.
#[derive(Debug, Clone)]
pub struct ContentHashes {
    entries: Vec<WalkEntry>,
    digests: Vec<Digest>,
    root: Digest,
    stats: HashStats,
}

const MAX_LINK_HOPS: usize = 255;

/// The stat-cache key of a regular file under `options`.
fn stat_key(stat: &Stat, options: &ChecksumOptions) -> StatKey {
    let (uid, gid) = owner(stat, options);
    StatKey {
        size: stat.size,
        mtime: stat.mtime,
        inode: stat.inode,
        mode: stat.mode,
        uid,
        gid,
        xattrs: xattr_fingerprint(stat, options),
    }
}

fn owner(stat: &Stat, options: &ChecksumOptions) -> (u32, u32) {
    if options.reset_owner {
        (0, 0)
    } else {
        (stat.uid, stat.gid)
    }
}

/// FNV-1a over the selected xattrs (a stable function, so persisted caches stay valid).
fn xattr_fingerprint(stat: &Stat, options: &ChecksumOptions) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut any = false;
    for (name, value) in &stat.xattrs {
        if !(options.xattr_filter)(name) {
            continue;
        }
        any = true;
        let len = (value.len() as u64).to_le_bytes();
        for &b in name.as_bytes().iter().chain(&[0u8]).chain(&len).chain(value) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    if any {
        hash
    } else {
        0
    }
}

/// One open directory while folding children into directory checksums.
struct Frame<'a> {
    index: Option<usize>,
    path: &'a str,
    last_name: Option<&'a str>,
    hasher: Sha256,
}

impl<'a> Frame<'a> {
    fn new(index: Option<usize>, path: &'a str, header: &Digest) -> Self {
        let mut hasher = Sha256::new();
        hasher.update([0u8]);
        hasher.update(header.text());
        Self { index, path, last_name: None, hasher }
    }

    fn add_child(&mut self, name: &str, digest: &Digest) {
        self.hasher.update([0u8]);
        self.hasher.update(name.as_bytes());
        self.hasher.update(digest.text());
    }
}

impl ContentHashes {
    /// Walks `ctx` with `ignore` and checksums everything that is included.
    pub fn of_context(
        ctx: &dyn BuildContext,
        ignore: &PatternMatcher,
        options: &ChecksumOptions,
        cache: Option<&mut StatCache>,
    ) -> Result<Self, ChecksumError> {
        let entries = walk(ctx, ignore)?;
        Self::compute(ctx, entries, options, cache)
    }

    /// Checksums `entries`, which must be in walk order with every entry's parent directory
    /// listed (as [`walk`] produces them). Regular files are read in parallel on native
    /// targets; with a `cache`, files whose stat is unchanged are not read, and afterwards the
    /// cache holds exactly the files of this context.
    pub fn compute(
        ctx: &dyn BuildContext,
        entries: Vec<WalkEntry>,
        options: &ChecksumOptions,
        cache: Option<&mut StatCache>,
    ) -> Result<Self, ChecksumError> {
        let keys: Vec<Option<StatKey>> =
            entries.iter().map(|e| (e.stat.kind == FileKind::File).then(|| stat_key(&e.stat, options))).collect();
        let hits = match cache.as_deref() {
            Some(cache) => cache.lookup_sorted(entries.iter().zip(&keys).map(|(e, k)| k.map(|k| (e.path.as_str(), k)))),
            None => vec![None; entries.len()],
        };
        let work: Vec<(&WalkEntry, Option<Digest>)> = entries.iter().zip(hits).collect();
        let own = parallel::map(&work, |&(entry, hit)| -> Result<Digest, ChecksumError> {
            match hit {
                Some(digest) => Ok(digest),
                None => entry_checksum(ctx, &entry.path, &entry.stat, options),
            }
        });

        let mut stats = HashStats::default();
        let mut digests = Vec::with_capacity(entries.len());
        for ((entry, hit), digest) in work.iter().zip(own) {
            digests.push(digest?);
            if entry.stat.kind == FileKind::File {
                stats.files += 1;
                if hit.is_some() {
                    stats.cache_hits += 1;
                } else {
                    stats.files_read += 1;
                    stats.bytes_read += entry.stat.size;
                }
            }
        }
        drop(work);

        if let Some(cache) = cache {
            cache.replace(
                entries.iter().zip(&keys).zip(&digests).filter_map(|((e, k), d)| k.map(|k| (e.path.as_str(), k, *d))),
            );
        }

        let root = fold_directories(&entries, &mut digests)?;
        Ok(Self { entries, digests, root, stats })
    }

    /// The checksum of the whole context (`COPY . dest`).
    pub fn root(&self) -> Digest {
        self.root
    }

    /// What the run did: files read, cache hits, bytes.
    pub fn stats(&self) -> HashStats {
        self.stats
    }

    /// Number of entries (the root excluded).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the context has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every entry with its checksum, in walk order.
    pub fn iter(&self) -> impl Iterator<Item = (&WalkEntry, Digest)> + '_ {
        self.entries.iter().zip(self.digests.iter().copied())
    }

    fn find(&self, path: &str) -> Option<usize> {
        self.entries.binary_search_by(|e| path::cmp_walk_order(&e.path, path)).ok()
    }

    /// The checksum of the entry at `path` exactly as stored (a symlink's own checksum),
    /// without resolving symlinks anywhere in the path.
    pub fn get(&self, path: &str) -> Option<Digest> {
        let key = path::normalize(path);
        if key.is_empty() {
            return Some(self.root);
        }
        self.find(&key).map(|i| self.digests[i])
    }

    /// The checksum of a source path as BuildKit resolves it: symlinks in parent components
    /// are followed inside the context (absolute targets start at the context root, `..`
    /// stops at it); a symlink as the final component is followed when `follow_symlinks`
    /// is set (a COPY source) and hashed by its target string otherwise.
    pub fn checksum(&self, path: &str, follow_symlinks: bool) -> Result<Digest, ChecksumError> {
        let resolved = self.resolve(path, follow_symlinks)?;
        self.get(&resolved).ok_or(ChecksumError::NotFound(resolved))
    }

    fn resolve(&self, path: &str, follow_final: bool) -> Result<String, ChecksumError> {
        let mut pending: Vec<String> =
            path::normalize(path).split('/').filter(|c| !c.is_empty()).rev().map(str::to_string).collect();
        let mut current = String::new();
        let mut hops = 0;
        while let Some(component) = pending.pop() {
            match component.as_str() {
                "" | "." => continue,
                ".." => {
                    current = path::split(&current).0.to_string();
                    continue;
                }
                _ => {}
            }
            let candidate = path::join(&current, &component);
            let index = self.find(&candidate).ok_or_else(|| ChecksumError::NotFound(candidate.clone()))?;
            let stat = &self.entries[index].stat;
            if stat.kind == FileKind::Symlink && (follow_final || !pending.is_empty()) {
                hops += 1;
                if hops > MAX_LINK_HOPS {
                    return Err(ChecksumError::TooManyLinks(path.to_string()));
                }
                let target = stat.link_target.as_deref().unwrap_or("");
                if target.starts_with('/') {
                    current.clear();
                }
                pending.extend(target.split('/').rev().map(str::to_string));
                continue;
            }
            current = candidate;
        }
        Ok(current)
    }
}

/// Replaces each directory's header checksum in `digests` by its recursive checksum and
/// returns the root's, in one pass over the walk-ordered entries.
fn fold_directories(entries: &[WalkEntry], digests: &mut [Digest]) -> Result<Digest, ChecksumError> {
    let mut stack = vec![Frame::new(None, "", &Digest::of(&[]))];
    let close = |stack: &mut Vec<Frame<'_>>, digests: &mut [Digest]| {
        if let Some(frame) = stack.pop() {
            let digest = Digest(frame.hasher.finalize().into());
            if let (Some(index), Some(parent)) = (frame.index, stack.last_mut()) {
                digests[index] = digest;
                parent.add_child(path::split(frame.path).1, &digest);
            }
        }
    };
    for (i, entry) in entries.iter().enumerate() {
        let (parent, name) = path::split(&entry.path);
        while stack.len() > 1 && stack.last().is_some_and(|f| f.path != parent) {
            close(&mut stack, digests);
        }
        let top = stack.last_mut().ok_or_else(|| ChecksumError::Unordered(entry.path.clone()))?;
        if top.path != parent || top.last_name.is_some_and(|last| last >= name) {
            return Err(ChecksumError::Unordered(entry.path.clone()));
        }
        top.last_name = Some(name);
        if entry.stat.kind == FileKind::Dir {
            let header = digests[i];
            stack.push(Frame::new(Some(i), &entry.path, &header));
        } else {
            top.add_child(name, &digests[i]);
        }
    }
    while stack.len() > 1 {
        close(&mut stack, digests);
    }
    let root = stack.pop().map(|f| Digest(f.hasher.finalize().into()));
    root.ok_or_else(|| ChecksumError::Unordered(String::new()))
}

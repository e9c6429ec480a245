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

use std::collections::HashMap;
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
        Self {
            reset_owner: true,
            xattr_filter: default_xattr_filter,
        }
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
    let (uid, gid) = if options.reset_owner {
        (0, 0)
    } else {
        (stat.uid, stat.gid)
    };
    let size = if stat.kind == FileKind::File {
        stat.size
    } else {
        0
    };
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
        hash_content(ctx, path, &mut hasher)?;
    }
    Ok(Digest(hasher.finalize().into()))
}

fn hash_content(
    ctx: &dyn BuildContext,
    path: &str,
    hasher: &mut Sha256,
) -> Result<u64, ChecksumError> {
    let mut reader = ctx.open(path)?;
    let mut buf = vec![0u8; 128 * 1024];
    let mut total = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(source) => {
                return Err(ContextError::Io {
                    path: path.to_string(),
                    source,
                }
                .into())
            }
        };
        hasher.update(&buf[..n]);
        total += n as u64;
    }
}

/// Dir checksum: `\0` + header checksum, then `\0` + name + checksum per child (sorted).
fn dir_checksum<'a>(header: &Digest, children: impl Iterator<Item = (&'a str, Digest)>) -> Digest {
    let mut hasher = Sha256::new();
    hasher.update([0u8]);
    hasher.update(header.to_string().as_bytes());
    for (name, digest) in children {
        hasher.update([0u8]);
        hasher.update(name.as_bytes());
        hasher.update(digest.to_string().as_bytes());
    }
    Digest(hasher.finalize().into())
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

#[derive(Debug, Clone)]
struct Node {
    kind: FileKind,
    digest: Digest,
    link_target: Option<String>,
}

/// Checksums of every entry of a (filtered) context.
#[derive(Debug, Clone)]
pub struct ContentHashes {
    nodes: HashMap<String, Node>,
    root: Digest,
    stats: HashStats,
}

const MAX_LINK_HOPS: usize = 255;

impl ContentHashes {
    /// Walks `ctx` with `ignore` and checksums everything that is included.
    pub fn of_context(
        ctx: &dyn BuildContext,
        ignore: &PatternMatcher,
        options: &ChecksumOptions,
        cache: Option<&mut StatCache>,
    ) -> Result<Self, ChecksumError> {
        let entries = walk(ctx, ignore)?;
        Self::compute(ctx, &entries, options, cache)
    }

    /// Checksums `entries` (as produced by [`walk`]: every entry's parent directory is
    /// listed before it). Regular files are read in parallel on native targets; with a
    /// `cache`, files whose stat is unchanged are not read, and afterwards the cache holds
    /// exactly the files of this context.
    pub fn compute(
        ctx: &dyn BuildContext,
        entries: &[WalkEntry],
        options: &ChecksumOptions,
        cache: Option<&mut StatCache>,
    ) -> Result<Self, ChecksumError> {
        let cache_view = cache.as_deref();
        let own = parallel::map(
            entries,
            |entry| -> Result<(Digest, Option<StatKey>, bool), ChecksumError> {
                let header = header_bytes(&entry.stat, options);
                if entry.stat.kind != FileKind::File {
                    return Ok((Digest::of(&header), None, false));
                }
                let key = StatKey {
                    size: entry.stat.size,
                    mtime: entry.stat.mtime,
                    inode: entry.stat.inode,
                    mode: entry.stat.mode,
                    header: fingerprint(&header),
                };
                if let Some(digest) = cache_view.and_then(|c| c.lookup(&entry.path, &key)) {
                    return Ok((digest, Some(key), false));
                }
                let mut hasher = Sha256::new();
                hasher.update(&header);
                hash_content(ctx, &entry.path, &mut hasher)?;
                Ok((Digest(hasher.finalize().into()), Some(key), true))
            },
        );

        let mut stats = HashStats::default();
        let mut digests = Vec::with_capacity(entries.len());
        let mut keys = Vec::with_capacity(entries.len());
        for (entry, result) in entries.iter().zip(own) {
            let (digest, key, read) = result?;
            if entry.stat.kind == FileKind::File {
                stats.files += 1;
                if read {
                    stats.files_read += 1;
                    stats.bytes_read += entry.stat.size;
                } else {
                    stats.cache_hits += 1;
                }
            }
            digests.push(digest);
            keys.push(key);
        }

        if let Some(cache) = cache {
            let mut live = std::collections::HashSet::with_capacity(entries.len());
            for ((entry, key), digest) in entries.iter().zip(&keys).zip(&digests) {
                if let Some(key) = key {
                    cache.insert(&entry.path, *key, *digest);
                    live.insert(entry.path.as_str());
                }
            }
            cache.retain(|p| live.contains(p));
        }

        // Children of each directory, by index; `usize::MAX` stands for the root.
        let index: HashMap<&str, usize> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.path.as_str(), i))
            .collect();
        let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            let (parent, _) = path::split(&entry.path);
            let parent_index = if parent.is_empty() {
                usize::MAX
            } else {
                *index
                    .get(parent)
                    .ok_or_else(|| ChecksumError::NotFound(parent.to_string()))?
            };
            children.entry(parent_index).or_default().push(i);
        }
        for list in children.values_mut() {
            list.sort_by(|a, b| {
                path::split(&entries[*a].path)
                    .1
                    .cmp(path::split(&entries[*b].path).1)
            });
        }
        let child_digests =
            |list: Option<&Vec<usize>>, digests: &[Digest]| -> Vec<(usize, Digest)> {
                list.map(|l| l.iter().map(|&c| (c, digests[c])).collect())
                    .unwrap_or_default()
            };
        for i in (0..entries.len()).rev() {
            if entries[i].stat.kind == FileKind::Dir {
                let kids = child_digests(children.get(&i), &digests);
                digests[i] = dir_checksum(
                    &digests[i],
                    kids.iter()
                        .map(|(c, d)| (path::split(&entries[*c].path).1, *d)),
                );
            }
        }
        let kids = child_digests(children.get(&usize::MAX), &digests);
        let root = dir_checksum(
            &Digest::of(&[]),
            kids.iter()
                .map(|(c, d)| (path::split(&entries[*c].path).1, *d)),
        );

        let nodes = entries
            .iter()
            .zip(digests)
            .map(|(entry, digest)| {
                (
                    entry.path.clone(),
                    Node {
                        kind: entry.stat.kind,
                        digest,
                        link_target: entry.stat.link_target.clone(),
                    },
                )
            })
            .collect();
        Ok(Self { nodes, root, stats })
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
        self.nodes.len()
    }

    /// Whether the context has no entries.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The checksum of the entry at `path` exactly as stored (a symlink's own checksum),
    /// without resolving symlinks anywhere in the path.
    pub fn get(&self, path: &str) -> Option<Digest> {
        let key = path::normalize(path);
        if key.is_empty() {
            return Some(self.root);
        }
        self.nodes.get(&key).map(|n| n.digest)
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
        let mut pending: Vec<String> = path::normalize(path)
            .split('/')
            .filter(|c| !c.is_empty())
            .rev()
            .map(str::to_string)
            .collect();
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
            let node = self
                .nodes
                .get(&candidate)
                .ok_or_else(|| ChecksumError::NotFound(candidate.clone()))?;
            if node.kind == FileKind::Symlink && (follow_final || !pending.is_empty()) {
                hops += 1;
                if hops > MAX_LINK_HOPS {
                    return Err(ChecksumError::TooManyLinks(path.to_string()));
                }
                let target = node.link_target.as_deref().unwrap_or("");
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

fn fingerprint(header: &[u8]) -> u64 {
    let digest = Sha256::digest(header);
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(first)
}

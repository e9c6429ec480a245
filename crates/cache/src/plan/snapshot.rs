//! [`ContextSnapshot`]: the checksummed, `.dockerignore`-filtered state of a build context,
//! and the checksum of what a COPY source or bind-mount source selects in it.

use std::sync::Arc;

use sha2::{Digest as _, Sha256};

use crate::checksum::{ChecksumError, ChecksumOptions, ContentHashes};
use crate::context::{BuildContext, ContextError, FileKind};
use crate::ignore::{DockerIgnore, IgnoreError, Pattern, PatternMatcher};
use crate::path;
use crate::stat_cache::StatCache;
use crate::WalkEntry;

/// What a source selector checksums to when nothing in the context matches it (BuildKit
/// fails the step; the plan keeps going and shows this value).
pub const MISSING: &str = "missing";

/// An error taking a snapshot.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The `.dockerignore` file is invalid or unreadable.
    #[error(transparent)]
    Ignore(#[from] IgnoreError),
    /// Checksumming failed.
    #[error(transparent)]
    Checksum(#[from] ChecksumError),
}

/// Checksums of every file a build may read from one context, after `.dockerignore`.
/// Cheap to clone (shared).
#[derive(Debug, Clone)]
pub struct ContextSnapshot {
    hashes: Arc<ContentHashes>,
    ignore: Arc<PatternMatcher>,
}

impl ContextSnapshot {
    /// Wraps checksums computed by the caller.
    pub fn new(hashes: ContentHashes) -> Self {
        Self { hashes: Arc::new(hashes), ignore: Arc::new(PatternMatcher::default()) }
    }

    /// Loads `.dockerignore` as BuildKit does (`<Dockerfile>.dockerignore` first, see
    /// [`DockerIgnore::load`]) and checksums the filtered context, reusing `stat_cache`
    /// for unchanged files.
    pub fn load(
        context: &dyn BuildContext,
        dockerfile: Option<(&dyn BuildContext, &str)>,
        stat_cache: Option<&mut StatCache>,
    ) -> Result<Self, SnapshotError> {
        let ignore = DockerIgnore::load(context, dockerfile)?;
        let hashes = ContentHashes::of_context(context, ignore.matcher(), &ChecksumOptions::default(), stat_cache)?;
        Ok(Self { hashes: Arc::new(hashes), ignore: Arc::new(ignore.matcher().clone()) })
    }

    /// The snapshot after `changed` context paths were modified, added or deleted, without
    /// walking the whole context again: only those paths are stat-ed, and `stat_cache`
    /// (filled by the snapshot this one derives from) spares re-reading everything else.
    /// This is what an editor, a file watcher or a what-if edit knows. A change that the
    /// entry list cannot absorb — a new directory, a changed `.dockerignore` — falls back to
    /// a full walk with the same ignore rules (a changed ignore file is re-read from the
    /// context root).
    pub fn refresh(
        &self,
        context: &dyn BuildContext,
        changed: &[String],
        stat_cache: &mut StatCache,
    ) -> Result<Self, SnapshotError> {
        let options = ChecksumOptions::default();
        let full = |matcher: &PatternMatcher, cache: &mut StatCache| -> Result<Self, SnapshotError> {
            let hashes = ContentHashes::of_context(context, matcher, &options, Some(cache))?;
            Ok(Self { hashes: Arc::new(hashes), ignore: Arc::new(matcher.clone()) })
        };
        if changed.iter().any(|p| path::split(&path::normalize(p)).1.ends_with(".dockerignore")) {
            return Self::load(context, None, Some(stat_cache));
        }
        let mut entries: Vec<WalkEntry> = self.hashes.iter().map(|(entry, _)| entry.clone()).collect();
        for changed_path in changed {
            let key = path::normalize(changed_path);
            if key.is_empty() {
                return full(&self.ignore, stat_cache);
            }
            let position = entries.binary_search_by(|e| path::cmp_walk_order(&e.path, &key));
            let stat = match context.stat(&key) {
                Ok(stat) => Some(stat),
                Err(ContextError::NotFound(_)) => None,
                Err(error) => return Err(SnapshotError::Checksum(error.into())),
            };
            match (stat, position) {
                (None, Ok(index)) => {
                    let end = entries[index..]
                        .iter()
                        .position(|e| !under(&key, &e.path))
                        .map_or(entries.len(), |n| index + n);
                    entries.drain(index..end);
                }
                (None, Err(_)) => {}
                (Some(_), _) if self.ignore.is_excluded(&key) => {}
                (Some(stat), Ok(index))
                    if (stat.kind == FileKind::Dir) == (entries[index].stat.kind == FileKind::Dir) =>
                {
                    entries[index].stat = stat;
                }
                (Some(stat), Err(index)) if stat.kind != FileKind::Dir => {
                    let parent = path::split(&key).0;
                    let parent_listed = parent.is_empty()
                        || entries.binary_search_by(|e| path::cmp_walk_order(&e.path, parent)).is_ok();
                    if !parent_listed {
                        return full(&self.ignore, stat_cache);
                    }
                    entries.insert(index, WalkEntry { path: key, stat });
                }
                (Some(_), _) => return full(&self.ignore, stat_cache),
            }
        }
        let hashes = ContentHashes::compute(context, entries, &options, Some(stat_cache))?;
        Ok(Self { hashes: Arc::new(hashes), ignore: self.ignore.clone() })
    }

    /// The underlying checksums.
    pub fn hashes(&self) -> &ContentHashes {
        &self.hashes
    }

    /// The checksum of what `source` selects, as text (`sha256:…`, or [`MISSING`]).
    ///
    /// A plain path is BuildKit's `Checksum(path, FollowLinks)`: the path's own content
    /// checksum, a directory's covering everything below it. A wildcard (`*`, `?`, `[`)
    /// or `--exclude` patterns select several entries: their relative paths and
    /// checksums are hashed together, in walk order. That value differs from BuildKit's
    /// `ChecksumWildcard` / include-pattern digests but changes exactly when they do.
    pub fn source_checksum(&self, source: &str, excludes: &[String]) -> String {
        let source = path::normalize(source);
        let wildcard = source.contains(['*', '?', '[']);
        if !wildcard && excludes.is_empty() {
            return self.hashes.checksum(&source, true).map_or_else(|_| MISSING.to_string(), |d| d.to_string());
        }
        let pattern = if wildcard { Pattern::new(&source).ok().flatten() } else { None };
        let exclude = PatternMatcher::new(excludes.iter()).unwrap_or_default();
        let mut hasher = Sha256::new();
        let mut any = false;
        let mut covered: Option<String> = None;
        for (entry, digest) in self.hashes.iter() {
            let selected_root = match &pattern {
                Some(p) => {
                    if covered.as_deref().is_some_and(|root| entry.path.starts_with(&format!("{root}/"))) {
                        covered.clone()
                    } else if p.matches(&entry.path) {
                        covered = Some(entry.path.clone());
                        covered.clone()
                    } else {
                        None
                    }
                }
                None => under(&source, &entry.path).then(|| source.clone()),
            };
            let Some(root) = selected_root else { continue };
            let relative = entry.path.strip_prefix(&root).unwrap_or("").trim_start_matches('/');
            if !relative.is_empty() && exclude.is_excluded(relative) {
                continue;
            }
            if !excludes.is_empty() && entry.stat.kind == FileKind::Dir {
                continue; // a directory's checksum would include the excluded children
            }
            any = true;
            hasher.update(entry.path.as_bytes());
            hasher.update([0]);
            hasher.update(digest.text());
        }
        if any {
            format!("sha256:{}", hex::encode(hasher.finalize()))
        } else {
            MISSING.to_string()
        }
    }

    /// Regular files and symlinks with their checksums, in walk order.
    pub fn files(&self) -> impl Iterator<Item = (&str, crate::checksum::Digest)> + '_ {
        self.hashes.iter().filter(|(e, _)| e.stat.kind != FileKind::Dir).map(|(e, d)| (e.path.as_str(), d))
    }
}

/// Whether `entry` is `source` or below it (`""` is the root, above everything).
pub(crate) fn under(source: &str, entry: &str) -> bool {
    source.is_empty()
        || entry == source
        || (entry.len() > source.len() && entry.starts_with(source) && entry.as_bytes()[source.len()] == b'/')
}

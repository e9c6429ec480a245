//! [`ContextSnapshot`]: the checksummed, `.dockerignore`-filtered state of a build context,
//! and the checksum of what a COPY source or bind-mount source selects in it.

use std::sync::Arc;

use sha2::{Digest as _, Sha256};

use crate::checksum::{ChecksumError, ChecksumOptions, ContentHashes};
use crate::context::{BuildContext, FileKind};
use crate::ignore::{DockerIgnore, IgnoreError, Pattern, PatternMatcher};
use crate::path;
use crate::stat_cache::StatCache;

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
}

impl ContextSnapshot {
    /// Wraps checksums computed by the caller.
    pub fn new(hashes: ContentHashes) -> Self {
        Self { hashes: Arc::new(hashes) }
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
        Ok(Self::new(hashes))
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

//! Store integrity checks, reachability and pruning, shared by every [`BlobStore`].

use std::collections::BTreeSet;

use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::oci::{media_type, Descriptor, ImageIndex, ImageManifest};
use crate::store::BlobStore;

/// What [`BlobStore::check`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Blobs whose digest was verified.
    pub blobs: usize,
    /// Blobs whose contents do not match their name.
    pub corrupt: Vec<Digest>,
    /// Referenced blobs that are absent.
    pub missing: Vec<MissingBlob>,
    /// Leftover temporary files (from interrupted writes) that were removed.
    pub temp_files_removed: usize,
}

impl CheckReport {
    /// Whether the store is consistent.
    pub fn is_ok(&self) -> bool {
        self.corrupt.is_empty() && self.missing.is_empty()
    }
}

/// A referenced blob that the store lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingBlob {
    /// The absent blob.
    pub digest: Digest,
    /// Who refers to it: a reference name or a manifest digest.
    pub referenced_by: String,
}

/// The descriptors a manifest or index blob points at (nothing for other media types).
pub fn children(descriptor: &Descriptor, bytes: &[u8]) -> Result<Vec<Descriptor>> {
    if media_type::is_manifest(&descriptor.media_type) {
        let manifest: ImageManifest = serde_json::from_slice(bytes)?;
        let mut out = vec![manifest.config];
        out.extend(manifest.layers);
        Ok(out)
    } else if media_type::is_index(&descriptor.media_type) {
        let index: ImageIndex = serde_json::from_slice(bytes)?;
        Ok(index.manifests)
    } else {
        Ok(Vec::new())
    }
}

/// Walks everything reachable from the references; calls `missing` for absent blobs.
fn walk<S: BlobStore + ?Sized>(store: &S, mut missing: impl FnMut(MissingBlob)) -> Result<BTreeSet<Digest>> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<(Descriptor, String)> = store.refs()?.into_iter().map(|(name, d)| (d, name)).collect();
    while let Some((descriptor, parent)) = stack.pop() {
        if !seen.insert(descriptor.digest.clone()) {
            continue;
        }
        match store.get(&descriptor.digest) {
            Ok(bytes) => {
                let owner = descriptor.digest.to_string();
                for child in children(&descriptor, &bytes)? {
                    stack.push((child, owner.clone()));
                }
            }
            Err(Error::BlobNotFound(digest)) => missing(MissingBlob { digest, referenced_by: parent }),
            Err(other) => return Err(other),
        }
    }
    Ok(seen)
}

/// Every blob reachable from the references (present or not).
pub fn reachable<S: BlobStore + ?Sized>(store: &S) -> Result<BTreeSet<Digest>> {
    walk(store, |_| {})
}

/// Verifies all blobs and all references; the default [`BlobStore::check`].
pub fn check<S: BlobStore + ?Sized>(store: &S) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    for digest in store.list()? {
        let bytes = store.get(&digest)?;
        if digest.verify(&bytes).is_ok() {
            report.blobs += 1;
        } else {
            report.corrupt.push(digest);
        }
    }
    walk(store, |m| report.missing.push(m))?;
    Ok(report)
}

/// Deletes every blob not in `keep`; the default [`BlobStore::prune`].
pub fn prune<S: BlobStore + ?Sized>(store: &S, keep: &BTreeSet<Digest>) -> Result<Vec<Digest>> {
    let mut removed = Vec::new();
    for digest in store.list()? {
        if !keep.contains(&digest) && store.remove(&digest)? {
            removed.push(digest);
        }
    }
    Ok(removed)
}

/// Prunes everything the references do not reach.
pub fn collect_garbage<S: BlobStore + ?Sized>(store: &S) -> Result<Vec<Digest>> {
    let keep = reachable(store)?;
    store.prune(&keep)
}

//! Content-addressed blob storage.

pub mod check;
pub mod memory;

use std::collections::{BTreeMap, BTreeSet};

pub use check::{CheckReport, MissingBlob};
pub use memory::MemoryStore;

use crate::digest::Digest;
use crate::error::Result;
use crate::oci::Descriptor;

/// A content-addressed store of blobs plus named references to manifests (image tags).
///
/// Blobs are keyed by their digest; writing verifies the bytes against it. Implementations are
/// shareable (`&self`) and must never expose a half-written blob.
pub trait BlobStore {
    /// Stores `data` under `expected`, failing with [`crate::Error::DigestMismatch`] if the
    /// bytes do not hash to it. Storing an existing blob again is a no-op.
    fn put_verified(&self, expected: &Digest, data: &[u8]) -> Result<()>;

    /// Stores `data` and returns its digest.
    fn put(&self, data: &[u8]) -> Result<Digest> {
        let digest = Digest::sha256(data);
        self.put_verified(&digest, data)?;
        Ok(digest)
    }

    /// The blob's bytes, or [`crate::Error::BlobNotFound`].
    fn get(&self, digest: &Digest) -> Result<Vec<u8>>;

    /// Whether the blob is present.
    fn contains(&self, digest: &Digest) -> Result<bool>;

    /// Every stored digest, sorted.
    fn list(&self) -> Result<Vec<Digest>>;

    /// Deletes a blob; returns whether it was there.
    fn remove(&self, digest: &Digest) -> Result<bool>;

    /// The named references (name → manifest or index descriptor), sorted by name.
    fn refs(&self) -> Result<BTreeMap<String, Descriptor>>;

    /// Points `name` at a stored manifest or index.
    fn set_ref(&self, name: &str, target: &Descriptor) -> Result<()>;

    /// Removes a reference; returns whether it existed.
    fn remove_ref(&self, name: &str) -> Result<bool>;

    /// Verifies every blob's digest and that everything the references reach is present.
    fn check(&self) -> Result<CheckReport> {
        check::check(self)
    }

    /// Deletes every blob not in `keep`; returns the deleted digests.
    fn prune(&self, keep: &BTreeSet<Digest>) -> Result<Vec<Digest>> {
        check::prune(self, keep)
    }
}

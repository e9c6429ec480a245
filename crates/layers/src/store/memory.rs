//! An in-memory blob store.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::oci::Descriptor;
use crate::store::BlobStore;

/// A [`BlobStore`] in memory (the browser's and the tests' store).
#[derive(Debug, Default)]
pub struct MemoryStore {
    blobs: Mutex<BTreeMap<Digest, Arc<[u8]>>>,
    refs: Mutex<BTreeMap<String, Descriptor>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Total bytes stored.
    pub fn total_size(&self) -> u64 {
        lock(&self.blobs).values().map(|b| b.len() as u64).sum()
    }
}

impl BlobStore for MemoryStore {
    fn put_verified(&self, expected: &Digest, data: &[u8]) -> Result<()> {
        expected.verify(data)?;
        lock(&self.blobs).entry(expected.clone()).or_insert_with(|| data.into());
        Ok(())
    }

    fn get(&self, digest: &Digest) -> Result<Vec<u8>> {
        lock(&self.blobs).get(digest).map(|b| b.to_vec()).ok_or_else(|| Error::BlobNotFound(digest.clone()))
    }

    fn contains(&self, digest: &Digest) -> Result<bool> {
        Ok(lock(&self.blobs).contains_key(digest))
    }

    fn list(&self) -> Result<Vec<Digest>> {
        Ok(lock(&self.blobs).keys().cloned().collect())
    }

    fn remove(&self, digest: &Digest) -> Result<bool> {
        Ok(lock(&self.blobs).remove(digest).is_some())
    }

    fn refs(&self) -> Result<BTreeMap<String, Descriptor>> {
        Ok(lock(&self.refs).clone())
    }

    fn set_ref(&self, name: &str, target: &Descriptor) -> Result<()> {
        lock(&self.refs).insert(name.to_owned(), target.clone());
        Ok(())
    }

    fn remove_ref(&self, name: &str) -> Result<bool> {
        Ok(lock(&self.refs).remove(name).is_some())
    }
}

//! The on-disk blob store: an OCI image layout plus a lock file and a temporary directory.
//!
//! ```text
//! root/oci-layout
//! root/index.json          named references (`org.opencontainers.image.ref.name`)
//! root/blobs/sha256/<hex>  content-addressed blobs
//! root/tmp/                writes in progress
//! root/lock                flock: shared while writing a blob, exclusive to change
//!                          index.json, delete blobs, or check (which clears tmp/)
//! ```
//!
//! Every file is written to `tmp/`, synced, renamed into place and its directory synced, so a
//! crash at any point leaves a valid store plus, at worst, stray files in `tmp/` that
//! [`BlobStore::check`] removes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::native::atomic::{sync_dir, write_atomic};
use crate::oci::{to_canonical_json, Descriptor, ImageIndex, OciLayout, ANNOTATION_REF_NAME};
use crate::store::{check, BlobStore, CheckReport};

/// A [`BlobStore`] in a directory, shareable by several processes.
#[derive(Debug)]
pub struct DiskStore {
    root: PathBuf,
}

/// Holds the store's lock until dropped (closing the file releases it).
struct LockGuard {
    _file: File,
}

fn io(context: &str, path: &Path, e: std::io::Error) -> Error {
    Error::io(format!("{context} {}", path.display()), e)
}

impl DiskStore {
    /// Opens (creating if needed) the store at `root`.
    pub fn open(root: impl Into<PathBuf>) -> Result<Self> {
        let store = DiskStore { root: root.into() };
        for dir in [store.blob_dir(), store.temp_dir()] {
            fs::create_dir_all(&dir).map_err(|e| io("creating", &dir, e))?;
        }
        let _guard = store.lock(true)?;
        let layout = store.root.join("oci-layout");
        if !layout.exists() {
            write_atomic(&store.temp_dir(), &layout, &to_canonical_json(&OciLayout::default())?)?;
        }
        if !store.index_path().exists() {
            store.write_index(&ImageIndex::new(Vec::new()))?;
        }
        Ok(store)
    }

    /// The store's directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where a blob lives.
    pub fn blob_path(&self, digest: &Digest) -> PathBuf {
        self.blob_dir().join(digest.hex())
    }

    fn blob_dir(&self) -> PathBuf {
        self.root.join("blobs").join("sha256")
    }

    fn temp_dir(&self) -> PathBuf {
        self.root.join("tmp")
    }

    fn index_path(&self) -> PathBuf {
        self.root.join("index.json")
    }

    fn lock(&self, exclusive: bool) -> Result<LockGuard> {
        let path = self.root.join("lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io("opening", &path, e))?;
        let locked = if exclusive { file.lock() } else { file.lock_shared() };
        locked.map_err(|e| io("locking", &path, e))?;
        Ok(LockGuard { _file: file })
    }

    fn read_index(&self) -> Result<ImageIndex> {
        let path = self.index_path();
        let bytes = fs::read(&path).map_err(|e| io("reading", &path, e))?;
        Ok(serde_json::from_slice(&bytes)?)
    }

    fn write_index(&self, index: &ImageIndex) -> Result<()> {
        write_atomic(&self.temp_dir(), &self.index_path(), &to_canonical_json(index)?)
    }

    /// Removes leftovers of interrupted writes; the caller holds the exclusive lock.
    fn clean_temp(&self) -> Result<usize> {
        let dir = self.temp_dir();
        let mut removed = 0;
        for entry in fs::read_dir(&dir).map_err(|e| io("reading", &dir, e))? {
            let entry = entry.map_err(|e| io("reading", &dir, e))?;
            fs::remove_file(entry.path()).map_err(|e| io("removing", &entry.path(), e))?;
            removed += 1;
        }
        Ok(removed)
    }

    fn remove_unlocked(&self, digest: &Digest) -> Result<bool> {
        let path = self.blob_path(digest);
        match fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
            Err(e) => Err(io("removing", &path, e)),
        }
    }
}

impl BlobStore for DiskStore {
    fn put_verified(&self, expected: &Digest, data: &[u8]) -> Result<()> {
        expected.verify(data)?;
        let _guard = self.lock(false)?;
        let path = self.blob_path(expected);
        if path.exists() {
            return Ok(());
        }
        write_atomic(&self.temp_dir(), &path, data)
    }

    fn get(&self, digest: &Digest) -> Result<Vec<u8>> {
        let path = self.blob_path(digest);
        match fs::read(&path) {
            Ok(bytes) => Ok(bytes),
            Err(e) if e.kind() == ErrorKind::NotFound => Err(Error::BlobNotFound(digest.clone())),
            Err(e) => Err(io("reading", &path, e)),
        }
    }

    fn contains(&self, digest: &Digest) -> Result<bool> {
        Ok(self.blob_path(digest).is_file())
    }

    fn list(&self) -> Result<Vec<Digest>> {
        let dir = self.blob_dir();
        let mut out = Vec::new();
        for entry in fs::read_dir(&dir).map_err(|e| io("reading", &dir, e))? {
            let entry = entry.map_err(|e| io("reading", &dir, e))?;
            if let Some(digest) = entry.file_name().to_str().and_then(|name| Digest::from_hex(name).ok()) {
                out.push(digest);
            }
        }
        out.sort();
        Ok(out)
    }

    fn remove(&self, digest: &Digest) -> Result<bool> {
        let _guard = self.lock(true)?;
        let removed = self.remove_unlocked(digest)?;
        sync_dir(&self.blob_dir())?;
        Ok(removed)
    }

    fn refs(&self) -> Result<BTreeMap<String, Descriptor>> {
        Ok(self
            .read_index()?
            .manifests
            .into_iter()
            .filter_map(|mut d| {
                let name = d.annotations.remove(ANNOTATION_REF_NAME)?;
                Some((name, d))
            })
            .collect())
    }

    fn set_ref(&self, name: &str, target: &Descriptor) -> Result<()> {
        let _guard = self.lock(true)?;
        let mut index = self.read_index()?;
        index.manifests.retain(|d| d.annotations.get(ANNOTATION_REF_NAME).map(String::as_str) != Some(name));
        index.manifests.push(target.clone().with_annotation(ANNOTATION_REF_NAME, name));
        index
            .manifests
            .sort_by(|a, b| a.annotations.get(ANNOTATION_REF_NAME).cmp(&b.annotations.get(ANNOTATION_REF_NAME)));
        self.write_index(&index)
    }

    fn remove_ref(&self, name: &str) -> Result<bool> {
        let _guard = self.lock(true)?;
        let mut index = self.read_index()?;
        let before = index.manifests.len();
        index.manifests.retain(|d| d.annotations.get(ANNOTATION_REF_NAME).map(String::as_str) != Some(name));
        let removed = index.manifests.len() != before;
        if removed {
            self.write_index(&index)?;
        }
        Ok(removed)
    }

    /// Clears leftovers of interrupted writes, then verifies every blob and reference.
    fn check(&self) -> Result<CheckReport> {
        let _guard = self.lock(true)?;
        let temp_files_removed = self.clean_temp()?;
        let mut report = check::check(self)?;
        report.temp_files_removed = temp_files_removed;
        Ok(report)
    }

    fn prune(&self, keep: &BTreeSet<Digest>) -> Result<Vec<Digest>> {
        let _guard = self.lock(true)?;
        let mut removed = Vec::new();
        for digest in self.list()? {
            if !keep.contains(&digest) && self.remove_unlocked(&digest)? {
                removed.push(digest);
            }
        }
        sync_dir(&self.blob_dir())?;
        Ok(removed)
    }
}

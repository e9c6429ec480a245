//! Importing OCI-layout tars and docker archives into a blob store.
//!
//! The archive is read with [`ReadOptions::archive`]: no absolute or `..` names, no entries
//! through links, no symbolic links leaving the archive, no device nodes. Every blob is checked
//! against its digest (OCI layouts) or its diff id (docker archives) before it is stored.

use std::io::Read;

use crate::apply::flatten;
use crate::compress::{decompress, Compression};
use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::export::docker_archive::DockerManifestEntry;
use crate::node::NodeKind;
use crate::oci::{
    media_type, to_canonical_json, Descriptor, ImageConfig, ImageIndex, ImageManifest, Platform, ANNOTATION_REF_NAME,
};
use crate::path::TreePath;
use crate::store::BlobStore;
use crate::tar_read::{read_tar, ReadOptions};
use crate::tree::Tree;

/// An image found in an archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedImage {
    /// Its name (`ref.name` annotation or a docker `RepoTags` entry), if any.
    pub name: Option<String>,
    /// Its manifest (or index) descriptor, now in the store.
    pub descriptor: Descriptor,
}

/// Reads an archive safely into a tree (nothing is written anywhere).
pub fn read_archive<R: Read>(reader: R) -> Result<Tree> {
    let layer = read_tar(reader, &ReadOptions::archive())?;
    flatten([&layer])
}

/// Imports a docker archive (if it has `manifest.json`) or an OCI layout tar into `store`,
/// sets a reference for every named image, and returns the images.
pub fn import_archive<R: Read, S: BlobStore + ?Sized>(reader: R, store: &S) -> Result<Vec<ImportedImage>> {
    let tree = read_archive(reader)?;
    let images = if file(&tree, "manifest.json").is_ok() {
        import_docker(&tree, store)?
    } else if file(&tree, "oci-layout").is_ok() {
        import_oci(&tree, store)?
    } else {
        return Err(Error::InvalidArchive(
            "neither `manifest.json` (docker archive) nor `oci-layout` (OCI layout) found".to_owned(),
        ));
    };
    for image in &images {
        if let Some(name) = &image.name {
            store.set_ref(name, &image.descriptor)?;
        }
    }
    Ok(images)
}

/// The contents of a regular file of the archive, following links inside it.
fn file<'a>(tree: &'a Tree, path: &str) -> Result<&'a [u8]> {
    let missing = || Error::InvalidArchive(format!("missing file `{path}`"));
    let path = TreePath::normalize(path).map_err(|_| missing())?;
    match tree.resolve(&path) {
        Some((_, node)) => match &node.kind {
            NodeKind::File(data) => Ok(data),
            _ => Err(Error::InvalidArchive(format!("`{path}` is not a file"))),
        },
        None => Err(missing()),
    }
}

fn import_oci<S: BlobStore + ?Sized>(tree: &Tree, store: &S) -> Result<Vec<ImportedImage>> {
    let layout: serde_json::Value = serde_json::from_slice(file(tree, "oci-layout")?)?;
    if layout.get("imageLayoutVersion").is_none() {
        return Err(Error::InvalidArchive("`oci-layout` lacks imageLayoutVersion".to_owned()));
    }
    let index: ImageIndex = serde_json::from_slice(file(tree, "index.json")?)?;
    let blobs = TreePath::new("blobs/sha256")?;
    for (path, _) in tree.children(&blobs) {
        let name = path.file_name().unwrap_or_default();
        let digest = Digest::from_hex(name)
            .map_err(|_| Error::InvalidArchive(format!("`{path}` is not named by a sha256 digest")))?;
        let data = file(tree, path.as_str())?;
        store.put_verified(&digest, data).map_err(|e| match e {
            Error::DigestMismatch { .. } => Error::InvalidArchive(format!("`{path}` does not match its digest")),
            other => other,
        })?;
    }
    index
        .manifests
        .into_iter()
        .map(|descriptor| {
            if !store.contains(&descriptor.digest)? {
                return Err(Error::InvalidArchive(format!(
                    "index.json names {} but the blob is missing",
                    descriptor.digest
                )));
            }
            Ok(ImportedImage { name: descriptor.annotations.get(ANNOTATION_REF_NAME).cloned(), descriptor })
        })
        .collect()
}

fn import_docker<S: BlobStore + ?Sized>(tree: &Tree, store: &S) -> Result<Vec<ImportedImage>> {
    let entries: Vec<DockerManifestEntry> = serde_json::from_slice(file(tree, "manifest.json")?)?;
    let mut images = Vec::new();
    for entry in entries {
        let config_bytes = file(tree, &entry.config)?;
        let config: ImageConfig = serde_json::from_slice(config_bytes)?;
        if config.rootfs.diff_ids.len() != entry.layers.len() {
            return Err(Error::InvalidArchive(format!(
                "`{}` lists {} diff ids for {} layers",
                entry.config,
                config.rootfs.diff_ids.len(),
                entry.layers.len()
            )));
        }
        let mut layers = Vec::new();
        for (path, diff_id) in entry.layers.iter().zip(&config.rootfs.diff_ids) {
            let blob = file(tree, path)?;
            let tar = decompress(blob)?;
            diff_id
                .verify(&tar)
                .map_err(|_| Error::InvalidArchive(format!("layer `{path}` does not match diff id {diff_id}")))?;
            let digest = store.put(blob)?;
            let media = Compression::detect(blob).layer_media_type();
            layers.push(Descriptor::new(media, digest, blob.len() as u64));
        }
        let config_digest = store.put(config_bytes)?;
        let config_descriptor = Descriptor::new(media_type::OCI_CONFIG, config_digest, config_bytes.len() as u64);
        let manifest = to_canonical_json(&ImageManifest::new(config_descriptor, layers))?;
        let mut descriptor = Descriptor::of(media_type::OCI_MANIFEST, &manifest);
        descriptor.platform = Some(Platform::new(&config.os, &config.architecture));
        store.put_verified(&descriptor.digest, &manifest)?;
        if entry.repo_tags.is_empty() {
            images.push(ImportedImage { name: None, descriptor: descriptor.clone() });
        }
        for tag in entry.repo_tags {
            images.push(ImportedImage { name: Some(tag), descriptor: descriptor.clone() });
        }
    }
    Ok(images)
}

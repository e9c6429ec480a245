//! The image store as the engine sees it: image names and digests resolved through a
//! [`BlobStore`]'s references, and cache records (a step's key → its layer) kept as references
//! named `slipway.cache/<key>`, so pruning keeps exactly the layers some record or image uses.

use std::collections::BTreeMap;

use slipway_layers::image::{read_image, Image};
use slipway_layers::oci::{media_type, Descriptor, ImageIndex};
use slipway_layers::{BlobStore, Digest};

use crate::error::{BuildError, Result};
use crate::keys::CacheKey;
use crate::options::Platform;

/// Reference-name prefix of cache records.
pub const CACHE_REF_PREFIX: &str = "slipway.cache/";
/// Annotation holding a cached layer's diff id.
const DIFF_ID: &str = "org.slipway.diff-id";
/// Annotation holding when a cached step first ran (Unix seconds).
const CREATED: &str = "org.slipway.created";
/// Annotation listing the commands a cached RUN step did not emulate (comma-separated).
const NOT_EMULATED: &str = "org.slipway.not-emulated";
/// Media type of the marker a step that changed nothing points at.
const EMPTY_RESULT: &str = "application/vnd.slipway.empty-result.v1+json";

/// A cached step result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedLayer {
    /// The layer blob, or `None` when the step changed no file.
    pub layer: Option<(Descriptor, Digest)>,
    /// When the step first ran.
    pub created: i64,
    /// Commands the step ran that the executor did not emulate.
    pub not_emulated: Vec<String>,
}

/// Normalises an image name as Docker does for local names: a missing tag is `latest`, and the
/// `docker.io/library/` and `docker.io/` prefixes are dropped.
pub fn normalize_name(name: &str) -> String {
    let short = name.strip_prefix("docker.io/").unwrap_or(name);
    let short = short.strip_prefix("library/").unwrap_or(short);
    let last = short.rsplit('/').next().unwrap_or(short);
    if last.contains(':') || short.contains('@') {
        short.to_owned()
    } else {
        format!("{short}:latest")
    }
}

/// Whether a reference name is an image name (not a cache record).
pub fn is_image_ref(name: &str) -> bool {
    !name.starts_with(CACHE_REF_PREFIX)
}

/// The engine's view of a blob store, with its references read once.
pub struct Store<'a> {
    blobs: &'a dyn BlobStore,
    refs: BTreeMap<String, Descriptor>,
}

impl<'a> Store<'a> {
    /// Reads the references of `blobs`.
    pub fn open(blobs: &'a dyn BlobStore) -> Result<Self> {
        Ok(Store { refs: blobs.refs()?, blobs })
    }

    /// The blob store.
    pub fn blobs(&self) -> &'a dyn BlobStore {
        self.blobs
    }

    /// Finds an image by `name[:tag]`, `name@sha256:…` or `sha256:…` (also a unique prefix of
    /// the hex, at least 12 digits), choosing the manifest for `platform` from an index.
    pub fn image(&self, reference: &str, platform: &Platform) -> Result<Image> {
        let not_found = || BuildError::ImageNotFound(reference.to_owned());
        let descriptor = if let Some(digest) = digest_part(reference) {
            let digest = self.find_digest(digest).ok_or_else(not_found)?;
            let bytes = self.blobs.get(&digest)?;
            let media = serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|v| v.get("mediaType").and_then(|m| m.as_str()).map(str::to_owned))
                .unwrap_or_else(|| media_type::OCI_MANIFEST.to_owned());
            Descriptor::new(&media, digest, bytes.len() as u64)
        } else {
            self.refs.get(&normalize_name(reference)).cloned().ok_or_else(not_found)?
        };
        let descriptor = self.platform_manifest(descriptor, platform).ok_or_else(not_found)?;
        Ok(read_image(self.blobs, &descriptor)?)
    }

    fn find_digest(&self, text: &str) -> Option<Digest> {
        if let Ok(digest) = Digest::parse(text) {
            return self.blobs.contains(&digest).ok()?.then_some(digest);
        }
        let hex = text.strip_prefix("sha256:").unwrap_or(text);
        if hex.len() < 12 {
            return None;
        }
        let matches: Vec<Digest> = self.blobs.list().ok()?.into_iter().filter(|d| d.hex().starts_with(hex)).collect();
        (matches.len() == 1).then(|| matches[0].clone())
    }

    /// Follows an index down to the manifest for `platform` (or its only manifest).
    fn platform_manifest(&self, descriptor: Descriptor, platform: &Platform) -> Option<Descriptor> {
        if !media_type::is_index(&descriptor.media_type) {
            return Some(descriptor);
        }
        let index: ImageIndex = serde_json::from_slice(&self.blobs.get(&descriptor.digest).ok()?).ok()?;
        let pick = index
            .manifests
            .iter()
            .find(|m| {
                m.platform.as_ref().is_some_and(|p| p.os == platform.os && p.architecture == platform.architecture)
            })
            .or_else(|| (index.manifests.len() == 1).then(|| &index.manifests[0]))?
            .clone();
        self.platform_manifest(pick, platform)
    }

    /// The cached result of a step, if recorded and its layer is still stored.
    pub fn cached(&self, key: &CacheKey) -> Option<CachedLayer> {
        let descriptor = self.refs.get(&format!("{CACHE_REF_PREFIX}{}", key.to_hex()))?;
        let created = descriptor.annotations.get(CREATED)?.parse().ok()?;
        let not_emulated = descriptor
            .annotations
            .get(NOT_EMULATED)
            .map(|list| list.split(',').map(str::to_owned).collect())
            .unwrap_or_default();
        if descriptor.media_type == EMPTY_RESULT {
            return Some(CachedLayer { layer: None, created, not_emulated });
        }
        let diff_id = Digest::parse(descriptor.annotations.get(DIFF_ID)?).ok()?;
        if !self.blobs.contains(&descriptor.digest).ok()? {
            return None;
        }
        let mut layer = descriptor.clone();
        layer.annotations.clear();
        Some(CachedLayer { layer: Some((layer, diff_id)), created, not_emulated })
    }

    /// Records a step's result (its layer blob must already be stored).
    pub fn record(&mut self, key: &CacheKey, result: &CachedLayer) -> Result<()> {
        let descriptor = match &result.layer {
            Some((layer, diff_id)) => layer.clone().with_annotation(DIFF_ID, &diff_id.to_string()),
            None => {
                let marker = b"{}";
                let digest = self.blobs.put(marker)?;
                Descriptor::new(EMPTY_RESULT, digest, marker.len() as u64)
            }
        };
        let mut descriptor = descriptor.with_annotation(CREATED, &result.created.to_string());
        if !result.not_emulated.is_empty() {
            descriptor = descriptor.with_annotation(NOT_EMULATED, &result.not_emulated.join(","));
        }
        let name = format!("{CACHE_REF_PREFIX}{}", key.to_hex());
        self.blobs.set_ref(&name, &descriptor)?;
        self.refs.insert(name, descriptor);
        Ok(())
    }

    /// Points `name` (normalised) at a manifest.
    pub fn tag(&mut self, name: &str, manifest: &Descriptor) -> Result<()> {
        let name = normalize_name(name);
        self.blobs.set_ref(&name, manifest)?;
        self.refs.insert(name, manifest.clone());
        Ok(())
    }
}

/// The digest part of `name@sha256:…` or a bare `sha256:…`.
fn digest_part(reference: &str) -> Option<&str> {
    if let Some((_, digest)) = reference.split_once('@') {
        return Some(digest);
    }
    reference.starts_with("sha256:").then_some(reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_like_docker() {
        assert_eq!(normalize_name("alpine"), "alpine:latest");
        assert_eq!(normalize_name("docker.io/library/alpine:3.20"), "alpine:3.20");
        assert_eq!(normalize_name("localhost:5000/app"), "localhost:5000/app:latest");
        assert_eq!(normalize_name("diamol/base"), "diamol/base:latest");
    }
}

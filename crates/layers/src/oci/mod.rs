//! The OCI image model: media types, descriptors, manifests, indexes and image configs, with
//! the exact JSON field names of the OCI image spec (plus Docker's config extensions) and a
//! fixed field order, so serialising the same value always gives the same bytes.

pub mod config;
pub mod descriptor;
pub mod manifest;
pub mod media_type;
pub mod time;

pub use config::{ContainerConfig, Healthcheck, History, ImageConfig, RootFs};
pub use descriptor::{Descriptor, Platform};
pub use manifest::{ImageIndex, ImageManifest, OciLayout};

use serde::Serialize;

use crate::error::Result;

/// The annotation naming an image in an OCI layout's `index.json`.
pub const ANNOTATION_REF_NAME: &str = "org.opencontainers.image.ref.name";

/// Serialises to compact JSON. Struct fields come out in declaration order and maps in key
/// order, so equal values always give equal bytes (and equal digests).
pub fn to_canonical_json<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    Ok(serde_json::to_vec(value)?)
}

//! Images in a blob store: writing one from a config and layer blobs, reading one back.

use crate::compress::decompress;
use crate::digest::Digest;
use crate::encode::LayerBlob;
use crate::error::{Error, Result};
use crate::layer::Layer;
use crate::oci::{media_type, to_canonical_json, Descriptor, ImageConfig, ImageManifest, Platform};
use crate::store::BlobStore;
use crate::tar_read::read_layer_tar;
use crate::tree::Tree;

/// An image read from a store: its manifest descriptor, manifest and config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// The manifest's descriptor.
    pub descriptor: Descriptor,
    /// The manifest.
    pub manifest: ImageManifest,
    /// The config.
    pub config: ImageConfig,
}

/// Stores the layers, the config and a manifest for them; returns the manifest's descriptor
/// (with the config's platform). The config's `rootfs.diff_ids` must list the layers' diff ids
/// in order, and its non-empty history entries must match them in number.
pub fn write_image<S: BlobStore + ?Sized>(store: &S, config: &ImageConfig, layers: &[LayerBlob]) -> Result<Descriptor> {
    config.validate()?;
    let diff_ids: Vec<&Digest> = layers.iter().map(|l| &l.diff_id).collect();
    if config.rootfs.diff_ids.iter().collect::<Vec<_>>() != diff_ids {
        return Err(Error::InvalidImage("rootfs.diff_ids do not match the layers".to_owned()));
    }
    for layer in layers {
        store.put_verified(&layer.digest, &layer.data)?;
    }
    let config_json = to_canonical_json(config)?;
    let config_descriptor = Descriptor::of(media_type::OCI_CONFIG, &config_json);
    store.put_verified(&config_descriptor.digest, &config_json)?;
    let manifest = ImageManifest::new(config_descriptor, layers.iter().map(LayerBlob::descriptor).collect());
    let manifest_json = to_canonical_json(&manifest)?;
    let mut descriptor = Descriptor::of(media_type::OCI_MANIFEST, &manifest_json);
    let mut platform = Platform::new(&config.os, &config.architecture);
    platform.variant.clone_from(&config.variant);
    descriptor.platform = Some(platform);
    store.put_verified(&descriptor.digest, &manifest_json)?;
    Ok(descriptor)
}

/// Reads the manifest and config an image descriptor points at.
pub fn read_image<S: BlobStore + ?Sized>(store: &S, descriptor: &Descriptor) -> Result<Image> {
    if !media_type::is_manifest(&descriptor.media_type) {
        return Err(Error::InvalidImage(format!(
            "{} is a {}, not an image manifest",
            descriptor.digest, descriptor.media_type
        )));
    }
    let manifest: ImageManifest = serde_json::from_slice(&store.get(&descriptor.digest)?)?;
    let config: ImageConfig = serde_json::from_slice(&store.get(&manifest.config.digest)?)?;
    Ok(Image { descriptor: descriptor.clone(), manifest, config })
}

/// The uncompressed tar of each layer of an image, base first, checked against the diff ids.
pub fn layer_tars<S: BlobStore + ?Sized>(store: &S, image: &Image) -> Result<Vec<Vec<u8>>> {
    if image.manifest.layers.len() != image.config.rootfs.diff_ids.len() {
        return Err(Error::InvalidImage("the manifest and the config disagree on the number of layers".to_owned()));
    }
    image
        .manifest
        .layers
        .iter()
        .zip(&image.config.rootfs.diff_ids)
        .map(|(descriptor, diff_id)| {
            let tar = decompress(&store.get(&descriptor.digest)?)?;
            diff_id.verify(&tar)?;
            Ok(tar)
        })
        .collect()
}

/// The image's layers, parsed, base first.
pub fn layers<S: BlobStore + ?Sized>(store: &S, image: &Image) -> Result<Vec<Layer>> {
    layer_tars(store, image)?.iter().map(|tar| read_layer_tar(tar.as_slice())).collect()
}

/// The image's root file system: every layer applied in order.
pub fn rootfs<S: BlobStore + ?Sized>(store: &S, image: &Image) -> Result<Tree> {
    crate::apply::flatten(&layers(store, image)?)
}

//! Turning a layer into a compressed, digested blob in one pass.

use std::io::Write;

use crate::compress::Compression;
use crate::digest::{Digest, DigestWriter};
use crate::error::{Error, Result};
use crate::layer::Layer;
use crate::oci::Descriptor;
use crate::tar_write::{write_layer_tar, TarOptions};

/// A layer ready to store: the compressed bytes and both digests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerBlob {
    /// sha256 of the uncompressed tar (goes into the config's `rootfs.diff_ids`).
    pub diff_id: Digest,
    /// sha256 of `data` (the blob's name in a store and in the manifest).
    pub digest: Digest,
    /// The layer's media type.
    pub media_type: &'static str,
    /// The compressed tar.
    pub data: Vec<u8>,
    /// Size of the uncompressed tar.
    pub uncompressed_size: u64,
}

impl LayerBlob {
    /// The manifest descriptor of this blob.
    pub fn descriptor(&self) -> Descriptor {
        Descriptor::new(self.media_type, self.digest.clone(), self.data.len() as u64)
    }
}

/// Writes `layer` as a tar, compresses it and computes the diff id and blob digest, streaming
/// (tar → hash → compress → hash) without holding the uncompressed tar.
pub fn encode_layer(layer: &Layer, tar_options: &TarOptions, compression: Compression) -> Result<LayerBlob> {
    if compression == Compression::None {
        // The blob is the tar: one hash serves as both digests.
        let (data, diff_id, uncompressed_size) =
            write_layer_tar(layer, tar_options, DigestWriter::new(Vec::new()))?.finish();
        return Ok(LayerBlob {
            digest: diff_id.clone(),
            diff_id,
            media_type: compression.layer_media_type(),
            data,
            uncompressed_size,
        });
    }
    let blob_hasher = DigestWriter::new(Vec::new());
    let encoder = compression.encoder(blob_hasher);
    let tar_hasher = DigestWriter::new(encoder);
    let tar_hasher = write_layer_tar(layer, tar_options, tar_hasher)?;
    let (encoder, diff_id, uncompressed_size) = tar_hasher.finish();
    let mut blob_hasher = encoder.finish().map_err(|e| Error::io("compressing layer", e))?;
    blob_hasher.flush().map_err(|e| Error::io("compressing layer", e))?;
    let (data, digest, _) = blob_hasher.finish();
    Ok(LayerBlob { diff_id, digest, media_type: compression.layer_media_type(), data, uncompressed_size })
}

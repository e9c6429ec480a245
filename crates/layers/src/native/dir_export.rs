//! Exports to directories: OCI image layouts and plain root file systems.

use std::path::Path;

use crate::error::Result;
use crate::export::oci_layout_tree;
use crate::image::{rootfs, Image};
use crate::native::write_tree::{write_tree, WriteOptions};
use crate::oci::Descriptor;
use crate::store::BlobStore;

/// Writes an OCI image layout directory (`-o type=oci-layout,dest=DIR`); `dir` must be empty
/// or absent.
pub fn write_oci_layout_dir<S: BlobStore + ?Sized>(
    store: &S,
    images: &[(String, Descriptor)],
    dir: &Path,
) -> Result<()> {
    let tree = oci_layout_tree(store, images)?;
    write_tree(&tree, dir, &WriteOptions::default())
}

/// Writes an image's root file system as a plain directory (`-o type=local,dest=DIR`).
pub fn write_rootfs_dir<S: BlobStore + ?Sized>(
    store: &S,
    image: &Image,
    dir: &Path,
    options: &WriteOptions,
) -> Result<()> {
    write_tree(&rootfs(store, image)?, dir, options)
}

//! The OCI image layout: `oci-layout`, `index.json` and `blobs/sha256/<hex>`.

use std::collections::BTreeSet;
use std::io::Write;

use crate::error::Result;
use crate::export::add_file;
use crate::oci::{to_canonical_json, Descriptor, ImageIndex, OciLayout, ANNOTATION_REF_NAME};
use crate::store::{check::children, BlobStore};
use crate::tar_write::{write_tree_tar, TarOptions};
use crate::tree::Tree;

/// The files of an OCI image layout holding `images` (reference name, manifest or index
/// descriptor) and every blob they reach. An empty name adds no `ref.name` annotation.
pub fn oci_layout_tree<S: BlobStore + ?Sized>(store: &S, images: &[(String, Descriptor)]) -> Result<Tree> {
    let mut tree = Tree::new();
    add_file(&mut tree, "oci-layout", to_canonical_json(&OciLayout::default())?)?;
    let manifests = images
        .iter()
        .map(|(name, descriptor)| {
            if name.is_empty() {
                descriptor.clone()
            } else {
                descriptor.clone().with_annotation(ANNOTATION_REF_NAME, name)
            }
        })
        .collect();
    add_file(&mut tree, "index.json", to_canonical_json(&ImageIndex::new(manifests))?)?;
    let mut seen = BTreeSet::new();
    let mut stack: Vec<Descriptor> = images.iter().map(|(_, d)| d.clone()).collect();
    while let Some(descriptor) = stack.pop() {
        if !seen.insert(descriptor.digest.clone()) {
            continue;
        }
        let bytes = store.get(&descriptor.digest)?;
        stack.extend(children(&descriptor, &bytes)?);
        add_file(&mut tree, &format!("blobs/sha256/{}", descriptor.digest.hex()), bytes)?;
    }
    Ok(tree)
}

/// Writes an OCI image layout as a tar (`-o type=oci`).
pub fn write_oci_layout_tar<S: BlobStore + ?Sized, W: Write>(
    store: &S,
    images: &[(String, Descriptor)],
    out: W,
) -> Result<W> {
    let tree = oci_layout_tree(store, images)?;
    write_tree_tar(&tree, &TarOptions::default(), out)
}

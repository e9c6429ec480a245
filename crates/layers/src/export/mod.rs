//! Image export formats, built as in-memory trees and written as reproducible tars (or, with
//! [`crate::native`], as directories).

pub mod docker_archive;
pub mod oci_layout;

pub use docker_archive::{docker_archive_tree, write_docker_archive};
pub use oci_layout::{oci_layout_tree, write_oci_layout_tar};

use crate::error::Result;
use crate::node::Node;
use crate::path::TreePath;
use crate::tree::Tree;

/// Adds a file (mode 0644, root, time 0) and its missing parent directories to an export tree.
pub(crate) fn add_file(tree: &mut Tree, path: &str, data: Vec<u8>) -> Result<()> {
    tree.insert_with_parents(TreePath::new(path)?, Node::file(data, 0o644))?;
    Ok(())
}

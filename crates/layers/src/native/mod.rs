//! Native (non-wasm) implementations: directories as tree sources, safe materialisation of
//! trees and archives on disk, and the on-disk blob store.

pub mod atomic;
pub mod dir_export;
pub mod dir_source;
pub mod disk_store;
pub mod write_tree;

pub use dir_export::{write_oci_layout_dir, write_rootfs_dir};
pub use dir_source::DirSource;
pub use disk_store::DiskStore;
pub use write_tree::{unpack_archive, write_tree, DevicePolicy, WriteOptions};

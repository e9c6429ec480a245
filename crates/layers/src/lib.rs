//! Slipway's layer engine.
//!
//! - [`Tree`]: an in-memory file tree (directories, files, symbolic and hard links, devices,
//!   with mode, owner, mtime and extended attributes), readable from any [`TreeSource`].
//! - [`diff()`] two trees into a [`Layer`], [`apply()`] a layer, look through a stack with
//!   [`UnionView`]; whiteouts `.wh.<name>` and opaque markers `.wh..wh..opq` both ways.
//! - [`write_layer_tar`] writes reproducible tars; [`read_layer_tar`] reads them back safely;
//!   [`encode_layer`] adds compression and digests (diff id and blob digest).
//! - [`BlobStore`]: content-addressed storage, in memory ([`MemoryStore`]) or on disk
//!   (`DiskStore`, native only), with `check` and `prune`.
//! - [`oci`]: the OCI image model; [`export`] and [`import`]: OCI layouts, docker archives and
//!   plain root file systems.
//!
//! The core does no I/O of its own and builds for `wasm32-unknown-unknown`; everything that
//! touches the file system lives in [`native`], which is compiled out on wasm32.

pub mod apply;
pub mod compress;
pub mod diff;
pub mod digest;
pub mod encode;
pub mod error;
pub mod export;
pub mod image;
pub mod import;
pub mod layer;
#[cfg(not(target_arch = "wasm32"))]
pub mod native;
pub mod node;
pub mod oci;
pub mod path;
pub mod source;
pub mod store;
pub mod tar_read;
pub mod tar_write;
pub mod tree;
pub mod union;
pub mod whiteout;

pub use apply::{apply, flatten};
pub use compress::Compression;
pub use diff::{changes, diff};
pub use digest::Digest;
pub use encode::{encode_layer, LayerBlob};
pub use error::{Error, Result};
pub use layer::{Change, ChangeKind, Layer};
pub use node::{DeviceKind, FileData, Meta, Node, NodeKind};
pub use path::TreePath;
pub use source::TreeSource;
pub use store::{BlobStore, MemoryStore};
pub use tar_read::{read_layer_tar, ReadOptions};
pub use tar_write::{write_layer_tar, write_tree_tar, TarOptions};
pub use tree::Tree;
pub use union::UnionView;

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
//! touches the file system lives in `native`, which is compiled out on wasm32.
//!
//! ```
//! use slipway_layers::oci::ImageConfig;
//! use slipway_layers::{apply, diff, encode_layer, image, read_layer_tar, write_layer_tar};
//! use slipway_layers::{Compression, MemoryStore, Node, TarOptions, Tree, TreePath};
//!
//! let mut base = Tree::new();
//! base.insert_with_parents(TreePath::new("etc/motd")?, Node::file(&b"hi\n"[..], 0o644))?;
//! let mut next = base.clone();
//! next.remove(&TreePath::new("etc/motd")?);
//!
//! // The change set, as a reproducible tar with a whiteout `etc/.wh.motd`.
//! let layer = diff(&base, &next);
//! let options = TarOptions { source_date_epoch: Some(0) };
//! let tar = write_layer_tar(&layer, &options, Vec::new())?;
//! let mut tree = base.clone();
//! apply(&mut tree, &read_layer_tar(tar.as_slice())?)?;
//! assert_eq!(tree, next);
//!
//! // Two gzip layers, a config and a manifest in a blob store.
//! let blobs = [
//!     encode_layer(&diff(&Tree::new(), &base), &options, Compression::default())?,
//!     encode_layer(&layer, &options, Compression::default())?,
//! ];
//! let mut config = ImageConfig::new("linux", "amd64");
//! config.rootfs.diff_ids = blobs.iter().map(|b| b.diff_id.clone()).collect();
//! let store = MemoryStore::new();
//! let manifest = image::write_image(&store, &config, &blobs)?;
//! assert_eq!(image::rootfs(&store, &image::read_image(&store, &manifest)?)?, next);
//! # Ok::<(), slipway_layers::Error>(())
//! ```

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

//! A stage's state while it is evaluated: config and history so far, its layers, its root
//! file system (materialised only when a step must execute), the cache key chain and the
//! variables in scope.

use slipway_layers::compress::decompress;
use slipway_layers::oci::{Descriptor, ImageConfig};
use slipway_layers::{apply, diff, encode_layer, read_layer_tar, Compression, Digest, TarOptions, Tree};
use slipway_syntax::instructions::scope::Scope;

use crate::error::Result;
use crate::keys::CacheKey;
use crate::store::{CachedLayer, Store};

/// A layer of a stage: its blob descriptor and diff id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerRef {
    /// The (compressed) blob.
    pub descriptor: Descriptor,
    /// sha256 of the uncompressed tar.
    pub diff_id: Digest,
}

/// The state of a stage after some of its instructions.
#[derive(Clone, Debug)]
pub struct StageState {
    /// Config and history so far (`rootfs.diff_ids` is filled in at the end).
    pub config: ImageConfig,
    /// Layers, base first.
    pub layers: Vec<LayerRef>,
    /// The root file system, when materialised and current.
    pub tree: Option<Tree>,
    /// The key of the last vertex.
    pub key: CacheKey,
    /// Variables for expansion and RUN: the image's ENV, then ARGs and ENVs in order.
    pub scope: Scope,
    /// ARGs declared in this stage (and its parent stages) with their values, for RUN history.
    pub args: Vec<(String, String)>,
    /// When the newest layer of this build was first made (drives the image's `created`).
    pub last_created: Option<i64>,
    /// Whether CMD was set in this stage (ENTRYPOINT clears an inherited CMD otherwise).
    pub cmd_set: bool,
    /// Commands the executor did not emulate so far: in this stage, the stages it starts from
    /// and the stages it copied or mounted from (for
    /// [`BuildOptions::tolerate_emulation_gaps`](crate::BuildOptions::tolerate_emulation_gaps)).
    pub not_emulated: Vec<String>,
}

impl StageState {
    /// The root file system, applying the layers if it is not materialised yet.
    pub fn tree(&mut self, store: &Store<'_>) -> Result<&mut Tree> {
        if self.tree.is_none() {
            let mut tree = Tree::new();
            for layer in &self.layers {
                let tar = decompress(&store.blobs().get(&layer.descriptor.digest)?)?;
                apply(&mut tree, &read_layer_tar(tar.as_slice())?)?;
            }
            self.tree = Some(tree);
        }
        Ok(self.tree.get_or_insert_with(Tree::new))
    }

    /// Adds a cached result: its layer (if any) is appended and the tree, no longer current,
    /// is dropped. Returns whether the step made a layer.
    pub fn add_cached(&mut self, cached: &CachedLayer) -> bool {
        self.last_created = Some(cached.created);
        self.note_not_emulated(&cached.not_emulated);
        match &cached.layer {
            Some((descriptor, diff_id)) => {
                self.layers.push(LayerRef { descriptor: descriptor.clone(), diff_id: diff_id.clone() });
                self.tree = None;
                true
            }
            None => false,
        }
    }

    /// Adds commands that were not emulated (each once).
    pub fn note_not_emulated(&mut self, commands: &[String]) {
        for command in commands {
            if !self.not_emulated.contains(command) {
                self.not_emulated.push(command.clone());
            }
        }
    }

    /// Commits the change from `before` to the current tree: encodes and stores the layer
    /// (nothing for an empty diff) and returns the result to record in the cache.
    pub fn commit_change(
        &mut self,
        store: &Store<'_>,
        before: &Tree,
        epoch: Option<i64>,
        now: i64,
    ) -> Result<CachedLayer> {
        let empty = Tree::new();
        let layer = diff(before, self.tree.as_ref().unwrap_or(&empty));
        self.last_created = Some(now);
        if layer.is_empty() {
            return Ok(CachedLayer { layer: None, created: now, not_emulated: Vec::new() });
        }
        let blob = encode_layer(&layer, &TarOptions { source_date_epoch: epoch }, Compression::default())?;
        store.blobs().put_verified(&blob.digest, &blob.data)?;
        let layer_ref = LayerRef { descriptor: blob.descriptor(), diff_id: blob.diff_id.clone() };
        self.layers.push(layer_ref.clone());
        Ok(CachedLayer {
            layer: Some((layer_ref.descriptor, layer_ref.diff_id)),
            created: now,
            not_emulated: Vec::new(),
        })
    }
}

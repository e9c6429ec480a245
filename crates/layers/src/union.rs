//! A read-only union view of a layer stack, without flattening it.

use std::collections::BTreeSet;

use crate::error::Result;
use crate::layer::Layer;
use crate::node::Node;
use crate::path::TreePath;
use crate::tree::Tree;

/// A union (overlay) view of layers, bottom first: a path resolves to the topmost layer that has
/// it, unless a layer in between hides it with a whiteout, an opaque directory or a
/// non-directory entry at an ancestor.
#[derive(Clone, Copy, Debug)]
pub struct UnionView<'a> {
    layers: &'a [Layer],
}

impl<'a> UnionView<'a> {
    /// A view of `layers`, bottom first.
    pub fn new(layers: &'a [Layer]) -> Self {
        UnionView { layers }
    }

    /// The visible node at `path`, if any.
    pub fn get(&self, path: &TreePath) -> Option<&'a Node> {
        for layer in self.layers.iter().rev() {
            if let Some(node) = layer.entries().get(path) {
                return Some(node);
            }
            if layer.hides(path) {
                return None;
            }
        }
        None
    }

    /// Whether `path` is visible (the root always is).
    pub fn exists(&self, path: &TreePath) -> bool {
        path.is_root() || self.get(path).is_some()
    }

    /// The visible direct children of `dir`, in path order.
    pub fn read_dir(&self, dir: &TreePath) -> Vec<(TreePath, &'a Node)> {
        let depth = dir.depth() + 1;
        let candidates: BTreeSet<&TreePath> = self
            .layers
            .iter()
            .flat_map(|l| l.entries().keys())
            .filter(|p| p.depth() == depth && p.is_below(dir))
            .collect();
        candidates.into_iter().filter_map(|p| self.get(p).map(|n| (p.clone(), n))).collect()
    }

    /// The whole view as a tree (same result as applying every layer in order).
    pub fn flatten(&self) -> Result<Tree> {
        crate::apply::flatten(self.layers)
    }
}

//! A layer: the change set between two trees, as stored in a layer tar.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use crate::error::{Error, Result};
use crate::node::{Node, NodeKind};
use crate::path::TreePath;

/// A layer: entries to add or replace, paths to delete (whiteouts) and directories whose lower
/// contents are hidden (opaque). Applying it removes opaque directories' lower children first,
/// then whiteouts, then writes the entries.
///
/// Invariant: no entry lies below a non-directory entry of the same layer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layer {
    entries: BTreeMap<TreePath, Node>,
    whiteouts: BTreeSet<TreePath>,
    opaques: BTreeSet<TreePath>,
}

/// How a path changed between two trees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// The path is new.
    Added,
    /// The path exists in both with different contents, metadata or type.
    Modified,
    /// The path is gone.
    Deleted,
}

/// One change of a [`Layer`] relative to the tree it was computed against.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    /// The changed path.
    pub path: TreePath,
    /// How it changed.
    pub kind: ChangeKind,
}

impl Layer {
    /// An empty layer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces an entry. A non-directory entry drops the layer's entries below it.
    /// Fails if an ancestor is a non-directory entry of this layer (a write through a link).
    pub fn add(&mut self, path: TreePath, node: Node) -> Result<()> {
        if path.is_root() {
            return Err(Error::InvalidPath { path: String::new(), reason: "a layer entry cannot be the root" });
        }
        if let Some(blocker) = self.non_dir_ancestor(&path) {
            return Err(Error::UnsafeEntry {
                entry: path.to_string(),
                reason: format!("its parent `{blocker}` is not a directory in this layer"),
            });
        }
        if !node.is_dir() {
            let (start, end) = path.descendant_bounds();
            let upper = end.map_or(Bound::Unbounded, Bound::Excluded);
            let below: Vec<TreePath> =
                self.entries.range((Bound::Included(start), upper)).map(|(p, _)| p.clone()).collect();
            for p in below {
                self.entries.remove(&p);
            }
        }
        self.entries.insert(path, node);
        Ok(())
    }

    /// Records a whiteout: `path` (and everything below it) is deleted from lower layers.
    pub fn add_whiteout(&mut self, path: TreePath) -> Result<()> {
        if path.is_root() {
            return Err(Error::InvalidPath { path: String::new(), reason: "the root cannot be whited out" });
        }
        self.whiteouts.insert(path);
        Ok(())
    }

    /// Marks `dir` opaque: its children from lower layers are hidden.
    pub fn add_opaque(&mut self, dir: TreePath) {
        self.opaques.insert(dir);
    }

    /// The first strict ancestor of `path` that is a non-directory entry of this layer.
    pub fn non_dir_ancestor(&self, path: &TreePath) -> Option<TreePath> {
        path.ancestors().find(|a| self.entries.get(a).is_some_and(|n| !n.is_dir()))
    }

    /// The entries, in path order.
    pub fn entries(&self) -> &BTreeMap<TreePath, Node> {
        &self.entries
    }

    /// The whited-out paths.
    pub fn whiteouts(&self) -> &BTreeSet<TreePath> {
        &self.whiteouts
    }

    /// The opaque directories.
    pub fn opaques(&self) -> &BTreeSet<TreePath> {
        &self.opaques
    }

    /// Whether the layer changes nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.whiteouts.is_empty() && self.opaques.is_empty()
    }

    /// Whether this layer hides `path` of lower layers: a whiteout of it or of an ancestor, an
    /// opaque strict ancestor, or a non-directory entry at a strict ancestor.
    pub fn hides(&self, path: &TreePath) -> bool {
        if self.whiteouts.contains(path) {
            return true;
        }
        path.ancestors().any(|a| {
            self.whiteouts.contains(&a)
                || self.opaques.contains(&a)
                || self.entries.get(&a).is_some_and(|n| !n.is_dir())
        }) || (!path.is_root() && self.opaques.contains(&TreePath::root()))
    }

    /// The hard-link entries whose target is not among this layer's entries (they must be
    /// provided by a lower layer).
    pub fn external_links(&self) -> impl Iterator<Item = (&TreePath, &TreePath)> {
        self.entries.iter().filter_map(|(p, n)| match &n.kind {
            NodeKind::HardLink(t) if !self.entries.contains_key(t) => Some((p, t)),
            _ => None,
        })
    }
}

//! Computing the layer that turns one tree into another.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use crate::layer::{Change, ChangeKind, Layer};
use crate::node::NodeKind;
use crate::path::TreePath;
use crate::tree::Tree;

/// The layer that, applied to `lower`, yields `upper`.
///
/// A path missing from `upper` becomes a whiteout (one per deleted subtree). A directory present
/// in both whose lower children (at least two) are all gone becomes opaque instead of getting one
/// whiteout per child. Hard links whose target is rewritten are rewritten too, so they keep
/// sharing contents.
pub fn diff(lower: &Tree, upper: &Tree) -> Layer {
    compute(lower, upper).0
}

/// The changed paths between `lower` and `upper`, in path order (opaque directories are
/// reported as modified, their lower children as deleted).
pub fn changes(lower: &Tree, upper: &Tree) -> Vec<Change> {
    compute(lower, upper).1
}

fn opaque_dirs(lower: &Tree, upper: &Tree) -> BTreeSet<TreePath> {
    let mut children: BTreeMap<TreePath, (usize, bool)> = BTreeMap::new();
    for (path, _) in lower.iter() {
        let parent = path.parent().unwrap_or_default();
        if parent.is_root() {
            continue;
        }
        let entry = children.entry(parent).or_default();
        entry.0 += 1;
        entry.1 |= upper.contains(path);
    }
    children
        .into_iter()
        .filter(|(dir, (count, kept))| {
            *count >= 2
                && !kept
                && lower.get(dir).is_some_and(|n| n.is_dir())
                && upper.get(dir).is_some_and(|n| n.is_dir())
        })
        .map(|(dir, _)| dir)
        .collect()
}

fn compute(lower: &Tree, upper: &Tree) -> (Layer, Vec<Change>) {
    let mut layer = Layer::new();
    let mut changes = Vec::new();
    for dir in opaque_dirs(lower, upper) {
        layer.add_opaque(dir.clone());
        changes.push(Change { path: dir, kind: ChangeKind::Modified });
    }
    let mut lo = lower.iter().peekable();
    let mut up = upper.iter().peekable();
    loop {
        let order = match (lo.peek(), up.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((lp, _)), Some((upath, _))) => lp.cmp(upath),
        };
        match order {
            Ordering::Less => {
                let Some((path, _)) = lo.next() else { break };
                if !layer.hides(path) {
                    // Cannot fail: the path is not the root.
                    let _ = layer.add_whiteout(path.clone());
                }
                changes.push(Change { path: path.clone(), kind: ChangeKind::Deleted });
            }
            Ordering::Greater => {
                let Some((path, node)) = up.next() else { break };
                // Cannot fail: `upper` is a valid tree, so no ancestor is a non-directory.
                let _ = layer.add(path.clone(), node.clone());
                changes.push(Change { path: path.clone(), kind: ChangeKind::Added });
            }
            Ordering::Equal => {
                let (Some((path, old)), Some((_, new))) = (lo.next(), up.next()) else {
                    break;
                };
                if old != new {
                    let _ = layer.add(path.clone(), new.clone());
                    changes.push(Change { path: path.clone(), kind: ChangeKind::Modified });
                }
            }
        }
    }
    // Links to rewritten targets must be rewritten with them.
    let relinked: Vec<_> = upper
        .iter()
        .filter(|(path, node)| match &node.kind {
            NodeKind::HardLink(target) => layer.entries().contains_key(target) && !layer.entries().contains_key(*path),
            _ => false,
        })
        .map(|(p, n)| (p.clone(), n.clone()))
        .collect();
    for (path, node) in relinked {
        let _ = layer.add(path.clone(), node);
        changes.push(Change { path, kind: ChangeKind::Modified });
    }
    slipway_sort::sort(&mut changes);
    (layer, changes)
}

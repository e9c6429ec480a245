//! Applying a layer to a tree.

use crate::error::{Error, Result};
use crate::layer::Layer;
use crate::node::NodeKind;
use crate::tree::Tree;

/// Applies `layer` on top of `tree`: opaque directories lose their children, whited-out paths
/// are removed, then entries are written in path order (hard links last, so their targets
/// exist). Missing parent directories are created with mode `0o755`; an existing parent that is
/// not a directory (for example a symbolic link) is an error, so nothing is ever written
/// through a link.
pub fn apply(tree: &mut Tree, layer: &Layer) -> Result<()> {
    for dir in layer.opaques() {
        if dir.is_root() {
            *tree = Tree::new();
        } else if tree.get(dir).is_some_and(|n| n.is_dir()) {
            tree.clear_dir(dir);
        }
    }
    for path in layer.whiteouts() {
        tree.remove(path);
    }
    let (links, others): (Vec<_>, Vec<_>) =
        layer.entries().iter().partition(|(_, n)| matches!(n.kind, NodeKind::HardLink(_)));
    for (path, node) in others.into_iter().chain(links) {
        tree.create_parents(path).and_then(|()| tree.insert(path.clone(), node.clone())).map_err(|e| match e {
            Error::ParentNotDirectory { .. } => Error::UnsafeEntry {
                entry: path.to_string(),
                reason: "an ancestor in the tree below is not a directory".to_owned(),
            },
            other => other,
        })?;
    }
    Ok(())
}

/// Applies a stack of layers (bottom first) to an empty tree.
pub fn flatten<'a>(layers: impl IntoIterator<Item = &'a Layer>) -> Result<Tree> {
    let mut tree = Tree::new();
    for layer in layers {
        apply(&mut tree, layer)?;
    }
    Ok(tree)
}

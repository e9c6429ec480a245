//! The build context as a file tree: `.dockerignore` applied (BuildKit's rules: a
//! `<Dockerfile>.dockerignore` beside the Dockerfile wins), files owned by root as BuildKit
//! sends them, modes and times kept.

use slipway_cache::context::{BuildContext, FileKind};
use slipway_cache::ignore::DockerIgnore;
use slipway_layers::{Node, Tree, TreePath};

use crate::error::{BuildError, Result};

/// Reads the filtered context into a tree.
pub fn load(context: &dyn BuildContext, dockerfile_path: Option<&str>) -> Result<Tree> {
    let ignore = DockerIgnore::load(context, dockerfile_path.map(|p| (context, p)))
        .map_err(|e| BuildError::Context(e.to_string()))?;
    let entries = slipway_cache::walk(context, ignore.matcher()).map_err(|e| BuildError::Context(e.to_string()))?;
    let mut tree = Tree::new();
    for entry in entries {
        let stat = &entry.stat;
        let node = match stat.kind {
            FileKind::Dir => Node::dir(stat.mode),
            FileKind::File => {
                let data = context.read(&entry.path).map_err(|e| BuildError::Context(e.to_string()))?;
                Node::file(data, stat.mode)
            }
            FileKind::Symlink => Node::symlink(stat.link_target.clone().unwrap_or_default()),
            // Devices, FIFOs and sockets are not sent by BuildKit's context transfer either.
            _ => continue,
        };
        let mut node = node.with_mtime(stat.mtime.secs);
        for (name, value) in &stat.xattrs {
            node = node.with_xattr(name.clone(), value.clone());
        }
        let path = TreePath::new(&entry.path).map_err(|e| BuildError::Context(e.to_string()))?;
        tree.insert(path, node)?;
    }
    Ok(tree)
}

#[cfg(test)]
mod tests {
    use super::*;
    use slipway_cache::context::MemoryContext;

    #[test]
    fn dockerignore_is_honoured() {
        let mut ctx = MemoryContext::new();
        ctx.add_file(".dockerignore", "*.log\n", 0o644).unwrap();
        ctx.add_file("app/main.go", "package main", 0o644).unwrap();
        ctx.add_file("debug.log", "noise", 0o644).unwrap();
        let tree = load(&ctx, Some("Dockerfile")).unwrap();
        assert!(tree.contains(&TreePath::new("app/main.go").unwrap()));
        assert!(!tree.contains(&TreePath::new("debug.log").unwrap()));
    }
}

//! The in-memory file tree.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use crate::error::{Error, Result};
use crate::node::{Meta, Node, NodeKind};
use crate::path::TreePath;

/// A file tree in memory: every path except the root maps to a node, in byte order of the path.
///
/// Invariants kept by every method: each node's parent exists and is a directory (the root is an
/// implicit directory); each hard link points at an existing node that is neither a directory
/// nor another hard link. Replacing or removing a hard link's target detaches the links, as
/// unpacking a tar over a real file system would: they keep the old contents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    nodes: BTreeMap<TreePath, Node>,
    /// Hard-link target → the links pointing at it.
    links: BTreeMap<TreePath, BTreeSet<TreePath>>,
}

impl Tree {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// The node at `path` (`None` for the root and for missing paths).
    pub fn get(&self, path: &TreePath) -> Option<&Node> {
        self.nodes.get(path)
    }

    /// Whether `path` exists (the root always does).
    pub fn contains(&self, path: &TreePath) -> bool {
        path.is_root() || self.nodes.contains_key(path)
    }

    /// The number of nodes, not counting the root.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree holds nothing but its root.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// All nodes in path order (parents before children).
    pub fn iter(&self) -> impl Iterator<Item = (&TreePath, &Node)> {
        self.nodes.iter()
    }

    /// The strict descendants of `dir`, in path order.
    pub fn descendants<'a>(&'a self, dir: &TreePath) -> impl Iterator<Item = (&'a TreePath, &'a Node)> + 'a {
        let (start, end) = dir.descendant_bounds();
        let upper = match end {
            Some(end) => Bound::Excluded(end),
            None => Bound::Unbounded,
        };
        self.nodes.range((Bound::Included(start), upper)).filter(|(p, _)| !p.is_root())
    }

    /// The direct children of `dir`, in path order.
    pub fn children<'a>(&'a self, dir: &'a TreePath) -> impl Iterator<Item = (&'a TreePath, &'a Node)> + 'a {
        let depth = dir.depth() + 1;
        self.descendants(dir).filter(move |(p, _)| p.depth() == depth)
    }

    /// The paths that are hard links to `target`.
    pub fn links_to(&self, target: &TreePath) -> impl Iterator<Item = &TreePath> {
        self.links.get(target).into_iter().flatten()
    }

    /// Inserts a node. The parent must exist and be a directory. Replacing a directory with a
    /// directory keeps its children; replacing it with anything else drops them.
    /// Returns the node that was there before.
    pub fn insert(&mut self, path: TreePath, node: Node) -> Result<Option<Node>> {
        if path.is_root() {
            return Err(Error::InvalidPath { path: String::new(), reason: "the root cannot be replaced" });
        }
        let parent = path.parent().unwrap_or_default();
        if !parent.is_root() && !self.nodes.get(&parent).is_some_and(Node::is_dir) {
            return Err(Error::ParentNotDirectory { path: path.to_string() });
        }
        if let NodeKind::HardLink(target) = &node.kind {
            // The target must survive the insertion, so it cannot be `path` or below it.
            let ok = !target.starts_with(&path)
                && self.nodes.get(target).is_some_and(|t| !matches!(t.kind, NodeKind::Dir | NodeKind::HardLink(_)));
            if !ok {
                return Err(Error::BadHardLink { path: path.to_string(), target: target.to_string() });
            }
        }
        let keeps_children = node.is_dir() && self.nodes.get(&path).is_some_and(Node::is_dir);
        let old = if keeps_children { self.nodes.remove(&path) } else { self.remove(&path) };
        if let NodeKind::HardLink(target) = &node.kind {
            self.links.entry(target.clone()).or_default().insert(path.clone());
        }
        self.nodes.insert(path, node);
        Ok(old)
    }

    /// Inserts a node, first creating missing parents as directories with mode `0o755` owned by
    /// root at time 0. Fails if an existing ancestor is not a directory.
    pub fn insert_with_parents(&mut self, path: TreePath, node: Node) -> Result<Option<Node>> {
        self.create_parents(&path)?;
        self.insert(path, node)
    }

    /// Creates the missing ancestors of `path` as default directories.
    pub fn create_parents(&mut self, path: &TreePath) -> Result<()> {
        for ancestor in path.ancestors() {
            match self.nodes.get(&ancestor) {
                Some(node) if node.is_dir() => {}
                Some(_) => return Err(Error::ParentNotDirectory { path: path.to_string() }),
                None => {
                    self.nodes.insert(ancestor, Node::dir(0o755));
                }
            }
        }
        Ok(())
    }

    /// Removes `path` and everything below it; returns the node that was at `path`.
    pub fn remove(&mut self, path: &TreePath) -> Option<Node> {
        let node = self.nodes.remove(path)?;
        let below: Vec<TreePath> = self.descendants(path).map(|(p, _)| p.clone()).collect();
        let mut removed = vec![(path.clone(), node)];
        for p in below {
            if let Some(n) = self.nodes.remove(&p) {
                removed.push((p, n));
            }
        }
        for (p, n) in &removed {
            if let NodeKind::HardLink(target) = &n.kind {
                if let Some(set) = self.links.get_mut(target) {
                    set.remove(p);
                    if set.is_empty() {
                        self.links.remove(target);
                    }
                }
            }
        }
        for (p, n) in &removed {
            self.detach_links(p, n);
        }
        removed.into_iter().next().map(|(_, n)| n)
    }

    /// Removes every child of the directory `dir` but keeps `dir`.
    pub fn clear_dir(&mut self, dir: &TreePath) {
        let children: Vec<TreePath> = self.children(dir).map(|(p, _)| p.clone()).collect();
        for child in children {
            self.remove(&child);
        }
    }

    /// The remaining links to a removed or replaced node take over its contents: the first
    /// (in path order) becomes a copy, the others point at it.
    fn detach_links(&mut self, target: &TreePath, old: &Node) {
        let Some(links) = self.links.remove(target) else {
            return;
        };
        let mut links = links.into_iter();
        let Some(heir) = links.next() else { return };
        self.nodes.insert(heir.clone(), old.clone());
        // extend, not collect: collecting into a BTreeSet sorts first, one more sort routine in the playground's wasm
        let mut rest: BTreeSet<TreePath> = BTreeSet::new();
        rest.extend(links);
        for link in &rest {
            if let Some(node) = self.nodes.get_mut(link) {
                node.kind = NodeKind::HardLink(heir.clone());
            }
        }
        if !rest.is_empty() {
            self.links.insert(heir, rest);
        }
    }

    /// Rewrites every hard-link group so that its first path (in path order) holds the contents
    /// and the others link to it, all with the contents' metadata (they share one inode). This
    /// is the form [`crate::native::DirSource`] produces, so trees from different sources
    /// compare equal when their files are.
    pub fn normalize_hard_links(&mut self) {
        let groups: Vec<(TreePath, BTreeSet<TreePath>)> = self
            .links
            .iter()
            .filter(|(target, links)| links.first().is_some_and(|first| first < *target))
            .map(|(t, l)| (t.clone(), l.clone()))
            .collect();
        for (target, mut members) in groups {
            let Some(node) = self.nodes.get(&target).cloned() else {
                continue;
            };
            self.links.remove(&target);
            members.insert(target);
            let Some(primary) = members.pop_first() else {
                continue;
            };
            for member in &members {
                let link = Node { meta: node.meta.clone(), kind: NodeKind::HardLink(primary.clone()) };
                self.nodes.insert(member.clone(), link);
            }
            self.nodes.insert(primary.clone(), node);
            self.links.insert(primary, members);
        }
    }

    /// Sets the metadata of an existing node; returns whether it existed.
    pub fn set_meta(&mut self, path: &TreePath, meta: Meta) -> bool {
        match self.nodes.get_mut(path) {
            Some(node) => {
                node.meta = meta;
                true
            }
            None => false,
        }
    }

    /// Follows symbolic links inside the tree (relative and absolute targets both resolve
    /// against this tree's root, `..` stops at the root) and returns the final path and node.
    pub fn resolve(&self, path: &TreePath) -> Option<(TreePath, &Node)> {
        let mut pending: Vec<String> = path.components().rev().map(str::to_owned).collect();
        let mut current = TreePath::root();
        let mut hops = 0;
        while let Some(component) = pending.pop() {
            match component.as_str() {
                "" | "." => continue,
                ".." => {
                    current = current.parent().unwrap_or_default();
                    continue;
                }
                _ => {}
            }
            let next = current.join(&component).ok()?;
            let node = self.nodes.get(&next)?;
            match &node.kind {
                NodeKind::Symlink(target) => {
                    hops += 1;
                    if hops > 40 {
                        return None;
                    }
                    if target.starts_with('/') {
                        current = TreePath::root();
                    }
                    pending.extend(target.split('/').rev().map(str::to_owned));
                }
                NodeKind::HardLink(target) if pending.is_empty() => {
                    return self.nodes.get(target).map(|n| (next, n));
                }
                _ => current = next,
            }
        }
        let node = self.nodes.get(&current)?;
        Some((current, node))
    }
}

impl<'a> IntoIterator for &'a Tree {
    type Item = (&'a TreePath, &'a Node);
    type IntoIter = std::collections::btree_map::Iter<'a, TreePath, Node>;

    fn into_iter(self) -> Self::IntoIter {
        self.nodes.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> TreePath {
        TreePath::new(s).unwrap()
    }

    #[test]
    fn insert_requires_directory_parent() {
        let mut t = Tree::new();
        assert!(t.insert(p("a/b"), Node::dir(0o755)).is_err());
        t.insert(p("l"), Node::symlink("/etc")).unwrap();
        assert!(t.insert(p("l/passwd"), Node::file(&b"x"[..], 0o644)).is_err());
        assert!(t.insert_with_parents(p("l/passwd"), Node::file(&b"x"[..], 0o644)).is_err());
        t.insert_with_parents(p("a/b/c"), Node::file(&b"x"[..], 0o644)).unwrap();
        assert!(t.get(&p("a/b")).unwrap().is_dir());
    }

    #[test]
    fn replacing_link_target_detaches_links() {
        let mut t = Tree::new();
        t.insert(p("a"), Node::file(&b"old"[..], 0o644)).unwrap();
        t.insert(p("b"), Node::hardlink(p("a"))).unwrap();
        t.insert(p("c"), Node::hardlink(p("a"))).unwrap();
        t.insert(p("a"), Node::file(&b"new"[..], 0o644)).unwrap();
        assert_eq!(t.get(&p("b")).unwrap().data(), Some(&b"old"[..]));
        assert_eq!(t.get(&p("c")).unwrap().kind, NodeKind::HardLink(p("b")));
        assert_eq!(t.links_to(&p("b")).count(), 1);
        t.remove(&p("c"));
        assert_eq!(t.links_to(&p("b")).count(), 0);
    }

    #[test]
    fn normalizing_makes_the_first_path_primary() {
        let mut t = Tree::new();
        t.insert(p("m"), Node::file(&b"data"[..], 0o600)).unwrap();
        t.insert(p("z"), Node::hardlink(p("m"))).unwrap();
        t.insert(p("a"), Node::hardlink(p("m"))).unwrap();
        t.normalize_hard_links();
        assert_eq!(t.get(&p("a")).unwrap().data(), Some(&b"data"[..]));
        assert_eq!(t.get(&p("m")).unwrap().kind, NodeKind::HardLink(p("a")));
        assert_eq!(t.get(&p("z")).unwrap().meta.mode, 0o600);
        assert_eq!(t.links_to(&p("a")).count(), 2);
        let before = t.clone();
        t.normalize_hard_links();
        assert_eq!(t, before);
    }

    #[test]
    fn dir_over_dir_keeps_children() {
        let mut t = Tree::new();
        t.insert_with_parents(p("d/f"), Node::file(&b""[..], 0o644)).unwrap();
        t.insert(p("d"), Node::dir(0o700)).unwrap();
        assert!(t.contains(&p("d/f")));
        t.insert(p("d"), Node::file(&b""[..], 0o644)).unwrap();
        assert!(!t.contains(&p("d/f")));
    }

    #[test]
    fn resolves_symlinks_inside_the_tree() {
        let mut t = Tree::new();
        t.insert_with_parents(p("x/y/file"), Node::file(&b"1"[..], 0o644)).unwrap();
        t.insert(p("abs"), Node::symlink("/x/y")).unwrap();
        t.insert(p("x/rel"), Node::symlink("../../../x/y/file")).unwrap();
        assert_eq!(t.resolve(&p("abs/file")).unwrap().0, p("x/y/file"));
        assert_eq!(t.resolve(&p("x/rel")).unwrap().0, p("x/y/file"));
        t.insert(p("loop1"), Node::symlink("loop2")).unwrap();
        t.insert(p("loop2"), Node::symlink("/loop1")).unwrap();
        assert!(t.resolve(&p("loop1")).is_none());
        assert!(t.resolve(&p("missing")).is_none());
    }
}

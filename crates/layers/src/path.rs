//! Normalised relative paths inside a file tree.

use std::fmt;

use crate::error::{Error, Result};

/// A normalised path relative to a tree's root: `/`-separated components, none empty, `.` or
/// `..`, no NUL, no leading or trailing `/`. The root itself is the empty path.
///
/// Paths order by their bytes, so a parent always sorts before its children and a whole subtree
/// is one contiguous range (`p/` up to `p0`).
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TreePath(String);

impl TreePath {
    /// The root of the tree (the empty path).
    pub fn root() -> Self {
        TreePath(String::new())
    }

    /// Parses a strictly normalised path; rejects anything [`TreePath::normalize`] would change.
    pub fn new(path: &str) -> Result<Self> {
        if path.is_empty() {
            return Ok(Self::root());
        }
        for component in path.split('/') {
            check_component(path, component)?;
        }
        Ok(TreePath(path.to_owned()))
    }

    /// Normalises a path as found in an archive: strips `./` prefixes, repeated and trailing `/`
    /// and `.` components. Absolute paths and `..` components are rejected.
    pub fn normalize(path: &str) -> Result<Self> {
        if path.starts_with('/') {
            return Err(invalid(path, "absolute paths are not allowed"));
        }
        let mut out = String::with_capacity(path.len());
        for component in path.split('/') {
            if component.is_empty() || component == "." {
                continue;
            }
            check_component(path, component)?;
            if !out.is_empty() {
                out.push('/');
            }
            out.push_str(component);
        }
        Ok(TreePath(out))
    }

    /// The path as a string (empty for the root).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is the root.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The parent path; `None` for the root.
    pub fn parent(&self) -> Option<TreePath> {
        if self.is_root() {
            return None;
        }
        Some(match self.0.rfind('/') {
            Some(i) => TreePath(self.0[..i].to_owned()),
            None => TreePath::root(),
        })
    }

    /// The last component; `None` for the root.
    pub fn file_name(&self) -> Option<&str> {
        if self.is_root() {
            return None;
        }
        Some(match self.0.rfind('/') {
            Some(i) => &self.0[i + 1..],
            None => &self.0,
        })
    }

    /// Appends one component.
    pub fn join(&self, name: &str) -> Result<TreePath> {
        check_component(name, name)?;
        Ok(self.join_unchecked(name))
    }

    pub(crate) fn join_unchecked(&self, name: &str) -> TreePath {
        if self.is_root() {
            TreePath(name.to_owned())
        } else {
            TreePath(format!("{}/{}", self.0, name))
        }
    }

    /// The components, root first.
    pub fn components(&self) -> impl DoubleEndedIterator<Item = &str> {
        self.0.split('/').filter(|c| !c.is_empty())
    }

    /// The number of components (0 for the root).
    pub fn depth(&self) -> usize {
        self.components().count()
    }

    /// Strict ancestors other than the root, outermost first (`a`, `a/b` for `a/b/c`).
    pub fn ancestors(&self) -> impl Iterator<Item = TreePath> + '_ {
        self.0.match_indices('/').map(|(i, _)| TreePath(self.0[..i].to_owned()))
    }

    /// Whether `self` is `other` or lies below it.
    pub fn starts_with(&self, other: &TreePath) -> bool {
        other.is_root()
            || self.0 == other.0
            || (self.0.starts_with(&other.0) && self.0.as_bytes()[other.0.len()] == b'/')
    }

    /// Whether `self` lies strictly below `other`.
    pub fn is_below(&self, other: &TreePath) -> bool {
        self != other && self.starts_with(other)
    }

    /// Bounds `(start, end)` of the key range holding exactly the strict descendants of `self`.
    pub(crate) fn descendant_bounds(&self) -> (TreePath, Option<TreePath>) {
        if self.is_root() {
            // Every non-root path; the root (empty) sorts first and is excluded by callers.
            return (TreePath::root(), None);
        }
        (TreePath(format!("{}/", self.0)), Some(TreePath(format!("{}0", self.0))))
    }
}

fn invalid(path: &str, reason: &'static str) -> Error {
    Error::InvalidPath { path: path.to_owned(), reason }
}

fn check_component(path: &str, component: &str) -> Result<()> {
    if component.is_empty() {
        return Err(invalid(path, "empty path component"));
    }
    if component == "." || component == ".." {
        return Err(invalid(path, "`.` and `..` components are not allowed"));
    }
    if component.contains('/') {
        return Err(invalid(path, "a name cannot contain `/`"));
    }
    if component.contains('\0') {
        return Err(invalid(path, "NUL in path"));
    }
    Ok(())
}

impl fmt::Display for TreePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_root() {
            f.write_str(".")
        } else {
            f.write_str(&self.0)
        }
    }
}

impl fmt::Debug for TreePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_archive_paths() {
        assert_eq!(TreePath::normalize("./a//b/./c/").unwrap().as_str(), "a/b/c");
        assert!(TreePath::normalize("a/../b").is_err());
        assert!(TreePath::normalize("/etc/x").is_err());
        assert!(TreePath::normalize("./").unwrap().is_root());
        assert!(TreePath::new("a/./b").is_err());
    }

    #[test]
    fn relations() {
        let p = TreePath::new("a/b/c").unwrap();
        assert_eq!(p.parent().unwrap().as_str(), "a/b");
        assert_eq!(p.file_name(), Some("c"));
        let ancestors: Vec<_> = p.ancestors().map(|a| a.0).collect();
        assert_eq!(ancestors, ["a", "a/b"]);
        assert!(p.starts_with(&TreePath::new("a").unwrap()));
        assert!(!TreePath::new("ab").unwrap().starts_with(&TreePath::new("a").unwrap()));
        assert!(p.is_below(&TreePath::root()));
    }
}

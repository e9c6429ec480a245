//! Whiteout file names (OCI image spec, "Whiteouts").

use crate::error::Result;
use crate::path::TreePath;

/// The prefix of a whiteout file: `.wh.<name>` deletes `<name>` from lower layers.
pub const WHITEOUT_PREFIX: &str = ".wh.";

/// The opaque marker: a directory holding it hides everything below it in lower layers.
pub const OPAQUE_MARKER: &str = ".wh..wh..opq";

/// What a path in a layer tar means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Marker {
    /// An ordinary entry.
    Entry(TreePath),
    /// A whiteout deleting this path.
    Whiteout(TreePath),
    /// An opaque marker for this directory.
    Opaque(TreePath),
}

/// Classifies a normalised archive path.
pub fn classify(path: TreePath) -> Result<Marker> {
    let Some(name) = path.file_name() else {
        return Ok(Marker::Entry(path));
    };
    let parent = path.parent().unwrap_or_default();
    if name == OPAQUE_MARKER {
        return Ok(Marker::Opaque(parent));
    }
    match name.strip_prefix(WHITEOUT_PREFIX) {
        Some(target) => Ok(Marker::Whiteout(parent.join(target)?)),
        None => Ok(Marker::Entry(path)),
    }
}

/// The archive path of the whiteout for `path` (`a/.wh.b` for `a/b`).
pub fn whiteout_path(path: &TreePath) -> TreePath {
    let parent = path.parent().unwrap_or_default();
    let name = path.file_name().unwrap_or_default();
    parent.join_unchecked(&format!("{WHITEOUT_PREFIX}{name}"))
}

/// The archive path of the opaque marker of `dir`.
pub fn opaque_path(dir: &TreePath) -> TreePath {
    dir.join_unchecked(OPAQUE_MARKER)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> TreePath {
        TreePath::new(s).unwrap()
    }

    #[test]
    fn round_trips_marker_names() {
        assert_eq!(whiteout_path(&p("a/b")), p("a/.wh.b"));
        assert_eq!(opaque_path(&p("a")), p("a/.wh..wh..opq"));
        assert_eq!(classify(p("a/.wh.b")).unwrap(), Marker::Whiteout(p("a/b")));
        assert_eq!(classify(p("a/.wh..wh..opq")).unwrap(), Marker::Opaque(p("a")));
        assert_eq!(classify(p(".wh.top")).unwrap(), Marker::Whiteout(p("top")));
        assert!(classify(p("a/.wh...")).is_err());
    }
}

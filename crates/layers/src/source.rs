//! Where trees come from.

use crate::error::Result;
use crate::tree::Tree;

/// Anything a file tree can be read from: an in-memory tree, a directory on disk
/// ([`crate::native::DirSource`]), a build context, an executor's upper directory.
pub trait TreeSource {
    /// Reads the whole tree.
    fn read_tree(&self) -> Result<Tree>;
}

impl TreeSource for Tree {
    fn read_tree(&self) -> Result<Tree> {
        Ok(self.clone())
    }
}

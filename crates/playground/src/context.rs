//! The virtual build context: the project's files seen by the linter, the cache simulator and the build engine.
//!
//! Every file of [`Project::files`] becomes a regular file with mode `0644`, owned by root,
//! with modification time 0 (the epoch), so the same project always gives the same layers;
//! the directories its paths imply are created with mode `0755`. `.dockerignore` is an
//! ordinary file of the context and is honoured as BuildKit does (see
//! [`slipway_cache::ignore::DockerIgnore`]): the cache planner and the build engine read it
//! themselves through [`slipway_cache::context::BuildContext`], the linter asks
//! [`VirtualContext`] through [`slipway_lint::BuildContext`].

use std::io::Read;

use slipway_cache::context::{BuildContext, ContextError, DirEntry, MemoryContext, Stat, Timestamp};
use slipway_cache::ignore::DockerIgnore;

use crate::project::Project;

/// Permission bits of every context file (directories get `0755` from [`MemoryContext`]).
const FILE_MODE: u32 = 0o644;

/// The project's build context, in memory.
#[derive(Debug, Clone)]
pub struct VirtualContext {
    files: MemoryContext,
    ignore: DockerIgnore,
    ignore_error: Option<String>,
}

impl VirtualContext {
    /// Builds the context from `project.files`. Paths are cleaned (`./a//b` is `a/b`); a path
    /// that cannot be a file (empty, or below another file) is left out.
    pub fn new(project: &Project) -> Self {
        let mut files = MemoryContext::new();
        for (path, contents) in &project.files {
            // A path naming the root or crossing a file cannot be stored: it is dropped.
            let _ = files.add_file(path, contents.as_bytes(), FILE_MODE);
        }
        files.set_all_mtimes(Timestamp::default());
        let (ignore, ignore_error) = match DockerIgnore::load(&files, None) {
            Ok(ignore) => (ignore, None),
            Err(error) => (DockerIgnore::empty(), Some(error.to_string())),
        };
        Self { files, ignore, ignore_error }
    }

    /// Why `.dockerignore` could not be used (an invalid pattern), if so; the linter then
    /// treats nothing as ignored, while a build reports the same error.
    pub fn ignore_error(&self) -> Option<&str> {
        self.ignore_error.as_deref()
    }
}

impl BuildContext for VirtualContext {
    fn read_dir(&self, path: &str) -> Result<Vec<DirEntry>, ContextError> {
        self.files.read_dir(path)
    }

    fn stat(&self, path: &str) -> Result<Stat, ContextError> {
        self.files.stat(path)
    }

    fn open(&self, path: &str) -> Result<Box<dyn Read + Send + '_>, ContextError> {
        self.files.open(path)
    }
}

impl slipway_lint::BuildContext for VirtualContext {
    fn is_ignored(&self, path: &str) -> bool {
        self.ignore.is_excluded(path)
    }

    fn exists(&self, path: &str) -> bool {
        self.files.stat(path).is_ok()
    }
}

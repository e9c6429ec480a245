//! The build context `slipway lint` checks COPY/ADD sources against (CopyIgnoredFile): a
//! directory on disk and its `.dockerignore` rules, loaded as BuildKit does
//! (`<Dockerfile>.dockerignore` beside the Dockerfile wins over the context's `.dockerignore`).

use std::path::{Path, PathBuf};

use slipway_cache::context::DiskContext;
use slipway_cache::ignore::DockerIgnore;

/// A directory used as the build context of one Dockerfile.
pub struct LintContext {
    root: PathBuf,
    ignore: DockerIgnore,
}

impl LintContext {
    /// The context `root` for the Dockerfile at `dockerfile`.
    pub fn load(root: &Path, dockerfile: &Path) -> Result<LintContext, String> {
        let context = DiskContext::new(root).map_err(|e| format!("build context {}: {e}", root.display()))?;
        let dir = match dockerfile.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let name = dockerfile.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let beside = DiskContext::new(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let ignore = DockerIgnore::load(&context, Some((&beside, name.as_str())))
            .map_err(|e| format!("{}: {e}", dockerfile.display()))?;
        Ok(LintContext { root: root.to_path_buf(), ignore })
    }
}

impl slipway_lint::BuildContext for LintContext {
    fn is_ignored(&self, path: &str) -> bool {
        self.ignore.is_excluded(path)
    }

    fn exists(&self, path: &str) -> bool {
        self.root.join(path.trim_start_matches('/')).symlink_metadata().is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slipway_lint::BuildContext;

    #[test]
    fn dockerfile_specific_ignore_file_wins() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join(".dockerignore"), "secret\n").unwrap();
        std::fs::write(root.join("app.Dockerfile"), "FROM a:1\n").unwrap();
        std::fs::write(root.join("app.Dockerfile.dockerignore"), "*.log\n").unwrap();
        std::fs::write(root.join("secret"), "x").unwrap();
        let generic = LintContext::load(root, &root.join("Dockerfile")).unwrap();
        assert!(generic.is_ignored("secret") && !generic.is_ignored("a.log"));
        assert!(generic.exists("secret") && !generic.exists("missing"));
        let specific = LintContext::load(root, &root.join("app.Dockerfile")).unwrap();
        assert!(!specific.is_ignored("secret") && specific.is_ignored("a.log"));
    }
}

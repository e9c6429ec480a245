//! The COPY/ADD vertex: BuildKit's file op with a copy action.

use serde::{Deserialize, Serialize};

use super::KeyInput;

/// Where COPY/ADD reads its sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum CopyFrom {
    /// The build context, or a named context (`--build-context name=…`).
    Context(Option<String>),
    /// `--from=<stage>` of this Dockerfile.
    Stage(String),
    /// `--from=<image>`.
    Image(String),
}

impl std::fmt::Display for CopyFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CopyFrom::Context(None) => f.write_str("context"),
            CopyFrom::Context(Some(name)) => write!(f, "context:{name}"),
            CopyFrom::Stage(name) => write!(f, "stage:{name}"),
            CopyFrom::Image(name) => write!(f, "image:{name}"),
        }
    }
}

/// One source of a copy and the checksum of what it selects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopySource {
    /// The source as the copy action holds it: the cleaned path or wildcard pattern
    /// relative to the source root, a URL for ADD, or `<<NAME` for a heredoc.
    pub path: String,
    /// BuildKit keys a copy by the content checksum of each source selector (mode, size,
    /// type, link target and content of everything selected; never mtime). For a URL it is
    /// `--checksum` when given, else the URL's placeholder; for a heredoc the body's digest.
    pub checksum: String,
}

/// `COPY`/`ADD`: the file op's copy action (`llb.Copy`) as dockerfile2llb builds it — the
/// destination resolved against WORKDIR, each source, `--chown`, `--chmod`, `--parents`,
/// `--exclude`, ADD's `--unpack`/`--checksum`/`--keep-git-dir`, and `FollowSymlinks` (true
/// for sources) — plus the content checksum of each source. USER does not enter it (copied
/// files belong to root unless `--chown`). With `--link` (and no `--chmod`) the copy is made
/// on an empty layer and merged, so its key does not depend on the parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyOp {
    /// ADD rather than COPY.
    pub add: bool,
    /// Where the sources come from.
    pub from: CopyFrom,
    /// The sources with their checksums.
    pub sources: Vec<CopySource>,
    /// The absolute destination (a trailing `/` kept: it means "into this directory").
    pub dest: String,
    /// `--chown`, expanded.
    pub chown: Option<String>,
    /// `--chmod`, expanded.
    pub chmod: Option<String>,
    /// `--link`.
    pub link: bool,
    /// `--parents`.
    pub parents: bool,
    /// `--exclude` patterns.
    pub excludes: Vec<String>,
    /// ADD `--unpack` (None: the default, unpack local archives).
    pub unpack: Option<bool>,
    /// ADD `--checksum`.
    pub checksum: Option<String>,
    /// ADD `--keep-git-dir`.
    pub keep_git_dir: bool,
    /// Symlinks given as sources are followed.
    pub follow_symlinks: bool,
}

impl CopyOp {
    /// Whether the key chains on the parent: not for `--link` without `--chmod`.
    pub fn uses_parent(&self) -> bool {
        !(self.link && self.chmod.is_none())
    }

    /// What feeds the key.
    pub fn inputs(&self) -> Vec<KeyInput> {
        let mut out = vec![
            KeyInput::new("action", if self.add { "add" } else { "copy" }),
            KeyInput::new("from", self.from.to_string()),
            KeyInput::new("dest", &self.dest),
        ];
        for source in &self.sources {
            out.push(KeyInput::new(format!("source {}", source.path), &source.checksum));
        }
        let options = [
            ("chown", self.chown.clone()),
            ("chmod", self.chmod.clone()),
            ("link", self.link.then(|| "true".to_string())),
            ("parents", self.parents.then(|| "true".to_string())),
            ("unpack", self.unpack.map(|u| u.to_string())),
            ("checksum", self.checksum.clone()),
            ("keep-git-dir", self.keep_git_dir.then(|| "true".to_string())),
        ];
        for (name, value) in options {
            if let Some(value) = value {
                out.push(KeyInput::new(name, value));
            }
        }
        for exclude in &self.excludes {
            out.push(KeyInput::new("exclude", exclude));
        }
        out.push(KeyInput::new("follow-symlinks", self.follow_symlinks.to_string()));
        out
    }
}

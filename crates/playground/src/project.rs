//! The playground's editable state: the Dockerfile, the build context and the build settings.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use slipway_lint::Lang;

/// Everything a user edits in the playground; what sharing and autosave store.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// The Dockerfile's text.
    pub dockerfile: String,
    /// The build context: relative path (`/`-separated, no leading `/`) to text content.
    /// `.dockerignore` is an ordinary entry.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// `--build-arg` values.
    #[serde(default)]
    pub build_args: BTreeMap<String, String>,
    /// `--target` stage name, `None` for the last stage.
    #[serde(default)]
    pub target: Option<String>,
    /// Simulate the legacy builder (builds every stage up to the target) instead of BuildKit.
    #[serde(default)]
    pub legacy_builder: bool,
}

//! The WORKDIR vertex: BuildKit's `mkdir -p` file op.

use serde::{Deserialize, Serialize};

use super::KeyInput;

/// `WORKDIR <path>` other than `/`: dockerfile2llb's `dispatchWorkdir` adds
/// `llb.Mkdir(path, 0755, WithParents, WithUser(USER))`, with the creation time taken from
/// `SOURCE_DATE_EPOCH` when set, so the path, the current USER and the epoch are the inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkdirOp {
    /// The absolute, cleaned directory.
    pub path: String,
    /// The USER in effect (empty for root): the directory is created as that user.
    pub user: String,
    /// The `SOURCE_DATE_EPOCH` build argument, when given.
    pub source_date_epoch: Option<String>,
}

impl WorkdirOp {
    /// What feeds the key.
    pub fn inputs(&self) -> Vec<KeyInput> {
        let mut out = vec![KeyInput::new("path", &self.path), KeyInput::new("user", &self.user)];
        if let Some(epoch) = &self.source_date_epoch {
            out.push(KeyInput::new("SOURCE_DATE_EPOCH", epoch));
        }
        out
    }
}

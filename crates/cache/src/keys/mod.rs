//! BuildKit cache keys computed from plain data.
//!
//! A cache key names a vertex of the build graph. BuildKit's solver keys a vertex by the
//! digest of its operation definition, the keys of its inputs and, for inputs selected by
//! path (COPY sources, bind mounts), the content checksums of what is selected. Slipway
//! reproduces the *equality* of those keys, not their bytes: two steps get the same
//! [`CacheKey`] exactly when BuildKit would find the same cache record.
//!
//! Each vertex kind is one [`StepOp`] variant listing BuildKit's inputs as plain data
//! ([`FromOp`], [`RunOp`], [`CopyOp`], [`WorkdirOp`]); [`StepOp::key`] hashes the op's
//! [`KeyInput`]s with the parent key. Metadata-only instructions ([`MetadataOp`]) make no
//! vertex in BuildKit; only the legacy builder keys them.
//!
//! ```
//! use slipway_cache::keys::{StepOp, WorkdirOp};
//!
//! let op = StepOp::Workdir(WorkdirOp { path: "/app".into(), user: String::new(), source_date_epoch: None });
//! let key = op.key(None);
//! assert_eq!(key, op.key(None));
//! assert_ne!(key, op.key(Some(&key)));
//! assert!(key.to_string().starts_with("sha256:"));
//! ```

mod cache_key;
mod copy;
mod from;
mod input;
mod metadata;
mod run;
mod workdir;

pub use cache_key::{CacheKey, InvalidCacheKey};
pub use copy::{CopyFrom, CopyOp, CopySource};
pub use from::{normalize_image_ref, placeholder_digest, FromOp};
pub use input::{hash_inputs, KeyInput};
pub use metadata::MetadataOp;
pub use run::{EnvOrigin, EnvVar, MountFrom, MountInput, RunHeredoc, RunOp};
pub use workdir::WorkdirOp;

use serde::{Deserialize, Serialize};

/// The operation of one step, with everything BuildKit puts in its cache key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepOp {
    /// `FROM <image>`: a source vertex, no parent.
    From(FromOp),
    /// `RUN`.
    Run(RunOp),
    /// `COPY` / `ADD`.
    Copy(CopyOp),
    /// `WORKDIR` (other than `/`).
    Workdir(WorkdirOp),
    /// A metadata-only instruction (keyed only in legacy mode).
    Metadata(MetadataOp),
}

impl StepOp {
    /// The op kind as hashed and shown: `from`, `run`, `copy`, `workdir`, `metadata`.
    pub fn kind(&self) -> &'static str {
        match self {
            StepOp::From(_) => "from",
            StepOp::Run(_) => "run",
            StepOp::Copy(_) => "copy",
            StepOp::Workdir(_) => "workdir",
            StepOp::Metadata(_) => "metadata",
        }
    }

    /// Whether the key chains on the parent step's key: never for FROM (a source), not for
    /// `COPY --link` without `--chmod`, always otherwise.
    pub fn uses_parent(&self) -> bool {
        match self {
            StepOp::From(_) => false,
            StepOp::Copy(copy) => copy.uses_parent(),
            StepOp::Run(_) | StepOp::Workdir(_) | StepOp::Metadata(_) => true,
        }
    }

    /// Everything that feeds the key besides the parent, in hashing order.
    pub fn inputs(&self) -> Vec<KeyInput> {
        match self {
            StepOp::From(op) => op.inputs(),
            StepOp::Run(op) => op.inputs(),
            StepOp::Copy(op) => op.inputs(),
            StepOp::Workdir(op) => op.inputs(),
            StepOp::Metadata(op) => op.inputs(),
        }
    }

    /// The step's key: `hash(parent key if `uses_parent`, kind, inputs)`. The parent given
    /// is ignored when the op does not use it.
    pub fn key(&self, parent: Option<&CacheKey>) -> CacheKey {
        let parent = if self.uses_parent() { parent } else { None };
        hash_inputs(self.kind(), parent, &self.inputs())
    }
}

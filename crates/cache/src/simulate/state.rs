//! [`CacheState`]: what the cache holds after a sequence of builds, and enough of the last
//! build to explain the next one's misses.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::keys::{CacheKey, KeyInput};
use crate::plan::{Mode, Plan};

/// One key the cache holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownKey {
    /// How long the step took when it was built, in milliseconds, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
}

/// A step of the last recorded build, as needed to explain a later miss.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    /// Stage name (or index).
    pub stage_name: String,
    /// Instruction text.
    pub instruction: String,
    /// Op kind (`run`, `copy`, …).
    pub kind: String,
    /// The key, when the step was keyed.
    pub key: Option<CacheKey>,
    /// The key's inputs.
    pub inputs: Vec<KeyInput>,
}

/// The last recorded build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRecord {
    /// Builder rules it used.
    pub mode: Mode,
    /// Its steps that ran, in Dockerfile order.
    pub steps: Vec<StepRecord>,
    /// Context files (not directories) in walk order, each with a 16-hex-digit prefix of
    /// its checksum.
    pub files: Vec<(String, String)>,
}

/// The simulated build cache: every key ever built (the cache keeps many versions, so
/// reverting an edit hits again), with optional durations, and the last build.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheState {
    /// Keys in the cache.
    pub keys: BTreeMap<CacheKey, KnownKey>,
    /// The last recorded build.
    pub last: Option<PlanRecord>,
}

/// The short checksum kept per file in a [`PlanRecord`].
pub(crate) fn short_digest(digest: &crate::checksum::Digest) -> String {
    hex::encode(&digest.0[..8])
}

/// Whether `short` (from [`short_digest`]) is the short form of `digest`, without allocating.
pub(crate) fn same_short_digest(short: &str, digest: &crate::checksum::Digest) -> bool {
    let text = digest.text();
    short.as_bytes() == &text[7..23]
}

impl CacheState {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the cache holds `key`.
    pub fn contains(&self, key: &CacheKey) -> bool {
        self.keys.contains_key(key)
    }

    /// Records a build of `plan`: every key of the steps that ran enters the cache (keeping
    /// known durations) and the plan becomes the reference for explaining the next build.
    pub fn record(&mut self, plan: &Plan) {
        for step in plan.steps.iter().filter(|s| s.needed) {
            if let Some(key) = step.key {
                self.keys.entry(key).or_default();
            }
        }
        let steps = plan
            .steps
            .iter()
            .filter(|s| s.needed)
            .map(|s| StepRecord {
                stage_name: s.stage_name.clone(),
                instruction: s.instruction.clone(),
                kind: s.op.kind().to_string(),
                key: s.key,
                inputs: s.inputs.clone(),
            })
            .collect();
        let files = plan
            .context
            .as_ref()
            .map(|c| c.files().map(|(path, digest)| (path.to_string(), short_digest(&digest))).collect())
            .unwrap_or_default();
        self.last = Some(PlanRecord { mode: plan.mode, steps, files });
    }

    /// Sets how long building `key` took.
    pub fn set_duration(&mut self, key: CacheKey, duration_ms: u64) {
        self.keys.entry(key).or_default().duration_ms = Some(duration_ms);
    }

    /// Serializes the state as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a state written by [`to_json`](Self::to_json).
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}

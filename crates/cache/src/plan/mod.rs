//! The planner: from an analysed Dockerfile, build arguments, a target and the build
//! context, the list of steps BuildKit (or the legacy builder) would run, each with its
//! operation and cache key.
//!
//! Steps come in Dockerfile order. Stages are evaluated in dependency order (a `COPY
//! --from` may name a later stage), so every step's key can use the keys of the stages it
//! reads from.

mod copy;
mod outputs;
mod run;
mod snapshot;
mod stage;

pub use outputs::{derived_checksum, StageOutputs};
pub(crate) use snapshot::under as under_source;
pub use snapshot::{ContextSnapshot, SnapshotError, MISSING};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use slipway_syntax::instructions::graph::target_stage;
use slipway_syntax::instructions::scope::{global_scope, Platforms};
use slipway_syntax::Analysis;

use crate::keys::{normalize_image_ref, CacheKey, KeyInput, StepOp};

/// Which builder's rules to follow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// BuildKit: only stages the target needs; only FROM/RUN/COPY/ADD/WORKDIR are keyed.
    #[default]
    Buildkit,
    /// The legacy builder: every stage up to the target; every instruction keyed on its
    /// parent, so a metadata edit misses everything after it.
    Legacy,
}

/// What to plan.
#[derive(Clone, Default)]
pub struct PlanRequest<'a> {
    /// `--build-arg` values, in order (a later one wins).
    pub build_args: Vec<(String, String)>,
    /// `--target` (the last stage when `None`).
    pub target: Option<String>,
    /// Builder rules.
    pub mode: Mode,
    /// Build and target platforms.
    pub platforms: Platforms,
    /// The main build context, already checksummed; `None` keys context sources as
    /// [`MISSING`].
    pub context: Option<ContextSnapshot>,
    /// Named contexts (`--build-context name=path`), by lower-case name.
    pub named_contexts: BTreeMap<String, ContextSnapshot>,
    /// Known image digests by reference (any spelling: references are normalized).
    pub images: BTreeMap<String, String>,
    /// Real checksums of other stages' files, when a build engine knows them.
    pub stage_outputs: Option<&'a dyn StageOutputs>,
}

impl std::fmt::Debug for PlanRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlanRequest")
            .field("build_args", &self.build_args)
            .field("target", &self.target)
            .field("mode", &self.mode)
            .field("named_contexts", &self.named_contexts.keys().collect::<Vec<_>>())
            .field("images", &self.images)
            .finish_non_exhaustive()
    }
}

/// One instruction of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Stage index.
    pub stage: usize,
    /// Stage name, or its index when unnamed.
    pub stage_name: String,
    /// Index of the instruction in the Dockerfile.
    pub index: usize,
    /// 1-based first line.
    pub line: usize,
    /// The instruction as written (logical line).
    pub instruction: String,
    /// Whether the step is a vertex that makes a layer.
    pub layer: bool,
    /// Whether the builder runs the step for the target.
    pub needed: bool,
    /// The operation.
    pub op: StepOp,
    /// The key of the filesystem the step starts from, when its key uses it.
    pub parent: Option<CacheKey>,
    /// The cache key (`None` for steps that are not keyed: metadata in BuildKit mode,
    /// `FROM scratch`).
    pub key: Option<CacheKey>,
    /// What fed the key, for humans.
    pub inputs: Vec<KeyInput>,
}

/// The planned build.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// Builder rules used.
    pub mode: Mode,
    /// The target stage index.
    pub target: usize,
    /// Stage names (or indexes), by stage index.
    pub stage_names: Vec<String>,
    /// Every instruction in Dockerfile order (global ARGs excluded).
    pub steps: Vec<Step>,
    /// The build context the plan was made from (for explaining changes).
    #[serde(skip)]
    pub context: Option<ContextSnapshot>,
}

impl Plan {
    /// The step of instruction `index`, if planned.
    pub fn step(&self, index: usize) -> Option<&Step> {
        self.steps.iter().find(|s| s.index == index)
    }

    /// The key of the target stage's last step.
    pub fn final_key(&self) -> Option<CacheKey> {
        self.steps.iter().rev().find(|s| s.stage == self.target && s.key.is_some()).and_then(|s| s.key)
    }
}

/// Why a plan could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The Dockerfile has no stage, or the target does not exist.
    #[error("{0}")]
    Target(String),
    /// A word could not be expanded.
    #[error("line {line}: {message}")]
    Expand {
        /// 1-based line of the instruction.
        line: usize,
        /// The expansion error.
        message: String,
    },
}

/// Plans `analysis` for `request`.
pub fn plan(analysis: &Analysis, request: &PlanRequest<'_>) -> Result<Plan, PlanError> {
    let model = &analysis.model;
    let target = target_stage(model, request.target.as_deref()).map_err(PlanError::Target)?;
    let global = global_scope(model, analysis.file.escape, &request.build_args, &request.platforms)
        .map_err(|e| PlanError::Expand { line: 1, message: e.to_string() })?;
    let built: Vec<bool> = match request.mode {
        Mode::Buildkit => {
            let needed = analysis.graph.needed_by(target);
            (0..model.stages.len()).map(|s| needed.contains(&s)).collect()
        }
        Mode::Legacy => (0..model.stages.len()).map(|s| s <= target).collect(),
    };
    // extend, not collect: collecting into a BTreeMap sorts first, one more sort routine in the playground's wasm
    let mut images: BTreeMap<String, String> = BTreeMap::new();
    images.extend(request.images.iter().map(|(r, d)| (normalize_image_ref(r), d.clone())));
    let mut planner = stage::Planner::new(analysis, request, &global, &images);
    for stage in dependency_order(analysis) {
        planner.plan_stage(stage, built[stage])?;
    }
    let mut steps = planner.into_steps();
    slipway_sort::sort_by_key(&mut steps, |s| s.index);
    Ok(Plan {
        mode: request.mode,
        target,
        stage_names: model.stages.iter().map(stage::display_name).collect(),
        steps,
        context: request.context.clone(),
    })
}

/// Stages ordered so that each comes after the stages it reads from (ties and cycles in
/// Dockerfile order).
fn dependency_order(analysis: &Analysis) -> Vec<usize> {
    fn visit(stage: usize, analysis: &Analysis, state: &mut [u8], out: &mut Vec<usize>) {
        if state[stage] != 0 {
            return;
        }
        state[stage] = 1;
        for dep in analysis.graph.dependencies(stage) {
            if dep < state.len() {
                visit(dep, analysis, state, out);
            }
        }
        state[stage] = 2;
        out.push(stage);
    }
    let count = analysis.model.stages.len();
    let mut state = vec![0u8; count];
    let mut out = Vec::with_capacity(count);
    for stage in 0..count {
        visit(stage, analysis, &mut state, &mut out);
    }
    out
}

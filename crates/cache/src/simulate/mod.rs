//! Simulation: which steps of a plan hit the cache, which miss and why.
//!
//! ```
//! use slipway_cache::context::MemoryContext;
//! use slipway_cache::plan::{plan, ContextSnapshot, PlanRequest};
//! use slipway_cache::simulate::{simulate, CacheState, Outcome};
//! use slipway_syntax::Analysis;
//!
//! let dockerfile = Analysis::of_bytes(b"FROM alpine\nCOPY app.js /app/\nRUN node --check /app/app.js\n");
//! let mut ctx = MemoryContext::new();
//! ctx.add_file("app.js", "1", 0o644).unwrap();
//! let request = |ctx: &MemoryContext| PlanRequest {
//!     context: Some(ContextSnapshot::load(ctx, None, None).unwrap()),
//!     ..PlanRequest::default()
//! };
//! let mut state = CacheState::new();
//! state.record(&plan(&dockerfile, &request(&ctx)).unwrap());
//!
//! ctx.add_file("app.js", "2", 0o644).unwrap();
//! let result = simulate(&state, &plan(&dockerfile, &request(&ctx)).unwrap());
//! assert_eq!(result.steps[0].result, Some(Outcome::Hit));
//! assert_eq!(result.steps[1].result, Some(Outcome::Miss));
//! assert_eq!(result.steps[1].reason, "app.js changed (COPY app.js /app/)");
//! assert_eq!(result.steps[2].reason, "parent step missed");
//! ```

mod edit;
mod reason;
mod state;

pub use edit::{Edit, EditedContext};
pub use state::{CacheState, KnownKey, PlanRecord, StepRecord};

use serde::{Deserialize, Serialize};

use crate::keys::StepOp;
use crate::plan::{Mode, Plan, Step};

/// The result of one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The key is in the cache.
    Hit,
    /// The key is not in the cache: the step runs.
    Miss,
    /// The builder does not run the step for this target.
    Skipped,
}

/// One simulated step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepResult {
    /// Index of the instruction in the Dockerfile.
    pub index: usize,
    /// The outcome; `None` for a step that is no cache vertex (metadata in BuildKit mode).
    pub result: Option<Outcome>,
    /// Why, in words.
    pub reason: String,
    /// Estimated time to rebuild the step, from the duration recorded for the step it
    /// replaces, when known.
    pub cost_ms: Option<u64>,
}

/// A simulated build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Simulation {
    /// One result per plan step, in the plan's order.
    pub steps: Vec<StepResult>,
    /// Sum of the known rebuild costs, when any is known.
    pub estimated_cost_ms: Option<u64>,
}

impl Simulation {
    /// Number of steps with `outcome`.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.steps.iter().filter(|s| s.result == Some(outcome)).count()
    }

    /// The result of instruction `index`.
    pub fn step(&self, index: usize) -> Option<&StepResult> {
        self.steps.iter().find(|s| s.index == index)
    }
}

/// Simulates building `plan` with the cache `state`.
pub fn simulate(state: &CacheState, plan: &Plan) -> Simulation {
    let explainer = reason::Explainer::new(state, plan);
    let mut steps = Vec::with_capacity(plan.steps.len());
    for (position, (step, classified)) in plan.steps.iter().zip(classify(state, plan)).enumerate() {
        let (result, reason, cost_ms) = match classified {
            Classified::Skipped => (Some(Outcome::Skipped), skip_reason(plan, step), None),
            Classified::Unkeyed => (None, unkeyed_reason(plan, step), None),
            Classified::Hit => (Some(Outcome::Hit), "cached".to_string(), None),
            Classified::Miss { parent_missed } => {
                let (reason, cost_ms) = explainer.explain_miss(position, step, parent_missed);
                (Some(Outcome::Miss), reason, cost_ms)
            }
        };
        steps.push(StepResult { index: step.index, result, reason, cost_ms });
    }
    let costs: Vec<u64> = steps.iter().filter_map(|s| s.cost_ms).collect();
    let estimated_cost_ms = (!costs.is_empty()).then(|| costs.iter().sum());
    Simulation { steps, estimated_cost_ms }
}

/// The outcome of every plan step, in the plan's order, as [`simulate`] finds it but
/// without explaining misses (cheaper, for callers that phrase their own reasons or only
/// count): `None` for a step that is no cache vertex.
pub fn outcomes(state: &CacheState, plan: &Plan) -> Vec<Option<Outcome>> {
    classify(state, plan)
        .into_iter()
        .map(|c| match c {
            Classified::Skipped => Some(Outcome::Skipped),
            Classified::Unkeyed => None,
            Classified::Hit => Some(Outcome::Hit),
            Classified::Miss { .. } => Some(Outcome::Miss),
        })
        .collect()
}

/// What the simulated builder does with one step.
enum Classified {
    Skipped,
    /// No cache vertex.
    Unkeyed,
    Hit,
    /// `parent_missed`: the step starts from a filesystem that a miss before it changed.
    Miss {
        parent_missed: bool,
    },
}

/// Classifies every step of `plan` against `state`, in the plan's order.
fn classify(state: &CacheState, plan: &Plan) -> Vec<Classified> {
    // Whether a step of the stage (or of the stage it starts from) has missed, by stage index.
    let mut stage_missed = vec![false; plan.stage_names.len()];
    let missed = |stage_missed: &[bool], stage: usize| stage_missed.get(stage).copied().unwrap_or(false);
    let mut out = Vec::with_capacity(plan.steps.len());
    for step in &plan.steps {
        let keyed = step.key.is_some() && (step.layer || plan.mode == Mode::Legacy);
        let classified = if !step.needed {
            Classified::Skipped
        } else if !keyed {
            if let (StepOp::Metadata(_), Some(base)) = (&step.op, based_on(plan, step)) {
                let base_missed = missed(&stage_missed, base);
                set(&mut stage_missed, step.stage, base_missed);
            }
            Classified::Unkeyed
        } else if step.key.as_ref().is_some_and(|k| state.contains(k)) {
            Classified::Hit
        } else {
            let parent_stage = based_on(plan, step).unwrap_or(step.stage);
            let parent_missed = missed(&stage_missed, parent_stage);
            set(&mut stage_missed, step.stage, true);
            Classified::Miss { parent_missed: parent_missed && (step.op.uses_parent() || plan.mode == Mode::Legacy) }
        };
        out.push(classified);
    }
    out
}

/// Records whether `stage` has missed.
fn set(stage_missed: &mut Vec<bool>, stage: usize, missed: bool) {
    if stage >= stage_missed.len() {
        stage_missed.resize(stage + 1, false);
    }
    stage_missed[stage] = missed;
}

/// The stage a `FROM <stage>` step starts from.
fn based_on(plan: &Plan, step: &Step) -> Option<usize> {
    let StepOp::Metadata(op) = &step.op else { return None };
    let name = op.instruction.strip_prefix("FROM ")?;
    plan.stage_names.iter().position(|n| n == name)
}

fn skip_reason(plan: &Plan, step: &Step) -> String {
    let target = &plan.stage_names[plan.target];
    match plan.mode {
        Mode::Buildkit => format!("stage {} is not needed for target {target}", step.stage_name),
        Mode::Legacy => format!("stage {} comes after target {target}", step.stage_name),
    }
}

fn unkeyed_reason(plan: &Plan, step: &Step) -> String {
    match (&step.op, based_on(plan, step)) {
        (StepOp::Metadata(_), Some(base)) => format!("starts from stage {}", plan.stage_names[base]),
        (StepOp::Metadata(op), None) if op.instruction == "FROM scratch" => "empty base (scratch)".to_string(),
        _ => "metadata only: no cache vertex".to_string(),
    }
}

//! Measuring a rewrite: simulate one edit of a frequently edited file against the
//! original and the rewritten Dockerfile, and count the steps that rebuild.

use serde::Serialize;
use slipway_syntax::Analysis;

use crate::context::BuildContext;
use crate::plan::{plan, ContextSnapshot, PlanError, PlanRequest, SnapshotError};
use crate::simulate::{outcomes, CacheState, Edit, EditedContext, Outcome};

/// What one edit costs before and after a rewrite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditSaving {
    /// The edited context path.
    pub path: String,
    /// Steps that rebuild after editing it, with the original Dockerfile.
    pub misses_before: usize,
    /// Steps that rebuild after editing it, with the rewritten Dockerfile.
    pub misses_after: usize,
    /// Steps saved per edit: `misses_before - misses_after` (0 if the rewrite is worse).
    pub saved: usize,
}

/// An error while simulating.
#[derive(Debug, thiserror::Error)]
pub enum SimulationError {
    /// Planning failed.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// Reading or checksumming the context failed.
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    /// Applying an edit failed.
    #[error(transparent)]
    Context(#[from] crate::context::ContextError),
}

/// One Dockerfile built once on the unedited context.
pub(super) struct Baseline<'a> {
    analysis: &'a Analysis,
    state: CacheState,
}

impl<'a> Baseline<'a> {
    /// Plans and records a build of `analysis` on `snapshot`.
    pub fn new(
        analysis: &'a Analysis,
        request: &PlanRequest<'_>,
        snapshot: &ContextSnapshot,
    ) -> Result<Self, SimulationError> {
        let mut state = CacheState::new();
        state.record(&plan(analysis, &with_context(request, snapshot))?);
        Ok(Self { analysis, state })
    }

    /// Steps that miss after the edits were applied, as seen in `snapshot`.
    pub fn misses(&self, request: &PlanRequest<'_>, snapshot: &ContextSnapshot) -> Result<usize, SimulationError> {
        let planned = plan(self.analysis, &with_context(request, snapshot))?;
        Ok(outcomes(&self.state, &planned).into_iter().filter(|o| *o == Some(Outcome::Miss)).count())
    }
}

fn with_context<'r>(request: &PlanRequest<'r>, snapshot: &ContextSnapshot) -> PlanRequest<'r> {
    PlanRequest { context: Some(snapshot.clone()), ..request.clone() }
}

/// Compares `before` and `after` for an edit of each of `paths` in `context`.
pub(super) fn measure(
    before: &Baseline<'_>,
    after: &Baseline<'_>,
    request: &PlanRequest<'_>,
    context: &dyn BuildContext,
    paths: &[String],
) -> Result<Vec<EditSaving>, SimulationError> {
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let edited = EditedContext::new(context, &[Edit::Modify(path.clone())])?;
        let snapshot = ContextSnapshot::load(&edited, None, None)?;
        let misses_before = before.misses(request, &snapshot)?;
        let misses_after = after.misses(request, &snapshot)?;
        out.push(EditSaving {
            path: path.clone(),
            misses_before,
            misses_after,
            saved: misses_before.saturating_sub(misses_after),
        });
    }
    Ok(out)
}

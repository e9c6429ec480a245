//! The cache-order advisor: finds steps that edits invalidate needlessly and proposes a
//! rewrite, measured by simulation.
//!
//! The pattern it knows is the most common one: a broad `COPY . .` before a
//! dependency-install `RUN` (`npm ci`, `pip install -r`, `mvn dependency:go-offline`,
//! `go mod download`, `bundle install`, `cargo fetch`, `composer install`, …). Any source
//! edit changes the COPY's checksum, so the install reruns. Copying the manifests and
//! lockfiles first, installing, then copying the rest keeps the install cached until a
//! manifest changes. Each proposal carries text edits and, for each frequently edited path
//! (given, or inferred: the copied files that are not manifests), the steps saved per edit,
//! computed by simulating the edit before and after the rewrite.
//!
//! [`find_candidates`] needs no context (for the lint rule); [`advise`] does the rest.
//!
//! ```
//! use slipway_cache::advisor::advise;
//! use slipway_cache::context::MemoryContext;
//! use slipway_cache::plan::PlanRequest;
//! use slipway_syntax::Analysis;
//!
//! let analysis = Analysis::of_bytes(b"FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"src/index.js\"]\n");
//! let mut ctx = MemoryContext::new();
//! ctx.add_file("package.json", "{}", 0o644).unwrap();
//! ctx.add_file("package-lock.json", "{}", 0o644).unwrap();
//! ctx.add_file("src/index.js", "", 0o644).unwrap();
//! let advice = advise(&analysis, &ctx, &PlanRequest::default(), None).unwrap();
//! assert_eq!(advice[0].manifests, ["package.json", "package-lock.json"]);
//! assert!(advice[0].rewrite.text.contains("COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n"));
//! assert_eq!(advice[0].savings[0].saved, 1);
//! ```

mod detect;
mod rewrite;
mod savings;

pub use detect::{find_candidates, install_ecosystem, is_manifest, Candidate, Ecosystem, ECOSYSTEMS};
pub use rewrite::{apply, rewrite, Applicability, Rewrite, TextEdit};
pub use savings::{EditSaving, SimulationError};

use serde::Serialize;
use slipway_syntax::Analysis;

use crate::context::BuildContext;
use crate::plan::{ContextSnapshot, PlanRequest};
use savings::{measure, Baseline};

/// How many files the advisor edits when it infers the frequently edited ones.
const INFERRED_EDITS: usize = 3;

/// One proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Advice {
    /// Stage name (or index).
    pub stage: String,
    /// 1-based line of the broad COPY.
    pub copy_line: usize,
    /// 1-based line of the install RUN.
    pub install_line: usize,
    /// The ecosystem (`npm`, `pip`, …).
    pub ecosystem: &'static str,
    /// What is wrong and what to do, in words.
    pub message: String,
    /// The manifests and lockfiles to copy first (context paths).
    pub manifests: Vec<String>,
    /// The proposed rewrite.
    pub rewrite: Rewrite,
    /// Steps saved per edit of each frequently edited path.
    pub savings: Vec<EditSaving>,
}

/// Finds needless invalidations in `analysis` built on `context` and proposes rewrites.
///
/// `frequent` lists the paths that are edited often; `None` infers them (the copied files
/// that are not manifests or lockfiles, a few of them). Only proposals that save at least
/// one step for some edit are returned.
pub fn advise(
    analysis: &Analysis,
    context: &dyn BuildContext,
    request: &PlanRequest<'_>,
    frequent: Option<&[String]>,
) -> Result<Vec<Advice>, SimulationError> {
    let candidates = find_candidates(analysis);
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let snapshot = ContextSnapshot::load(context, None, None)?;
    let before = Baseline::new(analysis, request, &snapshot)?;
    let mut out = Vec::new();
    for candidate in candidates {
        let manifests = present_manifests(&snapshot, &candidate);
        if manifests.is_empty() {
            continue;
        }
        let paths: Vec<String> = match frequent {
            Some(paths) => paths.to_vec(),
            None => inferred_edits(&snapshot, &candidate.source_dir),
        };
        if paths.is_empty() {
            continue;
        }
        let rewrite = rewrite(analysis, &candidate, &manifests);
        let rewritten = Analysis::of_bytes(rewrite.text.as_bytes());
        if rewritten.has_errors() {
            continue;
        }
        let after = Baseline::new(&rewritten, request, &snapshot)?;
        let savings = measure(&before, &after, request, context, &paths)?;
        if savings.iter().all(|s| s.saved == 0) {
            continue;
        }
        let file = &analysis.file;
        let copy = &file.instructions[candidate.copy];
        let install = &file.instructions[candidate.install];
        let message = format!(
            "`{}` (line {}) comes before `{}` (line {}): any edit to a copied file reruns the {} install; copy {} first, install, then copy the rest",
            copy.original(&file.source).trim(),
            copy.start_line,
            install.original(&file.source).trim(),
            install.start_line,
            candidate.ecosystem.name,
            manifests.join(", "),
        );
        out.push(Advice {
            stage: analysis.model.stages[candidate.stage].name.clone().unwrap_or_else(|| candidate.stage.to_string()),
            copy_line: copy.start_line,
            install_line: install.start_line,
            ecosystem: candidate.ecosystem.name,
            message,
            manifests,
            rewrite,
            savings,
        });
    }
    Ok(out)
}

/// The candidate ecosystem's manifests that exist directly in the copied directory, in
/// the ecosystem's order.
fn present_manifests(snapshot: &ContextSnapshot, candidate: &Candidate) -> Vec<String> {
    let mut out = Vec::new();
    for pattern in candidate.ecosystem.manifests {
        for (path, _) in snapshot.files() {
            let (dir, name) = crate::path::split(path);
            if dir == candidate.source_dir && detect::name_matches(pattern, name) && !out.iter().any(|p| p == path) {
                out.push(path.to_string());
            }
        }
    }
    out
}

/// A few copied files that are not manifests (nor the Dockerfile or ignore file).
fn inferred_edits(snapshot: &ContextSnapshot, source_dir: &str) -> Vec<String> {
    snapshot
        .files()
        .map(|(path, _)| path)
        .filter(|path| crate::plan::under_source(source_dir, path))
        .filter(|path| {
            let name = crate::path::split(path).1;
            !is_manifest(path)
                && !name.starts_with("Dockerfile")
                && !name.ends_with(".dockerignore")
                && name != ".dockerignore"
        })
        .take(INFERRED_EDITS)
        .map(str::to_string)
        .collect()
}

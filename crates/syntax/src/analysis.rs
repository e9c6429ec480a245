//! Everything the parser can tell about a file in one value: the syntax tree, the typed
//! model, the stage graph, and all their diagnostics in source order.

use crate::diagnostic::Diagnostic;
use crate::instructions::graph::{target_stage, StageGraph};
use crate::instructions::scope::{global_scope, Platforms};
use crate::instructions::{analyze, Model};
use crate::tree::Dockerfile;

/// A parsed and analysed Dockerfile.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// The syntax tree (with parse diagnostics).
    pub file: Dockerfile,
    /// The typed model (with instruction diagnostics).
    pub model: Model,
    /// The stage graph, FROM lines resolved with the global ARG defaults.
    pub graph: StageGraph,
    /// Stage-graph errors (invalid stage index, circular dependency).
    pub graph_diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// Analyses a parsed file.
    pub fn new(file: Dockerfile) -> Self {
        let model = analyze(&file);
        let (graph, graph_diagnostics) = match global_scope(&model, file.escape, &[], &Platforms::default()) {
            Ok(global) => StageGraph::build(&file, &model, &global),
            Err(err) => {
                let span = model.global_args.first().map_or_else(Default::default, |a| file.instructions[a.index].span);
                (StageGraph::default(), vec![Diagnostic::error(err.to_string(), span)])
            }
        };
        Analysis { file, model, graph, graph_diagnostics }
    }

    /// Parses raw bytes and analyses them.
    pub fn of_bytes(bytes: &[u8]) -> Self {
        Analysis::new(crate::parse_bytes(bytes))
    }

    /// Every diagnostic, in source order.
    pub fn diagnostics(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> =
            self.file.diagnostics.iter().chain(&self.model.diagnostics).chain(&self.graph_diagnostics).collect();
        slipway_sort::sort_by_key(&mut all, |d| (d.span.start, d.span.end));
        all
    }

    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics().iter().any(|d| d.is_error())
    }

    /// Stages the last stage needs, grouped into levels that can build in parallel.
    pub fn default_levels(&self) -> Vec<Vec<usize>> {
        target_stage(&self.model, None).map(|t| self.graph.levels(t)).unwrap_or_default()
    }
}

//! The stage graph as BuildKit builds it: a FROM names an *earlier* stage or an image;
//! `COPY --from` and `RUN --mount=from=` name any stage (by name or index) or an image.
//! From it: the stages a `--target` needs (BuildKit prunes the rest), the stages the
//! legacy builder runs (every stage up to the target), parallel levels, unreachable
//! stages, and BuildKit's circular-dependency error.

use std::collections::BTreeSet;

use serde::Serialize;

use super::scope::{resolve_base, Scope};
use super::{Command, Model};
use crate::diagnostic::Diagnostic;
use crate::span::Span;
use crate::tree::Dockerfile;

/// What a reference resolves to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Source {
    /// A stage of this Dockerfile, by index.
    Stage(usize),
    /// An image (or the empty `scratch` image).
    Image(String),
}

/// Why one stage depends on another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// `FROM <stage>`.
    From,
    /// `COPY --from=<stage>`.
    CopyFrom,
    /// `RUN --mount=from=<stage>`.
    MountFrom,
}

/// A dependency of a stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// The dependent stage.
    pub stage: usize,
    /// What it depends on.
    pub source: Source,
    /// How.
    pub kind: EdgeKind,
    /// The instruction that creates the edge.
    pub instruction: usize,
    /// The reference as written (flag or FROM line).
    pub span: Span,
}

/// The dependency graph of a Dockerfile's stages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StageGraph {
    /// Number of stages.
    pub stage_count: usize,
    /// Every edge, in instruction order.
    pub edges: Vec<Edge>,
}

impl StageGraph {
    /// Builds the graph; FROM lines are resolved with the global ARG scope. Returns
    /// BuildKit's errors (unresolvable stage index, circular dependency) as diagnostics.
    pub fn build(file: &Dockerfile, model: &Model, global: &Scope) -> (StageGraph, Vec<Diagnostic>) {
        let mut graph = StageGraph { stage_count: model.stages.len(), edges: Vec::new() };
        let mut diagnostics = Vec::new();
        let names: Vec<Option<&str>> = model.stages.iter().map(|s| s.name.as_deref()).collect();
        for stage in &model.stages {
            let from_span = file.instructions[stage.from_index].span;
            let base = resolve_base(stage, file.escape, global).unwrap_or_else(|_| stage.base.clone());
            let lower = base.to_lowercase();
            let source = match names[..stage.index].iter().position(|n| *n == Some(lower.as_str())) {
                Some(index) => Source::Stage(index),
                None => Source::Image(base),
            };
            graph.edges.push(Edge {
                stage: stage.index,
                source,
                kind: EdgeKind::From,
                instruction: stage.from_index,
                span: from_span,
            });
            for command in &stage.commands {
                let instruction = &file.instructions[command.index];
                let references: Vec<(EdgeKind, &str)> = match &command.command {
                    Command::Copy { from: Some(from), .. } => vec![(EdgeKind::CopyFrom, from.as_str())],
                    Command::Run { mounts, .. } => {
                        mounts.iter().filter_map(|m| m.from.as_deref()).map(|f| (EdgeKind::MountFrom, f)).collect()
                    }
                    _ => Vec::new(),
                };
                for (kind, reference) in references {
                    let span = instruction
                        .flags
                        .iter()
                        .find(|f| f.value.contains(reference))
                        .map_or(instruction.keyword.span, |f| f.span);
                    let source = match reference.parse::<usize>() {
                        Ok(index) if index < names.len() => Source::Stage(index),
                        Ok(index) => {
                            diagnostics.push(Diagnostic::error(format!("invalid stage index {index}"), span));
                            continue;
                        }
                        Err(_) => {
                            let lower = reference.to_lowercase();
                            match names.iter().position(|n| *n == Some(lower.as_str())) {
                                Some(index) => Source::Stage(index),
                                None => Source::Image(reference.to_string()),
                            }
                        }
                    };
                    graph.edges.push(Edge { stage: stage.index, source, kind, instruction: command.index, span });
                }
            }
        }
        if let Some((stage, edges)) = graph.cycle() {
            let name = model.stages[stage].name.clone().unwrap_or_else(|| format!("stage-{stage}"));
            let message = format!("circular dependency detected on stage: {name}");
            let span = edges.first().map_or(Span::default(), |e| e.span);
            diagnostics.push(Diagnostic::error(message, span));
        }
        (graph, diagnostics)
    }

    /// Stages `stage` depends on directly.
    pub fn dependencies(&self, stage: usize) -> BTreeSet<usize> {
        let mut stages = BTreeSet::new();
        // extend, not collect: collecting into a BTreeSet sorts first, one more sort routine in the playground's wasm
        stages.extend(self.edges.iter().filter(|e| e.stage == stage).filter_map(|e| match e.source {
            Source::Stage(s) => Some(s),
            Source::Image(_) => None,
        }));
        stages
    }

    /// The stages BuildKit builds for `target`: the target and everything it reaches.
    pub fn needed_by(&self, target: usize) -> BTreeSet<usize> {
        let mut needed = BTreeSet::new();
        let mut stack = vec![target];
        while let Some(stage) = stack.pop() {
            if needed.insert(stage) {
                stack.extend(self.dependencies(stage));
            }
        }
        needed
    }

    /// The stages the legacy builder runs for `target`: every stage up to it, in order.
    pub fn legacy_built(&self, target: usize) -> Vec<usize> {
        (0..=target.min(self.stage_count.saturating_sub(1))).collect()
    }

    /// Stages BuildKit skips for `target`.
    pub fn unreachable(&self, target: usize) -> Vec<usize> {
        let needed = self.needed_by(target);
        (0..self.stage_count).filter(|s| !needed.contains(s)).collect()
    }

    /// The needed stages grouped into levels: every stage's dependencies are in earlier
    /// levels, so the stages of one level can be built in parallel.
    pub fn levels(&self, target: usize) -> Vec<Vec<usize>> {
        let needed = self.needed_by(target);
        let mut level_of: Vec<Option<usize>> = vec![None; self.stage_count];
        let mut levels: Vec<Vec<usize>> = Vec::new();
        let mut remaining: Vec<usize> = needed.iter().copied().collect();
        while !remaining.is_empty() {
            let before = remaining.len();
            let mut ready = Vec::new();
            remaining.retain(|&stage| {
                let deps = self.dependencies(stage);
                let level = deps.iter().try_fold(0, |acc, d| level_of[*d].map(|l| acc.max(l + 1)));
                match level {
                    Some(level) => {
                        ready.push((stage, level));
                        false
                    }
                    None => true,
                }
            });
            for (stage, level) in ready {
                level_of[stage] = Some(level);
                if levels.len() <= level {
                    levels.resize(level + 1, Vec::new());
                }
                levels[level].push(stage);
            }
            if remaining.len() == before {
                break; // a cycle: reported by `build`
            }
        }
        levels
    }

    /// The first stage on a dependency cycle (COPY/mount edges; FROM cannot form one)
    /// and the edges of the cycle.
    fn cycle(&self) -> Option<(usize, Vec<&Edge>)> {
        for start in 0..self.stage_count {
            let mut path: Vec<&Edge> = Vec::new();
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            let mut on_path = vec![false; self.stage_count];
            on_path[start] = true;
            while let Some((stage, next)) = stack.last_mut() {
                let outgoing: Vec<&Edge> =
                    self.edges.iter().filter(|e| e.stage == *stage && matches!(e.source, Source::Stage(_))).collect();
                let Some(edge) = outgoing.get(*next) else {
                    on_path[*stage] = false;
                    stack.pop();
                    path.pop();
                    continue;
                };
                *next += 1;
                let Source::Stage(target) = edge.source else { continue };
                if target == start {
                    path.push(edge);
                    return Some((start, path));
                }
                if !on_path[target] {
                    on_path[target] = true;
                    path.push(edge);
                    stack.push((target, 0));
                }
            }
        }
        None
    }
}

/// The stage a `--target` names (case-insensitive), or the last stage when `None`.
pub fn target_stage(model: &Model, target: Option<&str>) -> Result<usize, String> {
    match target {
        None => model.stages.len().checked_sub(1).ok_or_else(|| "no build stage".to_string()),
        Some(name) => {
            let lower = name.to_lowercase();
            model
                .stages
                .iter()
                .position(|s| s.name.as_deref() == Some(lower.as_str()))
                .ok_or_else(|| format!("target stage \"{name}\" could not be found"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instructions::analyze;
    use crate::instructions::scope::{global_scope, Platforms};
    use crate::parse;

    fn build(source: &str) -> (Model, StageGraph, Vec<Diagnostic>) {
        let file = parse(source);
        let model = analyze(&file);
        let global = global_scope(&model, file.escape, &[], &Platforms::default()).unwrap();
        let (graph, diagnostics) = StageGraph::build(&file, &model, &global);
        (model, graph, diagnostics)
    }

    const THREE_STAGES: &str = "FROM diamol/base AS build-stage\nRUN echo 'Building...' > /build.txt\n\nFROM diamol/base AS test-stage\nCOPY --from=build-stage /build.txt /build.txt\nRUN echo 'Testing...' >> /build.txt\n\nFROM diamol/base\nCOPY --from=test-stage /build.txt /build.txt\nCMD cat /build.txt\n";

    #[test]
    fn chain_of_stages() {
        let (model, graph, diagnostics) = build(THREE_STAGES);
        assert!(diagnostics.is_empty());
        let last = target_stage(&model, None).unwrap();
        assert_eq!(last, 2);
        assert_eq!(graph.needed_by(2), BTreeSet::from([0, 1, 2]));
        assert_eq!(graph.levels(2), vec![vec![0], vec![1], vec![2]]);
        let test = target_stage(&model, Some("Test-Stage")).unwrap();
        assert_eq!(graph.needed_by(test), BTreeSet::from([0, 1]));
        assert_eq!(graph.unreachable(test), vec![2]);
    }

    #[test]
    fn buildkit_skips_what_legacy_builds() {
        let source = "FROM alpine AS s1\nRUN echo one\nFROM alpine AS s2\nRUN echo two\nFROM s2 AS s3\n";
        let (model, graph, _) = build(source);
        let s2 = target_stage(&model, Some("s2")).unwrap();
        assert_eq!(graph.needed_by(s2), BTreeSet::from([1]));
        assert_eq!(graph.legacy_built(s2), vec![0, 1]);
        assert_eq!(graph.dependencies(2), BTreeSet::from([1]));
        assert_eq!(target_stage(&model, Some("nope")).unwrap_err(), "target stage \"nope\" could not be found");
    }

    #[test]
    fn parallel_levels_and_references() {
        let source = "ARG B=builder\nFROM golang AS builder\nFROM node AS web\nFROM ${B} AS final\nCOPY --from=web /a /a\nRUN --mount=type=bind,from=1,target=/w true\nCOPY --from=nginx:alpine /etc/nginx /etc/nginx\n";
        let (_, graph, diagnostics) = build(source);
        assert!(diagnostics.is_empty());
        assert_eq!(graph.levels(2), vec![vec![0, 1], vec![2]]);
        let kinds: Vec<_> = graph.edges.iter().map(|e| (e.kind, e.source.clone())).collect();
        assert_eq!(
            kinds,
            vec![
                (EdgeKind::From, Source::Image("golang".into())),
                (EdgeKind::From, Source::Image("node".into())),
                (EdgeKind::From, Source::Stage(0)),
                (EdgeKind::CopyFrom, Source::Stage(1)),
                (EdgeKind::MountFrom, Source::Stage(1)),
                (EdgeKind::CopyFrom, Source::Image("nginx:alpine".into())),
            ]
        );
    }

    #[test]
    fn from_only_sees_earlier_stages_and_cycles_are_errors() {
        let (_, graph, _) = build("FROM later AS first\nFROM alpine AS later\n");
        assert_eq!(graph.edges[0].source, Source::Image("later".into()));
        let (_, _, diagnostics) = build("FROM busybox AS stage0\nCOPY --from=stage0 f1 /sub/\n");
        assert_eq!(diagnostics[0].message, "circular dependency detected on stage: stage0");
        let cyclic = "FROM busybox AS stage0\nCOPY --from=stage2 f1 /sub/\nFROM busybox AS stage1\nCOPY --from=stage0 f2 /sub/\nFROM busybox AS stage2\nCOPY --from=stage1 f2 /sub/\n";
        let (_, _, diagnostics) = build(cyclic);
        assert_eq!(diagnostics[0].message, "circular dependency detected on stage: stage0");
        let (_, _, diagnostics) = build("FROM a\nCOPY --from=5 /x /y\n");
        assert_eq!(diagnostics[0].message, "invalid stage index 5");
    }
}

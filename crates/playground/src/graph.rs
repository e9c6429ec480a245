//! The stage graph: stages, edges and a layout the front end draws as SVG.
//!
//! Stages and their dependencies come from the parser's stage graph
//! (`slipway_syntax::instructions::graph`): an edge for `FROM <stage>`, `COPY --from=<stage>` and
//! `RUN --mount=…,from=<stage>`. References to images are not edges (the image is the node's
//! `base`); a `--from` index past the last stage is dropped (BuildKit rejects it; the diagnostics
//! show the error); repeated references between the same two stages of the same kind are drawn
//! once, at their first line.
//!
//! Which stages are built follows the project's `--target` (last stage when unset): BuildKit
//! builds the target and what it reaches, the legacy builder every stage up to the target. A
//! target that names no stage builds nothing (BuildKit stops with "target stage could not be
//! found").
//!
//! Layout: a stage's level is the length of the longest dependency chain below it (a base
//! stage is level 0); levels are columns from left to right, stages of a level are stacked top to
//! bottom in file order, every node has the same size. An edge closing a dependency cycle (a
//! build error) is kept but ignored by the layout.

use serde::Serialize;
/// How one stage uses another (`FROM`, `COPY --from`, `RUN --mount=from=`): the parser's own kind.
pub use slipway_syntax::instructions::graph::EdgeKind;
use slipway_syntax::instructions::graph::{target_stage, Source};
use slipway_syntax::Analysis;

use crate::project::Project;

/// Width of every stage node.
pub const NODE_WIDTH: f32 = 180.0;
/// Height of every stage node.
pub const NODE_HEIGHT: f32 = 56.0;
/// Horizontal space between levels.
pub const LEVEL_GAP: f32 = 64.0;
/// Vertical space between nodes of a level.
pub const ROW_GAP: f32 = 24.0;
/// Space around the drawing.
pub const MARGIN: f32 = 16.0;

/// A stage, placed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageNode {
    /// 0-based stage index.
    pub index: usize,
    /// The `AS` name (lower case), if any.
    pub name: Option<String>,
    /// The base: an image (global ARG defaults expanded) or the earlier stage's name.
    pub base: String,
    /// 1-based line of the FROM.
    pub line: u32,
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Node width.
    pub width: f32,
    /// Node height.
    pub height: f32,
    /// Whether BuildKit builds this stage for the target.
    pub built_buildkit: bool,
    /// Whether the legacy builder builds this stage for the target.
    pub built_legacy: bool,
    /// Whether this is the target stage.
    pub is_target: bool,
}

/// A dependency between two stages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StageEdge {
    /// The stage used (source of the arrow).
    pub from: usize,
    /// The stage using it.
    pub to: usize,
    /// How it is used.
    pub kind: EdgeKind,
    /// 1-based line of the instruction making the reference.
    pub line: u32,
}

/// The graph and its drawing size.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageGraph {
    /// Stages in file order.
    pub stages: Vec<StageNode>,
    /// Dependencies, in instruction order.
    pub edges: Vec<StageEdge>,
    /// Width of the drawing.
    pub width: f32,
    /// Height of the drawing.
    pub height: f32,
    /// Names `--target` accepts (named stages, in order).
    pub targets: Vec<String>,
}

/// The stage graph of the project's Dockerfile for its target. Never panics.
pub fn stage_graph(project: &Project) -> StageGraph {
    let analysis = Analysis::new(slipway_syntax::parse(&project.dockerfile));
    let stages = &analysis.model.stages;
    let count = stages.len();
    let target = target_stage(&analysis.model, project.target.as_deref()).ok();
    let buildkit = target.map(|t| analysis.graph.needed_by(t)).unwrap_or_default();
    let legacy = target.map(|t| analysis.graph.legacy_built(t)).unwrap_or_default();
    let line_of = |instruction: usize| {
        analysis.file.instructions.get(instruction).map_or(0, |i| u32::try_from(i.start_line).unwrap_or(u32::MAX))
    };

    let mut edges: Vec<StageEdge> = Vec::new();
    let mut from_image: Vec<Option<String>> = vec![None; count];
    for edge in &analysis.graph.edges {
        match &edge.source {
            Source::Image(image) if edge.kind == EdgeKind::From && edge.stage < count => {
                from_image[edge.stage] = Some(image.clone());
            }
            Source::Stage(from) if *from < count && edge.stage < count => {
                let kind = edge.kind;
                if !edges.iter().any(|e| e.from == *from && e.to == edge.stage && e.kind == kind) {
                    edges.push(StageEdge { from: *from, to: edge.stage, kind, line: line_of(edge.instruction) });
                }
            }
            _ => {}
        }
    }

    let levels = levels(count, &edges);
    let level_count = levels.iter().map(|l| l + 1).max().unwrap_or(0);
    let mut rows = vec![0usize; level_count];
    let mut nodes = Vec::with_capacity(count);
    for (stage, &level) in stages.iter().zip(&levels) {
        let row = rows[level];
        rows[level] += 1;
        nodes.push(StageNode {
            index: stage.index,
            name: stage.name.clone(),
            base: from_image[stage.index].clone().unwrap_or_else(|| stage.base.clone()),
            line: line_of(stage.from_index),
            x: MARGIN + level as f32 * (NODE_WIDTH + LEVEL_GAP),
            y: MARGIN + row as f32 * (NODE_HEIGHT + ROW_GAP),
            width: NODE_WIDTH,
            height: NODE_HEIGHT,
            built_buildkit: buildkit.contains(&stage.index),
            built_legacy: legacy.contains(&stage.index),
            is_target: target == Some(stage.index),
        });
    }
    let tallest = rows.iter().copied().max().unwrap_or(0);
    let extent = |n: usize, size: f32, gap: f32| {
        if n == 0 {
            0.0
        } else {
            2.0 * MARGIN + n as f32 * size + (n - 1) as f32 * gap
        }
    };
    StageGraph {
        width: extent(level_count, NODE_WIDTH, LEVEL_GAP),
        height: extent(tallest, NODE_HEIGHT, ROW_GAP),
        targets: stages.iter().filter_map(|s| s.name.clone()).collect(),
        stages: nodes,
        edges,
    }
}

/// Each stage's level: the longest chain of dependencies below it, edges closing a cycle
/// ignored (depth-first in stage order, so the result is deterministic).
fn levels(count: usize, edges: &[StageEdge]) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done(usize),
    }
    let mut marks = vec![Mark::New; count];
    for start in 0..count {
        if marks[start] != Mark::New {
            continue;
        }
        // (stage, index of the next dependency to visit, level so far)
        let mut stack: Vec<(usize, usize, usize)> = vec![(start, 0, 0)];
        marks[start] = Mark::Active;
        while let Some(top) = stack.len().checked_sub(1) {
            let (stage, next, level) = stack[top];
            stack[top].1 += 1;
            let Some(dependency) = edges.iter().filter(|e| e.to == stage).map(|e| e.from).nth(next) else {
                marks[stage] = Mark::Done(level);
                stack.pop();
                if let Some(parent) = stack.last_mut() {
                    parent.2 = parent.2.max(level + 1);
                }
                continue;
            };
            match marks[dependency] {
                Mark::Active => {} // closes a cycle
                Mark::Done(l) => stack[top].2 = level.max(l + 1),
                Mark::New => {
                    marks[dependency] = Mark::Active;
                    stack.push((dependency, 0, 0));
                }
            }
        }
    }
    marks.into_iter().map(|m| if let Mark::Done(l) = m { l } else { 0 }).collect()
}

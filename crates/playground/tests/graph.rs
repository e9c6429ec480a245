//! Stage graph: edges, BuildKit vs legacy builds for a target, layout, bad input.

use slipway_playground::graph::{
    stage_graph, EdgeKind, StageEdge, StageGraph, LEVEL_GAP, MARGIN, NODE_HEIGHT, NODE_WIDTH, ROW_GAP,
};
use slipway_playground::Project;

fn graph(dockerfile: &str, target: Option<&str>) -> StageGraph {
    stage_graph(&Project { dockerfile: dockerfile.into(), target: target.map(Into::into), ..Project::default() })
}

fn built(g: &StageGraph) -> Vec<(bool, bool)> {
    g.stages.iter().map(|s| (s.built_buildkit, s.built_legacy)).collect()
}

const SKIPPED: &str = "FROM alpine:3.20 AS s1\nRUN echo one\nFROM alpine:3.20 AS s2\nRUN echo two\nFROM s2 AS s3\n";

#[test]
fn target_greys_out_what_buildkit_skips_but_legacy_builds() {
    // --target s2: s2 needs nothing else, so BuildKit builds only s2; the legacy builder builds
    // every stage up to s2, s1 included; s3 comes after the target and nobody builds it.
    let g = graph(SKIPPED, Some("s2"));
    assert_eq!(built(&g), [(false, true), (true, true), (false, false)]);
    assert_eq!(g.stages.iter().map(|s| s.is_target).collect::<Vec<_>>(), [false, true, false]);
    // Without a target the last stage is built, and it starts FROM s2.
    let all = graph(SKIPPED, None);
    assert_eq!(built(&all), [(false, true), (true, true), (true, true)]);
    assert!(all.stages[2].is_target);
    assert_eq!(all.edges, [StageEdge { from: 1, to: 2, kind: EdgeKind::From, line: 5 }]);
    assert_eq!(all.targets, ["s1", "s2", "s3"]);
    assert_eq!(all.stages[0].base, "alpine:3.20");
    assert_eq!(all.stages[2].base, "s2");
}

#[test]
fn target_names_are_case_insensitive() {
    let g = graph(SKIPPED, Some("S2"));
    assert!(g.stages[1].is_target);
}

#[test]
fn edges_of_every_kind_and_layered_layout() {
    let src = "ARG GO=golang:1.22\nFROM ${GO} AS builder\nFROM node:20 AS web\nFROM builder AS final\nCOPY --from=web /a /a\nRUN --mount=type=bind,from=1,target=/w true\nCOPY --from=web /b /b\nCOPY --from=nginx:alpine /etc/nginx /etc/nginx\n";
    let g = graph(src, None);
    assert_eq!(
        g.edges,
        [
            StageEdge { from: 0, to: 2, kind: EdgeKind::From, line: 4 },
            StageEdge { from: 1, to: 2, kind: EdgeKind::CopyFrom, line: 5 },
            StageEdge { from: 1, to: 2, kind: EdgeKind::MountFrom, line: 6 },
        ],
        "the second COPY --from=web is drawn once; the nginx image is not a stage"
    );
    assert_eq!(g.stages[0].base, "golang:1.22", "global ARG defaults are expanded");
    assert_eq!(g.stages[0].line, 2);
    let at: Vec<(f32, f32)> = g.stages.iter().map(|s| (s.x, s.y)).collect();
    // builder and web depend on nothing (level 0, stacked); final depends on both (level 1).
    assert_eq!(
        at,
        [(MARGIN, MARGIN), (MARGIN, MARGIN + NODE_HEIGHT + ROW_GAP), (MARGIN + NODE_WIDTH + LEVEL_GAP, MARGIN)]
    );
    assert_eq!(g.width, 2.0 * MARGIN + 2.0 * NODE_WIDTH + LEVEL_GAP);
    assert_eq!(g.height, 2.0 * MARGIN + 2.0 * NODE_HEIGHT + ROW_GAP);
    assert!(g.stages.iter().all(|s| s.width == NODE_WIDTH && s.height == NODE_HEIGHT));
}

#[test]
fn level_is_the_longest_chain() {
    // c uses a directly and b (which starts from a): its longest chain is c <- b <- a.
    let src = "FROM alpine:3.20 AS a\nFROM a AS b\nFROM alpine:3.20 AS c\nCOPY --from=a /x /x\nCOPY --from=b /y /y\n";
    let g = graph(src, None);
    let columns: Vec<f32> = g.stages.iter().map(|s| (s.x - MARGIN) / (NODE_WIDTH + LEVEL_GAP)).collect();
    assert_eq!(columns, [0.0, 1.0, 2.0]);
}

#[test]
fn invalid_references_and_cycles_do_not_panic() {
    let g = graph("FROM alpine:3.20 AS x\nCOPY --from=7 /a /a\n", None);
    assert!(g.edges.is_empty(), "index 7 names no stage");
    assert_eq!(g.stages.len(), 1);

    let cycle = "FROM busybox:1 AS a\nCOPY --from=b /x /x\nFROM busybox:1 AS b\nCOPY --from=a /y /y\n";
    let g = graph(cycle, Some("a"));
    assert_eq!(g.edges.len(), 2);
    // a waits for b, whose edge back to a closes the cycle and is ignored by the layout.
    assert_eq!(g.stages[1].x, MARGIN);
    assert_eq!(g.stages[0].x, MARGIN + NODE_WIDTH + LEVEL_GAP);
    assert_eq!(built(&g), [(true, true), (true, false)]);
    assert_eq!(graph(cycle, Some("a")), g, "deterministic");
}

#[test]
fn unknown_target_builds_nothing_and_empty_input_is_empty() {
    let g = graph(SKIPPED, Some("nope"));
    assert!(built(&g).iter().all(|&(b, l)| !b && !l));
    assert!(g.stages.iter().all(|s| !s.is_target));
    for src in ["", "RUNN x\n", "# only a comment\n", "FROM\n"] {
        let g = graph(src, None);
        assert!(g.stages.is_empty() && g.edges.is_empty(), "{src:?}");
        assert_eq!((g.width, g.height), (0.0, 0.0));
    }
}

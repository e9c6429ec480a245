//! The Stage graph panel: stages as boxes, `FROM` / `COPY --from` / `RUN --mount from=` edges
//! as arrows, stages the selected builder skips greyed out.

use slipway_playground::graph::{stage_graph, EdgeKind, StageNode};
use yew::html::Scope;
use yew::prelude::*;

use super::{px, select_value};
use crate::app::{App, Msg};
use crate::i18n::Text;

/// Space around the graph, in SVG units.
const MARGIN: f32 = 12.0;

fn edge_class(kind: &EdgeKind) -> &'static str {
    match kind {
        EdgeKind::From => "edge-from",
        EdgeKind::CopyFrom => "edge-copy",
        EdgeKind::MountFrom => "edge-mount",
    }
}

/// The point where the segment from `node`'s centre towards `(x, y)` leaves its box.
fn border_point(node: &StageNode, x: f32, y: f32) -> (f32, f32) {
    let (cx, cy) = (node.x + node.width / 2.0, node.y + node.height / 2.0);
    let (dx, dy) = (x - cx, y - cy);
    if dx == 0.0 && dy == 0.0 {
        return (cx, cy);
    }
    let scale_x = if dx == 0.0 { f32::INFINITY } else { (node.width / 2.0) / dx.abs() };
    let scale_y = if dy == 0.0 { f32::INFINITY } else { (node.height / 2.0) / dy.abs() };
    let scale = scale_x.min(scale_y);
    (cx + dx * scale, cy + dy * scale)
}

/// Renders the panel.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let graph = stage_graph(&app.project);
    let legacy = app.project.legacy_builder;
    let on_target = link.callback(|e: Event| {
        let value = select_value(&e);
        Msg::SetTarget((!value.is_empty()).then_some(value))
    });
    let on_builder = link.callback(|e: Event| Msg::SetLegacy(select_value(&e) == "legacy"));
    let view_box = format!(
        "{} {} {} {}",
        px(-MARGIN),
        px(-MARGIN),
        px(graph.width + 2.0 * MARGIN),
        px(graph.height + 2.0 * MARGIN)
    );
    let arrow = |id: &'static str| {
        html! {
            <marker id={id} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" class={format!("{id}-head")} />
            </marker>
        }
    };
    let edges = graph.edges.iter().filter_map(|edge| {
        let from = graph.stages.get(edge.from)?;
        let to = graph.stages.get(edge.to)?;
        let (tx, ty) = (to.x + to.width / 2.0, to.y + to.height / 2.0);
        let (fx, fy) = (from.x + from.width / 2.0, from.y + from.height / 2.0);
        let (x1, y1) = border_point(from, tx, ty);
        let (x2, y2) = border_point(to, fx, fy);
        let class = edge_class(&edge.kind);
        Some(html! {
            <line class={classes!("edge", class)} x1={px(x1)} y1={px(y1)} x2={px(x2)}
                y2={px(y2)} marker-end={format!("url(#arrow-{class})")}>
                <title>{ format!("{} {}", Text::Line.get(lang), edge.line) }</title>
            </line>
        })
    });
    let nodes = graph.stages.iter().map(|node| {
        let built = if legacy { node.built_legacy } else { node.built_buildkit };
        let label = node.name.clone().unwrap_or_else(|| format!("#{}", node.index));
        let (cx, cy) = (node.x + node.width / 2.0, node.y + node.height / 2.0);
        html! {
            <g class={classes!("stage", (!built).then_some("skipped"), node.is_target.then_some("target"))}
                data-testid="stage-node"
                data-stage={node.name.clone().unwrap_or_else(|| node.index.to_string())} data-built={built.to_string()}>
                <rect x={px(node.x)} y={px(node.y)} width={px(node.width)}
                    height={px(node.height)} rx="6" />
                <text x={px(cx)} y={px(cy - 4.0)} class="stage-name">{ label }</text>
                <text x={px(cx)} y={px(cy + 12.0)} class="stage-base">{ &node.base }</text>
                <title>{ format!("{} {} · {}", Text::Line.get(lang), node.line,
                    if built { Text::Built.get(lang) } else { Text::NotBuilt.get(lang) }) }</title>
            </g>
        }
    });
    let target = app.project.target.clone().unwrap_or_default();
    html! {
        <div class="graph-panel">
            <div class="controls">
                <label class="field">
                    <span>{ Text::Target.get(lang) }</span>
                    <select data-testid="target-select" onchange={on_target}>
                        <option value="" selected={target.is_empty()}>{ Text::LastStage.get(lang) }</option>
                        { for graph.targets.iter().map(|name| html! {
                            <option value={name.clone()} selected={*name == target}>{ name }</option>
                        }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ Text::Builder.get(lang) }</span>
                    <select data-testid="builder-select" onchange={on_builder}>
                        <option value="buildkit" selected={!legacy}>{ "BuildKit" }</option>
                        <option value="legacy" selected={legacy}>{ Text::LegacyBuilder.get(lang) }</option>
                    </select>
                </label>
            </div>
            if graph.stages.is_empty() {
                <p class="muted">{ Text::NoStages.get(lang) }</p>
            }
            <svg data-testid="stage-graph" class="stage-graph" viewBox={view_box}
                width={px(graph.width + 2.0 * MARGIN)} role="img" aria-label={Text::TabGraph.get(lang)}>
                <defs>
                    { arrow("arrow-edge-from") }
                    { arrow("arrow-edge-copy") }
                    { arrow("arrow-edge-mount") }
                </defs>
                { for edges }
                { for nodes }
            </svg>
            <ul class="legend">
                <li><span class="swatch edge-from"></span>{ Text::LegendFrom.get(lang) }</li>
                <li><span class="swatch edge-copy"></span>{ Text::LegendCopy.get(lang) }</li>
                <li><span class="swatch edge-mount"></span>{ Text::LegendMount.get(lang) }</li>
                <li><span class="swatch skipped"></span>{ if legacy { Text::LegendSkippedLegacy.get(lang) } else { Text::LegendSkipped.get(lang) } }</li>
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(x: f32, y: f32) -> StageNode {
        StageNode {
            index: 0,
            name: None,
            base: String::new(),
            line: 1,
            x,
            y,
            width: 100.0,
            height: 40.0,
            built_buildkit: true,
            built_legacy: true,
            is_target: false,
        }
    }

    #[test]
    fn arrows_start_and_end_on_the_box_borders() {
        let upper = node(0.0, 0.0);
        // Straight down from the centre (50, 20): leaves through the bottom edge.
        assert_eq!(border_point(&upper, 50.0, 120.0), (50.0, 40.0));
        // Straight right: leaves through the right edge.
        assert_eq!(border_point(&upper, 250.0, 20.0), (100.0, 20.0));
    }
}

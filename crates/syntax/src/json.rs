//! JSON view of an analysis: the syntax tree, typed model and stage graph, with every
//! span also given as 1-based line/column positions.

use serde_json::{json, Map, Value};

use crate::analysis::Analysis;
use crate::span::Span;
use crate::tree::Dockerfile;

/// The whole analysis as JSON: directives, instructions (with tokens), stages, the stage
/// graph (with the stages the last stage needs, in parallel levels), diagnostics.
pub fn to_json(analysis: &Analysis) -> Value {
    let file = &analysis.file;
    let mut value = json!({
        "escape": file.escape.to_string(),
        "directives": file.directives,
        "instructions": file.instructions,
        "global_args": analysis.model.global_args,
        "stages": analysis.model.stages,
        "graph": { "edges": analysis.graph.edges, "levels": analysis.default_levels() },
        "diagnostics": analysis.diagnostics(),
    });
    add_positions(&mut value, file);
    value
}

/// Adds `start`/`end` positions beside every `span` object.
fn add_positions(value: &mut Value, file: &Dockerfile) {
    match value {
        Value::Object(map) => {
            let span = map
                .get("span")
                .and_then(|s| Some(Span::new(s.get("start")?.as_u64()? as usize, s.get("end")?.as_u64()? as usize)));
            for child in map.values_mut() {
                add_positions(child, file);
            }
            if let Some(span) = span {
                insert_position(map, "start", file, span.start);
                insert_position(map, "end", file, span.end);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| add_positions(item, file)),
        _ => {}
    }
}

fn insert_position(map: &mut Map<String, Value>, key: &str, file: &Dockerfile, offset: usize) {
    let position = file.line_index().position(&file.source, offset);
    map.insert(key.to_string(), json!({ "line": position.line, "column": position.column }));
}

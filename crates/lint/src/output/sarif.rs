//! `sarif`: SARIF 2.1.0 with the metadata of every rule that reported, and fixes.

use serde_json::{json, Value};

use super::FileReport;
use crate::finding::{Finding, Fix};
use crate::registry;
use crate::rule::{Lang, Severity};

/// The schema URI written in the log.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF result levels.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

fn region(file: &FileReport<'_>, start: usize, end: usize) -> Value {
    let (s, e) = (file.position(start), file.position(end));
    json!({ "startLine": s.line, "startColumn": s.column, "endLine": e.line, "endColumn": e.column })
}

fn fix_json(file: &FileReport<'_>, fix: &Fix) -> Value {
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|e| json!({ "deletedRegion": region(file, e.span.start, e.span.end), "insertedContent": { "text": e.content } }))
        .collect();
    json!({
        "description": { "text": fix.message },
        "artifactChanges": [{ "artifactLocation": { "uri": file.path }, "replacements": replacements }],
    })
}

fn result(file: &FileReport<'_>, f: &Finding, rule_index: usize) -> Value {
    let mut result = json!({
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": file.path },
                "region": region(file, f.span.start, f.span.end),
            }
        }],
    });
    if let Some(fix) = &f.fix {
        result["fixes"] = json!([fix_json(file, fix)]);
    }
    if let Some(name) = f.name {
        result["properties"] = json!({ "buildkitCheck": name });
    }
    result
}

/// Renders the report.
pub fn render(files: &[FileReport<'_>]) -> String {
    let mut rule_ids: Vec<&str> = files.iter().flat_map(|f| f.findings.iter().map(|f| f.code)).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules: Vec<Value> = rule_ids
        .iter()
        .map(|id| {
            let rule = registry::find(id);
            let doc = rule.map(|r| r.docs().text(Lang::En).to_string()).unwrap_or_default();
            json!({
                "id": id,
                "name": rule.and_then(|r| r.buildkit).unwrap_or(id),
                "shortDescription": { "text": rule.map_or("", |r| r.summary) },
                "help": { "text": doc, "markdown": doc },
                "defaultConfiguration": {
                    "level": level(rule.map_or(Severity::Warning, |r| r.severity)),
                    "enabled": rule.is_none_or(|r| r.default_enabled),
                },
            })
        })
        .collect();
    let results: Vec<Value> = files
        .iter()
        .flat_map(|file| {
            let rule_ids = &rule_ids;
            file.findings.iter().map(move |f| result(file, f, rule_ids.binary_search(&f.code).unwrap_or(0)))
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "slipway",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

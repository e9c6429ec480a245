//! `json`: an array of findings with hadolint's field names (`code`, `file`, `line`, `column`,
//! `level`, `message`) plus `end_line`, `end_column`, `name` (BuildKit check), `fix`, and
//! `instruction_line` (the first line of the finding's instruction, which is the line hadolint
//! reports; `line` is the exact line of the offending token).

use serde_json::{json, Value};

use super::FileReport;
use crate::finding::Finding;

/// One finding as a JSON object.
pub fn finding_json(path: &str, finding: &Finding) -> Value {
    json!({
        "code": finding.code,
        "file": path,
        "line": finding.start.line,
        "column": finding.start.column,
        "end_line": finding.end.line,
        "end_column": finding.end.column,
        "instruction_line": finding.instruction_line,
        "level": finding.severity.as_str(),
        "message": finding.message,
        "name": finding.name,
        "fix": finding.fix.as_ref().map(|fix| json!({
            "applicability": fix.applicability,
            "message": fix.message,
            "edits": fix.edits.iter().map(|e| json!({
                "start": e.span.start,
                "end": e.span.end,
                "content": e.content,
            })).collect::<Vec<_>>(),
        })),
    })
}

/// The whole report: one array over all files, in file order.
pub fn render(files: &[FileReport<'_>]) -> String {
    let all: Vec<Value> =
        files.iter().flat_map(|file| file.findings.iter().map(|f| finding_json(file.path, f))).collect();
    let mut out = serde_json::to_string(&all).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

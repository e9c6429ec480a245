//! `codeclimate`: Code Climate engine issues, each a JSON object followed by a NUL byte.

use serde_json::{json, Value};

use super::{fingerprint, FileReport};
use crate::finding::Finding;
use crate::rule::Severity;

/// One issue.
pub fn issue(path: &str, f: &Finding) -> Value {
    json!({
        "type": "issue",
        "check_name": f.code,
        "description": f.message,
        "categories": [if f.severity == Severity::Style { "Style" } else { "Bug Risk" }],
        "location": {
            "path": path,
            "positions": {
                "begin": { "line": f.start.line, "column": f.start.column },
                "end": { "line": f.end.line, "column": f.end.column },
            },
        },
        "severity": severity(f.severity),
        "fingerprint": fingerprint(&[path, f.code, &f.start.line.to_string(), &f.start.column.to_string(), &f.message]),
    })
}

/// Code Climate's severities.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "minor",
        Severity::Style => "info",
    }
}

/// Renders the report.
pub fn render(files: &[FileReport<'_>]) -> String {
    let mut out = String::new();
    for file in files {
        for f in file.findings {
            out.push_str(&issue(file.path, f).to_string());
            out.push('\0');
        }
    }
    out
}

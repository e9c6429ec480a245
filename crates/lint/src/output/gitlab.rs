//! `gitlab`: GitLab's Code Quality report, a JSON array of Code Climate issues.

use serde_json::{json, Value};

use super::codeclimate::severity;
use super::{fingerprint, FileReport};

/// Renders the report.
pub fn render(files: &[FileReport<'_>]) -> String {
    let issues: Vec<Value> = files
        .iter()
        .flat_map(|file| {
            file.findings.iter().map(|f| {
                json!({
                    "description": format!("{}: {}", f.code, f.message),
                    "check_name": f.code,
                    "fingerprint": fingerprint(&[file.path, f.code, &f.start.line.to_string(), &f.start.column.to_string(), &f.message]),
                    "severity": severity(f.severity),
                    "location": {
                        "path": file.path,
                        "lines": { "begin": f.start.line, "end": f.end.line },
                    },
                })
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

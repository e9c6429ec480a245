//! `gnu`: GNU-style `program:file:line.column-endline.endcolumn: severity: message [code]`.

use super::FileReport;

/// Renders the report.
pub fn render(files: &[FileReport<'_>]) -> String {
    let mut out = String::new();
    for file in files {
        for f in file.findings {
            out.push_str(&format!(
                "slipway:{}:{}.{}-{}.{}: {}: {} [{}]\n",
                file.path, f.start.line, f.start.column, f.end.line, f.end.column, f.severity, f.message, f.code
            ));
        }
    }
    out
}

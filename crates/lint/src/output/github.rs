//! `github`: GitHub Actions workflow commands (`::warning file=…,line=…::message`), which
//! show as annotations on the pull request.

use super::FileReport;
use crate::rule::Severity;

/// Renders the report.
pub fn render(files: &[FileReport<'_>]) -> String {
    let mut out = String::new();
    for file in files {
        for f in file.findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Style => "notice",
            };
            out.push_str(&format!(
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                property(file.path),
                f.start.line,
                f.start.column,
                f.end.line,
                f.end.column,
                property(f.code),
                data(&f.message)
            ));
        }
    }
    out
}

/// Escapes a command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a command property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

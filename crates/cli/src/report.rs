//! Renders diagnostics for the terminal: `file:line:col`, the source line and a caret.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report};
use slipway_syntax::{Diagnostic, Dockerfile, Severity};

/// Writes one diagnostic with its source snippet to a string.
pub fn render(file_name: &str, file: &Dockerfile, diagnostic: &Diagnostic, color: bool) -> String {
    let position = file.line_index().position(&file.source, diagnostic.span.start);
    let severity = match diagnostic.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
    };
    let label = match diagnostic.code {
        Some(code) => format!("{code}: {}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    let mut report = MietteDiagnostic::new(diagnostic.message.clone())
        .with_severity(severity)
        .with_label(LabeledSpan::new_with_span(Some(label), (diagnostic.span.start, diagnostic.span.len().max(1))));
    if let Some(code) = diagnostic.code {
        report = report.with_code(code);
    }
    let report = Report::new(report).with_source_code(NamedSource::new(file_name, file.source.clone()));
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let mut out = format!(
        "{file_name}:{}:{}: {}: {}\n",
        position.line,
        position.column,
        if diagnostic.is_error() { "error" } else { "warning" },
        diagnostic.message
    );
    let _ = GraphicalReportHandler::new_themed(theme).render_report(&mut out, report.as_ref());
    out
}

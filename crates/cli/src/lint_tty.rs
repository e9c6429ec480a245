//! `slipway lint --format tty`: each finding as `file:line:col: level[CODE]: message` with a
//! source snippet and caret, then a summary line.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report};
use slipway_lint::output::FileReport;
use slipway_lint::{Applicability, Finding, Severity};

/// Renders one finding with its snippet.
pub fn render_finding(file: &FileReport<'_>, finding: &Finding, color: bool) -> String {
    let code = match finding.name {
        Some(name) if name != finding.code => format!("{}/{name}", finding.code),
        _ => finding.code.to_string(),
    };
    let mut out = format!(
        "{}:{}:{}: {}[{code}]: {}\n",
        file.path, finding.start.line, finding.start.column, finding.severity, finding.message
    );
    let severity = match finding.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info | Severity::Style => miette::Severity::Advice,
    };
    let length = finding.span.end.saturating_sub(finding.span.start).max(1);
    let mut diagnostic = MietteDiagnostic::new(finding.message.clone())
        .with_severity(severity)
        .with_label(LabeledSpan::new_with_span(None, (finding.span.start, length)));
    if let Some(fix) = &finding.fix {
        let how = match fix.applicability {
            Applicability::Safe => " (--fix)",
            Applicability::Unsafe => " (--fix --unsafe)",
            Applicability::DisplayOnly => "",
        };
        diagnostic = diagnostic.with_help(format!("{}{how}", fix.message));
    }
    let report = Report::new(diagnostic).with_source_code(NamedSource::new(file.path, file.source.to_string()));
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let _ = GraphicalReportHandler::new_themed(theme).with_context_lines(1).render_report(&mut out, report.as_ref());
    out.push('\n');
    out
}

/// The summary line: counts by severity and how many findings `--fix` would fix.
pub fn summary(files: &[FileReport<'_>]) -> String {
    let findings: Vec<&Finding> = files.iter().flat_map(|f| f.findings.iter()).collect();
    let noun = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let files_text = noun(files.len(), "file", "files");
    if findings.is_empty() {
        return format!("No problems found in {files_text}.\n");
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let parts: Vec<String> = [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "infos"),
        (Severity::Style, "style", "style"),
    ]
    .iter()
    .filter(|(s, _, _)| count(*s) > 0)
    .map(|(s, one, many)| noun(count(*s), one, many))
    .collect();
    let fixable = |level: Applicability| {
        findings.iter().filter(|f| f.fix.as_ref().is_some_and(|fix| fix.applicability == level)).count()
    };
    let mut line =
        format!("Found {} ({}) in {files_text}.", noun(findings.len(), "problem", "problems"), parts.join(", "));
    let (safe, unsafe_count) = (fixable(Applicability::Safe), fixable(Applicability::Unsafe));
    if safe > 0 {
        line.push_str(&format!(" {safe} fixable with --fix."));
    }
    if unsafe_count > 0 {
        line.push_str(&format!(" {unsafe_count} more with --fix --unsafe."));
    }
    line.push('\n');
    line
}

/// The whole `tty` report.
pub fn render(files: &[FileReport<'_>], color: bool) -> String {
    let mut out = String::new();
    for file in files {
        for finding in file.findings {
            out.push_str(&render_finding(file, finding, color));
        }
    }
    out.push_str(&summary(files));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use slipway_lint::{lint, Config};

    #[test]
    fn snapshot_without_colour() {
        let source = "FROM ubuntu as build\nWORKDIR app\n";
        let findings = lint(source, &Config::default());
        let files = [FileReport { path: "Dockerfile", source, findings: &findings }];
        let out = render(&files, false);
        let expected = include_str!("../tests/snapshots/lint_tty.txt");
        assert_eq!(out, expected, "actual:\n{out}");
    }

    #[test]
    fn summary_counts() {
        let files = [FileReport { path: "Dockerfile", source: "", findings: &[] }];
        assert_eq!(summary(&files), "No problems found in 1 file.\n");
    }
}

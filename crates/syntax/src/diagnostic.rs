//! Structured diagnostics: severity, optional check name, message and span.

use serde::Serialize;

use crate::span::Span;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// BuildKit refuses the file.
    Error,
    /// BuildKit accepts the file but warns (a build check).
    Warning,
}

/// A problem found while parsing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// BuildKit's check name for warnings (e.g. `NoEmptyContinuation`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// The message, worded as BuildKit words it.
    pub message: String,
    /// Where the problem is.
    pub span: Span,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(message: impl Into<String>, span: Span) -> Self {
        Diagnostic { severity: Severity::Error, code: None, message: message.into(), span }
    }

    /// A warning of BuildKit check `code` at `span`.
    pub fn warning(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        Diagnostic { severity: Severity::Warning, code: Some(code), message: message.into(), span }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

//! The manifest-first rewrite as text edits: copy the manifests and lockfiles where the
//! broad COPY was, install, then copy the rest.

use serde::Serialize;
use slipway_syntax::Analysis;

use super::detect::Candidate;

/// One replacement in the Dockerfile source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextEdit {
    /// First byte replaced.
    pub start: usize,
    /// One past the last byte replaced (`start` for an insertion).
    pub end: usize,
    /// The new text.
    pub replacement: String,
}

/// Whether applying a rewrite keeps the image's behaviour (ruff's fix applicability).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    /// The install may read files other than the manifests (scripts, local packages):
    /// check before applying.
    Unsafe,
    /// Layers between the COPY and the install would see a different filesystem: shown
    /// only, never applied automatically.
    DisplayOnly,
}

/// A proposed rewrite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rewrite {
    /// The edits, in source order, non-overlapping.
    pub edits: Vec<TextEdit>,
    /// The Dockerfile with the edits applied.
    pub text: String,
    /// How safe it is to apply.
    pub applicability: Applicability,
}

/// Rewrites `candidate` so that `manifests` (context paths) are copied first.
pub fn rewrite(analysis: &Analysis, candidate: &Candidate, manifests: &[String]) -> Rewrite {
    let source = &analysis.file.source;
    let copy = &analysis.file.instructions[candidate.copy];
    let install = &analysis.file.instructions[candidate.install];
    let copy_text = &source[copy.span.start..copy.span.end];
    let flags: Vec<&str> = copy
        .flags
        .iter()
        .map(|f| &source[f.span.start..f.span.end])
        .filter(|f| {
            let lower = f.to_ascii_lowercase();
            !lower.starts_with("--exclude") && !lower.starts_with("--parents")
        })
        .collect();
    let dest = if candidate.dest.ends_with('/') { candidate.dest.clone() } else { format!("{}/", candidate.dest) };
    let mut manifest_copy = copy.keyword.value.to_string();
    for part in flags.iter().copied().chain(manifests.iter().map(String::as_str)).chain([dest.as_str()]) {
        manifest_copy.push(' ');
        manifest_copy.push_str(part);
    }
    let line_end = source[copy.span.end..].find('\n').map_or(source.len(), |i| copy.span.end + i);
    let edits = vec![
        TextEdit { start: copy.span.start, end: line_end, replacement: manifest_copy },
        TextEdit { start: install.span.end, end: install.span.end, replacement: format!("\n{copy_text}") },
    ];
    let text = apply(source, &edits);
    let applicability =
        if candidate.layers_between.is_empty() { Applicability::Unsafe } else { Applicability::DisplayOnly };
    Rewrite { edits, text, applicability }
}

/// Applies non-overlapping edits given in source order.
pub fn apply(source: &str, edits: &[TextEdit]) -> String {
    let mut out = String::with_capacity(source.len() + 128);
    let mut at = 0;
    for edit in edits {
        out.push_str(&source[at..edit.start]);
        out.push_str(&edit.replacement);
        at = edit.end;
    }
    out.push_str(&source[at..]);
    out
}

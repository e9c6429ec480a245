//! Findings, their fixes, and the [`Reporter`] a rule reports them to.

use serde::Serialize;
use slipway_syntax::{LineIndex, Position, Span};

use crate::rule::{Rule, Severity};

/// Whether a fix may be applied automatically (ruff's model).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    /// Only shown, never applied (e.g. needs a value the linter cannot know).
    DisplayOnly,
    /// Applied by `--fix --unsafe`: may change what the image does.
    Unsafe,
    /// Applied by `--fix`: cannot change what the built image does.
    Safe,
}

/// Replace the text at `span` with `content` (empty span: insert; empty content: delete).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    /// The source range replaced.
    pub span: Span,
    /// The new text.
    pub content: String,
}

impl Edit {
    /// Replaces `span` with `content`.
    pub fn replace(span: Span, content: impl Into<String>) -> Edit {
        Edit { span, content: content.into() }
    }

    /// Inserts `content` at byte `offset`.
    pub fn insert(offset: usize, content: impl Into<String>) -> Edit {
        Edit { span: Span::new(offset, offset), content: content.into() }
    }

    /// Deletes `span`.
    pub fn delete(span: Span) -> Edit {
        Edit { span, content: String::new() }
    }
}

/// A fix: non-overlapping edits applied together, and how safe that is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// The edits, sorted by position.
    pub edits: Vec<Edit>,
    /// Whether it may be applied automatically.
    pub applicability: Applicability,
    /// What the fix does, e.g. "Replace with `LABEL maintainer=…`".
    pub message: String,
}

impl Fix {
    /// A fix that cannot change the built image.
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(message, edits, Applicability::Safe)
    }

    /// A fix that may change the built image.
    pub fn unsafe_edit(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(message, edits, Applicability::Unsafe)
    }

    /// A fix shown as a suggestion only.
    pub fn display_only(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(message, edits, Applicability::DisplayOnly)
    }

    fn new(message: impl Into<String>, mut edits: Vec<Edit>, applicability: Applicability) -> Fix {
        slipway_sort::sort_by_key(&mut edits, |e| (e.span.start, e.span.end));
        Fix { edits, applicability, message: message.into() }
    }

    /// The source range covered by all edits.
    pub fn span(&self) -> Option<Span> {
        self.edits.iter().map(|e| e.span).reduce(Span::cover)
    }
}

/// One problem found by a rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's primary code (DL code, else SW code, else BuildKit name).
    pub code: &'static str,
    /// BuildKit's check name, when the rule is also a BuildKit check.
    pub name: Option<&'static str>,
    /// Severity after config overrides.
    pub severity: Severity,
    /// The message.
    pub message: String,
    /// The offending text.
    pub span: Span,
    /// Where `span` starts (1-based line and column).
    pub start: Position,
    /// Where `span` ends (exclusive column, as in LSP ranges).
    pub end: Position,
    /// Index of the instruction the finding belongs to (for `# hadolint ignore=`), if any.
    pub instruction: Option<usize>,
    /// First line of that instruction: the line hadolint would report (it reports every
    /// finding at its instruction's first line), else the finding's own line.
    pub instruction_line: usize,
    /// A fix, when the rule offers one.
    pub fix: Option<Fix>,
}

impl Finding {
    /// Attaches a fix.
    pub fn with_fix(&mut self, fix: Fix) -> &mut Finding {
        self.fix = Some(fix);
        self
    }

    /// Whether this finding is reported under `id` (its code or its BuildKit name).
    pub fn is(&self, id: &str) -> bool {
        let id = id.trim();
        self.code.eq_ignore_ascii_case(id) || self.name.is_some_and(|n| n.eq_ignore_ascii_case(id))
    }
}

/// Collects the findings of one rule over one file; handed to the rule's check function.
pub struct Reporter<'a> {
    rule: &'a Rule,
    source: &'a str,
    line_index: &'a LineIndex,
    instruction_spans: &'a [Span],
    findings: Vec<Finding>,
}

impl<'a> Reporter<'a> {
    /// A reporter for `rule` over `source`; `instruction_spans` are the instructions' spans in
    /// order (to attach each finding to its instruction).
    pub fn new(rule: &'a Rule, source: &'a str, line_index: &'a LineIndex, instruction_spans: &'a [Span]) -> Self {
        Reporter { rule, source, line_index, instruction_spans, findings: Vec::new() }
    }

    /// Reports a finding at `span` with the rule's default severity. Returns it so a fix can
    /// be attached: `out.report(span, "…").with_fix(Fix::safe(…))`.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Finding {
        let instruction = self.instruction_at(span.start);
        self.push(span, message.into(), instruction)
    }

    /// Reports a finding that belongs to instruction `index` whatever its span (e.g. a
    /// missing-flag finding placed on the instruction's keyword).
    pub fn report_for(&mut self, index: usize, span: Span, message: impl Into<String>) -> &mut Finding {
        self.push(span, message.into(), Some(index))
    }

    /// The rule being run.
    pub fn rule(&self) -> &Rule {
        self.rule
    }

    /// The findings reported so far.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    fn push(&mut self, span: Span, message: String, instruction: Option<usize>) -> &mut Finding {
        let start = self.line_index.position(self.source, span.start);
        let end = self.line_index.position(self.source, span.end.max(span.start));
        let instruction_line = instruction
            .and_then(|i| self.instruction_spans.get(i))
            .map_or(start.line, |s| self.line_index.line_of(s.start));
        self.findings.push(Finding {
            code: self.rule.code(),
            name: self.rule.buildkit,
            severity: self.rule.severity,
            message,
            span,
            start,
            end,
            instruction,
            instruction_line,
            fix: None,
        });
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }

    fn instruction_at(&self, offset: usize) -> Option<usize> {
        let i = self.instruction_spans.partition_point(|s| s.start <= offset).checked_sub(1)?;
        (offset <= self.instruction_spans[i].end).then_some(i)
    }
}

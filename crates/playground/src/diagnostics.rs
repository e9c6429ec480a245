//! Lint findings as the editor shows them (ranges, gutter, problems list, hover docs) and quick fixes.
//!
//! [`check`] runs the linter once over the Dockerfile, against the project's build context
//! ([`VirtualContext`], so context-aware rules such as CopyIgnoredFile see the files and
//! `.dockerignore`). Errors that stop `docker build` come in two kinds:
//!
//! - parse and instruction errors: the linter's DL1000 rule reports them all, so they are taken
//!   from its findings (no second parse) and shown with code `parse` (alias `DL1000`);
//! - stage-graph errors (a `--from` index past the last stage, a circular dependency), which only
//!   the stage graph finds: they are computed from the parsed file when the Dockerfile uses
//!   `--from` or a mount's `from=` (without one neither error can occur), also with code `parse`.
//!
//! Rule documentation is looked up once per distinct code per call. A finding's fix is offered
//! when the linter may apply it (`Safe`, or `Unsafe` marked `safe: false`); display-only fixes
//! need a value only the author knows and are not offered as buttons.

use std::collections::BTreeMap;

use serde::Serialize;
use slipway_lint::fix::apply_fixes;
use slipway_lint::{registry, Applicability, Config, Finding, Fix, Lang, Linter, Rule, Severity};
use slipway_syntax::{Analysis, LineIndex, Span};

use crate::context::VirtualContext;
use crate::project::Project;

/// The code parse, instruction and stage-graph errors are shown with.
pub const PARSE_CODE: &str = "parse";

/// The lint rule that reports parse and instruction errors.
const PARSE_RULE: &str = "DL1000";

/// How serious a diagnostic is (hadolint's four levels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiagnosticSeverity {
    /// `docker build` fails, or the rule reports a definite problem.
    Error,
    /// A likely problem.
    Warning,
    /// A suggestion.
    Info,
    /// Cosmetic.
    Style,
}

impl DiagnosticSeverity {
    /// The CSS class: `sev-error`, `sev-warning`, `sev-info`, `sev-style`.
    pub fn css_class(self) -> &'static str {
        match self {
            DiagnosticSeverity::Error => "sev-error",
            DiagnosticSeverity::Warning => "sev-warning",
            DiagnosticSeverity::Info => "sev-info",
            DiagnosticSeverity::Style => "sev-style",
        }
    }

    /// The lower-case name (`error`, `warning`, `info`, `style`), e.g. for `data-severity`.
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosticSeverity::Error => "error",
            DiagnosticSeverity::Warning => "warning",
            DiagnosticSeverity::Info => "info",
            DiagnosticSeverity::Style => "style",
        }
    }
}

impl From<Severity> for DiagnosticSeverity {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::Error => DiagnosticSeverity::Error,
            Severity::Warning => DiagnosticSeverity::Warning,
            Severity::Info => DiagnosticSeverity::Info,
            Severity::Style => DiagnosticSeverity::Style,
        }
    }
}

/// A quick fix offered for a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FixView {
    /// Index of the fix within its diagnostic (the `fix_index` of [`apply_fix`]).
    pub index: usize,
    /// What the fix does (the linter's wording).
    pub label: String,
    /// True when the fix cannot change what the built image does.
    pub safe: bool,
}

/// One diagnostic as the editor shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiagnosticView {
    /// Index in the returned list; fixes are applied by (id, fix index).
    pub id: usize,
    /// Primary code: a DL/SW code, a BuildKit check name, or `parse`.
    pub code: String,
    /// Other names of the same finding (the BuildKit check name of a DL rule, `DL1000` of a
    /// parse error).
    pub aliases: Vec<String>,
    /// Severity.
    pub severity: DiagnosticSeverity,
    /// The message (the linter's or BuildKit's wording).
    pub message: String,
    /// First byte of the range in the Dockerfile.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`, in characters.
    pub column: u32,
    /// 1-based line of `end`.
    pub end_line: u32,
    /// 1-based column of `end` (exclusive), in characters.
    pub end_column: u32,
    /// The rule's one-line summary in the requested language.
    pub doc_title: String,
    /// The rule's explanation (Markdown) in the requested language.
    pub doc: String,
    /// Fixes that can be applied.
    pub fixes: Vec<FixView>,
}

/// Parse errors and lint findings of the project's Dockerfile, sorted by start offset.
pub fn check(project: &Project, lang: Lang) -> Vec<DiagnosticView> {
    check_analysis(project, &analyze(project), lang)
}

/// [`check`] with the Dockerfile already parsed: `analysis` must be
/// `Analysis::new(slipway_syntax::parse(&project.dockerfile))`, which a caller that also
/// re-plans the cache ([`crate::cache_view::CacheSession::whatif_analysis`]) parses once.
pub fn check_analysis(project: &Project, analysis: &Analysis, lang: Lang) -> Vec<DiagnosticView> {
    let problems = problems(project, analysis);
    let mut docs: BTreeMap<&'static str, (String, String)> = BTreeMap::new();
    problems
        .into_iter()
        .enumerate()
        .map(|(id, problem)| {
            let (title, doc) = docs
                .entry(problem.doc_rule)
                .or_insert_with(|| rule_doc(problem.doc_rule, lang).unwrap_or_default())
                .clone();
            let fixes: Vec<FixView> = problem
                .fix()
                .into_iter()
                .enumerate()
                .map(|(index, fix)| FixView {
                    index,
                    label: fix.message.clone(),
                    safe: fix.applicability == Applicability::Safe,
                })
                .collect();
            DiagnosticView {
                id,
                code: problem.code.to_string(),
                aliases: problem.aliases.iter().map(|a| a.to_string()).collect(),
                severity: problem.severity,
                message: problem.message,
                start: problem.span.start,
                end: problem.span.end,
                line: to_u32(problem.start.0),
                column: to_u32(problem.start.1),
                end_line: to_u32(problem.end.0),
                end_column: to_u32(problem.end.1),
                doc_title: title,
                doc,
                fixes,
            }
        })
        .collect()
}

/// The Dockerfile text after applying fix `fix_index` of diagnostic `diagnostic_id` (ids as
/// [`check`] numbers them for the same project); `None` when there is no such fix or it does not
/// apply to the current text.
pub fn apply_fix(project: &Project, diagnostic_id: usize, fix_index: usize) -> Option<String> {
    let problem = problems(project, &analyze(project)).into_iter().nth(diagnostic_id)?;
    let finding = problem.finding.filter(|f| f.fix.is_some() && fix_index == 0)?;
    let (text, applied) = apply_fixes(&project.dockerfile, std::slice::from_ref(&finding), Applicability::Unsafe);
    (applied > 0).then_some(text)
}

/// The documentation of a rule (any of its codes or its BuildKit name, or `parse`) as
/// (title, body) in `lang`. The English title is the rule's summary; the Korean title is the
/// first sentence of the Korean "what it does" section.
pub fn rule_doc(code: &str, lang: Lang) -> Option<(String, String)> {
    let code = if code.eq_ignore_ascii_case(PARSE_CODE) { PARSE_RULE } else { code };
    let rule = registry::find(code)?;
    let docs = rule.docs();
    let body = docs.text(lang).to_string();
    let title = match lang {
        Lang::Ko => first_sentence(&body).unwrap_or_else(|| rule.summary.to_string()),
        Lang::En => rule.summary.to_string(),
    };
    Some((title, body))
}

/// The first sentence of the first paragraph of a rule doc (headings and code skipped; wrapped
/// lines joined).
fn first_sentence(doc: &str) -> Option<String> {
    let paragraph: Vec<&str> = doc
        .lines()
        .map(str::trim)
        .skip_while(|line| line.is_empty() || line.starts_with('#'))
        .take_while(|line| !line.is_empty() && !line.starts_with('#') && !line.starts_with("```"))
        .collect();
    let paragraph = paragraph.join(" ");
    let end = paragraph.find(". ").map_or(paragraph.len(), |i| i + 1);
    let sentence = paragraph[..end].trim();
    (!sentence.is_empty()).then(|| sentence.to_string())
}

/// A diagnostic before documentation is attached.
struct Problem {
    code: &'static str,
    aliases: Vec<&'static str>,
    /// The rule whose documentation explains it.
    doc_rule: &'static str,
    severity: DiagnosticSeverity,
    message: String,
    span: Span,
    /// (line, column) of the start and of the end.
    start: (usize, usize),
    end: (usize, usize),
    /// The linter's finding, with a fix only when one may be applied.
    finding: Option<Finding>,
}

impl Problem {
    fn fix(&self) -> Option<&Fix> {
        self.finding.as_ref().and_then(|f| f.fix.as_ref())
    }
}

/// Every diagnostic of the project, in the order [`check`] returns them. The Dockerfile is
/// parsed once, for the linter and the stage graph.
fn problems(project: &Project, analysis: &Analysis) -> Vec<Problem> {
    let source = project.dockerfile.as_str();
    let config = Config::default();
    let context = VirtualContext::new(project);
    let findings = Linter::new(&config).with_build_context(&context).lint_parsed(&analysis.file, &analysis.model);
    let mut problems: Vec<Problem> = findings.into_iter().map(from_finding).collect();
    problems.extend(graph_problems(source, analysis));
    slipway_sort::sort_by(&mut problems, |a, b| {
        (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
    });
    problems
}

/// The parsed and analysed Dockerfile of a project.
fn analyze(project: &Project) -> Analysis {
    Analysis::new(slipway_syntax::parse(&project.dockerfile))
}

fn from_finding(finding: Finding) -> Problem {
    let rule: Option<&Rule> = registry::find(finding.code);
    let (code, aliases) = if finding.code == PARSE_RULE {
        (PARSE_CODE, vec![PARSE_RULE])
    } else {
        (finding.code, rule.map_or_else(Vec::new, |r| r.identities().filter(|id| *id != finding.code).collect()))
    };
    let mut finding = finding;
    finding.fix = finding.fix.take().filter(|f| f.applicability >= Applicability::Unsafe);
    Problem {
        code,
        aliases,
        doc_rule: finding.code,
        severity: finding.severity.into(),
        message: finding.message.clone(),
        span: finding.span,
        start: (finding.start.line, finding.start.column),
        end: (finding.end.line, finding.end.column),
        finding: Some(finding),
    }
}

/// Stage-graph errors (invalid `--from` index, circular dependency). Both need a `--from=` or a
/// mount's `from=`, so they are only reported for files with a `from=`.
fn graph_problems(source: &str, analysis: &Analysis) -> Vec<Problem> {
    if analysis.graph_diagnostics.is_empty() || !source.as_bytes().windows(5).any(|w| w.eq_ignore_ascii_case(b"from="))
    {
        return Vec::new();
    }
    let index = LineIndex::new(source);
    analysis
        .graph_diagnostics
        .iter()
        .map(|d| {
            let start = index.position(source, d.span.start);
            let end = index.position(source, d.span.end);
            Problem {
                code: PARSE_CODE,
                aliases: Vec::new(),
                doc_rule: PARSE_RULE,
                severity: DiagnosticSeverity::Error,
                message: d.message.clone(),
                span: d.span,
                start: (start.line, start.column),
                end: (end.line, end.column),
                finding: None,
            }
        })
        .collect()
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

//! Helpers for rule tests: run one rule over a source and look at what it found.

use crate::config::Config;
use crate::finding::{Applicability, Finding};
use crate::fix::fix_until_converged;
use crate::linter::Linter;
use crate::rule::Rule;

/// Findings of `rule` alone over `src` (pragmas honoured, default config).
pub(crate) fn findings(rule: &Rule, src: &str) -> Vec<Finding> {
    let config = Config::default();
    Linter::with_rules(&config, vec![rule]).lint(src)
}

/// `(start line, start column, end line, end column)` of each finding.
pub(crate) fn ranges(rule: &Rule, src: &str) -> Vec<(usize, usize, usize, usize)> {
    findings(rule, src).iter().map(|f| (f.start.line, f.start.column, f.end.line, f.end.column)).collect()
}

/// The source text under each finding.
pub(crate) fn texts<'s>(rule: &Rule, src: &'s str) -> Vec<&'s str> {
    findings(rule, src).iter().map(|f| &src[f.span.start..f.span.end]).collect()
}

/// The messages of the findings.
pub(crate) fn messages(rule: &Rule, src: &str) -> Vec<String> {
    findings(rule, src).into_iter().map(|f| f.message).collect()
}

/// `src` after applying the rule's fixes of at least `level` until they converge; asserts
/// the result is idempotent, has no more findings with such fixes and parses without errors
/// (unless `src` already had some).
pub(crate) fn fixed(rule: &Rule, src: &str, level: Applicability) -> String {
    let config = Config::default();
    let linter = Linter::with_rules(&config, vec![rule]);
    let outcome = fix_until_converged(&linter, src, level);
    let again = fix_until_converged(&linter, &outcome.output, level);
    assert_eq!(again.output, outcome.output, "fix is not idempotent");
    assert!(
        outcome.remaining.iter().all(|f| f.fix.as_ref().is_none_or(|fix| fix.applicability < level)),
        "fixable findings remain"
    );
    if !slipway_syntax::parse(src).has_errors() {
        assert!(!slipway_syntax::parse(&outcome.output).has_errors(), "fix broke the file:\n{}", outcome.output);
    }
    outcome.output
}

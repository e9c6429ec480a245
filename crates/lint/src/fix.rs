//! Applying fixes: non-overlapping edits of the findings' fixes at or above an
//! applicability, repeated (re-linting each time) until nothing changes.

use crate::finding::{Applicability, Finding};
use crate::linter::Linter;

/// Most passes of [`fix_until_converged`].
pub const MAX_PASSES: usize = 10;

/// Applies the fixes of `findings` whose applicability is at least `level`, skipping any fix
/// that overlaps one already taken (in source order). Returns the new text and how many
/// fixes were applied.
pub fn apply_fixes(source: &str, findings: &[Finding], level: Applicability) -> (String, usize) {
    let mut fixes: Vec<_> =
        findings.iter().filter_map(|f| f.fix.as_ref()).filter(|f| f.applicability >= level).collect();
    slipway_sort::sort_by_key(&mut fixes, |fix| fix.span().map(|s| (s.start, s.end)));
    let mut out = String::with_capacity(source.len());
    let mut cursor = 0;
    let mut applied = 0;
    for fix in fixes {
        let Some(first) = fix.edits.first() else { continue };
        if first.span.start < cursor || fix.edits.iter().any(|e| e.span.end > source.len()) {
            continue;
        }
        let overlapping = fix.edits.windows(2).any(|w| w[1].span.start < w[0].span.end);
        if overlapping {
            continue;
        }
        for edit in &fix.edits {
            out.push_str(&source[cursor..edit.span.start]);
            out.push_str(&edit.content);
            cursor = edit.span.end;
        }
        applied += 1;
    }
    out.push_str(&source[cursor..]);
    (out, applied)
}

/// The result of fixing a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixOutcome {
    /// The fixed text.
    pub output: String,
    /// Fixes applied over all passes.
    pub applied: usize,
    /// Passes that changed the text.
    pub passes: usize,
    /// Findings left in the fixed text.
    pub remaining: Vec<Finding>,
}

/// Lints and fixes `source` repeatedly until no applicable fix is left (at most
/// [`MAX_PASSES`] passes).
pub fn fix_until_converged(linter: &Linter<'_>, source: &str, level: Applicability) -> FixOutcome {
    let mut text = source.to_string();
    let mut applied = 0;
    let mut passes = 0;
    let mut findings = linter.lint(&text);
    while passes < MAX_PASSES {
        let (next, count) = apply_fixes(&text, &findings, level);
        if count == 0 || next == text {
            break;
        }
        text = next;
        applied += count;
        passes += 1;
        findings = linter.lint(&text);
    }
    FixOutcome { output: text, applied, passes, remaining: findings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn safe_fixes_converge_and_still_parse() {
        let src = "FROM ubuntu:1 as Build\nMAINTAINER Jane \"J\" <j@x>\nCMD echo hi\n";
        let config = Config::default();
        let linter = Linter::new(&config);
        let outcome = fix_until_converged(&linter, src, Applicability::Safe);
        assert_eq!(outcome.output, "FROM ubuntu:1 AS build\nLABEL maintainer=\"Jane \\\"J\\\" <j@x>\"\nCMD echo hi\n");
        assert_eq!(outcome.applied, 3);
        assert!(!slipway_syntax::parse(&outcome.output).has_errors());
        let again = fix_until_converged(&linter, &outcome.output, Applicability::Safe);
        assert_eq!(again.output, outcome.output);
        assert_eq!(again.applied, 0);
        let unsafe_outcome = fix_until_converged(&linter, src, Applicability::Unsafe);
        assert!(unsafe_outcome.output.ends_with("CMD [\"echo\", \"hi\"]\n"), "{}", unsafe_outcome.output);
    }
}

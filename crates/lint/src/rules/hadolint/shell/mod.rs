//! hadolint rules that read `RUN` bodies (parsed once per file with `slipway-shell`, see
//! [`crate::Context::shell_runs`]). One file per rule; keep both lists sorted by code.

use crate::rule::Rule;

mod dl3008;
pub(crate) mod support;

/// The rules of this group, one per line (keeps concurrent additions apart).
#[rustfmt::skip]
pub(crate) const RULES: &[Rule] = &[
    dl3008::RULE,
];

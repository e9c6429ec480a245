//! hadolint rules about instructions (no shell analysis). One file per rule; keep both lists
//! sorted by code.

use crate::rule::Rule;

mod dl1000;
mod dl3000;
mod dl3006;
mod dl3025;
mod dl4000;

/// The rules of this group, one per line (keeps concurrent additions apart).
#[rustfmt::skip]
pub(crate) const RULES: &[Rule] = &[
    dl1000::RULE,
    dl3000::RULE,
    dl3006::RULE,
    dl3025::RULE,
    dl4000::RULE,
];

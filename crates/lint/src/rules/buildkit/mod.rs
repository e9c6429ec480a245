//! BuildKit's build checks that hadolint does not have (a check that hadolint also has lives
//! with the hadolint rule and declares both names). One file per check, named after it in
//! snake case; keep both lists sorted.

use crate::rule::Rule;

mod from_as_casing;
mod stage_name_casing;

/// The rules of this group, one per line (keeps concurrent additions apart).
#[rustfmt::skip]
pub(crate) const RULES: &[Rule] = &[
    from_as_casing::RULE,
    stage_name_casing::RULE,
];

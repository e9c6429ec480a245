//! Slipway's own rules (`SW` codes). One file per rule; keep both lists sorted by code.

use crate::rule::Rule;

mod sw0001;

/// The rules of this group, one per line (keeps concurrent additions apart).
#[rustfmt::skip]
pub(crate) const RULES: &[Rule] = &[
    sw0001::RULE,
];

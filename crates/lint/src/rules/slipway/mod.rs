//! Slipway's own rules (`SW` codes). One file per rule; keep both lists sorted by code.
//! `support` holds what several rules share.

use crate::rule::Rule;

mod support;
mod sw0001;
mod sw1001;
mod sw1002;
mod sw1003;
mod sw1004;
mod sw1006;

/// The rules of this group, one per line (keeps concurrent additions apart).
#[rustfmt::skip]
pub(crate) const RULES: &[Rule] = &[
    sw0001::RULE,
    sw1001::RULE,
    sw1002::RULE,
    sw1003::RULE,
    sw1004::RULE,
    sw1006::RULE,
];

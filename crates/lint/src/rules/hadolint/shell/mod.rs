//! hadolint rules that read `RUN` bodies (parsed once per file with `slipway-shell`, see
//! [`crate::Context::shell_commands`]). One file per rule; keep both lists sorted by code.

use crate::rule::Rule;

mod dl3001;
mod dl3003;
mod dl3004;
mod dl3008;
mod dl3010;
mod dl3013;
mod dl3016;
mod dl3028;
mod dl3042;
mod dl3046;
mod dl3047;
mod dl3060;
mod dl3062;
mod dl4001;
mod dl4005;
mod dl4006;
mod pip;
pub(crate) mod support;

/// The rules of this group, one per line (keeps concurrent additions apart).
#[rustfmt::skip]
pub(crate) const RULES: &[Rule] = &[
    dl3001::RULE,
    dl3003::RULE,
    dl3004::RULE,
    dl3008::RULE,
    dl3010::RULE,
    dl3013::RULE,
    dl3016::RULE,
    dl3028::RULE,
    dl3042::RULE,
    dl3046::RULE,
    dl3047::RULE,
    dl3060::RULE,
    dl3062::RULE,
    dl4001::RULE,
    dl4005::RULE,
    dl4006::RULE,
];

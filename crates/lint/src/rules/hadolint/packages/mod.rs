//! hadolint rules about package managers in `RUN` bodies (apt, apk, yum, dnf, zypper): pins,
//! non-interactive switches, cache cleanup. One file per rule; keep both lists sorted by code.
//! Shared helpers live in [`super::shell::support`].

use crate::rule::Rule;

mod apk;
mod apt;
mod dl3009;
mod dl3014;
mod dl3015;
mod dl3018;
mod dl3019;
mod dl3027;
mod dl3030;
mod dl3032;
mod dl3033;
mod dl3034;
mod dl3035;
mod dl3036;
mod dl3037;
mod dl3038;
mod dl3040;
mod dl3041;
mod rpm;

/// The rules of this group, one per line (keeps concurrent additions apart).
#[rustfmt::skip]
pub(crate) const RULES: &[Rule] = &[
    dl3009::RULE,
    dl3014::RULE,
    dl3015::RULE,
    dl3018::RULE,
    dl3019::RULE,
    dl3027::RULE,
    dl3030::RULE,
    dl3032::RULE,
    dl3033::RULE,
    dl3034::RULE,
    dl3035::RULE,
    dl3036::RULE,
    dl3037::RULE,
    dl3038::RULE,
    dl3040::RULE,
    dl3041::RULE,
];

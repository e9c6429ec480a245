//! What the apt rules share: apt-get's options and subcommand lookup.

use crate::rules::hadolint::shell::support::{Invocation, Options};

/// apt-get/apt options whose value is the next word (`-o Debug=1`, `-t bookworm`).
pub(super) const APT_OPTIONS: Options =
    Options { short_values: "otc", long_values: &["option", "target-release", "default-release", "config-file"] };

/// For an `apt-get` (or `apt`, `aptitude` when `names` allows) command, the subcommand's
/// argument index and value.
pub(super) fn subcommand<'i>(invocation: &'i Invocation<'_>, names: &[&str]) -> Option<(usize, &'i str)> {
    if !names.contains(&invocation.name) {
        return None;
    }
    invocation.subcommand(&APT_OPTIONS)
}

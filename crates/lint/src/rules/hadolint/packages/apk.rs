//! What the apk rules share: apk's options and `apk add` lookup.

use crate::rules::hadolint::shell::support::{Invocation, Options};

/// apk options whose value is the next word (`-X url`, `--virtual .deps`).
pub(super) const APK_OPTIONS: Options = Options {
    short_values: "Xtp",
    long_values: &["repository", "virtual", "root", "arch", "cache-dir", "keys-dir", "repositories-file", "wait"],
};

/// For `apk add`, the index of `add` and the indices of the package words after it.
pub(super) fn apk_add(invocation: &Invocation<'_>) -> Option<(usize, Vec<usize>)> {
    if invocation.name != "apk" {
        return None;
    }
    let positionals = invocation.positionals(&APK_OPTIONS);
    let (&first, packages) = positionals.split_first()?;
    (invocation.literal(first) == Some("add")).then(|| (first, packages.to_vec()))
}

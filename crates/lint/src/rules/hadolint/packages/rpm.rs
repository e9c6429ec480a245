//! What the yum, dnf and zypper rules share: their options, subcommand lookup and checks.

use crate::rules::hadolint::shell::support::{cache_mount_covers, invocations, removes, Invocation, Options};
use crate::rules::prelude::*;

/// yum/dnf/microdnf options whose value is the next word.
pub(super) const YUM_OPTIONS: Options = Options {
    short_values: "cdexR",
    long_values: &[
        "config",
        "debuglevel",
        "errorlevel",
        "exclude",
        "installroot",
        "enablerepo",
        "disablerepo",
        "repo",
        "repoid",
        "setopt",
        "releasever",
        "downloaddir",
        "destdir",
        "color",
        "comment",
    ],
};

/// zypper options whose value is the next word (global and subcommand options).
pub(super) const ZYPPER_OPTIONS: Options = Options {
    short_values: "rtRcp",
    long_values: &["repo", "from", "type", "root", "config", "reposd-path", "cache-dir", "pkg-cache-dir", "download"],
};

/// A package-manager action: `yum install a b`, `dnf module install m:s`.
pub(super) struct Action<'a> {
    /// Index of the subcommand word (of `install` in `dnf module install`).
    pub(super) index: usize,
    /// The subcommand (`install`; `module install` gives `install`).
    pub(super) name: &'a str,
    /// Whether it was `dnf module install`.
    pub(super) module: bool,
    /// Indices of the operand words after the subcommand.
    pub(super) operands: Vec<usize>,
}

/// The action of an invocation of one of `tools`.
pub(super) fn action<'i>(invocation: &'i Invocation<'_>, tools: &[&str], options: &Options) -> Option<Action<'i>> {
    if !tools.contains(&invocation.name) {
        return None;
    }
    let positionals = invocation.positionals(options);
    let (&first, mut rest) = positionals.split_first()?;
    let mut action = Action { index: first, name: invocation.literal(first)?, module: false, operands: Vec::new() };
    if action.name == "module" {
        let (&second, tail) = rest.split_first()?;
        action = Action { index: second, name: invocation.literal(second)?, module: true, operands: Vec::new() };
        rest = tail;
    }
    action.operands = rest.to_vec();
    Some(action)
}

/// Whether a yum/dnf package word carries a version: a `-` followed by a digit
/// (`curl-7.61.1`), or it is an `.rpm` file.
pub(super) fn has_rpm_version(package: &str) -> bool {
    package.ends_with(".rpm") || package.as_bytes().windows(2).any(|w| w[0] == b'-' && w[1].is_ascii_digit())
}

/// Whether a `yum`/`dnf` invocation has `-y`/`--assumeyes`.
pub(super) fn assumes_yes(invocation: &Invocation<'_>) -> bool {
    invocation.has_option(&YUM_OPTIONS, "y", &["assumeyes"])
}

/// Reports `install`, `groupinstall` and `localinstall` of `tools` run without an
/// assume-yes flag, with a safe fix inserting `-y` after the subcommand (DL3030, DL3038).
pub(super) fn report_install_without_yes(ctx: &Context<'_>, out: &mut Reporter<'_>, tools: &[&str], message: &str) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            let Some(act) = action(&inv, tools, &YUM_OPTIONS) else { continue };
            if !matches!(act.name, "install" | "groupinstall" | "localinstall") || assumes_yes(&inv) {
                continue;
            }
            let after = body.span(inv.args[act.index].span).end;
            out.report_for(run.index, inv.span_through(body, act.index), message)
                .with_fix(Fix::safe("Insert `-y`", vec![Edit::insert(after, " -y")]));
        }
    }
}

/// How a cache-cleanup rule (DL3032 yum, DL3036 zypper) recognises its package manager's
/// installs and cleanups.
pub(super) struct CleanupCheck {
    /// The command name.
    pub(super) tool: &'static str,
    /// The tool's options, to find its subcommand.
    pub(super) options: &'static Options,
    /// Subcommands that install packages.
    pub(super) install: &'static [&'static str],
    /// Subcommands that clean the cache.
    pub(super) clean: &'static [&'static str],
    /// The cache directory: an `rm` of it also cleans, a cache or tmpfs mount over it exempts the `RUN`.
    pub(super) cache: &'static str,
    /// The finding's message.
    pub(super) message: &'static str,
}

/// Reports the first install of each `RUN` that neither cleans nor removes the cache in that
/// same `RUN`, unless a cache or tmpfs mount keeps the cache out of the layer.
pub(super) fn report_install_without_clean(ctx: &Context<'_>, out: &mut Reporter<'_>, check: &CleanupCheck) {
    for (run, body, commands) in ctx.shell_commands() {
        if cache_mount_covers(ctx, run.index, check.cache) {
            continue;
        }
        let invocations = invocations(commands);
        let mut install = None;
        let mut cleaned = removes(&invocations, check.cache);
        for inv in &invocations {
            let Some(act) = action(inv, &[check.tool], check.options) else { continue };
            if check.clean.contains(&act.name) {
                cleaned = true;
            } else if install.is_none() && check.install.contains(&act.name) {
                install = Some(inv.span_through(body, act.index));
            }
        }
        if let (Some(span), false) = (install, cleaned) {
            out.report_for(run.index, span, check.message);
        }
    }
}

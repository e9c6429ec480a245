//! What the pip rules share: finding `pip install` (also `pip3.12 install`,
//! `python3 -m pip install`) and its operands.

use super::support::Invocation;

/// pip options whose value is the next word (`-r file`, `--index-url url`).
const SHORT_VALUES: &str = "iftecrC";
const LONG_VALUES: [&str; 31] = [
    "index-url",
    "extra-index-url",
    "find-links",
    "src",
    "target",
    "prefix",
    "root",
    "no-binary",
    "only-binary",
    "platform",
    "python-version",
    "implementation",
    "abi",
    "progress-bar",
    "root-user-action",
    "upgrade-strategy",
    "trusted-host",
    "cache-dir",
    "log",
    "proxy",
    "retries",
    "timeout",
    "exists-action",
    "cert",
    "client-cert",
    "global-option",
    "config-settings",
    "report",
    "editable",
    "requirement",
    "constraint",
];

/// A `pip install` found in a command.
pub(super) struct PipInstall {
    /// Index of the `install` word among the arguments.
    pub(super) install: usize,
    /// Indices of the operands (packages, paths, URLs) after `install`.
    pub(super) operands: Vec<usize>,
    /// The options, as written (`--no-cache-dir`, `-r`, `--requirement=x`).
    pub(super) options: Vec<String>,
}

/// Whether `name` is pip's executable (`pip`, `pip3`, `pip3.12`).
fn is_pip(name: &str) -> bool {
    name.strip_prefix("pip").is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// Whether `name` is a Python interpreter (`python`, `python3`, `python3.12`).
fn is_python(name: &str) -> bool {
    name.strip_prefix("python").is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// The `pip install` of `invocation`, if it is one; `pipx` counts when `with_pipx`.
pub(super) fn pip_install(invocation: &Invocation<'_>, with_pipx: bool) -> Option<PipInstall> {
    let name = invocation.name;
    let start = if is_pip(name) || (with_pipx && name == "pipx") {
        0
    } else if is_python(name) {
        let m = invocation.literals.iter().position(|l| l.as_deref() == Some("-m"))?;
        (invocation.literal(m + 1) == Some("pip")).then_some(m + 2)?
    } else {
        return None;
    };
    let mut skip = false;
    let mut install = None;
    let mut operands = Vec::new();
    let mut options = Vec::new();
    for (i, literal) in invocation.literals.iter().enumerate().skip(start) {
        if std::mem::take(&mut skip) {
            continue;
        }
        match literal.as_deref() {
            Some(l) if l.len() > 1 && l.starts_with('-') => {
                skip = takes_value(l);
                options.push(l.to_string());
            }
            Some(l) if install.is_none() => {
                if l != "install" {
                    return None;
                }
                install = Some(i);
            }
            _ if install.is_some() => operands.push(i),
            _ => return None,
        }
    }
    Some(PipInstall { install: install?, operands, options })
}

fn takes_value(option: &str) -> bool {
    match option.strip_prefix("--") {
        Some(long) => !long.contains('=') && LONG_VALUES.contains(&long),
        None => option.len() == 2 && SHORT_VALUES.contains(&option[1..]),
    }
}

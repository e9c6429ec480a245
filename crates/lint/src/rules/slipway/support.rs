//! Helpers shared by the Slipway rules over the simple commands of `RUN` bodies
//! ([`ShellCommand`], computed once per file by the context).

use crate::context::ShellCommand;

/// The command's name without its directory (`/usr/bin/apt-get` → `apt-get`).
pub(super) fn base_name<'c>(command: &'c ShellCommand<'_>) -> Option<&'c str> {
    let name = command.name.as_deref()?;
    Some(name.rsplit('/').next().unwrap_or(name))
}

/// The literal arguments that are neither options nor the value of an option in
/// `with_value`, with their indices.
pub(super) fn operands<'c>(command: &'c ShellCommand<'_>, with_value: &[&str]) -> Vec<(usize, &'c str)> {
    let mut out = Vec::new();
    let mut skip = false;
    for (i, literal) in command.literals.iter().enumerate() {
        if std::mem::take(&mut skip) {
            continue;
        }
        let Some(literal) = literal.as_deref() else { continue };
        if literal.starts_with('-') && literal.len() > 1 {
            skip = with_value.contains(&literal);
            continue;
        }
        out.push((i, literal));
    }
    out
}

/// The subcommand (first operand) of an `apt-get`/`apt` call, with its argument index.
pub(super) fn apt_subcommand<'c>(command: &'c ShellCommand<'_>) -> Option<(usize, &'c str)> {
    if !matches!(base_name(command), Some("apt-get" | "apt")) {
        return None;
    }
    operands(command, &["-o", "-c", "-t", "--option", "--config-file", "--target-release"]).first().copied()
}

#[cfg(test)]
mod tests {
    use super::apt_subcommand;
    use crate::config::Config;
    use crate::context::Context;

    #[test]
    fn apt_subcommands_skip_options_and_their_values() {
        let src = "FROM a:1\nRUN /usr/bin/apt-get -o Acquire::Retries=3 -qq install -y curl; apt update\n";
        Context::with_source(src, &Config::default(), |ctx| {
            let (_, _, commands) = ctx.shell_commands().next().unwrap();
            assert_eq!(apt_subcommand(&commands[0]), Some((3, "install")));
            assert_eq!(apt_subcommand(&commands[1]), Some((0, "update")));
        });
    }
}

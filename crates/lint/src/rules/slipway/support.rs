//! Helpers shared by the Slipway rules: `RUN` commands with their literal arguments, and the
//! package-manager commands the cache rules look for.

use slipway_shell::{CommandInfo, Word};

/// A simple command of a `RUN` body whose name is a literal, with its argument literals.
pub(super) struct Call<'a> {
    /// The command and its surroundings.
    pub(super) info: CommandInfo<'a>,
    /// The command name (`apt-get`, path stripped: `/usr/bin/apt-get` → `apt-get`).
    pub(super) name: String,
    /// The argument words.
    pub(super) args: &'a [Word],
    /// Each argument's literal value (`None` for a word with an expansion).
    pub(super) literals: Vec<Option<String>>,
}

impl<'a> Call<'a> {
    /// The calls of a script in source order (pre-order: substitutions after their command).
    pub(super) fn all(script: &'a slipway_shell::Script) -> Vec<Call<'a>> {
        script
            .simple_commands()
            .into_iter()
            .filter_map(|info| {
                let name = info.name_literal()?;
                let name = name.rsplit('/').next().unwrap_or(&name).to_string();
                let args = info.command.args();
                let literals = args.iter().map(Word::literal).collect();
                Some(Call { info, name, args, literals })
            })
            .collect()
    }

    /// The command name word.
    pub(super) fn name_word(&self) -> &'a Word {
        &self.info.command.words[0]
    }

    /// The arguments that are neither options nor the value of an option in `with_value`.
    pub(super) fn operands(&self, with_value: &[&str]) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut skip = false;
        for (i, literal) in self.literals.iter().enumerate() {
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
    pub(super) fn apt_subcommand(&self) -> Option<(usize, &str)> {
        if !matches!(self.name.as_str(), "apt-get" | "apt") {
            return None;
        }
        self.operands(&["-o", "-c", "-t", "--option", "--config-file", "--target-release"]).first().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::Call;

    #[test]
    fn apt_subcommands_skip_options_and_their_values() {
        let script =
            slipway_shell::parse("/usr/bin/apt-get -o Acquire::Retries=3 -qq install -y curl; apt update").unwrap();
        let calls = Call::all(&script);
        assert_eq!(calls[0].apt_subcommand(), Some((3, "install")));
        assert_eq!(calls[1].apt_subcommand(), Some((0, "update")));
    }
}

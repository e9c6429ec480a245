//! Helpers shared by the rules that read `RUN` bodies (this group and `packages/`): commands
//! with their literal arguments, option scanning, cache mounts and `rm` targets.

use slipway_shell::{CommandInfo, Word};

use crate::context::{Context, ShellCommand};
use crate::shell_body::ShellBody;
use slipway_syntax::instructions::Command;
use slipway_syntax::Span;

/// A simple command whose name is statically known, with its argument literals: a view of a
/// [`ShellCommand`] computed once per file.
pub(crate) struct Invocation<'c> {
    /// The command and its surroundings.
    pub(crate) info: &'c CommandInfo<'c>,
    /// The literal command name (`apt-get`).
    pub(crate) name: &'c str,
    /// The argument words.
    pub(crate) args: &'c [Word],
    /// The literal value of each argument (`None` when it holds an expansion).
    pub(crate) literals: &'c [Option<String>],
}

impl<'c> Invocation<'c> {
    /// The command name word.
    pub(crate) fn name_word(&self) -> &'c Word {
        let words = &self.info.command.words;
        &words[words.len() - self.args.len() - 1]
    }

    /// The literal of argument `i`.
    pub(crate) fn literal(&self, i: usize) -> Option<&str> {
        self.literals.get(i).and_then(|l| l.as_deref())
    }

    /// Indices of the arguments that are not options nor option values, given the options
    /// that take a value as the next word.
    pub(crate) fn positionals(&self, options: &Options) -> Vec<usize> {
        let mut out = Vec::new();
        let mut skip = false;
        let mut only_operands = false;
        for (i, literal) in self.literals.iter().enumerate() {
            if std::mem::take(&mut skip) {
                continue;
            }
            match literal.as_deref() {
                Some("--") if !only_operands => only_operands = true,
                Some(l) if !only_operands && l.len() > 1 && l.starts_with('-') => skip = options.takes_value(l),
                _ => out.push(i),
            }
        }
        out
    }

    /// The first positional argument (the subcommand of `apt-get install …`) with its literal.
    pub(crate) fn subcommand(&self, options: &Options) -> Option<(usize, &str)> {
        let i = *self.positionals(options).first()?;
        Some((i, self.literal(i)?))
    }

    /// Whether an option is given: a long name (`--yes`, also `--yes=…`) or one of the short
    /// letters, alone or bundled (`-qy`). Bundles stop at a letter that takes a value.
    pub(crate) fn has_option(&self, options: &Options, short: &str, long: &[&str]) -> bool {
        self.options(options).any(|o| match o {
            Opt::Long(name) => long.contains(&name),
            Opt::Short(c) => short.contains(c),
        })
    }

    /// How many times the short letter `c` is given (`-qq` gives 2 for `q`).
    pub(crate) fn short_count(&self, options: &Options, c: char) -> usize {
        self.options(options).filter(|o| *o == Opt::Short(c)).count()
    }

    /// The options before `--`, one per long option or bundled short letter.
    fn options<'s>(&'s self, options: &'s Options) -> impl Iterator<Item = Opt<'s>> + 's {
        let end = self.literals.iter().position(|l| l.as_deref() == Some("--")).unwrap_or(self.literals.len());
        self.literals[..end].iter().flatten().flat_map(move |l| {
            let mut out = Vec::new();
            if let Some(long) = l.strip_prefix("--") {
                out.push(Opt::Long(long.split('=').next().unwrap_or(long)));
            } else if let Some(letters) = l.strip_prefix('-') {
                for c in letters.chars() {
                    if !c.is_ascii_alphanumeric() {
                        break;
                    }
                    out.push(Opt::Short(c));
                    if options.short_values.contains(c) {
                        break;
                    }
                }
            }
            out
        })
    }

    /// The Dockerfile span from the command name to the end of argument `i`.
    pub(crate) fn span_through(&self, body: &ShellBody, i: usize) -> Span {
        body.span(self.name_word().span.cover(self.args[i].span))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Opt<'a> {
    Long(&'a str),
    Short(char),
}

/// The options of a program that take their value as the next word.
pub(crate) struct Options {
    /// Short letters taking a value (`-o value`, `-ovalue`).
    pub(crate) short_values: &'static str,
    /// Long names taking a value (`--option value`, without the dashes).
    pub(crate) long_values: &'static [&'static str],
}

impl Options {
    fn takes_value(&self, word: &str) -> bool {
        if let Some(long) = word.strip_prefix("--") {
            return !long.contains('=') && self.long_values.contains(&long);
        }
        let letters = &word[1..];
        // The value is the next word only when the value-taking letter ends the bundle.
        letters
            .char_indices()
            .find(|(_, c)| self.short_values.contains(*c))
            .is_some_and(|(i, _)| i + 1 == letters.len())
    }
}

/// The commands of a `RUN` body (from [`Context::shell_commands`]) whose name is statically
/// known, in pre-order. A command run under `time` (`time -p pip install …`, a shell keyword)
/// is seen as the command itself.
pub(crate) fn invocations<'c>(commands: &'c [ShellCommand<'_>]) -> Vec<Invocation<'c>> {
    commands
        .iter()
        .filter_map(|command| {
            let mut name = command.name.as_deref()?;
            let mut skip = 0;
            if name == "time" {
                skip = command.literals.iter().take_while(|l| l.as_deref() == Some("-p")).count();
                name = command.literals.get(skip)?.as_deref()?;
                skip += 1;
            }
            Some(Invocation {
                info: &command.info,
                name,
                args: &command.args()[skip..],
                literals: &command.literals[skip..],
            })
        })
        .collect()
}

/// The targets of the writable cache-like mounts (`type=cache` and `type=tmpfs`) of the `RUN`
/// at `index`, without trailing slashes.
pub(crate) fn cache_mount_targets(ctx: &Context<'_>, index: usize) -> Vec<String> {
    let Some(Command::Run { mounts, .. }) = ctx.command(index) else { return Vec::new() };
    mounts
        .iter()
        .filter(|m| matches!(m.kind.as_str(), "cache" | "tmpfs"))
        .filter_map(|m| m.target.as_deref())
        .map(|t| trim_path(t).to_string())
        .collect()
}

/// Whether the `RUN` at `index` has a cache or tmpfs mount at `path` or at a directory
/// holding it: nothing written there ends up in the image.
pub(crate) fn cache_mount_covers(ctx: &Context<'_>, index: usize, path: &str) -> bool {
    cache_mount_targets(ctx, index).iter().any(|t| is_within(path, t))
}

/// Whether `path` is `dir` or lies inside it.
pub(crate) fn is_within(path: &str, dir: &str) -> bool {
    let dir = trim_path(dir);
    path == dir || dir.is_empty() || path.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/'))
}

/// `path` without trailing `/`, `/*` or `/.`.
pub(crate) fn trim_path(mut path: &str) -> &str {
    loop {
        let next = path.strip_suffix("/*").or_else(|| path.strip_suffix("/.")).or_else(|| path.strip_suffix('/'));
        match next {
            Some(p) => path = p,
            None => return path,
        }
    }
}

/// The literal operands of an `rm` command, trimmed with [`trim_path`] (empty for anything
/// else).
pub(crate) fn rm_targets(invocation: &Invocation<'_>) -> Vec<String> {
    if invocation.name != "rm" {
        return Vec::new();
    }
    const RM: Options = Options { short_values: "", long_values: &[] };
    invocation
        .positionals(&RM)
        .into_iter()
        .filter_map(|i| invocation.literal(i))
        .map(|l| trim_path(l).to_string())
        .collect()
}

/// Whether some `rm` in `body` deletes `dir`, a directory holding it, or anything inside it
/// (`rm -rf /var/lib/apt/lists/*`).
pub(crate) fn removes(invocations: &[Invocation<'_>], dir: &str) -> bool {
    invocations.iter().flat_map(rm_targets).any(|t| is_within(&t, dir) || is_within(dir, &t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_runs_the_command() {
        let src = "FROM a:1\nRUN time -p pip install x && time\n";
        crate::context::Context::with_source(src, &crate::config::Config::default(), |ctx| {
            let (_, body, commands) = ctx.shell_commands().next().unwrap();
            let found = invocations(commands);
            assert_eq!(found.len(), 1);
            assert_eq!((found[0].name, found[0].literal(0)), ("pip", Some("install")));
            assert_eq!(body.text(found[0].name_word().span), "pip");
        });
    }

    #[test]
    fn paths_and_options() {
        assert_eq!(trim_path("/var/lib/apt/lists/*"), "/var/lib/apt/lists");
        assert_eq!(trim_path("/x//"), "/x");
        assert!(is_within("/root/.cache/pip", "/root/.cache/"));
        assert!(!is_within("/root/.cachex", "/root/.cache"));
        let opts = Options { short_values: "o", long_values: &["option"] };
        assert!(opts.takes_value("-o") && opts.takes_value("-yo") && !opts.takes_value("-oDebug=1"));
        assert!(opts.takes_value("--option") && !opts.takes_value("--option=a") && !opts.takes_value("-y"));
    }
}

//! Option parsing for the emulated utilities, GNU style: clustered short options, options
//! after operands, `--` to end them. An unknown option makes the command not emulated.

/// Parsed options and operands.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Flags {
    /// Short option letters seen, in order (long options are mapped to letters).
    pub seen: Vec<char>,
    /// Values of options that take one, by letter.
    pub values: Vec<(char, String)>,
    /// The operands.
    pub operands: Vec<String>,
}

impl Flags {
    /// Parses `args` (without the command name). `letters` are the boolean options,
    /// `with_value` the options taking a value, `long` maps long names to letters (a long
    /// option maps to a `with_value` letter takes `--name=value` or the next argument).
    /// Returns `None` on an unknown option.
    pub fn parse(args: &[String], letters: &str, with_value: &str, long: &[(&str, char)]) -> Option<Flags> {
        let mut flags = Flags::default();
        let mut i = 0;
        while i < args.len() {
            let arg = &args[i];
            i += 1;
            if arg == "--" {
                flags.operands.extend(args[i..].iter().cloned());
                break;
            }
            if let Some(name) = arg.strip_prefix("--") {
                let (name, inline) = match name.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (name, None),
                };
                let &(_, letter) = long.iter().find(|(n, _)| *n == name)?;
                if with_value.contains(letter) {
                    let value = match inline {
                        Some(v) => v,
                        None => {
                            i += 1;
                            args.get(i - 1)?.clone()
                        }
                    };
                    flags.values.push((letter, value));
                } else if inline.is_some() {
                    return None;
                }
                flags.seen.push(letter);
                continue;
            }
            match arg.strip_prefix('-') {
                Some(cluster) if !cluster.is_empty() => {
                    for (pos, letter) in cluster.char_indices() {
                        if with_value.contains(letter) {
                            let rest = &cluster[pos + letter.len_utf8()..];
                            let value = if rest.is_empty() {
                                i += 1;
                                args.get(i - 1)?.clone()
                            } else {
                                rest.to_string()
                            };
                            flags.values.push((letter, value));
                            flags.seen.push(letter);
                            break;
                        }
                        if !letters.contains(letter) {
                            return None;
                        }
                        flags.seen.push(letter);
                    }
                }
                _ => flags.operands.push(arg.clone()),
            }
        }
        Some(flags)
    }

    /// Whether any of `letters` was given.
    pub fn has(&self, letters: &str) -> bool {
        self.seen.iter().any(|c| letters.contains(*c))
    }

    /// The last value given for `letter`.
    pub fn value(&self, letter: char) -> Option<&str> {
        self.values.iter().rev().find(|(c, _)| *c == letter).map(|(_, v)| v.as_str())
    }

    /// Every value given for `letter`, in order.
    pub fn all_values(&self, letter: char) -> Vec<&str> {
        self.values.iter().filter(|(c, _)| *c == letter).map(|(_, v)| v.as_str()).collect()
    }
}

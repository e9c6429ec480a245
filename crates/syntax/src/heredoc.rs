//! Heredoc detection on a logical line, as BuildKit does it: lex the line into raw
//! words (quotes and escapes kept, `<<` followed by blanks glued to the next word),
//! match each word against `^(\d*)<<(-?)\s*([^<]*)$`, then derive the terminator name
//! by removing quotes; any quoting turns off expansion of the body.

use crate::gocompat::is_space;

/// A heredoc announced on an instruction line, before its body is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeredocStart {
    /// Terminator, quotes removed.
    pub name: String,
    /// File-descriptor prefix, 0 when absent.
    pub file_descriptor: u32,
    /// `<<-`.
    pub chomp: bool,
    /// False when the name was quoted.
    pub expand: bool,
}

/// Every heredoc a line announces, in order.
pub fn heredocs_in_line(line: &str) -> Vec<HeredocStart> {
    let Some(words) = lex_words(line, Mode { raw_quotes: true, raw_escapes: true }) else {
        return Vec::new();
    };
    words.iter().filter_map(|word| parse_heredoc_word(word)).collect()
}

/// Parses one raw word as a heredoc start (`<<EOF`, `3<<-"EOF"`, `<< EOF`).
pub fn parse_heredoc_word(word: &str) -> Option<HeredocStart> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = word[digits..].strip_prefix("<<")?;
    let (chomp, after) = match after.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    let rest = after.trim_start_matches(['\t', '\n', '\x0C', '\r', ' ']);
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let plain = lex_words(rest, Mode { raw_quotes: false, raw_escapes: false })?;
    if plain.len() != 1 {
        return None;
    }
    let with_quotes = lex_words(rest, Mode { raw_quotes: true, raw_escapes: false })?;
    let quotes = |s: &str| s.chars().filter(|&c| c == '\'' || c == '"').count();
    let expand = with_quotes.len() == 1 && quotes(&plain[0]) == quotes(&with_quotes[0]);
    Some(HeredocStart { name: plain[0].clone(), file_descriptor: word[..digits].parse().unwrap_or(0), chomp, expand })
}

#[derive(Clone, Copy)]
struct Mode {
    raw_quotes: bool,
    raw_escapes: bool,
}

/// Splits `text` into shell words with BuildKit's lexer rules (escape `\`, variables
/// left untouched); `None` when a quote is not closed.
fn lex_words(text: &str, mode: Mode) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if is_space(c) => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                if mode.raw_quotes {
                    word.push('\'');
                }
                loop {
                    match chars.next()? {
                        '\'' => break,
                        other => word.push(other),
                    }
                }
                if mode.raw_quotes {
                    word.push('\'');
                }
            }
            '"' => {
                in_word = true;
                if mode.raw_quotes {
                    word.push('"');
                }
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => {
                            let next = chars.next()?;
                            if matches!(next, '"' | '\\' | '$') {
                                if mode.raw_escapes {
                                    word.push('\\');
                                }
                            } else {
                                word.push('\\');
                            }
                            word.push(next);
                        }
                        other => word.push(other),
                    }
                }
                if mode.raw_quotes {
                    word.push('"');
                }
            }
            '\\' => {
                in_word = true;
                if let Some(next) = chars.next() {
                    if mode.raw_escapes {
                        word.push('\\');
                    }
                    word.push(next);
                } else if mode.raw_escapes {
                    word.push('\\');
                }
            }
            '<' if chars.peek() == Some(&'<') => {
                chars.next();
                in_word = true;
                word.push_str("<<");
                while let Some(&blank) = chars.peek() {
                    if !is_space(blank) {
                        break;
                    }
                    word.push(blank);
                    chars.next();
                }
            }
            '$' if chars.peek() == Some(&'{') => {
                in_word = true;
                word.push('$');
                for inner in chars.by_ref() {
                    word.push(inner);
                    if inner == '}' {
                        break;
                    }
                }
            }
            other => {
                in_word = true;
                word.push(other);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, bool, bool)> {
        heredocs_in_line(line).into_iter().map(|h| (h.name, h.chomp, h.expand)).collect()
    }

    #[test]
    fn detects_forms() {
        assert_eq!(names("RUN cat <<EOF"), vec![("EOF".into(), false, true)]);
        assert_eq!(names("RUN <<-EOT"), vec![("EOT".into(), true, true)]);
        assert_eq!(names("RUN <<'EOF'"), vec![("EOF".into(), false, false)]);
        assert_eq!(names(r#"RUN <<"E"OF"#), vec![("EOF".into(), false, false)]);
        assert_eq!(names("RUN cat <<EOF>out"), vec![("EOF>out".into(), false, true)]);
        assert_eq!(names("COPY <<A <<B /dest/"), vec![("A".into(), false, true), ("B".into(), false, true)]);
        assert_eq!(names("RUN << EOF"), vec![("EOF".into(), false, true)]);
        let fd = heredocs_in_line("RUN 3<<EOF cat /proc/self/fd/3");
        assert_eq!(fd[0].file_descriptor, 3);
    }

    #[test]
    fn rejects_non_heredocs() {
        assert!(names(r#"RUN echo "<<EOF""#).is_empty());
        assert!(names("RUN cat<<EOF").is_empty());
        assert!(names("RUN cat <<<EOF").is_empty());
        assert!(names("RUN echo <<").is_empty());
        assert!(names(r#"RUN echo "unterminated <<EOF"#).is_empty());
    }
}

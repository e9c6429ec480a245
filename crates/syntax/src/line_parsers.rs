//! BuildKit's line parsers: split a logical line into instruction name, `--flags` and
//! arguments, then shape the arguments as each instruction's dispatch function does.
//! All spans produced here are relative to the logical line.

use compact_str::CompactString;

use crate::gocompat::{is_separator, is_space, is_space_byte, quote, trim_space_range};

/// Go's `unicode.IsSpace` on a byte, limited to ASCII (see the deviation notes).
fn is_ascii_blank(b: u8) -> bool {
    b.is_ascii() && is_space_byte(b)
}
use crate::json_array::{self, JsonArray};
use crate::span::Span;
use crate::tree::{Arguments, Instruction, KeyValue, Token};

/// A line-level parse error with the logical-line span it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// BuildKit's message.
    pub message: String,
    /// Where, relative to the logical line.
    pub span: Span,
}

const NOT_STRING_ARRAY: &str = "when using JSON array syntax, arrays must be comprised of strings only";

/// BuildKit's `newNodeFromLine`: parses one logical line into an instruction with
/// logical-line spans (heredocs, trivia, lines and comments are filled in by the caller).
pub fn parse_line(line: &str, escape: char) -> Result<Instruction, LineError> {
    parse_line_at(line, 0, escape)
}

fn parse_line_at(line: &str, base: usize, escape: char) -> Result<Instruction, LineError> {
    let (start, end) = trim_space_range(line);
    let trimmed = &line[start..end];
    let cmd_end = trimmed.find(is_separator).unwrap_or(trimmed.len());
    let keyword = Token { value: trimmed[..cmd_end].into(), span: Span::new(base + start, base + start + cmd_end) };
    let mut flags = Vec::new();
    let mut rest_span = Span::new(base + end, base + end);
    if cmd_end < trimmed.len() {
        let after_sep = cmd_end + trimmed[cmd_end..].len() - trimmed[cmd_end..].trim_start_matches(is_separator).len();
        let rest_base = base + start + after_sep;
        let (args_offset, parsed_flags) = extract_builder_flags(&trimmed[after_sep..], rest_base);
        flags = parsed_flags;
        let args_text = &trimmed[after_sep + args_offset..];
        let (a, b) = trim_space_range(args_text);
        let abs = rest_base + args_offset;
        rest_span = Span::new(abs + a, abs + b);
    }
    let rest = &line[rest_span.start - base..rest_span.end - base];
    let args = dispatch(&keyword.value, rest, rest_span.start, escape)?;
    Ok(Instruction {
        keyword,
        flags,
        args,
        heredocs: Vec::new(),
        original_span: Span::new(base, base + line.len()),
        joined: None,
        comments: Vec::new(),
        trivia: Vec::new(),
        span: Span::new(base + start, base + end),
        start_line: 0,
        end_line: 0,
    })
}

fn dispatch(name: &str, rest: &str, base: usize, escape: char) -> Result<Arguments, LineError> {
    match crate::instructions::known_instruction(name).unwrap_or("") {
        "add" | "copy" | "volume" => parse_maybe_json_to_list(rest, base),
        "arg" => Ok(words_or_empty(parse_words(rest, base, escape))),
        "cmd" | "entrypoint" | "run" | "shell" => parse_maybe_json(rest, base),
        "env" => parse_name_val(rest, base, "ENV", escape),
        "label" => parse_name_val(rest, base, "LABEL", escape),
        "expose" | "from" => Ok(split_whitespace_delimited(rest, base)),
        "healthcheck" => parse_health_config(rest, base),
        "maintainer" | "stopsignal" | "user" | "workdir" => Ok(text_or_empty(rest, base)),
        "onbuild" => {
            if rest.is_empty() {
                Ok(Arguments::Empty)
            } else {
                Ok(Arguments::Onbuild(Box::new(parse_line_at(rest, base, escape)?)))
            }
        }
        _ => Ok(Arguments::Ignored),
    }
}

fn text_or_empty(rest: &str, base: usize) -> Arguments {
    if rest.is_empty() {
        Arguments::Empty
    } else {
        Arguments::Text(Token { value: rest.into(), span: Span::new(base, base + rest.len()) })
    }
}

fn words_or_empty(words: Vec<Token>) -> Arguments {
    if words.is_empty() {
        Arguments::Empty
    } else {
        Arguments::Words(words)
    }
}

/// BuildKit's `extractBuilderFlags`: reads leading `--flag` words byte by byte (so
/// non-ASCII bytes become Latin-1 characters, as in Go's `rune(line[pos])`), strips
/// quotes and backslash escapes, and stops at the first word not starting with `--` or
/// after a bare `--`. Returns the offset where the arguments start and the flags.
///
/// Deviation: Go also treats the bytes 0x85 and 0xA0 as blanks here, which splits
/// multi-byte characters and yields invalid UTF-8; only ASCII blanks separate words here.
fn extract_builder_flags(line: &str, base: usize) -> (usize, Vec<Token>) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let bytes = line.as_bytes();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = CompactString::default();
    let mut word_start = 0;
    let mut quote_byte = 0u8;
    let mut blank_ok = false;
    let mut pos = 0;
    let push = |words: &mut Vec<Token>, word: &str, start: usize, end: usize| {
        words.push(Token { value: word.into(), span: Span::new(base + start, base + end) });
    };
    while pos <= bytes.len() {
        let at_end = pos == bytes.len();
        let ch = if at_end { 0 } else { bytes[pos] };
        if phase == Phase::Spaces {
            if at_end {
                break;
            }
            if is_ascii_blank(ch) {
                pos += 1;
                continue;
            }
            if ch != b'-' || pos + 1 == bytes.len() || bytes[pos + 1] != b'-' {
                return (pos, words);
            }
            // Fast path: a plain ASCII word needs no unquoting or unescaping.
            let end = bytes[pos..].iter().position(|&b| is_ascii_blank(b)).map_or(bytes.len(), |n| pos + n);
            let word_bytes = &bytes[pos..end];
            if word_bytes.iter().all(|&b| b.is_ascii() && !matches!(b, b'\'' | b'"' | b'\\')) {
                if word_bytes == b"--" {
                    return (end, words);
                }
                push(&mut words, &line[pos..end], pos, end);
                pos = end;
                continue;
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if at_end {
            if word != "--" && (blank_ok || !word.is_empty()) {
                push(&mut words, &word, word_start, pos);
            }
            break;
        }
        if phase == Phase::Word {
            if is_ascii_blank(ch) {
                phase = Phase::Spaces;
                if word == "--" {
                    return (pos, words);
                }
                if blank_ok || !word.is_empty() {
                    push(&mut words, &word, word_start, pos);
                }
                word.clear();
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == b'\'' || ch == b'"' {
                quote_byte = ch;
                blank_ok = true;
                phase = Phase::Quote;
                pos += 1;
                continue;
            }
            let mut c = ch;
            if ch == b'\\' {
                if pos + 1 == bytes.len() {
                    pos += 1;
                    continue;
                }
                pos += 1;
                c = bytes[pos];
            }
            word.push(c as char);
            pos += 1;
            continue;
        }
        // Phase::Quote
        if ch == quote_byte {
            phase = Phase::Word;
            pos += 1;
            continue;
        }
        let mut c = ch;
        if ch == b'\\' {
            if pos + 1 == bytes.len() {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
            c = bytes[pos];
        }
        word.push(c as char);
        pos += 1;
    }
    (bytes.len(), words)
}

/// BuildKit's `parseWords`: splits on whitespace outside quotes; quotes and escape
/// characters are kept in the words (they are processed at expansion time), so each
/// word is the source text itself, less an escape character that ends the input.
pub(crate) fn parse_words(rest: &str, base: usize, escape: char) -> Vec<Token> {
    let mut words = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut quote_char: Option<char> = None;
    let mut blank_ok = false;
    let mut chars = rest.char_indices();
    let mut push = |start: usize, end: usize, blank_ok: bool| {
        if blank_ok || end > start {
            words.push(Token { value: rest[start..end].into(), span: Span::new(base + start, base + end) });
        }
    };
    while let Some((pos, ch)) = chars.next() {
        let Some(start) = word_start else {
            if !is_space(ch) {
                word_start = Some(pos);
                if ch == '\'' || ch == '"' {
                    quote_char = Some(ch);
                    blank_ok = true;
                } else if ch == escape && chars.next().is_none() {
                    // An escape character at the very end is dropped.
                    push(pos, pos, blank_ok);
                    return words;
                }
            }
            continue;
        };
        match quote_char {
            None if is_space(ch) => {
                push(start, pos, blank_ok);
                word_start = None;
                blank_ok = false;
            }
            None => {
                if ch == '\'' || ch == '"' {
                    quote_char = Some(ch);
                    blank_ok = true;
                } else if ch == escape && chars.next().is_none() {
                    push(start, pos, blank_ok);
                    return words;
                }
            }
            Some(quote) => {
                if ch == quote {
                    quote_char = None;
                } else if ch == escape && quote != '\'' && chars.next().is_none() {
                    push(start, pos, blank_ok);
                    return words;
                }
            }
        }
    }
    if let Some(start) = word_start {
        push(start, rest.len(), blank_ok);
    }
    words
}

/// BuildKit's `parseNameVal` for ENV and LABEL.
fn parse_name_val(rest: &str, base: usize, key: &str, escape: char) -> Result<Arguments, LineError> {
    let words = parse_words(rest, base, escape);
    let Some(first) = words.first() else {
        return Ok(Arguments::Empty);
    };
    if !first.value.contains('=') {
        // Legacy `KEY name value`: the whole remainder after the first blank run is the value.
        let Some(sep) = rest.find(is_separator) else {
            return Err(LineError {
                message: format!("{key} must have two arguments"),
                span: Span::new(base, base + rest.len()),
            });
        };
        let value_start = sep + rest[sep..].len() - rest[sep..].trim_start_matches(is_separator).len();
        let pair = KeyValue {
            key: Token { value: rest[..sep].into(), span: Span::new(base, base + sep) },
            value: Token { value: rest[value_start..].into(), span: Span::new(base + value_start, base + rest.len()) },
            legacy: true,
        };
        return Ok(Arguments::KeyValues(vec![pair]));
    }
    let mut pairs = Vec::with_capacity(words.len());
    for word in words {
        let Some(eq) = word.value.find('=') else {
            return Err(LineError {
                message: format!(
                    "Syntax error - can't find = in {}. Must be of the form: name=value",
                    quote(&word.value)
                ),
                span: word.span,
            });
        };
        let key_span = Span::new(word.span.start, (word.span.start + eq).min(word.span.end));
        let value_span = Span::new((key_span.end + 1).min(word.span.end), word.span.end);
        pairs.push(KeyValue {
            key: Token { value: word.value[..eq].into(), span: key_span },
            value: Token { value: word.value[eq + 1..].into(), span: value_span },
            legacy: false,
        });
    }
    Ok(Arguments::KeyValues(pairs))
}

/// BuildKit's `parseStringsWhitespaceDelimited` (split on `[\t\v\f\r ]+`).
fn split_whitespace_delimited(rest: &str, base: usize) -> Arguments {
    if rest.is_empty() {
        return Arguments::Empty;
    }
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in rest.char_indices() {
        match (is_separator(c), start) {
            (true, Some(s)) => {
                words.push(Token { value: rest[s..i].into(), span: Span::new(base + s, base + i) });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(Token { value: rest[s..].into(), span: Span::new(base + s, base + rest.len()) });
    }
    Arguments::Words(words)
}

/// Tries the JSON form; `Ok(None)` means BuildKit would fall back to another form.
fn parse_json(rest: &str, base: usize) -> Result<Option<Arguments>, LineError> {
    let skipped = rest.len() - crate::gocompat::trim_start_space(rest).len();
    let text = &rest[skipped..];
    if !text.starts_with('[') {
        return Ok(None);
    }
    let offset = base + skipped;
    match json_array::parse(text) {
        JsonArray::Strings(items) => Ok(Some(Arguments::Json(
            items
                .into_iter()
                .map(|item| Token {
                    value: item.value.into(),
                    span: Span::new(offset + item.span.start, offset + item.span.end),
                })
                .collect(),
        ))),
        JsonArray::NotStrings(span) => Err(LineError {
            message: NOT_STRING_ARRAY.to_string(),
            span: Span::new(offset + span.start, offset + span.end),
        }),
        JsonArray::Invalid => Ok(None),
    }
}

/// BuildKit's `parseMaybeJSON`: JSON array, or the whole rest as one string.
fn parse_maybe_json(rest: &str, base: usize) -> Result<Arguments, LineError> {
    if rest.is_empty() {
        return Ok(Arguments::Empty);
    }
    Ok(match parse_json(rest, base)? {
        Some(json) => json,
        None => text_or_empty(rest, base),
    })
}

/// BuildKit's `parseMaybeJSONToList`: JSON array, or whitespace-separated words.
fn parse_maybe_json_to_list(rest: &str, base: usize) -> Result<Arguments, LineError> {
    Ok(match parse_json(rest, base)? {
        Some(json) => json,
        None => split_whitespace_delimited(rest, base),
    })
}

/// BuildKit's `parseHealthConfig`: a type word, then `parseMaybeJSON` of the rest.
/// The type word ends at the first blank byte (same deviation as the flag scanner:
/// ASCII blanks only, so multi-byte characters are never split).
fn parse_health_config(rest: &str, base: usize) -> Result<Arguments, LineError> {
    let bytes = rest.as_bytes();
    let sep = bytes.iter().position(|&b| is_ascii_blank(b)).unwrap_or(bytes.len());
    if sep == 0 {
        return Ok(Arguments::Empty);
    }
    let next = bytes[sep..].iter().position(|&b| !is_ascii_blank(b)).map_or(bytes.len(), |p| sep + p);
    let kind = Token { value: rest[..sep].into(), span: Span::new(base, base + sep) };
    let command = parse_maybe_json(&rest[next..], base + next)?;
    Ok(Arguments::Healthcheck { kind, command: Box::new(command) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags_of(line: &str) -> Vec<String> {
        parse_line(line, '\\').unwrap().flags.into_iter().map(|f| f.value.to_string()).collect()
    }

    #[test]
    fn flags_strip_quotes_and_stop_at_double_dash() {
        assert_eq!(flags_of(r#"RUN --mount="type=cache,target=/x" -- --x y"#), vec!["--mount=type=cache,target=/x"]);
        let node = parse_line(r#"RUN --mount="type=cache,target=/x" -- --x y"#, '\\').unwrap();
        assert_eq!(node.arg_values(), vec!["--x y"]);
        assert_eq!(flags_of("COPY --from=a --chown='1 2' x y"), vec!["--from=a", "--chown=1 2"]);
    }

    #[test]
    fn words_keep_quotes() {
        let words = parse_words(r#"a="b c" d\ e"#, 0, '\\');
        let values: Vec<_> = words.iter().map(|w| w.value.as_str()).collect();
        assert_eq!(values, vec![r#"a="b c""#, r"d\ e"]);
        assert_eq!(words[0].span, Span::new(0, 7));
    }

    #[test]
    fn env_forms() {
        let legacy = parse_line("ENV a   b c", '\\').unwrap();
        assert_eq!(legacy.arg_values(), vec!["a", "b c", ""]);
        let err = parse_line("ENV a=1 b", '\\').unwrap_err();
        assert_eq!(err.message, "Syntax error - can't find = in \"b\". Must be of the form: name=value");
        assert_eq!(err.span, Span::new(8, 9));
        assert_eq!(parse_line("ENV a", '\\').unwrap_err().message, "ENV must have two arguments");
    }
}

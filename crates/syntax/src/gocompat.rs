//! Small helpers that reproduce Go standard-library behaviour BuildKit relies on:
//! `unicode.IsSpace`, `strings.TrimSpace`, `strconv.Quote` and the `[\t\v\f\r ]+`
//! separator of BuildKit's parser.

use unicode_general_category::{get_general_category, GeneralCategory};

/// Go's `unicode.IsSpace`: the Unicode White_Space property (same set as Rust's).
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Go's `unicode.IsSpace(rune(b))` applied to a single byte, as BuildKit's byte-wise
/// loops do: ASCII whitespace plus 0x85 and 0xA0.
pub fn is_space_byte(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | 0x85 | 0xA0)
}

/// BuildKit's `reWhitespace` class `[\t\v\f\r ]`.
pub fn is_separator(c: char) -> bool {
    matches!(c, '\t' | '\x0B' | '\x0C' | '\r' | ' ')
}

/// Go's `bytes.TrimLeftFunc(s, unicode.IsSpace)`, with an ASCII fast path.
pub fn trim_start_space(s: &str) -> &str {
    let ascii_blanks = s.bytes().take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')).count();
    let rest = &s[ascii_blanks..];
    if rest.as_bytes().first().is_some_and(|b| !b.is_ascii()) {
        rest.trim_start_matches(is_space)
    } else {
        rest
    }
}

/// Go's `strings.TrimRightFunc(s, unicode.IsSpace)`, with an ASCII fast path.
pub fn trim_end_space(s: &str) -> &str {
    let ascii_blanks = s.bytes().rev().take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')).count();
    let rest = &s[..s.len() - ascii_blanks];
    if rest.as_bytes().last().is_some_and(|b| !b.is_ascii()) {
        rest.trim_end_matches(is_space)
    } else {
        rest
    }
}

/// Go's `strings.TrimSpace`, returning the trimmed sub-slice's byte range too.
pub fn trim_space_range(s: &str) -> (usize, usize) {
    let start = s.len() - trim_start_space(s).len();
    let end = trim_end_space(s).len();
    if end < start {
        (start, start)
    } else {
        (start, end)
    }
}

/// Go's `strconv.Quote`: a double-quoted Go string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0C' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0B' => out.push_str("\\v"),
            c if is_print(c) => out.push(c),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
pub fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_ascii() {
        return c.is_ascii_graphic();
    }
    use GeneralCategory::*;
    !matches!(
        get_general_category(c),
        Control | Format | Surrogate | PrivateUse | Unassigned | SpaceSeparator | LineSeparator | ParagraphSeparator
    )
}

/// Go's `fmt.Sprintf("%q", []string{...})`: `["a" "b"]`.
pub fn quote_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_matches_go() {
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("tab\there\n"), r#""tab\there\n""#);
        assert_eq!(quote("\u{0}"), r#""\x00""#);
        assert_eq!(quote("\u{7f}"), r#""\x7f""#);
        assert_eq!(quote("héllo 世界"), "\"héllo 世界\"");
        assert_eq!(quote("\u{a0}"), r#""\u00a0""#);
        assert_eq!(quote("\u{feff}"), r#""\ufeff""#);
        assert_eq!(quote("\u{e0001}"), r#""\U000e0001""#);
    }

    #[test]
    fn trim_fast_paths_agree_with_unicode_trimming() {
        for s in ["", "  a ", "\u{a0}\t a\u{3000}", "\u{85}", " \u{a0} ", "é", "a\u{2028}"] {
            assert_eq!(trim_start_space(s), s.trim_start_matches(is_space), "{s:?}");
            assert_eq!(trim_end_space(s), s.trim_end_matches(is_space), "{s:?}");
        }
    }

    #[test]
    fn trim_space_is_unicode_aware() {
        assert_eq!(trim_space_range("\u{a0} a b \t"), (3, 6));
        assert_eq!(trim_space_range("   "), (3, 3));
    }
}

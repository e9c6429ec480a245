//! Reads the JSON ("exec") form of an instruction the way BuildKit does with Go's
//! `encoding/json`: the whole text must be one JSON value, an array; every element
//! must be a string, otherwise the form is rejected with a hard error.

use crate::span::Span;

/// One string element of a JSON array, with its decoded value and its span
/// (quotes included) relative to the parsed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonString {
    /// The decoded string.
    pub value: String,
    /// Byte range of the literal, quotes included.
    pub span: Span,
}

/// Outcome of reading a candidate JSON array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonArray {
    /// A valid array of strings.
    Strings(Vec<JsonString>),
    /// Valid JSON array with an element that is not a string (BuildKit's hard error);
    /// the span is the offending element.
    NotStrings(Span),
    /// Not a JSON array at all (BuildKit falls back to the shell form).
    Invalid,
}

/// Parses `text` (which BuildKit has already left-trimmed) as a JSON array.
pub fn parse(text: &str) -> JsonArray {
    let mut reader = Reader { bytes: text.as_bytes(), text, pos: 0 };
    reader.skip_ws();
    if reader.peek() != Some(b'[') {
        return JsonArray::Invalid;
    }
    reader.pos += 1;
    let mut items = Vec::new();
    let mut first_non_string = None;
    reader.skip_ws();
    if reader.peek() == Some(b']') {
        reader.pos += 1;
    } else {
        loop {
            reader.skip_ws();
            let start = reader.pos;
            match reader.peek() {
                Some(b'"') => match reader.string() {
                    Some(value) => items.push(JsonString { value, span: Span::new(start, reader.pos) }),
                    None => return JsonArray::Invalid,
                },
                Some(_) => {
                    if !reader.value() {
                        return JsonArray::Invalid;
                    }
                    first_non_string.get_or_insert(Span::new(start, reader.pos));
                }
                None => return JsonArray::Invalid,
            }
            reader.skip_ws();
            match reader.peek() {
                Some(b',') => reader.pos += 1,
                Some(b']') => {
                    reader.pos += 1;
                    break;
                }
                _ => return JsonArray::Invalid,
            }
        }
    }
    reader.skip_ws();
    if reader.pos != reader.bytes.len() {
        return JsonArray::Invalid;
    }
    match first_non_string {
        Some(span) => JsonArray::NotStrings(span),
        None => JsonArray::Strings(items),
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Skips any JSON value; false when it is malformed. Iterative to bound stack use.
    fn value(&mut self) -> bool {
        let mut depth: Vec<u8> = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'"') => {
                    if self.string().is_none() {
                        return false;
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                    } else {
                        depth.push(b']');
                        continue;
                    }
                }
                Some(b'{') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                    } else {
                        if !self.object_key() {
                            return false;
                        }
                        depth.push(b'}');
                        continue;
                    }
                }
                Some(b't') => {
                    if !self.literal("true") {
                        return false;
                    }
                }
                Some(b'f') => {
                    if !self.literal("false") {
                        return false;
                    }
                }
                Some(b'n') => {
                    if !self.literal("null") {
                        return false;
                    }
                }
                Some(b'-' | b'0'..=b'9') => {
                    if !self.number() {
                        return false;
                    }
                }
                _ => return false,
            }
            // After a complete value: close containers or continue with the next element.
            loop {
                let Some(&close) = depth.last() else {
                    return true;
                };
                self.skip_ws();
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if close == b'}' && !self.object_key() {
                            return false;
                        }
                        break;
                    }
                    Some(c) if c == close => {
                        self.pos += 1;
                        depth.pop();
                    }
                    _ => return false,
                }
            }
        }
    }

    fn object_key(&mut self) -> bool {
        self.skip_ws();
        if self.peek() != Some(b'"') || self.string().is_none() {
            return false;
        }
        self.skip_ws();
        if self.peek() != Some(b':') {
            return false;
        }
        self.pos += 1;
        true
    }

    fn literal(&mut self, word: &str) -> bool {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    /// Go's number grammar; a number that overflows float64 is an error there too.
    fn number(&mut self) -> bool {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return false,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return false;
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return false;
            }
            self.digits();
        }
        crate::json_number::fits_f64(&self.text[start..self.pos])
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    /// Decodes a string literal at the cursor (which is on the opening quote).
    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let stop = rest.bytes().position(|b| b == b'"' || b == b'\\' || b < 0x20)?;
            out.push_str(&rest[..stop]);
            self.pos += stop;
            match self.bytes[self.pos] {
                b'"' => {
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.pos += 1;
                    let escaped = self.peek()?;
                    self.pos += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\x08'),
                        b'f' => out.push('\x0C'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return None,
                    }
                }
                _ => return None, // raw control character
            }
        }
    }

    /// Reads the hex digits after `\u` (and a following low surrogate), replacing
    /// invalid surrogates with U+FFFD as Go does.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            if self.bytes[self.pos..].starts_with(b"\\u") {
                let save = self.pos;
                self.pos += 2;
                if let Some(second) = self.hex4() {
                    if (0xDC00..0xE000).contains(&second) {
                        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                        return Some(char::from_u32(code).unwrap_or('\u{FFFD}'));
                    }
                }
                self.pos = save;
            }
            return Some('\u{FFFD}');
        }
        Some(char::from_u32(first).unwrap_or('\u{FFFD}'))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        let value = u32::from_str_radix(digits, 16).ok()?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Option<Vec<String>> {
        match parse(text) {
            JsonArray::Strings(items) => Some(items.into_iter().map(|i| i.value).collect()),
            _ => None,
        }
    }

    #[test]
    fn strings_decode() {
        assert_eq!(values(r#"["a", "b c"]"#), Some(vec!["a".into(), "b c".into()]));
        assert_eq!(values("[]"), Some(vec![]));
        assert_eq!(values(r#"["\u00e9\n\"", "\ud83d\ude00"]"#), Some(vec!["é\n\"".into(), "😀".into()]));
        assert_eq!(values(r#"["\ud800"]"#), Some(vec!["\u{FFFD}".into()]));
    }

    #[test]
    fn trailing_text_and_bad_syntax_fall_back() {
        assert_eq!(parse(r#"["a"] b"#), JsonArray::Invalid);
        assert_eq!(parse(r#"["a",]"#), JsonArray::Invalid);
        assert_eq!(parse("['a']"), JsonArray::Invalid);
        assert_eq!(parse(r#"["a" "b"]"#), JsonArray::Invalid);
        assert_eq!(parse("[1e400]"), JsonArray::Invalid);
        assert_eq!(parse("[01]"), JsonArray::Invalid);
    }

    #[test]
    fn non_strings_are_hard_errors() {
        assert_eq!(parse(r#"["a", 1]"#), JsonArray::NotStrings(Span::new(6, 7)));
        assert!(matches!(parse(r#"[null]"#), JsonArray::NotStrings(_)));
        assert!(matches!(parse(r#"[["a"], {"k": [1, true]}]"#), JsonArray::NotStrings(_)));
    }
}

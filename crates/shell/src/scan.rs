//! Scanning the inside of words: quotes, escapes and `$`/backtick expansions.

use crate::error::ParseError;
use crate::lexer::is_meta;
use crate::parser::Parser;
use crate::span::Span;
use crate::word::{
    Arith, CommandSub, DoubleQuoted, Literal, ParamExpansion, ParamOp, ProcessDirection, ProcessSub, ReplaceKind,
    SubstitutionSyntax, Word, WordPart,
};

/// Where a run of word parts is being scanned; decides what ends it and what is special.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// An unquoted shell word: ends at a blank or an operator character.
    Word,
    /// Inside `"…"`: ends at the closing quote.
    DQuote,
    /// The word inside `${V op word}`: ends at one of `stops` (always including `}`).
    ParamArg {
        /// Whether the expansion itself sits inside double quotes.
        in_dq: bool,
        /// Bytes that end the word.
        stops: &'static [u8],
    },
    /// An unquoted heredoc body: runs to the cursor's end.
    Heredoc {
        /// `<<-`: drop leading tabs of each line.
        strip_tabs: bool,
    },
    /// The inside of `$((…))`/`((…))`: ends at a `)` that closes no `(`.
    Arith,
}

impl Mode {
    fn in_dq(self) -> bool {
        match self {
            Mode::DQuote | Mode::Heredoc { .. } | Mode::Arith => true,
            Mode::ParamArg { in_dq, .. } => in_dq,
            Mode::Word => false,
        }
    }

    fn quotes_active(self) -> bool {
        match self {
            Mode::Word => true,
            Mode::ParamArg { in_dq, .. } => !in_dq,
            _ => false,
        }
    }
}

/// Accumulates literal bytes and the span they came from.
#[derive(Default)]
struct LitBuf {
    bytes: Vec<u8>,
    start: usize,
    end: usize,
}

impl LitBuf {
    fn push(&mut self, bytes: &[u8], start: usize, end: usize) {
        if self.bytes.is_empty() {
            self.start = start;
        }
        self.bytes.extend_from_slice(bytes);
        self.end = end;
    }
}

/// Length of the UTF-8 sequence that starts with `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `b` is literal text in every mode (never a quote, escape, expansion, operator,
/// blank, newline or parenthesis), so a run of such bytes can be taken at once.
fn is_plain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/' | b':' | b'=' | b',' | b'+' | b'@' | b'%')
}

fn is_special_param(b: u8) -> bool {
    matches!(b, b'@' | b'*' | b'#' | b'?' | b'-' | b'$' | b'!' | b'0'..=b'9')
}

impl Parser<'_> {
    fn flush(&self, lit: &mut LitBuf, parts: &mut Vec<WordPart>) {
        if lit.bytes.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut lit.bytes);
        // The buffer becomes the string without a copy unless it holds invalid UTF-8.
        let value = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        parts.push(WordPart::Literal(Literal { value, span: self.span(lit.start, lit.end) }));
    }

    /// Scans word parts until the end condition of `mode`; the terminator is not consumed.
    pub(crate) fn scan_parts(&mut self, mode: Mode) -> Result<Vec<WordPart>, ParseError> {
        self.enter()?;
        let result = self.scan_parts_inner(mode);
        self.leave();
        result
    }

    fn scan_parts_inner(&mut self, mode: Mode) -> Result<Vec<WordPart>, ParseError> {
        // Most words are one part, and parts are large: start with room for one.
        let mut parts = Vec::with_capacity(1);
        let mut lit = LitBuf::default();
        let mut depth = 0usize;
        let strip_tabs = matches!(mode, Mode::Heredoc { strip_tabs: true });
        let mut line_start = strip_tabs;
        loop {
            if line_start {
                while self.cur.raw_peek() == Some(b'\t') {
                    self.cur.raw_bump();
                }
                line_start = false;
            }
            let Some(c) = self.cur.peek() else { break };
            let at = self.cur.pos;
            match mode {
                Mode::Word if is_meta(c) => break,
                Mode::Word if c == b'\r' && self.cur.raw_peek_at(1) == Some(b'\n') => break,
                Mode::DQuote if c == b'"' => break,
                Mode::ParamArg { stops, .. } if stops.contains(&c) => break,
                Mode::Arith if c == b'(' => depth += 1,
                Mode::Arith if c == b')' => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            match c {
                b'\'' if mode.quotes_active() => {
                    self.flush(&mut lit, &mut parts);
                    parts.push(self.single_quoted()?);
                }
                b'"' if matches!(mode, Mode::Word | Mode::ParamArg { .. }) => {
                    self.flush(&mut lit, &mut parts);
                    parts.push(self.double_quoted(at)?);
                }
                b'\\' => {
                    self.cur.bump();
                    let Some(next) = self.cur.raw_peek() else {
                        lit.push(b"\\", at, self.cur.pos);
                        continue;
                    };
                    if mode.in_dq() {
                        let escapable = matches!(next, b'$' | b'`' | b'\\')
                            || (next == b'"' && !matches!(mode, Mode::Heredoc { .. }));
                        if escapable {
                            self.cur.raw_bump();
                            lit.push(&[next], at, self.cur.pos);
                        } else {
                            lit.push(b"\\", at, self.cur.pos);
                        }
                    } else {
                        let len = utf8_len(next);
                        let from = self.cur.pos;
                        for _ in 0..len {
                            self.cur.raw_bump();
                        }
                        let bytes = self.cur.bytes.get(from..self.cur.pos).unwrap_or_default();
                        self.flush(&mut lit, &mut parts);
                        parts.push(WordPart::Escaped(Literal {
                            value: String::from_utf8_lossy(bytes).into_owned(),
                            span: self.span(at, self.cur.pos),
                        }));
                    }
                }
                b'$' if self.dollar_starts_expansion(mode) => {
                    self.flush(&mut lit, &mut parts);
                    parts.push(self.dollar(mode)?);
                }
                b'`' => {
                    self.flush(&mut lit, &mut parts);
                    let in_dq = matches!(mode, Mode::DQuote | Mode::ParamArg { in_dq: true, .. });
                    parts.push(self.backtick(in_dq)?);
                }
                _ if is_plain(c) && !matches!(mode, Mode::ParamArg { stops, .. } if stops.contains(&c)) => {
                    // A run of bytes no mode treats specially is taken in one piece.
                    let run = self.cur.bytes.get(at..self.cur.end).unwrap_or_default();
                    let len = run
                        .iter()
                        .position(|&b| {
                            !is_plain(b) || matches!(mode, Mode::ParamArg { stops, .. } if stops.contains(&b))
                        })
                        .unwrap_or(run.len());
                    self.cur.pos = at + len;
                    lit.push(run.get(..len).unwrap_or_default(), at, self.cur.pos);
                }
                _ => {
                    self.cur.bump();
                    lit.push(&[c], at, self.cur.pos);
                    if c == b'\n' && strip_tabs {
                        line_start = true;
                    }
                }
            }
        }
        self.flush(&mut lit, &mut parts);
        Ok(parts)
    }

    fn single_quoted(&mut self) -> Result<WordPart, ParseError> {
        let start = self.cur.pos;
        self.cur.raw_bump();
        let Some(close) = self.cur.find(b'\'') else {
            return Err(self.error("unterminated single quote", start));
        };
        let value = self.cur.bytes.get(self.cur.pos..close).unwrap_or_default();
        let value = String::from_utf8_lossy(value).into_owned();
        self.cur.pos = close + 1;
        Ok(WordPart::SingleQuoted(Literal { value, span: self.span(start, close + 1) }))
    }

    /// Scans `"…"`; the cursor is on the opening quote, `start` is where the part begins
    /// (the `$` of `$"…"`).
    fn double_quoted(&mut self, start: usize) -> Result<WordPart, ParseError> {
        self.cur.bump();
        let parts = self.scan_parts(Mode::DQuote)?;
        if self.cur.peek() != Some(b'"') {
            return Err(self.error("unterminated double quote", start));
        }
        self.cur.bump();
        Ok(WordPart::DoubleQuoted(DoubleQuoted { parts, span: self.span(start, self.cur.pos) }))
    }

    fn dollar_starts_expansion(&self, mode: Mode) -> bool {
        match self.cur.peek_nth(1) {
            Some(b'(' | b'{') => true,
            Some(b'\'' | b'"') => mode.quotes_active(),
            Some(b) => is_name_start(b) || is_special_param(b),
            None => false,
        }
    }

    /// Scans an expansion starting at `$` (the caller checked that one starts here).
    fn dollar(&mut self, mode: Mode) -> Result<WordPart, ParseError> {
        let start = self.cur.pos;
        self.cur.bump();
        match self.cur.peek() {
            Some(b'(') => {
                if self.cur.peek_nth(1) == Some(b'(') && self.arith_closes(self.cur.pos) {
                    self.cur.bump();
                    self.cur.bump();
                    self.arith_rest(start).map(WordPart::Arith)
                } else {
                    self.cur.bump();
                    let body = self.parse_nested_list(start)?;
                    Ok(WordPart::CommandSub(CommandSub {
                        body,
                        syntax: SubstitutionSyntax::Dollar,
                        span: self.span(start, self.cur.pos),
                    }))
                }
            }
            Some(b'{') => self.param_braced(start, mode.in_dq()),
            Some(b'\'') => self.ansi_c(start),
            Some(b'"') => self.double_quoted(start),
            Some(b) if is_name_start(b) => {
                let mut name = String::new();
                while let Some(b) = self.cur.peek().filter(|&b| is_name_char(b)) {
                    name.push(char::from(b));
                    self.cur.bump();
                }
                Ok(self.simple_param(name, start))
            }
            Some(b) => {
                self.cur.bump();
                Ok(self.simple_param(char::from(b).to_string(), start))
            }
            None => Err(self.error("expected an expansion after `$`", start)),
        }
    }

    fn simple_param(&self, name: String, start: usize) -> WordPart {
        WordPart::Param(ParamExpansion {
            name,
            braced: false,
            length: false,
            indirect: false,
            op: None,
            span: self.span(start, self.cur.pos),
        })
    }

    /// Whether the `((` at `open` (the first parenthesis) is closed by `))`, scanning raw bytes
    /// with parentheses balanced and quotes skipped.
    pub(crate) fn arith_closes(&self, open: usize) -> bool {
        let bytes = self.cur.bytes.get(..self.cur.end).unwrap_or_default();
        let mut i = open + 2;
        let mut depth = 0usize;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'(' => depth += 1,
                b')' if depth == 0 => return bytes.get(i + 1) == Some(&b')'),
                b')' => depth -= 1,
                b'\\' => i += 1,
                b'\'' | b'"' => {
                    i += 1;
                    while bytes.get(i).is_some_and(|&c| c != b) {
                        i += 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        false
    }

    /// Scans an arithmetic expression after its opening `((` up to and including `))`.
    pub(crate) fn arith_rest(&mut self, start: usize) -> Result<Arith, ParseError> {
        let parts = self.scan_parts(Mode::Arith)?;
        if self.cur.peek() == Some(b')') && self.cur.peek_nth(1) == Some(b')') {
            self.cur.bump();
            self.cur.bump();
            Ok(Arith { parts, span: self.span(start, self.cur.pos) })
        } else {
            Err(self.error("expected `))` to close arithmetic expression", start))
        }
    }

    fn param_arg(&mut self, in_dq: bool, stops: &'static [u8]) -> Result<Word, ParseError> {
        let start = self.cur.pos;
        let parts = self.scan_parts(Mode::ParamArg { in_dq, stops })?;
        Ok(Word { parts, span: self.span(start, self.cur.pos) })
    }

    fn param_braced(&mut self, start: usize, in_dq: bool) -> Result<WordPart, ParseError> {
        self.cur.bump();
        let mut length = false;
        let mut indirect = false;
        let follows_name = |b: Option<u8>| b.is_some_and(|b| is_name_char(b) || is_special_param(b));
        match self.cur.peek() {
            Some(b'#') if self.cur.peek_nth(1) != Some(b'}') && follows_name(self.cur.peek_nth(1)) => {
                length = true;
                self.cur.bump();
            }
            Some(b'!') if self.cur.peek_nth(1) != Some(b'}') && follows_name(self.cur.peek_nth(1)) => {
                indirect = true;
                self.cur.bump();
            }
            _ => {}
        }
        let mut name = String::new();
        match self.cur.peek() {
            Some(b) if is_name_char(b) => {
                while let Some(b) = self.cur.peek().filter(|&b| is_name_char(b)) {
                    name.push(char::from(b));
                    self.cur.bump();
                }
            }
            Some(b) if is_special_param(b) => {
                name.push(char::from(b));
                self.cur.bump();
            }
            _ => return Err(self.error("bad substitution", start)),
        }
        if self.cur.peek() == Some(b'[') {
            let mut depth = 0usize;
            let mut bytes = Vec::new();
            loop {
                let Some(b) = self.cur.peek() else {
                    return Err(self.error("unterminated array subscript", start));
                };
                self.cur.bump();
                bytes.push(b);
                match b {
                    b'[' => depth += 1,
                    b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            name.push_str(&String::from_utf8_lossy(&bytes));
        }
        let op = self.param_op(in_dq)?;
        if self.cur.peek() != Some(b'}') {
            return Err(self.error("unterminated parameter expansion: missing `}`", start));
        }
        self.cur.bump();
        Ok(WordPart::Param(ParamExpansion {
            name,
            braced: true,
            length,
            indirect,
            op,
            span: self.span(start, self.cur.pos),
        }))
    }

    fn param_op(&mut self, in_dq: bool) -> Result<Option<ParamOp>, ParseError> {
        const END: &[u8] = b"}";
        let Some(c) = self.cur.peek() else {
            return Ok(None);
        };
        let op = match c {
            b'}' => return Ok(None),
            b':' | b'-' | b'=' | b'?' | b'+' => {
                let colon = c == b':';
                if colon {
                    self.cur.bump();
                }
                match self.cur.peek() {
                    Some(k @ (b'-' | b'=' | b'?' | b'+')) => {
                        self.cur.bump();
                        let word = self.param_arg(in_dq, END)?;
                        match k {
                            b'-' => ParamOp::Default { colon, word },
                            b'=' => ParamOp::Assign { colon, word },
                            b'?' => ParamOp::Error { colon, word },
                            _ => ParamOp::Alternative { colon, word },
                        }
                    }
                    _ => {
                        let offset = self.param_arg(in_dq, b":}")?;
                        let length = if self.cur.peek() == Some(b':') {
                            self.cur.bump();
                            Some(self.param_arg(in_dq, END)?)
                        } else {
                            None
                        };
                        ParamOp::Substring { offset, length }
                    }
                }
            }
            b'#' | b'%' => {
                self.cur.bump();
                let longest = self.cur.peek() == Some(c);
                if longest {
                    self.cur.bump();
                }
                let pattern = self.param_arg(in_dq, END)?;
                if c == b'#' {
                    ParamOp::RemovePrefix { longest, pattern }
                } else {
                    ParamOp::RemoveSuffix { longest, pattern }
                }
            }
            b'/' => {
                self.cur.bump();
                let kind = match self.cur.peek() {
                    Some(b'/') => ReplaceKind::All,
                    Some(b'#') => ReplaceKind::Prefix,
                    Some(b'%') => ReplaceKind::Suffix,
                    _ => ReplaceKind::First,
                };
                if kind != ReplaceKind::First {
                    self.cur.bump();
                }
                let pattern = self.param_arg(in_dq, b"/}")?;
                let replacement = if self.cur.peek() == Some(b'/') {
                    self.cur.bump();
                    Some(self.param_arg(in_dq, END)?)
                } else {
                    None
                };
                ParamOp::Replace { kind, pattern, replacement }
            }
            b'^' | b',' => {
                self.cur.bump();
                let all = self.cur.peek() == Some(c);
                if all {
                    self.cur.bump();
                }
                let pattern = self.param_arg(in_dq, END)?;
                ParamOp::Case { upper: c == b'^', all, pattern }
            }
            b'@' if self.cur.peek_nth(1).is_some_and(|b| b.is_ascii_alphabetic()) => {
                self.cur.bump();
                let letter = self.cur.peek().map_or('?', char::from);
                self.cur.bump();
                ParamOp::Transform(letter)
            }
            _ => {
                let mut bytes = Vec::new();
                while let Some(b) = self.cur.peek().filter(|&b| b != b'}') {
                    bytes.push(b);
                    self.cur.bump();
                }
                ParamOp::Invalid(String::from_utf8_lossy(&bytes).into_owned())
            }
        };
        Ok(Some(op))
    }

    /// Scans `$'…'`; the cursor is on the quote after `$`.
    fn ansi_c(&mut self, start: usize) -> Result<WordPart, ParseError> {
        self.cur.raw_bump();
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(b) = self.cur.raw_peek() else {
                return Err(self.error("unterminated $'…' string", start));
            };
            self.cur.raw_bump();
            match b {
                b'\'' => break,
                b'\\' => self.ansi_escape(&mut out),
                _ => out.push(b),
            }
        }
        Ok(WordPart::AnsiC(Literal {
            value: String::from_utf8_lossy(&out).into_owned(),
            span: self.span(start, self.cur.pos),
        }))
    }

    /// Reads digits in `radix` (at most `max`) and returns their value, if any were read.
    fn radix_digits(&mut self, radix: u32, max: usize) -> Option<u32> {
        let mut value: Option<u32> = None;
        for _ in 0..max {
            let Some(d) = self.cur.raw_peek().and_then(|b| char::from(b).to_digit(radix)) else {
                break;
            };
            self.cur.raw_bump();
            value = Some(value.unwrap_or(0).wrapping_mul(radix).wrapping_add(d));
        }
        value
    }

    /// Decodes one escape of `$'…'` (the backslash is consumed) into `out`.
    fn ansi_escape(&mut self, out: &mut Vec<u8>) {
        let Some(e) = self.cur.raw_peek() else {
            out.push(b'\\');
            return;
        };
        self.cur.raw_bump();
        let byte = match e {
            b'n' => b'\n',
            b't' => b'\t',
            b'r' => b'\r',
            b'a' => 0x07,
            b'b' => 0x08,
            b'e' | b'E' => 0x1b,
            b'f' => 0x0c,
            b'v' => 0x0b,
            b'\\' | b'\'' | b'"' | b'?' => e,
            b'0'..=b'7' => {
                self.cur.pos = self.cur.pos.saturating_sub(1);
                let v = self.radix_digits(8, 3).unwrap_or(0);
                (v & 0xff) as u8
            }
            b'x' => match self.radix_digits(16, 2) {
                Some(v) => (v & 0xff) as u8,
                None => {
                    out.extend_from_slice(b"\\x");
                    return;
                }
            },
            b'u' | b'U' => {
                let max = if e == b'u' { 4 } else { 8 };
                match self.radix_digits(16, max) {
                    Some(v) => {
                        let ch = char::from_u32(v).unwrap_or('\u{fffd}');
                        let mut buf = [0u8; 4];
                        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                    }
                    None => {
                        out.push(b'\\');
                        out.push(e);
                    }
                }
                return;
            }
            b'c' => match self.cur.raw_peek() {
                Some(c) => {
                    self.cur.raw_bump();
                    c & 0x1f
                }
                None => {
                    out.extend_from_slice(b"\\c");
                    return;
                }
            },
            _ => {
                out.push(b'\\');
                e
            }
        };
        out.push(byte);
    }

    /// Scans `` `…` ``: un-escapes the body and parses it with positions mapped back here.
    fn backtick(&mut self, in_dq: bool) -> Result<WordPart, ParseError> {
        let start = self.cur.pos;
        self.cur.raw_bump();
        let mut text = Vec::new();
        let mut map = Vec::new();
        loop {
            let Some(b) = self.cur.raw_peek() else {
                return Err(self.error("unterminated backtick command substitution", start));
            };
            match b {
                b'`' => break,
                b'\\' => {
                    let next = self.cur.raw_peek_at(1);
                    let escapes = matches!(next, Some(b'`' | b'$' | b'\\')) || (in_dq && next == Some(b'"'));
                    map.push(self.orig(self.cur.pos));
                    self.cur.raw_bump();
                    if escapes {
                        text.extend(next);
                        self.cur.raw_bump();
                    } else {
                        text.push(b'\\');
                    }
                }
                _ => {
                    map.push(self.orig(self.cur.pos));
                    text.push(b);
                    self.cur.raw_bump();
                }
            }
        }
        let close = self.cur.pos;
        map.push(self.orig(close));
        self.cur.raw_bump();
        let text = String::from_utf8(text).map_err(|_| self.error("invalid UTF-8 in backtick substitution", start))?;
        let body = self.parse_backtick_body(&text, map)?;
        Ok(WordPart::CommandSub(CommandSub {
            body,
            syntax: SubstitutionSyntax::Backtick,
            span: self.span(start, close + 1),
        }))
    }

    /// Scans `<(…)` or `>(…)` at the cursor.
    pub(crate) fn process_sub(&mut self) -> Result<WordPart, ParseError> {
        let start = self.cur.pos;
        let direction = if self.cur.peek() == Some(b'<') { ProcessDirection::Input } else { ProcessDirection::Output };
        self.cur.bump();
        self.cur.bump();
        let body = self.parse_nested_list(start)?;
        Ok(WordPart::ProcessSub(ProcessSub {
            body,
            direction,
            span: Span::new(self.orig(start), self.orig(self.cur.pos)),
        }))
    }
}

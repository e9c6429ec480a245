//! Tokens: operators, words, newlines, plus comments and heredoc bodies read along the way.

use crate::error::ParseError;
use crate::parser::Parser;
use crate::scan::Mode;
use crate::word::{Literal, Word, WordPart};

/// An operator token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    AndIf,
    OrIf,
    Semi,
    DSemi,
    SemiAnd,
    DSemiAnd,
    Amp,
    Pipe,
    PipeAmp,
    LParen,
    RParen,
    Less,
    Great,
    DGreat,
    DLess,
    DLessDash,
    TLess,
    LessAnd,
    GreatAnd,
    LessGreat,
    Clobber,
    AndGreat,
    AndDGreat,
}

impl Op {
    /// The operator as written.
    pub(crate) fn text(self) -> &'static str {
        match self {
            Op::AndIf => "&&",
            Op::OrIf => "||",
            Op::Semi => ";",
            Op::DSemi => ";;",
            Op::SemiAnd => ";&",
            Op::DSemiAnd => ";;&",
            Op::Amp => "&",
            Op::Pipe => "|",
            Op::PipeAmp => "|&",
            Op::LParen => "(",
            Op::RParen => ")",
            Op::Less => "<",
            Op::Great => ">",
            Op::DGreat => ">>",
            Op::DLess => "<<",
            Op::DLessDash => "<<-",
            Op::TLess => "<<<",
            Op::LessAnd => "<&",
            Op::GreatAnd => ">&",
            Op::LessGreat => "<>",
            Op::Clobber => ">|",
            Op::AndGreat => "&>",
            Op::AndDGreat => "&>>",
        }
    }
}

/// Heredoc delimiter information attached to the word that follows `<<`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DelimInfo {
    pub(crate) slot: usize,
    pub(crate) delimiter: String,
    pub(crate) quoted: bool,
}

/// The kinds of token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokKind {
    Word(Word, Option<DelimInfo>),
    IoNumber(u32),
    Op(Op),
    Newline,
    Eof,
}

/// The kind of a token without its payload, cheap to copy for lookahead decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Word,
    IoNumber,
    Op(Op),
    Newline,
    Eof,
}

/// A token's class and local offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokInfo {
    pub(crate) class: Class,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// A token with its local start and end offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) kind: TokKind,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// A heredoc whose body has not been read yet.
#[derive(Debug, Clone)]
pub(crate) struct PendingHeredoc {
    slot: usize,
    delimiter: String,
    quoted: bool,
    strip_tabs: bool,
}

/// Whether `b` ends an unquoted word.
pub(crate) fn is_meta(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')')
}

impl Token {
    /// The token's class and offsets.
    pub(crate) fn info(&self) -> TokInfo {
        let class = match self.kind {
            TokKind::Word(..) => Class::Word,
            TokKind::IoNumber(_) => Class::IoNumber,
            TokKind::Op(op) => Class::Op(op),
            TokKind::Newline => Class::Newline,
            TokKind::Eof => Class::Eof,
        };
        TokInfo { class, start: self.start, end: self.end }
    }
}

impl Parser<'_> {
    /// Class and offsets of the next token.
    pub(crate) fn peek_info(&mut self) -> Result<TokInfo, ParseError> {
        self.peek_token().map(Token::info)
    }

    /// The next token, lexed on demand and kept until [`Parser::next_token`].
    pub(crate) fn peek_token(&mut self) -> Result<&Token, ParseError> {
        let tok = match self.peeked.take() {
            Some(tok) => tok,
            None => self.lex_token()?,
        };
        Ok(self.peeked.insert(tok))
    }

    /// Consumes and returns the next token.
    pub(crate) fn next_token(&mut self) -> Result<Token, ParseError> {
        let tok = match self.peeked.take() {
            Some(tok) => tok,
            None => self.lex_token()?,
        };
        self.prev_end = tok.end;
        Ok(tok)
    }

    fn skip_blanks_and_comments(&mut self) {
        loop {
            match self.cur.peek() {
                Some(b' ' | b'\t') => self.cur.bump(),
                // A CR before a newline (CRLF sources) counts as a blank.
                Some(b'\r') if self.cur.raw_peek_at(1) == Some(b'\n') => self.cur.bump(),
                Some(b'#') => {
                    let start = self.cur.pos;
                    let end = self.cur.find(b'\n').unwrap_or(self.cur.end);
                    self.cur.pos = end;
                    let span = self.span(start, end);
                    self.comments.push(span);
                }
                _ => return,
            }
        }
    }

    fn lex_token(&mut self) -> Result<Token, ParseError> {
        self.skip_blanks_and_comments();
        let start = self.cur.pos;
        let Some(c) = self.cur.peek() else {
            self.expect_delim = None;
            return Ok(Token { kind: TokKind::Eof, start, end: start });
        };
        if c == b'\n' {
            self.cur.bump();
            let end = self.cur.pos;
            self.expect_delim = None;
            self.read_heredoc_bodies()?;
            return Ok(Token { kind: TokKind::Newline, start, end });
        }
        if (c == b'<' || c == b'>') && self.cur.peek_nth(1) == Some(b'(') {
            return self.lex_word(start);
        }
        if is_meta(c) {
            let op = self.lex_operator(c);
            if matches!(op, Op::DLess | Op::DLessDash) {
                self.expect_delim = Some(op == Op::DLessDash);
            } else {
                self.expect_delim = None;
            }
            return Ok(Token { kind: TokKind::Op(op), start, end: self.cur.pos });
        }
        self.lex_word(start)
    }

    fn lex_word(&mut self, start: usize) -> Result<Token, ParseError> {
        let parts = if matches!(self.cur.peek(), Some(b'<' | b'>')) && self.cur.peek_nth(1) == Some(b'(') {
            let mut parts = vec![self.process_sub()?];
            parts.extend(self.scan_parts(Mode::Word)?);
            parts
        } else {
            self.scan_parts(Mode::Word)?
        };
        let end = self.cur.pos;
        if parts.is_empty() {
            return Err(self.error("expected a word", start));
        }
        let raw = self.cur.bytes.get(start..end).unwrap_or_default();
        if !raw.is_empty() && raw.iter().all(u8::is_ascii_digit) && matches!(self.cur.peek(), Some(b'<' | b'>')) {
            if let Some(n) = std::str::from_utf8(raw).ok().and_then(|s| s.parse::<u32>().ok()) {
                self.expect_delim = None;
                return Ok(Token { kind: TokKind::IoNumber(n), start, end });
            }
        }
        let word = Word { parts, span: self.span(start, end) };
        let delim = match self.expect_delim.take() {
            Some(strip_tabs) => {
                let (delimiter, quoted) = heredoc_delimiter(raw);
                let slot = self.bodies.len();
                self.bodies.push(None);
                self.pending.push(PendingHeredoc { slot, delimiter: delimiter.clone(), quoted, strip_tabs });
                Some(DelimInfo { slot, delimiter, quoted })
            }
            None => None,
        };
        Ok(Token { kind: TokKind::Word(word, delim), start, end })
    }

    fn lex_operator(&mut self, c: u8) -> Op {
        let c1 = self.cur.peek_nth(1);
        let c2 = self.cur.peek_nth(2);
        let (op, len) = match (c, c1, c2) {
            (b'&', Some(b'&'), _) => (Op::AndIf, 2),
            (b'&', Some(b'>'), Some(b'>')) => (Op::AndDGreat, 3),
            (b'&', Some(b'>'), _) => (Op::AndGreat, 2),
            (b'&', _, _) => (Op::Amp, 1),
            (b'|', Some(b'|'), _) => (Op::OrIf, 2),
            (b'|', Some(b'&'), _) => (Op::PipeAmp, 2),
            (b'|', _, _) => (Op::Pipe, 1),
            (b';', Some(b';'), Some(b'&')) => (Op::DSemiAnd, 3),
            (b';', Some(b';'), _) => (Op::DSemi, 2),
            (b';', Some(b'&'), _) => (Op::SemiAnd, 2),
            (b';', _, _) => (Op::Semi, 1),
            (b'(', _, _) => (Op::LParen, 1),
            (b')', _, _) => (Op::RParen, 1),
            (b'<', Some(b'<'), Some(b'<')) => (Op::TLess, 3),
            (b'<', Some(b'<'), Some(b'-')) => (Op::DLessDash, 3),
            (b'<', Some(b'<'), _) => (Op::DLess, 2),
            (b'<', Some(b'&'), _) => (Op::LessAnd, 2),
            (b'<', Some(b'>'), _) => (Op::LessGreat, 2),
            (b'<', _, _) => (Op::Less, 1),
            (b'>', Some(b'>'), _) => (Op::DGreat, 2),
            (b'>', Some(b'&'), _) => (Op::GreatAnd, 2),
            (b'>', Some(b'|'), _) => (Op::Clobber, 2),
            // A lone `>`. (Blanks and newlines, the other metacharacters, never get here.)
            _ => (Op::Great, 1),
        };
        for _ in 0..len {
            self.cur.bump();
        }
        op
    }

    /// Reads the bodies of the heredocs started on the line that just ended.
    fn read_heredoc_bodies(&mut self) -> Result<(), ParseError> {
        let pending = std::mem::take(&mut self.pending);
        for doc in pending {
            let body_start = self.cur.pos;
            let mut body_end = self.cur.end;
            let mut after = self.cur.end;
            let mut line_start = body_start;
            while line_start < self.cur.end {
                let line_end = self
                    .cur
                    .bytes
                    .get(line_start..self.cur.end)
                    .and_then(|s| s.iter().position(|&b| b == b'\n'))
                    .map_or(self.cur.end, |i| line_start + i);
                let mut line = self.cur.bytes.get(line_start..line_end).unwrap_or_default();
                if doc.strip_tabs {
                    while let [b'\t', rest @ ..] = line {
                        line = rest;
                    }
                }
                if let [rest @ .., b'\r'] = line {
                    line = rest;
                }
                if line == doc.delimiter.as_bytes() {
                    body_end = line_start;
                    after = (line_end + 1).min(self.cur.end);
                    break;
                }
                line_start = line_end + 1;
            }
            let body = if doc.quoted {
                let text = self.cur.bytes.get(body_start..body_end).unwrap_or_default();
                let text = String::from_utf8_lossy(text);
                let value = if doc.strip_tabs { strip_leading_tabs(&text) } else { text.into_owned() };
                let span = self.span(body_start, body_end);
                Word { parts: vec![WordPart::Literal(Literal { value, span })], span }
            } else {
                let saved_end = self.cur.end;
                self.cur.pos = body_start;
                self.cur.end = body_end;
                let parts = self.scan_parts(Mode::Heredoc { strip_tabs: doc.strip_tabs });
                self.cur.end = saved_end;
                Word { parts: parts?, span: self.span(body_start, body_end) }
            };
            self.cur.pos = after;
            if let Some(slot) = self.bodies.get_mut(doc.slot) {
                *slot = Some(body);
            }
        }
        Ok(())
    }
}

/// Removes leading tabs from every line of `text`.
fn strip_leading_tabs(text: &str) -> String {
    text.split_inclusive('\n').map(|line| line.trim_start_matches('\t')).collect()
}

/// The delimiter of a heredoc from the raw text of the word after `<<`: quotes and backslashes
/// removed, and whether any quoting was present.
fn heredoc_delimiter(raw: &[u8]) -> (String, bool) {
    let mut out = Vec::with_capacity(raw.len());
    let mut quoted = false;
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        match b {
            b'\'' => {
                quoted = true;
                i += 1;
                while let Some(&c) = raw.get(i) {
                    i += 1;
                    if c == b'\'' {
                        break;
                    }
                    out.push(c);
                }
            }
            b'"' => {
                quoted = true;
                i += 1;
                while let Some(&c) = raw.get(i) {
                    i += 1;
                    match c {
                        b'"' => break,
                        b'\\' if matches!(raw.get(i), Some(b'"' | b'\\' | b'$' | b'`')) => {
                            out.extend(raw.get(i));
                            i += 1;
                        }
                        _ => out.push(c),
                    }
                }
            }
            b'\\' => {
                quoted = true;
                i += 1;
                if let Some(&c) = raw.get(i) {
                    if c != b'\n' {
                        out.push(c);
                    }
                    i += 1;
                }
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), quoted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(heredoc_delimiter(b"EOF"), ("EOF".into(), false));
        assert_eq!(heredoc_delimiter(b"'EOF'"), ("EOF".into(), true));
        assert_eq!(heredoc_delimiter(b"\"E\"OF"), ("EOF".into(), true));
        assert_eq!(heredoc_delimiter(b"\\EOF"), ("EOF".into(), true));
    }

    #[test]
    fn tabs() {
        assert_eq!(strip_leading_tabs("\t\ta\n\tb\nc"), "a\nb\nc");
    }
}

//! Simple commands: assignments, words and redirects.

use crate::ast::{AssignValue, Assignment, HereDoc, Redirect, RedirectOp, RedirectTarget, SimpleCommand};
use crate::error::ParseError;
use crate::lexer::{Class, Op, TokInfo, TokKind};
use crate::parser::Parser;
use crate::span::Span;
use crate::word::{Literal, Word, WordPart};

impl Parser<'_> {
    pub(crate) fn parse_simple(&mut self) -> Result<SimpleCommand, ParseError> {
        let first = self.peek_info()?;
        let mut assignments = Vec::new();
        let mut words: Vec<Word> = Vec::new();
        let mut redirects = Vec::new();
        let mut end = first.start;
        loop {
            if self.at_redirect()? {
                let r = self.parse_redirect()?;
                end = self.prev_end;
                redirects.push(r);
                continue;
            }
            let tok = self.next_token_if_word()?;
            let Some((word, info)) = tok else {
                break;
            };
            end = info.end;
            let shape = self.assignment_shape(info);
            if words.is_empty() {
                if let Some((name_len, append)) = shape {
                    let assignment = self.assignment(word, info, name_len, append)?;
                    end = self.prev_end;
                    assignments.push(assignment);
                    continue;
                }
            }
            if shape.is_some() && self.array_follows(info) {
                // `declare -A map=(…)`: keep the compound assignment as one argument word.
                let word = self.array_argument(word)?;
                end = self.prev_end;
                words.push(word);
                continue;
            }
            words.push(word);
        }
        if assignments.is_empty() && words.is_empty() && redirects.is_empty() {
            return Err(self.error(self.unexpected(first), first.start));
        }
        Ok(SimpleCommand { assignments, words, redirects, span: self.span(first.start, end) })
    }

    /// Consumes the next token if it is a word.
    fn next_token_if_word(&mut self) -> Result<Option<(Word, TokInfo)>, ParseError> {
        if self.peek_info()?.class != Class::Word {
            return Ok(None);
        }
        let tok = self.next_token()?;
        let info = tok.info();
        Ok(match tok.kind {
            TokKind::Word(word, _) => Some((word, info)),
            _ => None,
        })
    }

    /// For a word written `NAME=…` or `NAME+=…`, the name length and whether `+=` was used.
    fn assignment_shape(&self, tok: TokInfo) -> Option<(usize, bool)> {
        let raw = self.raw_text(tok);
        let name_len = raw.iter().take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_').count();
        if name_len == 0 || raw.first().is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let append = raw.get(name_len) == Some(&b'+');
        let eq = name_len + usize::from(append);
        (raw.get(eq) == Some(&b'=')).then_some((name_len, append))
    }

    /// Builds the assignment of a consumed `NAME=value` word (reading `( … )` for arrays).
    fn assignment(
        &mut self,
        word: Word,
        tok: TokInfo,
        name_len: usize,
        append: bool,
    ) -> Result<Assignment, ParseError> {
        let raw = self.raw_text(tok);
        let name = String::from_utf8_lossy(raw.get(..name_len).unwrap_or_default()).into_owned();
        let value_start = tok.start + name_len + usize::from(append) + 1;
        let mut parts = word.parts;
        // The first part is the unquoted literal holding `NAME=`: keep what follows `=`.
        if let Some(WordPart::Literal(first)) = parts.first_mut() {
            let cut = first.value.find('=').map_or(0, |i| i + 1);
            first.value.drain(..cut);
            first.span.start = self.orig(value_start);
            if first.value.is_empty() {
                parts.remove(0);
            }
        }
        let array = value_start == tok.end && self.array_follows(tok);
        let value = if array {
            AssignValue::Array(self.array_items()?)
        } else {
            AssignValue::Scalar(Word { parts, span: self.span(value_start, tok.end) })
        };
        let end = if array { self.prev_end } else { tok.end };
        Ok(Assignment {
            name,
            name_span: self.span(tok.start, tok.start + name_len),
            append,
            value,
            span: self.span(tok.start, end),
        })
    }

    /// Whether `(` directly follows the just-consumed word `tok`, which ends with `=`.
    fn array_follows(&self, tok: TokInfo) -> bool {
        self.peeked.is_none() && self.raw_text(tok).last() == Some(&b'=') && self.cur.raw_peek() == Some(b'(')
    }

    /// Reads `( word… )` of an array assignment, the cursor being on `(`.
    fn array_items(&mut self) -> Result<Vec<Word>, ParseError> {
        self.next_token()?;
        let mut items = Vec::new();
        loop {
            self.skip_newlines()?;
            let t = self.next_token()?;
            let info = t.info();
            match t.kind {
                TokKind::Word(w, _) => items.push(w),
                TokKind::Op(Op::RParen) => return Ok(items),
                _ => {
                    let msg = format!("unexpected {} in array assignment", self.describe(info));
                    return Err(self.error(msg, info.start));
                }
            }
        }
    }

    /// Joins `name=` and the `( … )` after it into one word whose literal value is the
    /// assignment as written with single spaces, e.g. `map=(a b)`.
    fn array_argument(&mut self, word: Word) -> Result<Word, ParseError> {
        let open = self.cur.pos;
        let items = self.array_items()?;
        let close = self.prev_end;
        let lit = |value: &str, span: Span| WordPart::Literal(Literal { value: value.to_string(), span });
        let mut parts = word.parts;
        let mut prev_end = self.orig(open + 1);
        parts.push(lit("(", Span::new(self.orig(open), prev_end)));
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                parts.push(lit(" ", Span::new(prev_end, item.span.start)));
            }
            prev_end = item.span.end;
            parts.extend(item.parts);
        }
        let close_span = self.span(close.saturating_sub(1), close);
        parts.push(lit(")", close_span));
        Ok(Word { parts, span: Span::new(word.span.start, close_span.end) })
    }

    pub(crate) fn at_redirect(&mut self) -> Result<bool, ParseError> {
        Ok(match self.peek_token()?.kind {
            TokKind::IoNumber(_) => true,
            TokKind::Op(op) => redirect_op(op).is_some(),
            _ => false,
        })
    }

    pub(crate) fn parse_redirect(&mut self) -> Result<Redirect, ParseError> {
        let first = self.next_token()?.info();
        let (fd, op_tok) = match first.class {
            Class::IoNumber => {
                let n = std::str::from_utf8(self.raw_text(first)).ok().and_then(|s| s.parse().ok());
                (n, self.next_token()?.info())
            }
            _ => (None, first),
        };
        let op = match op_tok.class {
            Class::Op(op) => redirect_op(op),
            _ => None,
        };
        let Some(op) = op else {
            let msg = format!("expected a redirection operator, found {}", self.describe(op_tok));
            return Err(self.error(msg, op_tok.start));
        };
        let target_tok = self.next_token()?;
        let target_info = target_tok.info();
        let TokKind::Word(word, delim) = target_tok.kind else {
            let msg = format!("expected a word after redirection, found {}", self.describe(target_info));
            return Err(self.error(msg, target_info.start));
        };
        let span = self.span(first.start, target_info.end);
        let target = match (op, delim) {
            (RedirectOp::HereDoc | RedirectOp::HereDocStrip, Some(info)) => {
                let at = word.span.end;
                RedirectTarget::HereDoc(HereDoc {
                    delimiter: info.delimiter,
                    delimiter_span: word.span,
                    quoted: info.quoted,
                    strip_tabs: op == RedirectOp::HereDocStrip,
                    body: Word { parts: Vec::new(), span: Span::new(at, at) },
                    slot: Some(info.slot),
                })
            }
            _ => RedirectTarget::Word(word),
        };
        Ok(Redirect { fd, op, target, span })
    }
}

/// The redirect operator for a token operator, if it is one.
fn redirect_op(op: Op) -> Option<RedirectOp> {
    Some(match op {
        Op::Less => RedirectOp::Read,
        Op::Great => RedirectOp::Write,
        Op::DGreat => RedirectOp::Append,
        Op::Clobber => RedirectOp::Clobber,
        Op::LessGreat => RedirectOp::ReadWrite,
        Op::LessAnd => RedirectOp::DupRead,
        Op::GreatAnd => RedirectOp::DupWrite,
        Op::AndGreat => RedirectOp::WriteAll,
        Op::AndDGreat => RedirectOp::AppendAll,
        Op::TLess => RedirectOp::HereString,
        Op::DLess => RedirectOp::HereDoc,
        Op::DLessDash => RedirectOp::HereDocStrip,
        _ => return None,
    })
}

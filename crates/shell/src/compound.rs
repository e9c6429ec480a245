//! Compound commands and function definitions: `{ }`, `( )`, `if`, `for`, `while`/`until`,
//! `case`, `[[ ]]`, `(( ))`, `name() …` and `function name …`.

use crate::ast::{
    ArithForClause, CaseArm, CaseClause, CaseTerminator, CompoundCommand, CompoundKind, ElifClause, ForClause,
    FunctionDef, IfClause, List, WhileClause,
};
use crate::error::ParseError;
use crate::lexer::{Class, Op, TokInfo, TokKind};
use crate::parser::Parser;
use crate::span::Span;
use crate::word::{Literal, Word, WordPart};

impl Parser<'_> {
    /// `name ( )` ahead: the peeked word is a plain unquoted name followed by `(` and `)`.
    pub(crate) fn looks_like_function_def(&self, tok: TokInfo) -> bool {
        let plain = match &self.peeked {
            Some(t) => match &t.kind {
                TokKind::Word(word, _) => matches!(
                    word.parts.as_slice(),
                    [WordPart::Literal(l)] if !l.value.contains('=')
                ),
                _ => false,
            },
            None => false,
        };
        if !plain || self.raw_text(tok).contains(&b'\\') {
            return false;
        }
        let bytes = self.cur.bytes.get(..self.cur.end).unwrap_or_default();
        let mut i = self.cur.pos;
        let skip = |i: &mut usize| {
            while matches!(bytes.get(*i), Some(b' ' | b'\t')) {
                *i += 1;
            }
        };
        skip(&mut i);
        if bytes.get(i) != Some(&b'(') {
            return false;
        }
        i += 1;
        skip(&mut i);
        bytes.get(i) == Some(&b')')
    }

    pub(crate) fn parse_function_posix(&mut self) -> Result<FunctionDef, ParseError> {
        let (name_word, name_tok) = self.expect_word("a function name")?;
        self.expect_op(Op::LParen, "after the function name")?;
        self.expect_op(Op::RParen, "after `(` in a function definition")?;
        self.function_body(name_word, name_tok, false)
    }

    pub(crate) fn parse_function_keyword(&mut self) -> Result<FunctionDef, ParseError> {
        let kw = self.next_token()?.info();
        let (name_word, _) = self.expect_word("a function name after `function`")?;
        if self.peek_is_op(Op::LParen)? {
            self.next_token()?;
            self.expect_op(Op::RParen, "after `(` in a function definition")?;
        }
        self.function_body(name_word, kw, true)
    }

    fn function_body(&mut self, name_word: Word, start_tok: TokInfo, keyword: bool) -> Result<FunctionDef, ParseError> {
        self.skip_newlines()?;
        let Some(body) = self.parse_compound()? else {
            let tok = self.peek_info()?;
            let msg = format!("expected a function body such as `{{ …; }}`, found {}", self.describe(tok));
            return Err(self.error(msg, tok.start));
        };
        let name = name_word.literal().unwrap_or_default();
        let span = self.span(start_tok.start, start_tok.start).cover(body.span);
        Ok(FunctionDef { name, name_span: name_word.span, keyword, body: Box::new(body), span })
    }

    /// Parses a compound command and its redirects if one starts here.
    pub(crate) fn parse_compound(&mut self) -> Result<Option<CompoundCommand>, ParseError> {
        let tok = self.peek_info()?;
        let start = tok.start;
        let kind = match tok.class {
            Class::Op(Op::LParen) => {
                self.next_token()?;
                if self.cur.raw_peek() == Some(b'(') && self.arith_closes(tok.start) {
                    self.cur.raw_bump();
                    let arith = self.arith_rest(start)?;
                    self.prev_end = self.cur.pos;
                    CompoundKind::Arithmetic(arith)
                } else {
                    let list = self.parse_list()?;
                    self.expect_op(Op::RParen, "to close the subshell")?;
                    CompoundKind::Subshell(list)
                }
            }
            Class::Word => {
                let text = self.raw_text(tok);
                match text {
                    b"{" => {
                        self.next_token()?;
                        let list = self.parse_list()?;
                        self.expect_kw("}", "{", start)?;
                        CompoundKind::BraceGroup(list)
                    }
                    b"if" => self.parse_if(start)?,
                    b"for" => self.parse_for(start)?,
                    b"while" | b"until" => {
                        let until = text == b"until";
                        let what = if until { "until" } else { "while" };
                        self.next_token()?;
                        let condition = self.parse_list()?;
                        self.expect_kw("do", what, start)?;
                        let body = self.parse_list()?;
                        self.expect_kw("done", what, start)?;
                        CompoundKind::While(WhileClause { until, condition, body })
                    }
                    b"case" => self.parse_case(start)?,
                    b"[[" => self.parse_test(start)?,
                    _ => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        let mut span = self.span(start, self.prev_end);
        let mut redirects = Vec::new();
        while self.at_redirect()? {
            let r = self.parse_redirect()?;
            span = span.cover(r.span);
            redirects.push(r);
        }
        Ok(Some(CompoundCommand { kind, redirects, span }))
    }

    fn parse_if(&mut self, start: usize) -> Result<CompoundKind, ParseError> {
        self.next_token()?;
        let condition = self.parse_list()?;
        self.expect_kw("then", "if", start)?;
        let then_body = self.parse_list()?;
        let mut elifs = Vec::new();
        let mut else_body = None;
        loop {
            let tok = self.peek_info()?;
            if self.is_kw(tok, "elif") {
                self.next_token()?;
                let condition = self.parse_list()?;
                self.expect_kw("then", "elif", tok.start)?;
                let body = self.parse_list()?;
                let span = self.span(tok.start, tok.start).cover(body.span);
                elifs.push(ElifClause { condition, body, span });
            } else if self.is_kw(tok, "else") {
                self.next_token()?;
                else_body = Some(self.parse_list()?);
                break;
            } else {
                break;
            }
        }
        self.expect_kw("fi", "if", start)?;
        Ok(CompoundKind::If(IfClause { condition, then_body, elifs, else_body }))
    }

    fn parse_for(&mut self, start: usize) -> Result<CompoundKind, ParseError> {
        self.next_token()?;
        let tok = self.peek_info()?;
        if tok.class == Class::Op(Op::LParen) && self.cur.raw_peek() == Some(b'(') {
            self.next_token()?;
            self.cur.raw_bump();
            let header = self.arith_rest(tok.start)?;
            self.prev_end = self.cur.pos;
            if self.peek_is_op(Op::Semi)? {
                self.next_token()?;
            }
            self.skip_newlines()?;
            let body = self.loop_body(start)?;
            return Ok(CompoundKind::ArithFor(ArithForClause { header, body }));
        }
        let (var_word, _) = self.expect_word("a loop variable after `for`")?;
        let variable = var_word.literal().unwrap_or_default();
        self.skip_newlines()?;
        let mut words = None;
        if self.peek_is_kw("in")? {
            self.next_token()?;
            let mut list = Vec::new();
            while self.peek_info()?.class == Class::Word {
                if let TokKind::Word(word, _) = self.next_token()?.kind {
                    list.push(word);
                }
            }
            words = Some(list);
        }
        if matches!(self.peek_token()?.kind, TokKind::Op(Op::Semi) | TokKind::Newline) {
            self.next_token()?;
        }
        self.skip_newlines()?;
        let body = self.loop_body(start)?;
        Ok(CompoundKind::For(ForClause { variable, variable_span: var_word.span, words, body }))
    }

    fn loop_body(&mut self, start: usize) -> Result<List, ParseError> {
        self.expect_kw("do", "for", start)?;
        let body = self.parse_list()?;
        self.expect_kw("done", "for", start)?;
        Ok(body)
    }

    fn parse_case(&mut self, start: usize) -> Result<CompoundKind, ParseError> {
        self.next_token()?;
        let (word, _) = self.expect_word("a word after `case`")?;
        self.skip_newlines()?;
        self.expect_kw("in", "case", start)?;
        let mut arms = Vec::new();
        loop {
            self.skip_newlines()?;
            let tok = self.peek_info()?;
            if self.is_kw(tok, "esac") {
                self.next_token()?;
                break;
            }
            if tok.class == Class::Op(Op::LParen) {
                self.next_token()?;
            }
            let mut patterns = Vec::new();
            loop {
                let (pattern, _) = self.expect_word("a case pattern")?;
                patterns.push(pattern);
                if self.peek_is_op(Op::Pipe)? {
                    self.next_token()?;
                } else {
                    break;
                }
            }
            self.expect_op(Op::RParen, "after the case pattern")?;
            let body = self.parse_list()?;
            let terminator = match self.peek_token()?.kind {
                TokKind::Op(Op::DSemi) => Some(CaseTerminator::Break),
                TokKind::Op(Op::SemiAnd) => Some(CaseTerminator::FallThrough),
                TokKind::Op(Op::DSemiAnd) => Some(CaseTerminator::Continue),
                _ => None,
            };
            let end = match terminator {
                Some(_) => self.next_token()?.end,
                None => self.prev_end,
            };
            arms.push(CaseArm { patterns, body, terminator, span: self.span(tok.start, end.max(tok.start)) });
            if terminator.is_none() {
                self.skip_newlines()?;
                self.expect_kw("esac", "case", start)?;
                break;
            }
        }
        Ok(CompoundKind::Case(CaseClause { word, arms }))
    }

    /// `[[ … ]]`: every token up to `]]` becomes a word.
    fn parse_test(&mut self, start: usize) -> Result<CompoundKind, ParseError> {
        self.next_token()?;
        let mut words = Vec::new();
        loop {
            let tok = self.next_token()?;
            if self.is_kw(tok.info(), "]]") {
                break;
            }
            match tok.kind {
                TokKind::Word(word, _) => words.push(word),
                TokKind::Newline => {}
                TokKind::Eof => {
                    return Err(self.error("expected `]]` to close `[[`", start));
                }
                TokKind::Op(op) => {
                    let span = self.span(tok.start, tok.end);
                    words.push(literal_word(op.text(), span));
                }
                TokKind::IoNumber(n) => {
                    let span = self.span(tok.start, tok.end);
                    words.push(literal_word(&n.to_string(), span));
                }
            }
        }
        Ok(CompoundKind::Test(words))
    }
}

/// A word made of one literal part.
fn literal_word(text: &str, span: Span) -> Word {
    Word { parts: vec![WordPart::Literal(Literal { value: text.to_string(), span })], span }
}

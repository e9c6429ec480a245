//! The parser state and the top of the grammar: lists, and-or chains, pipelines and the
//! choice between simple commands, compound commands and function definitions.

use crate::ast::{AndOr, AndOrOp, Command, List, ListItem, PipeOp, Pipeline, Script, Separator, SeparatorKind};
use crate::cursor::Cursor;
use crate::error::ParseError;
use crate::heredoc::attach_bodies;
use crate::lexer::{Class, Op, PendingHeredoc, TokInfo, TokKind, Token};
use crate::span::Span;
use crate::word::Word;

/// Maximum nesting of commands, lists and word scans, so hostile input cannot overflow the
/// stack (a compound command costs two levels: the command and its body list).
const MAX_DEPTH: usize = 64;

/// Reserved words that end a list when they appear where a command would start.
const LIST_END_WORDS: &[&str] = &["then", "elif", "else", "fi", "do", "done", "esac", "}"];

/// Parser state: the cursor, one token of lookahead, pending heredocs and collected comments.
pub(crate) struct Parser<'s> {
    pub(crate) cur: Cursor<'s>,
    /// For a backtick body parsed from un-escaped text: original offset of each local byte.
    map: Option<Vec<usize>>,
    depth: usize,
    pub(crate) peeked: Option<Token>,
    pub(crate) pending: Vec<PendingHeredoc>,
    pub(crate) bodies: Vec<Option<Word>>,
    pub(crate) expect_delim: Option<bool>,
    pub(crate) comments: Vec<Span>,
    /// Local offset where the last consumed token (or arithmetic expression) ended.
    pub(crate) prev_end: usize,
}

/// Parses a whole script.
pub(crate) fn parse_script(src: &str) -> Result<Script, ParseError> {
    let mut parser = Parser::new(src, None, 0);
    let body = parser.parse_complete()?;
    Ok(Script { body, comments: parser.comments, span: Span::new(0, src.len()) })
}

impl<'s> Parser<'s> {
    fn new(src: &'s str, map: Option<Vec<usize>>, depth: usize) -> Self {
        Parser {
            cur: Cursor::new(src),
            map,
            depth,
            peeked: None,
            pending: Vec::new(),
            bodies: Vec::new(),
            expect_delim: None,
            comments: Vec::new(),
            prev_end: 0,
        }
    }

    /// Original source offset of local offset `local`.
    pub(crate) fn orig(&self, local: usize) -> usize {
        match &self.map {
            Some(map) => map.get(local).or_else(|| map.last()).copied().unwrap_or(local),
            None => local,
        }
    }

    /// A span in original coordinates from local offsets.
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.orig(start), self.orig(end))
    }

    /// An error at local offset `local`.
    pub(crate) fn error(&self, message: impl Into<String>, local: usize) -> ParseError {
        ParseError::new(message, self.orig(local))
    }

    /// Enters one nesting level, failing when the input nests too deeply.
    pub(crate) fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(self.error("nesting too deep", self.cur.pos));
        }
        Ok(())
    }

    /// Leaves a nesting level entered with [`Parser::enter`].
    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Parses a list that must reach the end of the input, then attaches heredoc bodies.
    fn parse_complete(&mut self) -> Result<List, ParseError> {
        let mut list = self.parse_list()?;
        let tok = self.peek_info()?;
        if tok.class != Class::Eof {
            return Err(self.error(self.unexpected(tok), tok.start));
        }
        attach_bodies(&mut list, &mut self.bodies);
        Ok(list)
    }

    /// Parses the un-escaped body of a backtick substitution.
    pub(crate) fn parse_backtick_body(&mut self, text: &str, map: Vec<usize>) -> Result<List, ParseError> {
        let mut sub = Parser::new(text, Some(map), self.depth + 1);
        let body = sub.parse_complete()?;
        self.comments.append(&mut sub.comments);
        Ok(body)
    }

    /// Parses the list of `$(…)` or `<(…)` after the opening parenthesis, and the closing one.
    pub(crate) fn parse_nested_list(&mut self, start: usize) -> Result<List, ParseError> {
        let list = self.parse_list()?;
        let tok = self.next_token()?.info();
        if tok.class != Class::Op(Op::RParen) {
            let msg = format!("expected `)` to close substitution, found {}", self.describe(tok));
            return Err(self.error(msg, start));
        }
        Ok(list)
    }

    // ----- token helpers -----

    pub(crate) fn raw_text(&self, tok: TokInfo) -> &'s [u8] {
        self.cur.bytes.get(tok.start..tok.end).unwrap_or_default()
    }

    /// Whether `tok` is the unquoted reserved word `kw`.
    pub(crate) fn is_kw(&self, tok: TokInfo, kw: &str) -> bool {
        tok.class == Class::Word && self.raw_text(tok) == kw.as_bytes()
    }

    pub(crate) fn peek_is_kw(&mut self, kw: &str) -> Result<bool, ParseError> {
        let tok = self.peek_info()?;
        Ok(self.is_kw(tok, kw))
    }

    pub(crate) fn peek_is_op(&mut self, op: Op) -> Result<bool, ParseError> {
        Ok(self.peek_info()?.class == Class::Op(op))
    }

    pub(crate) fn describe(&self, tok: TokInfo) -> String {
        match tok.class {
            Class::Eof => "end of input".to_string(),
            Class::Newline => "newline".to_string(),
            Class::Op(op) => format!("`{}`", op.text()),
            Class::Word | Class::IoNumber => {
                let text = String::from_utf8_lossy(self.raw_text(tok));
                let short: String = text.chars().take(30).collect();
                format!("`{short}`")
            }
        }
    }

    pub(crate) fn unexpected(&self, tok: TokInfo) -> String {
        format!("unexpected {}", self.describe(tok))
    }

    pub(crate) fn skip_newlines(&mut self) -> Result<(), ParseError> {
        while self.peek_info()?.class == Class::Newline {
            self.next_token()?;
        }
        Ok(())
    }

    /// Consumes reserved word `kw` or fails, naming the construct opened at `opened_at`.
    pub(crate) fn expect_kw(&mut self, kw: &str, what: &str, opened_at: usize) -> Result<(), ParseError> {
        let tok = self.next_token()?.info();
        if self.is_kw(tok, kw) {
            return Ok(());
        }
        let msg = format!(
            "expected `{kw}` for `{what}` opened at byte {}, found {}",
            self.orig(opened_at),
            self.describe(tok)
        );
        Err(self.error(msg, tok.start))
    }

    pub(crate) fn expect_op(&mut self, op: Op, what: &str) -> Result<(), ParseError> {
        let tok = self.next_token()?.info();
        if tok.class == Class::Op(op) {
            return Ok(());
        }
        let msg = format!("expected `{}` {what}, found {}", op.text(), self.describe(tok));
        Err(self.error(msg, tok.start))
    }

    pub(crate) fn expect_word(&mut self, what: &str) -> Result<(Word, TokInfo), ParseError> {
        let tok = self.next_token()?;
        let info = tok.info();
        if let TokKind::Word(word, _) = tok.kind {
            return Ok((word, info));
        }
        let msg = format!("expected {what}, found {}", self.describe(info));
        Err(self.error(msg, info.start))
    }

    fn at_list_end(&mut self) -> Result<bool, ParseError> {
        let tok = self.peek_info()?;
        Ok(match tok.class {
            Class::Eof => true,
            Class::Op(op) => matches!(op, Op::RParen | Op::DSemi | Op::SemiAnd | Op::DSemiAnd),
            Class::Word => LIST_END_WORDS.iter().any(|kw| self.is_kw(tok, kw)),
            _ => false,
        })
    }

    // ----- lists -----

    /// Parses and-or chains separated by `;`, `&` or newlines, up to a token that ends a list.
    pub(crate) fn parse_list(&mut self) -> Result<List, ParseError> {
        self.enter()?;
        let result = self.parse_list_inner();
        self.leave();
        result
    }

    fn parse_list_inner(&mut self) -> Result<List, ParseError> {
        let mut items: Vec<ListItem> = Vec::new();
        loop {
            self.skip_newlines()?;
            if self.at_list_end()? {
                break;
            }
            let and_or = self.parse_and_or()?;
            let kind = match self.peek_info()?.class {
                Class::Op(Op::Semi) => Some(SeparatorKind::Semi),
                Class::Op(Op::Amp) => Some(SeparatorKind::Amp),
                Class::Newline => Some(SeparatorKind::Newline),
                _ => None,
            };
            let separator = match kind {
                Some(kind) => {
                    let tok = self.next_token()?;
                    Some(Separator { kind, span: self.span(tok.start, tok.end) })
                }
                None => None,
            };
            let span = separator.map_or(and_or.span, |s| and_or.span.cover(s.span));
            items.push(ListItem { and_or, separator, span });
            if separator.is_none() {
                break;
            }
        }
        let span = match (items.first(), items.last()) {
            (Some(first), Some(last)) => first.span.cover(last.span),
            _ => {
                let at = self.peek_info()?.start;
                self.span(at, at)
            }
        };
        Ok(List { items, span })
    }

    fn parse_and_or(&mut self) -> Result<AndOr, ParseError> {
        let first = self.parse_pipeline()?;
        let mut span = first.span;
        let mut pipelines = vec![first];
        let mut ops = Vec::new();
        loop {
            let op = match self.peek_info()?.class {
                Class::Op(Op::AndIf) => AndOrOp::And,
                Class::Op(Op::OrIf) => AndOrOp::Or,
                _ => break,
            };
            self.next_token()?;
            self.skip_newlines()?;
            let next = self.parse_pipeline()?;
            span = span.cover(next.span);
            ops.push(op);
            pipelines.push(next);
        }
        Ok(AndOr { pipelines, ops, span })
    }

    fn parse_pipeline(&mut self) -> Result<Pipeline, ParseError> {
        let start = self.peek_info()?.start;
        let bang = self.peek_is_kw("!")?;
        if bang {
            self.next_token()?;
        }
        let first = self.parse_command()?;
        let mut span = self.span(start, start).cover(first.span());
        let mut commands = vec![first];
        let mut ops = Vec::new();
        loop {
            let op = match self.peek_info()?.class {
                Class::Op(Op::Pipe) => PipeOp::Pipe,
                Class::Op(Op::PipeAmp) => PipeOp::PipeAll,
                _ => break,
            };
            self.next_token()?;
            self.skip_newlines()?;
            let next = self.parse_command()?;
            span = span.cover(next.span());
            ops.push(op);
            commands.push(next);
        }
        Ok(Pipeline { bang, commands, ops, span })
    }

    // ----- commands -----

    fn parse_command(&mut self) -> Result<Command, ParseError> {
        self.enter()?;
        let result = self.parse_command_inner();
        self.leave();
        result
    }

    fn parse_command_inner(&mut self) -> Result<Command, ParseError> {
        if let Some(compound) = self.parse_compound()? {
            return Ok(Command::Compound(compound));
        }
        let tok = self.peek_info()?;
        if tok.class == Class::Word {
            if self.is_kw(tok, "function") {
                return self.parse_function_keyword().map(Command::Function);
            }
            let reserved = LIST_END_WORDS.iter().any(|kw| self.is_kw(tok, kw));
            if reserved {
                return Err(self.error(self.unexpected(tok), tok.start));
            }
            if self.looks_like_function_def(tok) {
                return self.parse_function_posix().map(Command::Function);
            }
        }
        self.parse_simple().map(Command::Simple)
    }
}

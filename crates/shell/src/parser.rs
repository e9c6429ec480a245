//! The grammar: lists, and-or chains, pipelines, simple and compound commands.

use crate::ast::{
    AndOr, AndOrOp, ArithForClause, AssignValue, Assignment, CaseArm, CaseClause, CaseTerminator, Command,
    CompoundCommand, CompoundKind, ElifClause, ForClause, FunctionDef, HereDoc, IfClause, List, ListItem, PipeOp,
    Pipeline, Redirect, RedirectOp, RedirectTarget, Script, Separator, SeparatorKind, SimpleCommand, WhileClause,
};
use crate::cursor::Cursor;
use crate::error::ParseError;
use crate::heredoc::attach_bodies;
use crate::lexer::{Class, Op, PendingHeredoc, TokInfo, TokKind, Token};
use crate::span::Span;
use crate::word::{Literal, Word, WordPart};

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

    fn raw_text(&self, tok: TokInfo) -> &'s [u8] {
        self.cur.bytes.get(tok.start..tok.end).unwrap_or_default()
    }

    /// Whether `tok` is the unquoted reserved word `kw`.
    fn is_kw(&self, tok: TokInfo, kw: &str) -> bool {
        tok.class == Class::Word && self.raw_text(tok) == kw.as_bytes()
    }

    fn peek_is_kw(&mut self, kw: &str) -> Result<bool, ParseError> {
        let tok = self.peek_info()?;
        Ok(self.is_kw(tok, kw))
    }

    fn peek_is_op(&mut self, op: Op) -> Result<bool, ParseError> {
        Ok(self.peek_info()?.class == Class::Op(op))
    }

    fn describe(&self, tok: TokInfo) -> String {
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

    fn unexpected(&self, tok: TokInfo) -> String {
        format!("unexpected {}", self.describe(tok))
    }

    fn skip_newlines(&mut self) -> Result<(), ParseError> {
        while self.peek_info()?.class == Class::Newline {
            self.next_token()?;
        }
        Ok(())
    }

    /// Consumes reserved word `kw` or fails, naming the construct opened at `opened_at`.
    fn expect_kw(&mut self, kw: &str, what: &str, opened_at: usize) -> Result<(), ParseError> {
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

    fn expect_op(&mut self, op: Op, what: &str) -> Result<(), ParseError> {
        let tok = self.next_token()?.info();
        if tok.class == Class::Op(op) {
            return Ok(());
        }
        let msg = format!("expected `{}` {what}, found {}", op.text(), self.describe(tok));
        Err(self.error(msg, tok.start))
    }

    fn expect_word(&mut self, what: &str) -> Result<(Word, TokInfo), ParseError> {
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

    /// `name ( )` ahead: the peeked word is a plain unquoted name followed by `(` and `)`.
    fn looks_like_function_def(&self, tok: TokInfo) -> bool {
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

    fn parse_function_posix(&mut self) -> Result<FunctionDef, ParseError> {
        let (name_word, name_tok) = self.expect_word("a function name")?;
        self.expect_op(Op::LParen, "after the function name")?;
        self.expect_op(Op::RParen, "after `(` in a function definition")?;
        self.function_body(name_word, name_tok, false)
    }

    fn parse_function_keyword(&mut self) -> Result<FunctionDef, ParseError> {
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
    fn parse_compound(&mut self) -> Result<Option<CompoundCommand>, ParseError> {
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

    fn parse_simple(&mut self) -> Result<SimpleCommand, ParseError> {
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

    fn at_redirect(&mut self) -> Result<bool, ParseError> {
        Ok(match self.peek_token()?.kind {
            TokKind::IoNumber(_) => true,
            TokKind::Op(op) => redirect_op(op).is_some(),
            _ => false,
        })
    }

    fn parse_redirect(&mut self) -> Result<Redirect, ParseError> {
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

/// A word made of one literal part.
fn literal_word(text: &str, span: Span) -> Word {
    Word { parts: vec![WordPart::Literal(Literal { value: text.to_string(), span })], span }
}

//! Syntax highlighting of the Dockerfile for the editor overlay.
//!
//! The classes come from the lossless syntax tree (`slipway_syntax::parse`): parser directives,
//! comments, instruction keywords, `--flags`, arguments (quoted strings and `$VAR` / `${VAR:-x}`
//! references inside them), JSON (exec form) strings and punctuation, heredoc markers, bodies and
//! terminators, and line continuations. Lines the parser rejected are marked [`TokenClass::Error`].
//!
//! Every class is painted onto a per-byte map in order of increasing precedence, then the map is
//! cut into runs of equal class at character boundaries: the spans are therefore sorted,
//! non-overlapping, inside the source and on `char` boundaries whatever the input. Bytes no span
//! covers (blanks, newlines) are plain text.

use std::ops::Range;

use serde::Serialize;
use slipway_syntax::expand::references;
use slipway_syntax::tree::{Trivia, TriviaKind};
use slipway_syntax::{Arguments, Dockerfile, ElementKind, Instruction, Span};

/// What a piece of Dockerfile text is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenClass {
    /// An instruction name (`RUN`), `AS` in FROM, the `CMD`/`NONE` type of HEALTHCHECK.
    Keyword,
    /// A `--flag` before the arguments.
    Flag,
    /// A quoted string, or an element of a JSON (exec form) array.
    String,
    /// A variable reference: `$NAME` or `${NAME…}`.
    Variable,
    /// A comment line.
    Comment,
    /// A parser directive (`# syntax=…`, `# escape=…`, `# check=…`).
    Directive,
    /// A heredoc body.
    Heredoc,
    /// Line continuations, `=` of key/value pairs, heredoc markers (`<<EOF`) and terminators.
    Operator,
    /// `[`, `,` and `]` of a JSON array.
    JsonPunct,
    /// Text the parser rejected (unparsable lines, unknown instruction names).
    Error,
    /// Argument text with no more specific class.
    Plain,
}

impl TokenClass {
    /// The CSS class the editor overlay uses: `tok-keyword`, `tok-flag`, ….
    pub fn css_class(self) -> &'static str {
        match self {
            TokenClass::Keyword => "tok-keyword",
            TokenClass::Flag => "tok-flag",
            TokenClass::String => "tok-string",
            TokenClass::Variable => "tok-variable",
            TokenClass::Comment => "tok-comment",
            TokenClass::Directive => "tok-directive",
            TokenClass::Heredoc => "tok-heredoc",
            TokenClass::Operator => "tok-operator",
            TokenClass::JsonPunct => "tok-json-punct",
            TokenClass::Error => "tok-error",
            TokenClass::Plain => "tok-plain",
        }
    }
}

/// A run of source bytes of one class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct HighlightSpan {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The class.
    pub class: TokenClass,
}

/// The highlighting of `source`: spans sorted by position, non-overlapping, on character
/// boundaries. Never panics.
pub fn highlight(source: &str) -> Vec<HighlightSpan> {
    let file = slipway_syntax::parse(source);
    let mut canvas = Canvas { source, classes: vec![None; source.len()] };
    for element in &file.elements {
        match element.kind {
            ElementKind::Directive { .. } => canvas.paint_lines(element.span, TokenClass::Directive),
            ElementKind::Comment => canvas.paint_lines(element.span, TokenClass::Comment),
            ElementKind::Error => canvas.paint_lines(element.span, TokenClass::Error),
            ElementKind::Blank => {}
            ElementKind::Instruction { index } => {
                if let Some(instruction) = file.instructions.get(index) {
                    paint_instruction(&mut canvas, &file, instruction, &instruction.trivia);
                    paint_trivia(&mut canvas, &instruction.trivia);
                    paint_heredocs(&mut canvas, &file, instruction);
                }
            }
        }
    }
    canvas.spans()
}

/// Per-byte classes; later paint wins.
struct Canvas<'a> {
    source: &'a str,
    classes: Vec<Option<TokenClass>>,
}

impl<'a> Canvas<'a> {
    fn paint(&mut self, range: Range<usize>, class: TokenClass) {
        let end = range.end.min(self.classes.len());
        if range.start < end {
            self.classes[range.start..end].fill(Some(class));
        }
    }

    /// Paints the non-blank text of every line in `span` (line breaks and indentation stay plain).
    fn paint_lines(&mut self, span: Span, class: TokenClass) {
        let Some(text) = self.source.get(span.start..span.end.min(self.source.len())) else { return };
        let mut offset = span.start;
        for line in text.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            let trimmed = content.trim_start();
            let start = offset + (content.len() - trimmed.len());
            self.paint(start..start + trimmed.trim_end().len(), class);
            offset += line.len();
        }
    }

    fn text(&self, range: Range<usize>) -> &'a str {
        self.source.get(range).unwrap_or("")
    }

    /// Runs of equal class, cut at character boundaries only.
    fn spans(&self) -> Vec<HighlightSpan> {
        let mut spans: Vec<HighlightSpan> = Vec::new();
        let mut current: Option<(usize, TokenClass)> = None;
        for (at, _) in self.source.char_indices() {
            let class = self.classes[at];
            if current.map(|(_, c)| c) == class {
                continue;
            }
            if let Some((start, c)) = current {
                spans.push(HighlightSpan { start, end: at, class: c });
            }
            current = class.map(|c| (at, c));
        }
        if let Some((start, class)) = current {
            spans.push(HighlightSpan { start, end: self.source.len(), class });
        }
        spans
    }
}

/// `range` minus the trivia (continuations, comment and blank lines) inside it.
fn segments(range: Range<usize>, trivia: &[Trivia]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    for t in trivia.iter().filter(|t| t.span.end > range.start && t.span.start < range.end) {
        if t.span.start > start {
            out.push(start..t.span.start);
        }
        start = start.max(t.span.end);
    }
    if start < range.end {
        out.push(start..range.end);
    }
    out
}

fn paint_instruction(canvas: &mut Canvas<'_>, file: &Dockerfile, instruction: &Instruction, trivia: &[Trivia]) {
    let keyword = instruction.keyword.span;
    let known = instruction.known_name();
    canvas.paint(keyword.start..keyword.end, if known.is_some() { TokenClass::Keyword } else { TokenClass::Error });
    for flag in &instruction.flags {
        canvas.paint(flag.span.start..flag.span.end, TokenClass::Flag);
    }
    let escape = file.escape;
    match &instruction.args {
        Arguments::Empty => {}
        Arguments::Ignored => {
            let rest = keyword.end..instruction.original_span.end.min(instruction.span.end);
            for segment in segments(rest, trivia) {
                canvas.paint_lines(Span::new(segment.start, segment.end), TokenClass::Plain);
            }
        }
        Arguments::Json(tokens) => paint_json(canvas, instruction, tokens.iter().map(|t| t.span), trivia),
        Arguments::Text(token) => paint_word(canvas, token.span, trivia, escape),
        Arguments::Words(tokens) => {
            let is_from = known == Some("from");
            let is_arg = known == Some("arg");
            for (i, token) in tokens.iter().enumerate() {
                if is_from && i == 1 && token.value.eq_ignore_ascii_case("as") {
                    canvas.paint(token.span.start..token.span.end, TokenClass::Keyword);
                    continue;
                }
                match canvas.text(token.span.start..token.span.end).find('=').filter(|_| is_arg) {
                    Some(eq) => {
                        let at = token.span.start + eq;
                        canvas.paint(token.span.start..at, TokenClass::Plain);
                        canvas.paint(at..at + 1, TokenClass::Operator);
                        paint_word(canvas, Span::new(at + 1, token.span.end), trivia, escape);
                    }
                    None => paint_word(canvas, token.span, trivia, escape),
                }
            }
        }
        Arguments::KeyValues(pairs) => {
            for pair in pairs {
                paint_word(canvas, pair.key.span, trivia, escape);
                let between = pair.key.span.end..pair.value.span.start;
                if !pair.legacy && canvas.text(between.clone()) == "=" {
                    canvas.paint(between, TokenClass::Operator);
                }
                paint_word(canvas, pair.value.span, trivia, escape);
            }
        }
        Arguments::Healthcheck { kind, command } => {
            canvas.paint(kind.span.start..kind.span.end, TokenClass::Keyword);
            match command.as_ref() {
                Arguments::Json(tokens) => paint_json(canvas, instruction, tokens.iter().map(|t| t.span), trivia),
                Arguments::Text(token) => paint_word(canvas, token.span, trivia, escape),
                _ => {}
            }
        }
        Arguments::Onbuild(inner) => paint_instruction(canvas, file, inner, trivia),
    }
}

/// JSON strings, and the brackets and commas between them.
fn paint_json(
    canvas: &mut Canvas<'_>,
    instruction: &Instruction,
    strings: impl Iterator<Item = Span>,
    trivia: &[Trivia],
) {
    let strings: Vec<Span> = strings.collect();
    let after_flags = instruction.flags.last().map_or(instruction.keyword.span.end, |f| f.span.end);
    let region = after_flags..instruction.original_span.end.max(after_flags).min(canvas.source.len());
    for segment in segments(region, trivia) {
        let offsets: Vec<usize> = canvas
            .text(segment.clone())
            .bytes()
            .enumerate()
            .filter(|(_, b)| matches!(b, b'[' | b']' | b','))
            .map(|(i, _)| segment.start + i)
            .filter(|at| !strings.iter().any(|s| s.start <= *at && *at < s.end))
            .collect();
        for at in offsets {
            canvas.paint(at..at + 1, TokenClass::JsonPunct);
        }
    }
    for span in strings {
        for segment in segments(span.start..span.end, trivia) {
            canvas.paint(segment, TokenClass::String);
        }
    }
}

/// An argument word or shell text: plain, with quoted strings and variable references.
fn paint_word(canvas: &mut Canvas<'_>, span: Span, trivia: &[Trivia], escape: char) {
    for segment in segments(span.start..span.end, trivia) {
        canvas.paint(segment.clone(), TokenClass::Plain);
        paint_quotes(canvas, segment.clone(), escape);
        paint_variables(canvas, segment, escape);
    }
}

/// Quoted regions of `range`: `'…'` and `"…"` (escapes honoured outside single quotes); an
/// unclosed quote runs to the end of the range.
fn paint_quotes(canvas: &mut Canvas<'_>, range: Range<usize>, escape: char) {
    let mut quotes = Vec::new();
    let text = canvas.text(range.clone());
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == escape {
            chars.next();
            continue;
        }
        if c != '\'' && c != '"' {
            continue;
        }
        let mut end = text.len();
        while let Some((j, inner)) = chars.next() {
            if inner == escape && c == '"' {
                chars.next();
            } else if inner == c {
                end = j + 1;
                break;
            }
        }
        quotes.push(range.start + i..range.start + end);
    }
    for quote in quotes {
        canvas.paint(quote, TokenClass::String);
    }
}

/// Variable references in `range`.
fn paint_variables(canvas: &mut Canvas<'_>, range: Range<usize>, escape: char) {
    let refs = references(canvas.text(range.clone()), escape);
    for r in refs {
        canvas.paint(range.start + r.offset..range.start + r.offset + r.len, TokenClass::Variable);
    }
}

fn paint_trivia(canvas: &mut Canvas<'_>, trivia: &[Trivia]) {
    for t in trivia {
        match t.kind {
            TriviaKind::Continuation => {
                let text = canvas.text(t.span.start..t.span.end);
                let first = text.chars().next().map_or(0, char::len_utf8);
                canvas.paint(t.span.start..t.span.start + first, TokenClass::Operator);
            }
            TriviaKind::Comment => canvas.paint_lines(t.span, TokenClass::Comment),
            TriviaKind::EmptyLine => {}
        }
    }
}

/// Heredoc markers on the instruction line, bodies (with variables when the body expands) and
/// terminators.
fn paint_heredocs(canvas: &mut Canvas<'_>, file: &Dockerfile, instruction: &Instruction) {
    if instruction.heredocs.is_empty() {
        return;
    }
    let line = instruction.keyword.span.end..instruction.original_span.end.min(canvas.source.len());
    let mut search_from = line.start;
    for heredoc in &instruction.heredocs {
        if let Some(marker) = find_marker(canvas.text(search_from..line.end), &heredoc.name) {
            canvas.paint(search_from + marker.start..search_from + marker.end, TokenClass::Operator);
            search_from += marker.end;
        }
        let body = heredoc.body_span;
        canvas.paint(body.start..body.end, TokenClass::Heredoc);
        if heredoc.expand {
            for (offset, line) in lines_of(canvas.text(body.start..body.end), body.start) {
                for r in references(line, file.escape) {
                    canvas.paint(offset + r.offset..offset + r.offset + r.len, TokenClass::Variable);
                }
            }
        }
        canvas.paint_lines(heredoc.terminator_span, TokenClass::Operator);
    }
}

/// Each line of `text` with its absolute offset.
fn lines_of(text: &str, base: usize) -> Vec<(usize, &str)> {
    let mut offset = base;
    text.split_inclusive('\n')
        .map(|line| {
            let at = offset;
            offset += line.len();
            (at, line)
        })
        .collect()
}

/// The first `<<[-]NAME` marker (name possibly quoted) in `text`: its byte range.
fn find_marker(text: &str, name: &str) -> Option<Range<usize>> {
    let mut from = 0;
    while let Some(found) = text.get(from..)?.find("<<") {
        let start = from + found;
        let mut end = start + 2;
        if text[end..].starts_with('-') {
            end += 1;
        }
        end += text[end..].len() - text[end..].trim_start_matches([' ', '\t']).len();
        let rest = &text[end..];
        let word_len = rest.find([' ', '\t', '\n', '\r']).unwrap_or(rest.len());
        let word = &rest[..word_len];
        if word.replace(['\'', '"'], "") == name {
            let digits = text[..start].len() - text[..start].trim_end_matches(|c: char| c.is_ascii_digit()).len();
            return Some(start - digits..end + word_len);
        }
        from = start + 2;
    }
    None
}

//! The parse driver: BuildKit's `parser.Parse` loop (physical lines, directives,
//! continuations, heredocs) with spans, lossless elements and error recovery — an error
//! in one instruction is reported and parsing resumes at the next line.

use crate::diagnostic::Diagnostic;
use crate::directive::{escape_char, match_directive, KNOWN_DIRECTIVES};
use crate::gocompat::{is_space, trim_start_space};
use crate::heredoc::heredocs_in_line;
use crate::line_parsers::parse_line;
use crate::span::{LineIndex, Span};
use crate::tree::{Arguments, Directive, Dockerfile, Element, ElementKind, Heredoc, Instruction, Trivia, TriviaKind};

/// BuildKit's longest accepted physical line (`bufio.MaxScanTokenSize - 1`).
pub const MAX_LINE_BYTES: usize = 65535;

const BOM: &str = "\u{FEFF}";

/// Parses Dockerfile source text. Never panics; problems become diagnostics.
pub fn parse(source: &str) -> Dockerfile {
    Parser::new(source).run()
}

/// Parses raw bytes: invalid UTF-8 is reported as an error at its position and the
/// rest is parsed with the invalid bytes replaced by U+FFFD.
pub fn parse_bytes(bytes: &[u8]) -> Dockerfile {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(err) => {
            let text = String::from_utf8_lossy(bytes);
            let mut file = parse(&text);
            let at = err.valid_up_to();
            file.diagnostics.push(Diagnostic::error("invalid UTF-8 byte sequence", Span::new(at, at + 3)));
            slipway_sort::sort_by_key(&mut file.diagnostics, |d| (d.span.start, d.span.end));
            file
        }
    }
}

/// A physical line: `start..content_end` is the text, `end` is past its `\n`.
#[derive(Clone, Copy)]
struct PhysicalLine {
    start: usize,
    content_end: usize,
    end: usize,
    number: usize,
}

/// Maps offsets of a joined logical line back to the source.
#[derive(Default)]
struct LogicalLine {
    text: String,
    /// (offset in `text`, offset in source) at the start of each joined piece.
    pieces: Vec<(usize, usize)>,
}

impl LogicalLine {
    fn clear(&mut self) {
        self.text.clear();
        self.pieces.clear();
    }

    fn push(&mut self, piece: &str, source_start: usize) {
        self.pieces.push((self.text.len(), source_start));
        self.text.push_str(piece);
    }

    fn start(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|&(logical, _)| logical <= offset).max(1) - 1;
        let (logical, source) = self.pieces[i];
        source + (offset - logical)
    }

    fn end(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|&(logical, _)| logical < offset).max(1) - 1;
        let (logical, source) = self.pieces[i];
        source + offset.saturating_sub(logical)
    }

    fn span(&self, span: Span) -> Span {
        let start = self.start(span.start);
        Span::new(start, self.end(span.end).max(start))
    }
}

struct Parser<'a> {
    source: &'a str,
    lines: Vec<PhysicalLine>,
    next: usize,
    escape: char,
    directives_done: bool,
    directives: Vec<Directive>,
    comments: Vec<String>,
    instructions: Vec<Instruction>,
    elements: Vec<Element>,
    diagnostics: Vec<Diagnostic>,
    /// Reused buffer for the line being joined.
    logical: LogicalLine,
}

impl<'a> Parser<'a> {
    fn new(source: &'a str) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        for (number, newline) in memchr::memchr_iter(b'\n', source.as_bytes()).enumerate() {
            lines.push(PhysicalLine { start, content_end: newline, end: newline + 1, number: number + 1 });
            start = newline + 1;
        }
        if start < source.len() {
            lines.push(PhysicalLine { start, content_end: source.len(), end: source.len(), number: lines.len() + 1 });
        }
        let (element_capacity, instruction_capacity) = (lines.len(), lines.len() / 2 + 1);
        Parser {
            source,
            lines,
            next: 0,
            escape: '\\',
            directives_done: false,
            directives: Vec::new(),
            comments: Vec::new(),
            instructions: Vec::with_capacity(instruction_capacity),
            elements: Vec::with_capacity(element_capacity),
            diagnostics: Vec::new(),
            logical: LogicalLine::default(),
        }
    }

    fn run(mut self) -> Dockerfile {
        while self.next < self.lines.len() {
            self.top_level_line();
        }
        if self.instructions.is_empty() {
            let end = self.source.len();
            let start = self.lines.last().map_or(0, |l| l.start);
            self.diagnostics.push(Diagnostic::error("file with no instructions", Span::new(start, end)));
        }
        slipway_sort::sort_by_key(&mut self.diagnostics, |d| (d.span.start, d.span.end));
        let mut line_starts: Vec<usize> = self.lines.iter().map(|l| l.start).collect();
        if line_starts.is_empty() {
            line_starts.push(0);
        }
        if self.source.ends_with('\n') {
            line_starts.push(self.source.len());
        }
        Dockerfile {
            source: self.source.to_string(),
            escape: self.escape,
            directives: self.directives,
            instructions: self.instructions,
            elements: self.elements,
            diagnostics: self.diagnostics,
            line_index: LineIndex::from_starts(line_starts),
        }
    }

    /// The text of a line with trailing `\r`/`\n` removed (Go's `trimNewline`).
    fn text(&self, line: PhysicalLine) -> (usize, &'a str) {
        let mut start = line.start;
        if line.number == 1 && self.source[start..].starts_with(BOM) {
            start += BOM.len();
        }
        (start, self.source[start..line.content_end].trim_end_matches(['\r', '\n']))
    }

    /// Reports a physical line longer than BuildKit accepts; true if it was too long.
    fn too_long(&mut self, line: PhysicalLine) -> bool {
        if line.content_end - line.start <= MAX_LINE_BYTES {
            return false;
        }
        let message = format!("dockerfile line greater than max allowed size of {MAX_LINE_BYTES}");
        self.diagnostics.push(Diagnostic::error(message, Span::new(line.start + MAX_LINE_BYTES, line.content_end)));
        true
    }

    fn top_level_line(&mut self) {
        let line = self.lines[self.next];
        self.next += 1;
        if self.too_long(line) {
            self.elements.push(Element { kind: ElementKind::Error, span: Span::new(line.start, line.end) });
            return;
        }
        let (text_start, text) = self.text(line);
        if is_comment(text) {
            // BuildKit drops the line's first byte (not the `#`), then trims.
            let raw = &self.source[text_start..line.end];
            let after_first = raw.char_indices().nth(1).map_or("", |(i, _)| &raw[i..]);
            let comment = go_trim_space(after_first);
            if comment.is_empty() {
                self.comments.clear();
            } else {
                self.comments.push(comment.to_string());
            }
        }
        let trimmed = trim_start_space(text);
        let trimmed_start = text_start + (text.len() - trimmed.len());
        if let Some(kind) = self.possible_directive(trimmed, trimmed_start) {
            self.elements.push(Element { kind, span: Span::new(line.start, line.end) });
            return;
        }
        let body = if is_comment(trimmed) { "" } else { trimmed };
        let (joined, continues) = trim_continuation(body, self.escape);
        if !continues && joined.is_empty() {
            let kind = if body.is_empty() && !trimmed.is_empty() { ElementKind::Comment } else { ElementKind::Blank };
            self.elements.push(Element { kind, span: Span::new(line.start, line.end) });
            return;
        }
        self.instruction(line, trimmed_start, joined, continues);
    }

    /// Runs the directive scanner on a left-trimmed line; returns the element kind when
    /// the line is consumed as a directive.
    fn possible_directive(&mut self, line: &str, offset: usize) -> Option<ElementKind> {
        if self.directives_done {
            return None;
        }
        let Some((name_span, value_span)) = match_directive(line) else {
            self.directives_done = true;
            return None;
        };
        let name = line[name_span.start..name_span.end].to_ascii_lowercase();
        if !KNOWN_DIRECTIVES.contains(&name.as_str()) {
            self.directives_done = true;
            return None;
        }
        let span = Span::new(offset, offset + line.len());
        let value_span = Span::new(offset + value_span.start, offset + value_span.end);
        let value = line[value_span.start - offset..value_span.end - offset].to_string();
        if self.directives.iter().any(|d| d.name == name) {
            let message = format!("only one {name} parser directive can be used");
            self.diagnostics.push(Diagnostic::error(message, span));
            self.comments.pop();
            return Some(ElementKind::Error);
        }
        if name == "escape" {
            match escape_char(&value) {
                Ok(c) => self.escape = c,
                Err(message) => {
                    self.diagnostics.push(Diagnostic::error(message, value_span));
                    return Some(ElementKind::Error);
                }
            }
        }
        self.comments.pop();
        self.directives.push(Directive { name, value, span, value_span });
        Some(ElementKind::Directive { index: self.directives.len() - 1 })
    }

    fn instruction(&mut self, first: PhysicalLine, start: usize, joined: &str, mut continues: bool) {
        let mut logical = std::mem::take(&mut self.logical);
        logical.clear();
        logical.push(joined, start);
        let mut trivia = Vec::new();
        if continues {
            trivia.push(Trivia { kind: TriviaKind::Continuation, span: Span::new(start + joined.len(), first.end) });
        }
        let mut last = first;
        let mut first_empty_line = None;
        while continues && self.next < self.lines.len() {
            let line = self.lines[self.next];
            self.next += 1;
            last = line;
            if self.too_long(line) {
                continue;
            }
            let (text_start, text) = self.text(line);
            let whole = Span::new(line.start, line.end);
            if is_comment(text) {
                trivia.push(Trivia { kind: TriviaKind::Comment, span: whole });
                continue;
            }
            if trim_start_space(text).is_empty() {
                first_empty_line.get_or_insert(whole);
                trivia.push(Trivia { kind: TriviaKind::EmptyLine, span: whole });
                continue;
            }
            let (piece, more) = trim_continuation(text, self.escape);
            logical.push(piece, text_start);
            if more {
                trivia.push(Trivia {
                    kind: TriviaKind::Continuation,
                    span: Span::new(text_start + piece.len(), line.end),
                });
            }
            continues = more;
        }
        if let Some(span) = first_empty_line {
            let message = format!("Empty continuation line found in: {}", logical.text);
            self.diagnostics.push(Diagnostic::warning("NoEmptyContinuation", message, span));
        }
        let mut node = match parse_line(&logical.text, self.escape) {
            Ok(node) => node,
            Err(err) => {
                self.diagnostics.push(Diagnostic::error(err.message, logical.span(err.span)));
                self.comments.clear();
                self.elements.push(Element { kind: ElementKind::Error, span: Span::new(first.start, last.end) });
                self.logical = logical;
                return;
            }
        };
        if logical.pieces.len() > 1 {
            keep_joined_text(&mut node, &logical.text);
        }
        remap_spans(&mut node, &|span| logical.span(span));
        node.trivia = trivia;
        node.start_line = first.number;
        node.comments = std::mem::take(&mut self.comments);
        let heredoc_starts = if can_contain_heredoc(&node) && logical.text.contains("<<") {
            heredocs_in_line(&logical.text)
        } else {
            Vec::new()
        };
        self.logical = logical;
        for start in heredoc_starts {
            let (heredoc, last_read) = self.read_heredoc(start, &node);
            last = last_read.unwrap_or(last);
            node.heredocs.push(heredoc);
        }
        node.end_line = last.number;
        node.span = Span::new(node.span.start, last.content_end.max(node.span.start));
        self.instructions.push(node);
        self.elements.push(Element {
            kind: ElementKind::Instruction { index: self.instructions.len() - 1 },
            span: Span::new(first.start, last.end),
        });
    }

    /// Reads a heredoc body up to its terminator; returns the heredoc and the last line read.
    fn read_heredoc(
        &mut self,
        start: crate::heredoc::HeredocStart,
        node: &Instruction,
    ) -> (Heredoc, Option<PhysicalLine>) {
        let body_start = self.lines.get(self.next).map_or(self.source.len(), |l| l.start);
        let mut content = String::new();
        let mut last = None;
        let mut terminator_span = None;
        while self.next < self.lines.len() {
            let line = self.lines[self.next];
            self.next += 1;
            last = Some(line);
            self.too_long(line);
            let text = self.source[line.start..line.content_end].trim_end_matches(['\r', '\n']);
            let candidate = if start.chomp { text.trim_start_matches('\t') } else { text };
            if candidate == start.name {
                terminator_span = Some(Span::new(line.start, line.content_end));
                break;
            }
            content.push_str(&self.source[line.start..line.end]);
        }
        let body_end = body_start + content.len();
        let terminator_span = terminator_span.unwrap_or_else(|| {
            self.diagnostics.push(Diagnostic::error(
                "unterminated heredoc",
                node.keyword.span.cover(Span::new(body_end, body_end)),
            ));
            Span::new(body_end, body_end)
        });
        let heredoc = Heredoc {
            name: start.name,
            file_descriptor: start.file_descriptor,
            chomp: start.chomp,
            expand: start.expand,
            content,
            body_span: Span::new(body_start, body_end),
            terminator_span,
        };
        (heredoc, last)
    }
}

/// Go's `strings.TrimSpace`.
fn go_trim_space(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// BuildKit's `isComment`: first non-blank character is `#`.
fn is_comment(line: &str) -> bool {
    trim_start_space(line).starts_with('#')
}

/// BuildKit's continuation test: the line ends with the escape character followed only
/// by spaces/tabs, and the character before it is not the escape character too.
/// Returns the line without the escape (and what follows it) and whether it continues.
fn trim_continuation(line: &str, escape: char) -> (&str, bool) {
    let without_blanks = line.trim_end_matches([' ', '\t']);
    let Some(before) = without_blanks.strip_suffix(escape) else {
        return (line, false);
    };
    if before.ends_with(escape) {
        return (line, false);
    }
    (before, true)
}

fn can_contain_heredoc(node: &Instruction) -> bool {
    let target = match &node.args {
        Arguments::Onbuild(inner) if node.known_name() == Some("onbuild") => inner,
        _ => node,
    };
    matches!(target.known_name(), Some("run" | "copy" | "add")) && !target.is_json()
}

/// Stores the joined logical text of an instruction (and of an ONBUILD trigger) whose
/// logical line is not a single source range.
fn keep_joined_text(node: &mut Instruction, logical: &str) {
    node.joined = logical.get(node.original_span.start..node.original_span.end).map(Into::into);
    if let Arguments::Onbuild(inner) = &mut node.args {
        keep_joined_text(inner, logical);
    }
}

/// Applies `map` to every span inside an instruction.
fn remap_spans(node: &mut Instruction, map: &dyn Fn(Span) -> Span) {
    node.keyword.span = map(node.keyword.span);
    node.span = map(node.span);
    node.original_span = map(node.original_span);
    for flag in &mut node.flags {
        flag.span = map(flag.span);
    }
    remap_args(&mut node.args, map);
}

fn remap_args(args: &mut Arguments, map: &dyn Fn(Span) -> Span) {
    match args {
        Arguments::Empty | Arguments::Ignored => {}
        Arguments::Json(tokens) | Arguments::Words(tokens) => {
            for token in tokens {
                token.span = map(token.span);
            }
        }
        Arguments::Text(token) => token.span = map(token.span),
        Arguments::KeyValues(pairs) => {
            for pair in pairs {
                pair.key.span = map(pair.key.span);
                pair.value.span = map(pair.value.span);
            }
        }
        Arguments::Healthcheck { kind, command } => {
            kind.span = map(kind.span);
            remap_args(command, map);
        }
        Arguments::Onbuild(inner) => remap_spans(inner, map),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_rules() {
        assert_eq!(trim_continuation("RUN a \\", '\\'), ("RUN a ", true));
        assert_eq!(trim_continuation("RUN a \\  \t", '\\'), ("RUN a ", true));
        assert_eq!(trim_continuation("RUN a \\\\", '\\'), ("RUN a \\\\", false));
        assert_eq!(trim_continuation("\\", '\\'), ("", true));
        assert_eq!(trim_continuation("RUN a `", '`'), ("RUN a ", true));
    }
}

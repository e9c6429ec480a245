//! The lossless syntax tree: every physical line of the source belongs to exactly one
//! [`Element`], and every instruction keeps the spans of its keyword, flags, arguments,
//! heredocs and the trivia (continuations, comments) between them.

use compact_str::CompactString;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::span::{LineIndex, Span};

/// A piece of text from the Dockerfile with its value after BuildKit's processing
/// (quotes stripped in flags, JSON decoded, continuation lines joined) and its span in
/// the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    /// The value BuildKit sees.
    pub value: CompactString,
    /// Where it was written.
    pub span: Span,
}

/// A `key=value` (or legacy `key value`) pair of ENV or LABEL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyValue {
    /// The key, exactly as written (quotes are processed at expansion time).
    pub key: Token,
    /// The value, exactly as written.
    pub value: Token,
    /// True for the legacy `ENV key value` form (no `=`).
    pub legacy: bool,
}

/// The arguments of an instruction, shaped by the instruction's line parser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "items", rename_all = "snake_case")]
pub enum Arguments {
    /// Nothing after the instruction name (and flags).
    Empty,
    /// Unknown instruction: BuildKit keeps an empty argument node.
    Ignored,
    /// Exec (JSON array) form.
    Json(Vec<Token>),
    /// The rest of the line as one string (shell form, MAINTAINER, USER, WORKDIR, STOPSIGNAL).
    Text(Token),
    /// Separate words (FROM, EXPOSE, ADD/COPY/VOLUME shell form, ARG).
    Words(Vec<Token>),
    /// ENV and LABEL pairs.
    KeyValues(Vec<KeyValue>),
    /// HEALTHCHECK: the type word (`CMD`/`NONE`) then the command.
    Healthcheck {
        /// `CMD`, `NONE` or whatever was written.
        kind: Token,
        /// The command after the type.
        command: Box<Arguments>,
    },
    /// ONBUILD: the wrapped instruction.
    Onbuild(Box<Instruction>),
}

/// A heredoc attached to RUN, COPY or ADD.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heredoc {
    /// The terminator word, quotes removed.
    pub name: String,
    /// File descriptor prefix (`3<<EOF`), 0 when absent.
    pub file_descriptor: u32,
    /// `<<-`: leading tabs are stripped from the body and the terminator.
    pub chomp: bool,
    /// False when any part of the name was quoted: the body is not expanded.
    pub expand: bool,
    /// The body exactly as written, line endings included, terminator excluded.
    pub content: String,
    /// The body lines.
    pub body_span: Span,
    /// The terminator line (without its newline).
    pub terminator_span: Span,
}

impl Heredoc {
    /// The body as BuildKit uses it: with leading tabs removed from every line for `<<-`.
    pub fn effective_content(&self) -> String {
        if !self.chomp {
            return self.content.clone();
        }
        self.content.split_inclusive('\n').map(|line| line.trim_start_matches('\t')).collect()
    }
}

/// Text inside an instruction's lines that BuildKit drops when joining the logical line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TriviaKind {
    /// The escape character ending a line, with trailing blanks and the newline.
    Continuation,
    /// A comment line inside a continuation.
    Comment,
    /// A blank line inside a continuation (NoEmptyContinuation).
    EmptyLine,
}

/// One piece of trivia and its span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Trivia {
    /// What it is.
    pub kind: TriviaKind,
    /// Where it is.
    pub span: Span,
}

/// One instruction, BuildKit's `Node` with spans.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Instruction {
    /// The instruction name as written (`run`, `RUN`, …).
    pub keyword: Token,
    /// Leading `--flag` words, quotes stripped as BuildKit does.
    pub flags: Vec<Token>,
    /// The arguments.
    pub args: Arguments,
    /// Heredocs, in the order their bodies appear.
    pub heredocs: Vec<Heredoc>,
    /// Where the logical line BuildKit parsed comes from: for a single physical line it is
    /// exactly this source range (see [`Instruction::original`]).
    pub original_span: Span,
    /// The joined logical line when it spans several physical lines (otherwise `None`:
    /// the text is the source at `original_span`, so it is not copied).
    #[serde(skip)]
    pub joined: Option<CompactString>,
    /// Comment lines directly above the instruction (text after `#`, trimmed).
    pub comments: Vec<String>,
    /// Continuations and dropped lines inside the instruction.
    pub trivia: Vec<Trivia>,
    /// From the first character of the keyword to the end of the last line (heredoc
    /// terminators included), newline excluded.
    pub span: Span,
    /// 1-based first line.
    pub start_line: usize,
    /// 1-based last line, heredoc bodies included.
    pub end_line: usize,
}

impl Instruction {
    /// The logical line BuildKit parsed (continuations joined), given the file's source.
    pub fn original<'a>(&'a self, source: &'a str) -> &'a str {
        match &self.joined {
            Some(joined) => joined,
            None => source.get(self.original_span.start..self.original_span.end).unwrap_or(""),
        }
    }

    /// The lower-cased instruction name.
    pub fn name(&self) -> String {
        self.keyword.value.to_ascii_lowercase().into()
    }

    /// The instruction's lower-case name when it is one of the 18 known instructions.
    pub fn known_name(&self) -> Option<&'static str> {
        crate::instructions::known_instruction(&self.keyword.value)
    }

    /// True when the arguments are in exec (JSON) form.
    pub fn is_json(&self) -> bool {
        match &self.args {
            Arguments::Json(_) => true,
            Arguments::Healthcheck { command, .. } => matches!(**command, Arguments::Json(_)),
            _ => false,
        }
    }

    /// BuildKit's flat argument list (`nodeArgs`): words in order, ENV/LABEL as
    /// key/value/separator triples, ONBUILD as the inner name then its dump.
    pub fn arg_values(&self) -> Vec<String> {
        fn push(args: &Arguments, out: &mut Vec<String>) {
            match args {
                Arguments::Empty => {}
                Arguments::Ignored => out.push(String::new()),
                Arguments::Json(tokens) | Arguments::Words(tokens) => {
                    out.extend(tokens.iter().map(|t| t.value.to_string()))
                }
                Arguments::Text(token) => out.push(token.value.to_string()),
                Arguments::KeyValues(pairs) => {
                    for pair in pairs {
                        out.push(pair.key.value.to_string());
                        out.push(pair.value.value.to_string());
                        out.push(if pair.legacy { String::new() } else { "=".into() });
                    }
                }
                Arguments::Healthcheck { kind, command } => {
                    out.push(kind.value.to_string());
                    push(command, out);
                }
                Arguments::Onbuild(inner) => {
                    out.push(inner.keyword.value.to_string());
                    out.push(inner.dump());
                }
            }
        }
        let mut out = Vec::new();
        push(&self.args, &mut out);
        out
    }

    /// BuildKit's `Node.Dump()` for this instruction (without the surrounding parentheses).
    pub fn dump(&self) -> String {
        crate::dump::instruction(self)
    }
}

/// A parser directive at the top of the file (`# escape=\``).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// Lower-cased name: `syntax`, `escape` or `check`.
    pub name: String,
    /// The value, trimmed.
    pub value: String,
    /// The whole directive line (without newline).
    pub span: Span,
    /// Where the value is.
    pub value_span: Span,
}

/// What a run of physical lines is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ElementKind {
    /// A parser directive; index into [`Dockerfile::directives`].
    Directive {
        /// Index of the directive.
        index: usize,
    },
    /// An ordinary comment line.
    Comment,
    /// A line with only blanks.
    Blank,
    /// An instruction; index into [`Dockerfile::instructions`].
    Instruction {
        /// Index of the instruction.
        index: usize,
    },
    /// Lines that could not be parsed into an instruction (see the diagnostics).
    Error,
}

/// A run of whole physical lines (newline included); the elements of a file cover it
/// exactly, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Element {
    /// What the lines are.
    #[serde(flatten)]
    pub kind: ElementKind,
    /// The lines, newline included.
    pub span: Span,
}

/// A parsed Dockerfile: the syntax tree plus every diagnostic found.
#[derive(Clone, Debug, Serialize)]
pub struct Dockerfile {
    /// The source text that was parsed.
    #[serde(skip)]
    pub source: String,
    /// The escape character in effect (`\` or `` ` ``).
    pub escape: char,
    /// Parser directives.
    pub directives: Vec<Directive>,
    /// Instructions in order.
    pub instructions: Vec<Instruction>,
    /// Every line of the file, grouped.
    pub elements: Vec<Element>,
    /// Errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
    #[serde(skip)]
    pub(crate) line_index: LineIndex,
}

impl Dockerfile {
    /// The value of a directive by lower-case name.
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives.iter().find(|d| d.name == name)
    }

    /// Line/column conversion for this file's source.
    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    /// The source text covered by `span`.
    pub fn text(&self, span: Span) -> &str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    /// True when some diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.is_error())
    }

    /// BuildKit's `Node.Dump()` of the whole file, one line per instruction.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for instruction in &self.instructions {
            out.push('(');
            out.push_str(&instruction.dump());
            out.push_str(")\n");
        }
        out
    }
}

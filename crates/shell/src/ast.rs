//! The syntax tree of a shell script.
//!
//! Structure, from the top: a [`Script`] holds a [`List`] of [`ListItem`]s separated by `;`,
//! `&` or newlines; each item is an [`AndOr`] chain of [`Pipeline`]s joined by `&&`/`||`; each
//! pipeline is a sequence of [`Command`]s joined by `|`. Every node carries a [`Span`] into the
//! shell source.

use crate::span::Span;
use crate::word::{Arith, Word};

/// A parsed script: the top-level command list plus the comments found anywhere in it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Script {
    /// The top-level commands.
    pub body: List,
    /// Spans of all comments (`#` to end of line, newline excluded), in source order.
    pub comments: Vec<Span>,
    /// Span of the whole source.
    pub span: Span,
}

/// A sequence of and-or chains separated by `;`, `&` or newlines.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct List {
    /// The items in source order.
    pub items: Vec<ListItem>,
    /// Span from the first item to the last (empty at the list's position when it has no item).
    pub span: Span,
}

/// One element of a [`List`]: an and-or chain and the separator that ends it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ListItem {
    /// The chain.
    pub and_or: AndOr,
    /// The separator after it, if any (`;`, `&` or a newline).
    pub separator: Option<Separator>,
    /// Span of the chain and its separator.
    pub span: Span,
}

/// What ends a [`ListItem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum SeparatorKind {
    /// `;`
    Semi,
    /// `&`: the chain runs in the background.
    Amp,
    /// A newline.
    Newline,
}

/// A list separator with its span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Separator {
    /// Which separator.
    pub kind: SeparatorKind,
    /// Its span.
    pub span: Span,
}

/// `&&` or `||`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum AndOrOp {
    /// `&&`: run the next pipeline if this one succeeded.
    And,
    /// `||`: run the next pipeline if this one failed.
    Or,
}

/// Pipelines joined by `&&` and `||`: `a && b || c`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AndOr {
    /// The pipelines, at least one.
    pub pipelines: Vec<Pipeline>,
    /// `ops[i]` joins `pipelines[i]` and `pipelines[i + 1]`.
    pub ops: Vec<AndOrOp>,
    /// Span of the chain.
    pub span: Span,
}

/// `|` or `|&`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum PipeOp {
    /// `|`: standard output only.
    Pipe,
    /// `|&`: standard output and standard error (bash).
    PipeAll,
}

/// Commands joined by pipes, optionally negated with `!`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Pipeline {
    /// Whether the pipeline starts with `!`.
    pub bang: bool,
    /// The commands, at least one.
    pub commands: Vec<Command>,
    /// `ops[i]` joins `commands[i]` and `commands[i + 1]`.
    pub ops: Vec<PipeOp>,
    /// Span of the pipeline, `!` included.
    pub span: Span,
}

/// One command of a pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Command {
    /// A simple command: assignments, words and redirects.
    Simple(SimpleCommand),
    /// A compound command (`{ }`, `( )`, `if`, loops, `case`, …) with its redirects.
    Compound(CompoundCommand),
    /// A function definition.
    Function(FunctionDef),
}

impl Command {
    /// The span of the command.
    pub fn span(&self) -> Span {
        match self {
            Command::Simple(c) => c.span,
            Command::Compound(c) => c.span,
            Command::Function(f) => f.span,
        }
    }
}

/// `NAME=value cmd arg… >redirect`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SimpleCommand {
    /// Assignments before the command name.
    pub assignments: Vec<Assignment>,
    /// The command name followed by its arguments (empty for an assignment-only or
    /// redirect-only command).
    pub words: Vec<Word>,
    /// Redirects, wherever they appear among the words.
    pub redirects: Vec<Redirect>,
    /// Span of the command.
    pub span: Span,
}

impl SimpleCommand {
    /// The command name word, if any.
    pub fn name(&self) -> Option<&Word> {
        self.words.first()
    }

    /// The command name's literal value (`None` when absent or not statically known).
    pub fn name_literal(&self) -> Option<String> {
        self.name().and_then(Word::literal)
    }

    /// The argument words (everything after the name).
    pub fn args(&self) -> &[Word] {
        self.words.get(1..).unwrap_or(&[])
    }

    /// The literal value of each argument, `None` where it contains an expansion.
    pub fn arg_literals(&self) -> Vec<Option<String>> {
        self.args().iter().map(Word::literal).collect()
    }

    /// Whether the command name is literally `name` (e.g. `"apt-get"`).
    pub fn is(&self, name: &str) -> bool {
        self.name_literal().as_deref() == Some(name)
    }

    /// For a `set` command, the shell options it turns on, by long name: `set -eux` gives
    /// `["errexit", "nounset", "xtrace"]`, `set -o pipefail` gives `["pipefail"]`. Options
    /// turned off (`+e`, `+o name`) and arguments that are not statically known are ignored;
    /// the list is empty for any other command.
    pub fn enabled_shell_options(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.is("set") {
            return out;
        }
        let args: Vec<Option<String>> = self.arg_literals();
        let mut i = 0;
        while let Some(arg) = args.get(i) {
            i += 1;
            let Some(arg) = arg else { continue };
            if arg == "--" {
                break;
            }
            let Some(letters) = arg.strip_prefix('-') else {
                continue;
            };
            for letter in letters.chars() {
                if letter == 'o' {
                    if let Some(Some(name)) = args.get(i) {
                        out.push(name.clone());
                    }
                    i += 1;
                } else if let Some(name) = short_option_name(letter) {
                    out.push(name.to_string());
                }
            }
        }
        out
    }
}

/// The long name of a single-letter `set` option.
fn short_option_name(letter: char) -> Option<&'static str> {
    Some(match letter {
        'a' => "allexport",
        'b' => "notify",
        'C' => "noclobber",
        'e' => "errexit",
        'f' => "noglob",
        'h' => "hashall",
        'm' => "monitor",
        'n' => "noexec",
        'u' => "nounset",
        'v' => "verbose",
        'x' => "xtrace",
        _ => return None,
    })
}

/// The value of an [`Assignment`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum AssignValue {
    /// `NAME=word` (the word may be empty: `NAME=`).
    Scalar(Word),
    /// `NAME=(a b c)` (bash arrays).
    Array(Vec<Word>),
}

/// `NAME=value` or `NAME+=value` before a command name.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Assignment {
    /// The variable name.
    pub name: String,
    /// Span of the name.
    pub name_span: Span,
    /// Whether `+=` was used.
    pub append: bool,
    /// The value.
    pub value: AssignValue,
    /// Span of the whole assignment.
    pub span: Span,
}

/// A redirection operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum RedirectOp {
    /// `<`
    Read,
    /// `>`
    Write,
    /// `>>`
    Append,
    /// `>|`
    Clobber,
    /// `<>`
    ReadWrite,
    /// `<&` (duplicate an input descriptor, or `-` to close)
    DupRead,
    /// `>&` (duplicate an output descriptor, e.g. `2>&1`; bash also takes a file name)
    DupWrite,
    /// `&>` (bash: standard output and error to a file)
    WriteAll,
    /// `&>>` (bash: append standard output and error)
    AppendAll,
    /// `<<<` (bash here-string)
    HereString,
    /// `<<`
    HereDoc,
    /// `<<-` (heredoc with leading tabs stripped)
    HereDocStrip,
}

/// What a redirect points at.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum RedirectTarget {
    /// A file name, descriptor number or here-string word.
    Word(Word),
    /// A heredoc.
    HereDoc(HereDoc),
}

/// A heredoc: delimiter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct HereDoc {
    /// The delimiter with quotes removed (`EOF` for `<<'EOF'`).
    pub delimiter: String,
    /// Span of the delimiter word as written.
    pub delimiter_span: Span,
    /// Whether any part of the delimiter was quoted, which disables expansion in the body.
    pub quoted: bool,
    /// `<<-`: leading tabs are stripped from body lines and the delimiter line.
    pub strip_tabs: bool,
    /// The body, without the delimiter line. Unquoted bodies are parsed into parts (literal
    /// text, `$` expansions, command substitutions); quoted ones are one literal part. The
    /// span covers the body lines (ending after the last body newline). A body with no
    /// terminator runs to the end of the source, as in bash.
    pub body: Word,
    /// Parser-internal slot used to attach the body once it has been read.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub(crate) slot: Option<usize>,
}

/// A redirection: `[fd]op target`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Redirect {
    /// The explicit file descriptor (`2` in `2>&1`), if written.
    pub fd: Option<u32>,
    /// The operator.
    pub op: RedirectOp,
    /// The target.
    pub target: RedirectTarget,
    /// Span from the descriptor (or operator) to the end of the target word (heredoc bodies
    /// are not included; see [`HereDoc::body`]).
    pub span: Span,
}

impl Redirect {
    /// The target word, when the target is not a heredoc.
    pub fn word(&self) -> Option<&Word> {
        match &self.target {
            RedirectTarget::Word(w) => Some(w),
            RedirectTarget::HereDoc(_) => None,
        }
    }

    /// The heredoc, when the redirect is one.
    pub fn heredoc(&self) -> Option<&HereDoc> {
        match &self.target {
            RedirectTarget::HereDoc(h) => Some(h),
            RedirectTarget::Word(_) => None,
        }
    }
}

/// A compound command with the redirects applied to it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CompoundCommand {
    /// Which compound command.
    pub kind: CompoundKind,
    /// Redirects after it (`{ …; } > file`).
    pub redirects: Vec<Redirect>,
    /// Span from the opening keyword to the end of the last redirect.
    pub span: Span,
}

/// The kinds of compound command.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum CompoundKind {
    /// `{ list; }`
    BraceGroup(List),
    /// `( list )`
    Subshell(List),
    /// `if … then … elif … else … fi`
    If(IfClause),
    /// `for name in words; do … done`
    For(ForClause),
    /// `for ((init; cond; step)); do … done` (bash)
    ArithFor(ArithForClause),
    /// `while … do … done` or `until … do … done`
    While(WhileClause),
    /// `case word in … esac`
    Case(CaseClause),
    /// `(( expression ))` (bash)
    Arithmetic(Arith),
    /// `[[ expression ]]` (bash): the words between the brackets; operators such as `&&`, `<`
    /// or `(` appear as literal words.
    Test(Vec<Word>),
}

/// `if` with its branches.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct IfClause {
    /// The condition after `if`.
    pub condition: List,
    /// The body after `then`.
    pub then_body: List,
    /// `elif` branches in order.
    pub elifs: Vec<ElifClause>,
    /// The body after `else`.
    pub else_body: Option<List>,
}

/// One `elif cond; then body` branch.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ElifClause {
    /// The condition.
    pub condition: List,
    /// The body.
    pub body: List,
    /// Span from `elif` to the end of the body.
    pub span: Span,
}

/// `for name [in words]; do body; done`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ForClause {
    /// The loop variable.
    pub variable: String,
    /// Span of the loop variable.
    pub variable_span: Span,
    /// The words after `in`; `None` when `in` is absent (loops over `"$@"`).
    pub words: Option<Vec<Word>>,
    /// The loop body.
    pub body: List,
}

/// `for ((…)); do body; done`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ArithForClause {
    /// The `((init; cond; step))` header.
    pub header: Arith,
    /// The loop body.
    pub body: List,
}

/// `while`/`until` loops.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WhileClause {
    /// `until` rather than `while`.
    pub until: bool,
    /// The condition.
    pub condition: List,
    /// The body.
    pub body: List,
}

/// `case word in arms esac`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CaseClause {
    /// The word being matched.
    pub word: Word,
    /// The arms in order.
    pub arms: Vec<CaseArm>,
}

/// What ends a case arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum CaseTerminator {
    /// `;;`
    Break,
    /// `;&` (bash): fall through to the next arm's body.
    FallThrough,
    /// `;;&` (bash): test the next patterns.
    Continue,
}

/// `pattern | pattern) body ;;`
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CaseArm {
    /// The patterns, at least one.
    pub patterns: Vec<Word>,
    /// The body.
    pub body: List,
    /// The terminator, absent on a last arm written without one.
    pub terminator: Option<CaseTerminator>,
    /// Span from the first pattern (or its `(`) to the terminator.
    pub span: Span,
}

/// A function definition: `name() compound` or `function name compound`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FunctionDef {
    /// The function name.
    pub name: String,
    /// Span of the name.
    pub name_span: Span,
    /// Whether the `function` keyword was used.
    pub keyword: bool,
    /// The body (usually a brace group), with its redirects.
    pub body: Box<CompoundCommand>,
    /// Span of the whole definition.
    pub span: Span,
}

//! Words and their parts, with helpers to read literal values and quoting.
//!
//! A [`Word`] is one shell word as written (`"$HOME"/bin`, `'a b'`, `${V:-x}`), made of
//! [`WordPart`]s. Quote removal and escape processing have already been applied to the literal
//! parts, so [`Word::literal`] gives the value the shell would see when the word contains no
//! expansion.

use crate::ast::List;
use crate::span::Span;

/// One shell word: a sequence of adjacent parts with no unquoted blank between them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Word {
    /// The parts in source order.
    pub parts: Vec<WordPart>,
    /// Span of the whole word, quotes included.
    pub span: Span,
}

/// A piece of literal text: its value after quote and escape removal, and its source span.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Literal {
    /// The text after escape processing (no quotes, no backslash escapes, no line continuations).
    pub value: String,
    /// Span of the text in the source, including surrounding quotes for quoted forms.
    pub span: Span,
}

/// One part of a [`Word`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum WordPart {
    /// Unquoted literal text (`foo`). Inside a [`WordPart::DoubleQuoted`] or a heredoc body this
    /// is the quoted literal text, with its backslash escapes processed.
    Literal(Literal),
    /// A backslash-escaped character outside quotes (`\$`, `\*`): the value is the character
    /// itself, which is quoted (no expansion, splitting or globbing).
    Escaped(Literal),
    /// `'…'`: the value is the text between the quotes.
    SingleQuoted(Literal),
    /// `$'…'` (ANSI-C quoting): the value has its escapes (`\n`, `\x41`, …) decoded. Bytes that
    /// do not form valid UTF-8 become U+FFFD.
    AnsiC(Literal),
    /// `"…"` (or `$"…"`): the parts inside the quotes.
    DoubleQuoted(DoubleQuoted),
    /// `$NAME`, `$1`, `$@`, `${…}`.
    Param(ParamExpansion),
    /// `$(…)` or `` `…` ``.
    CommandSub(CommandSub),
    /// `$((…))`.
    Arith(Arith),
    /// `<(…)` or `>(…)` (bash process substitution).
    ProcessSub(ProcessSub),
}

/// A double-quoted string.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DoubleQuoted {
    /// Parts inside the quotes: [`WordPart::Literal`], [`WordPart::Param`],
    /// [`WordPart::CommandSub`] and [`WordPart::Arith`].
    pub parts: Vec<WordPart>,
    /// Span including both quotes.
    pub span: Span,
}

/// A parameter expansion, `$NAME` or `${…}`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ParamExpansion {
    /// The parameter: a name (`PATH`), a positional number (`1`), a special parameter
    /// (`@`, `*`, `#`, `?`, `-`, `$`, `!`) or a name with a subscript (`arr[@]`).
    pub name: String,
    /// Whether braces were used (`${NAME}`).
    pub braced: bool,
    /// `${#NAME}`: the length of the value.
    pub length: bool,
    /// `${!NAME}`: indirect expansion.
    pub indirect: bool,
    /// The operator after the name, if any.
    pub op: Option<ParamOp>,
    /// Span of the whole expansion, from `$` to the closing `}` if any.
    pub span: Span,
}

/// How `${V/pattern/replacement}` anchors its pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum ReplaceKind {
    /// `${V/p/r}`: first match.
    First,
    /// `${V//p/r}`: every match.
    All,
    /// `${V/#p/r}`: match at the start.
    Prefix,
    /// `${V/%p/r}`: match at the end.
    Suffix,
}

/// The operator of a braced parameter expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum ParamOp {
    /// `${V:-w}` (`colon`) or `${V-w}`.
    Default {
        /// Whether the `:` form (also applies when set but empty) was used.
        colon: bool,
        /// The word after the operator.
        word: Word,
    },
    /// `${V:=w}` or `${V=w}`.
    Assign {
        /// Whether the `:` form was used.
        colon: bool,
        /// The word after the operator.
        word: Word,
    },
    /// `${V:?w}` or `${V?w}`.
    Error {
        /// Whether the `:` form was used.
        colon: bool,
        /// The message word (possibly empty).
        word: Word,
    },
    /// `${V:+w}` or `${V+w}`.
    Alternative {
        /// Whether the `:` form was used.
        colon: bool,
        /// The word after the operator.
        word: Word,
    },
    /// `${V#p}` or `${V##p}` (`longest`).
    RemovePrefix {
        /// Whether the `##` form was used.
        longest: bool,
        /// The pattern.
        pattern: Word,
    },
    /// `${V%p}` or `${V%%p}` (`longest`).
    RemoveSuffix {
        /// Whether the `%%` form was used.
        longest: bool,
        /// The pattern.
        pattern: Word,
    },
    /// `${V/p/r}`, `${V//p/r}`, `${V/#p/r}`, `${V/%p/r}`.
    Replace {
        /// Which matches are replaced.
        kind: ReplaceKind,
        /// The pattern.
        pattern: Word,
        /// The replacement, absent in `${V/p}`.
        replacement: Option<Word>,
    },
    /// `${V:offset}` or `${V:offset:length}`.
    Substring {
        /// The offset expression.
        offset: Word,
        /// The length expression.
        length: Option<Word>,
    },
    /// `${V^p}`, `${V^^p}` (`upper`), `${V,p}`, `${V,,p}`.
    Case {
        /// `^` (upper case) rather than `,` (lower case).
        upper: bool,
        /// The doubled form, applied to every character.
        all: bool,
        /// The optional pattern.
        pattern: Word,
    },
    /// `${V@Q}` and other `@` transformations; holds the operator letter.
    Transform(char),
    /// Anything else between the name and `}`; the shell rejects it when expanding. Holds the
    /// raw text.
    Invalid(String),
}

/// Which syntax introduced a command substitution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum SubstitutionSyntax {
    /// `$(…)`.
    Dollar,
    /// `` `…` ``.
    Backtick,
}

/// A command substitution.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CommandSub {
    /// The commands inside.
    pub body: List,
    /// `$(…)` or backticks.
    pub syntax: SubstitutionSyntax,
    /// Span from `$(` or the opening backtick to the closing one.
    pub span: Span,
}

/// An arithmetic expression, `$((…))`, `((…))` or the header of `for ((…))`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Arith {
    /// The expression text as parts: literal text plus any expansions inside.
    pub parts: Vec<WordPart>,
    /// Span including the delimiters.
    pub span: Span,
}

/// Direction of a process substitution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum ProcessDirection {
    /// `<(…)`: the command's output is read.
    Input,
    /// `>(…)`: the command reads what is written.
    Output,
}

/// A process substitution, `<(…)` or `>(…)`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProcessSub {
    /// The commands inside.
    pub body: List,
    /// `<(` or `>(`.
    pub direction: ProcessDirection,
    /// Span including the delimiters.
    pub span: Span,
}

/// An expansion found in a word, with whether it is protected by double quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ExpansionRef<'a> {
    /// The [`WordPart::Param`], [`WordPart::CommandSub`], [`WordPart::Arith`] or
    /// [`WordPart::ProcessSub`] part.
    pub part: &'a WordPart,
    /// Whether the expansion sits inside double quotes (so it is not split nor globbed).
    pub quoted: bool,
}

impl WordPart {
    /// The span of this part.
    pub fn span(&self) -> Span {
        match self {
            WordPart::Literal(l) | WordPart::Escaped(l) | WordPart::SingleQuoted(l) | WordPart::AnsiC(l) => l.span,
            WordPart::DoubleQuoted(d) => d.span,
            WordPart::Param(p) => p.span,
            WordPart::CommandSub(c) => c.span,
            WordPart::Arith(a) => a.span,
            WordPart::ProcessSub(p) => p.span,
        }
    }

    /// Whether this part is an expansion (parameter, command, arithmetic, process).
    pub fn is_expansion(&self) -> bool {
        matches!(self, WordPart::Param(_) | WordPart::CommandSub(_) | WordPart::Arith(_) | WordPart::ProcessSub(_))
    }

    /// Whether this part is quoted: single quotes, `$'…'`, double quotes or a backslash escape.
    pub fn is_quoted(&self) -> bool {
        matches!(
            self,
            WordPart::SingleQuoted(_) | WordPart::AnsiC(_) | WordPart::DoubleQuoted(_) | WordPart::Escaped(_)
        )
    }

    /// Appends this part's literal value to `out`; returns `false` if it holds an expansion.
    fn push_literal(&self, out: &mut String) -> bool {
        match self {
            WordPart::Literal(l) | WordPart::Escaped(l) | WordPart::SingleQuoted(l) | WordPart::AnsiC(l) => {
                out.push_str(&l.value);
                true
            }
            WordPart::DoubleQuoted(d) => d.parts.iter().all(|p| p.push_literal(out)),
            _ => false,
        }
    }
}

impl Word {
    /// The statically known value of the word (quotes removed, escapes processed), or `None`
    /// when it contains any expansion. Globs (`*`), tildes and braces are not expanded: `~/x`
    /// gives `"~/x"`.
    pub fn literal(&self) -> Option<String> {
        if let [WordPart::Literal(l) | WordPart::Escaped(l) | WordPart::SingleQuoted(l) | WordPart::AnsiC(l)] =
            self.parts.as_slice()
        {
            return Some(l.value.clone());
        }
        let mut out = String::new();
        self.parts.iter().all(|p| p.push_literal(&mut out)).then_some(out)
    }

    /// Whether [`Word::literal`] would return a value.
    pub fn is_literal(&self) -> bool {
        self.expansions().is_empty()
    }

    /// Whether the word has any quoting (quotes of any kind or a backslash escape).
    pub fn is_quoted(&self) -> bool {
        self.parts.iter().any(WordPart::is_quoted)
    }

    /// Whether the whole word is one quoted part (`'…'`, `"…"` or `$'…'`).
    pub fn is_fully_quoted(&self) -> bool {
        self.parts.len() == 1 && self.parts[0].is_quoted()
    }

    /// The raw source text of the word, given the source it was parsed from.
    pub fn raw<'s>(&self, src: &'s str) -> Option<&'s str> {
        self.span.text(src)
    }

    /// The top-level expansions of the word, in order, each with whether it is inside double
    /// quotes. Expansions nested inside another expansion (e.g. inside `${V:-$W}` or `$(…)`)
    /// are not listed.
    pub fn expansions(&self) -> Vec<ExpansionRef<'_>> {
        let mut out = Vec::new();
        for part in &self.parts {
            match part {
                WordPart::DoubleQuoted(d) => out.extend(
                    d.parts.iter().filter(|p| p.is_expansion()).map(|part| ExpansionRef { part, quoted: true }),
                ),
                p if p.is_expansion() => out.push(ExpansionRef { part: p, quoted: false }),
                _ => {}
            }
        }
        out
    }

    /// The expansions that are not inside double quotes, which undergo word splitting and
    /// globbing (what ShellCheck's SC2086 looks for).
    pub fn unquoted_expansions(&self) -> Vec<&WordPart> {
        self.expansions().into_iter().filter(|e| !e.quoted).map(|e| e.part).collect()
    }

    /// If the word is exactly one parameter expansion (quoted or not, e.g. `$x` or `"${x}"`),
    /// returns it.
    pub fn as_param(&self) -> Option<&ParamExpansion> {
        match self.parts.as_slice() {
            [WordPart::Param(p)] => Some(p),
            [WordPart::DoubleQuoted(d)] => match d.parts.as_slice() {
                [WordPart::Param(p)] => Some(p),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether the word contains an unquoted glob character (`*`, `?` or `[`) in its literal
    /// text (escaped or quoted ones do not count).
    pub fn has_unquoted_glob(&self) -> bool {
        self.parts.iter().any(|p| match p {
            WordPart::Literal(l) => l.value.contains(['*', '?', '[']),
            _ => false,
        })
    }
}

impl ParamExpansion {
    /// Whether the expansion is a plain `$NAME` / `${NAME}` with no operator, length or
    /// indirection.
    pub fn is_plain(&self) -> bool {
        self.op.is_none() && !self.length && !self.indirect
    }
}

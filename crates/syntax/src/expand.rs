//! Word expansion with the semantics of BuildKit's shell lexer (DESIGN.md §4).
//!
//! BuildKit expands `$VAR` references in the arguments of many Dockerfile
//! instructions (ENV, LABEL, COPY, WORKDIR, EXPOSE, …) with a small shell-like
//! lexer. This module reproduces that lexer's observable behaviour:
//!
//! * `$V`, `${V}`, `${V:-w}`, `${V-w}`, `${V:+w}`, `${V+w}`, `${V:?w}`, `${V?w}`,
//!   `${V#p}`, `${V##p}`, `${V%p}`, `${V%%p}`, `${V/p/r}` and `${V//p/r}`; the
//!   words inside a modifier are expanded themselves, so `${A:-${B}}` nests;
//! * patterns know `*`, `?` and the escapes `\*`, `\?`, `\\` (plus `\}` and `\/`
//!   to write a brace or a slash); neither wildcard matches a newline;
//! * single quotes are literal, double quotes allow expansions, and the escape
//!   character (`\` or `` ` ``) escapes the next character;
//! * special and positional parameters (`$1 $@ $* $# $? $- $$ $! $0`) are looked
//!   up like any other name and so expand to nothing unless set;
//! * errors are worded exactly as BuildKit words them (see [`ExpandError`]).
//!
//! ```
//! use std::collections::HashMap;
//! use slipway_syntax::expand::Expander;
//!
//! let env = HashMap::from([("NAME".to_string(), "app".to_string())]);
//! let expander = Expander::new('\\', &env);
//! let expansion = expander.expand_word("/srv/${NAME}/${PORT:-8080}").unwrap();
//! assert_eq!(expansion.value, "/srv/app/8080");
//! assert_eq!(expansion.matched, ["NAME"]);
//! assert_eq!(expansion.unmatched, ["PORT"]);
//! ```
//!
//! Everything here is pure computation: no I/O, no panics on any input, and
//! time linear in the length of the word (pattern operators cost
//! `O(value × pattern)`, like the regular expressions BuildKit uses). Nested
//! constructs are kept on a heap-allocated stack, so no input can exhaust the
//! call stack.
//!
//! # Fidelity notes
//!
//! BuildKit's quirks are reproduced on purpose, among them:
//!
//! * `${V` at the end of the word reports `unsupported modifier (�) in
//!   substitution` (Go reads the end of input as U+FFFD), while `${`, `${V:`,
//!   `${V:-w` and an unterminated `${…}` nested in another one report
//!   `syntax error: missing '}'`;
//! * `${#V}` is `unsupported modifier (V) in substitution` (`#` is read as the
//!   special parameter `$#`), `${V:#p}`/`${V:%p}` are unsupported modifiers;
//! * `##`/`%%` is recognised on the *expanded* modifier word, pattern words keep
//!   their escape characters (so `${V#\$}` is an invalid pattern escape), and a
//!   `\` in a pattern escapes only `*`, `?`, `\`, `}` and `/`;
//! * `*` and `?` never match a newline (Go's `.`); `${V//p/r}` expands `$0` and
//!   `$$` in `r` like Go's `Regexp.ReplaceAllString` while `${V/p/r}` does not;
//!   neither has `/#` or `/%` anchors;
//! * a byte order mark at the very start of a word is dropped (Go's
//!   `text/scanner`).
//!
//! One deliberate difference: some BuildKit versions share one buffer between
//! nested word splitters, so `ProcessWords("ab${X:-c}")` loses the `ab`; here it
//! gives `["abc"]`, which is what the function is documented to do.

use std::borrow::Borrow;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasher, Hash};

use unicode_general_category::{get_general_category, GeneralCategory};

use crate::gocompat::quote;

/// A source of variable values for expansion.
///
/// Implemented for `HashMap` and `BTreeMap` (keys `String` or `&str`, values
/// `String` or `&str`),
/// slices, arrays and vectors of `(name, value)` pairs (the **last** pair with a
/// given name wins, like BuildKit's env lists), closures
/// `Fn(&str) -> Option<String>` and `()` (nothing is set). Names are compared exactly (case-sensitively), as BuildKit does on
/// Linux.
pub trait Env {
    /// The value of `name`, or `None` when the variable is not set. A variable
    /// set to the empty string is `Some("")`, which `${V-w}` and `${V:-w}` tell
    /// apart.
    fn lookup(&self, name: &str) -> Option<Cow<'_, str>>;
}

impl Env for () {
    fn lookup(&self, _name: &str) -> Option<Cow<'_, str>> {
        None
    }
}

impl<K: Borrow<str> + Hash + Eq, V: AsRef<str>, S: BuildHasher> Env for HashMap<K, V, S> {
    fn lookup(&self, name: &str) -> Option<Cow<'_, str>> {
        self.get(name).map(|v| Cow::Borrowed(v.as_ref()))
    }
}

impl<K: Borrow<str> + Ord, V: AsRef<str>> Env for BTreeMap<K, V> {
    fn lookup(&self, name: &str) -> Option<Cow<'_, str>> {
        self.get(name).map(|v| Cow::Borrowed(v.as_ref()))
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Env for [(K, V)] {
    fn lookup(&self, name: &str) -> Option<Cow<'_, str>> {
        self.iter().rev().find(|(k, _)| k.as_ref() == name).map(|(_, v)| Cow::Borrowed(v.as_ref()))
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Env for Vec<(K, V)> {
    fn lookup(&self, name: &str) -> Option<Cow<'_, str>> {
        self.as_slice().lookup(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Env for [(K, V); N] {
    fn lookup(&self, name: &str) -> Option<Cow<'_, str>> {
        self.as_slice().lookup(name)
    }
}

impl<F: Fn(&str) -> Option<String>> Env for F {
    fn lookup(&self, name: &str) -> Option<Cow<'_, str>> {
        self(name).map(Cow::Owned)
    }
}

/// The result of expanding one word: BuildKit's `ProcessWordResult`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expansion {
    /// The expanded word, spaces kept (BuildKit's `ProcessWord`).
    pub value: String,
    /// The expanded word split into words (BuildKit's `ProcessWords`): text
    /// coming from unquoted expansions and unquoted, unescaped whitespace
    /// separate words; quoted and escaped text is kept together; empty words
    /// are dropped.
    pub words: Vec<String>,
    /// Names that were looked up and found set, in order of first lookup,
    /// without duplicates.
    pub matched: Vec<String>,
    /// Names that were looked up and found unset, in order of first lookup,
    /// without duplicates. Special and positional parameters (`$1`, `$@`, …)
    /// are looked up like other names and so appear here when unset.
    pub unmatched: Vec<String>,
}

/// One variable reference found by [`Expander::references`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarRef {
    /// The variable name (`PATH` for `$PATH` or `${PATH:-x}`, `1` for `$1`).
    pub name: String,
    /// Byte offset of the `$` in the word.
    pub offset: usize,
    /// Byte length of the whole reference: `$NAME`, or `${…}` up to and
    /// including its closing brace.
    pub len: usize,
}

/// What went wrong while expanding a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExpandErrorKind {
    /// `syntax error: missing '}'`: a `${` is never closed.
    MissingBrace,
    /// `syntax error: missing '/' in ${}`: `${V/pattern` has no second slash.
    MissingSlash,
    /// `syntax error: bad substitution`: `${}`, `${:…}` or `${{…}`.
    BadSubstitution,
    /// `unsupported modifier (X) in substitution`: `${V:=w}`, `${V=w}`,
    /// `${V:0:3}`, `${#V}`, `${V:#p}`, an unterminated `${V`, ….
    UnsupportedModifier,
    /// `NAME: message`: `${V?w}` with `V` unset or `${V:?w}` with `V` unset or
    /// empty.
    Required,
    /// `invalid pattern (P) in substitution: invalid escape '\x'`: a pattern
    /// escapes something other than `*`, `?`, `\`, `}` or `/`.
    InvalidPattern,
    /// `unexpected end of statement while looking for matching single-quote`.
    UnterminatedSingleQuote,
    /// `unexpected end of statement while looking for matching double-quote`.
    UnterminatedDoubleQuote,
}

/// An expansion error, worded as BuildKit words it, with the byte range of the
/// offending text within the input word.
///
/// [`Display`](fmt::Display) prints the full BuildKit error,
/// `failed to process "<word>": <message>`; [`ExpandError::message`] is the part
/// after the colon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandError {
    kind: ExpandErrorKind,
    message: String,
    word: String,
    offset: usize,
    len: usize,
}

impl ExpandError {
    /// The category of the error.
    pub fn kind(&self) -> ExpandErrorKind {
        self.kind
    }

    /// BuildKit's message without the `failed to process "…": ` prefix, e.g.
    /// `syntax error: missing '}'` or `V: is not allowed to be unset`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The word whose expansion failed.
    pub fn word(&self) -> &str {
        &self.word
    }

    /// Byte offset within the word where the offending text starts (the `$` of
    /// a bad substitution, or the opening quote of an unterminated string).
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Byte length of the offending text (at least 1 unless the word is empty).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the offending range is empty (only possible for an empty word).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The offending byte range within the word.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.offset..self.offset + self.len
    }
}

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "failed to process {}: {}", quote(&self.word), self.message)
    }
}

impl std::error::Error for ExpandError {}

/// Expands words like BuildKit's `shell.Lex`.
///
/// The escape character is the Dockerfile's (`\` by default, `` ` `` with
/// `# escape=``); the options mirror `Lex`'s public fields and default to off,
/// which is what BuildKit uses for instruction arguments.
#[derive(Clone, Copy)]
pub struct Expander<'e> {
    escape: char,
    env: &'e dyn Env,
    raw_quotes: bool,
    raw_escapes: bool,
    skip_process_quotes: bool,
    skip_unset_env: bool,
}

impl fmt::Debug for Expander<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expander")
            .field("escape", &self.escape)
            .field("raw_quotes", &self.raw_quotes)
            .field("raw_escapes", &self.raw_escapes)
            .field("skip_process_quotes", &self.skip_process_quotes)
            .field("skip_unset_env", &self.skip_unset_env)
            .finish_non_exhaustive()
    }
}

impl<'e> Expander<'e> {
    /// An expander with the given escape character and variables.
    pub fn new(escape: char, env: &'e dyn Env) -> Self {
        Expander {
            escape,
            env,
            raw_quotes: false,
            raw_escapes: false,
            skip_process_quotes: false,
            skip_unset_env: false,
        }
    }

    /// Keep quote characters in the output (`Lex.RawQuotes`).
    pub fn raw_quotes(mut self, on: bool) -> Self {
        self.raw_quotes = on;
        self
    }

    /// Keep escape characters in the output (`Lex.RawEscapes`); words inside
    /// `${V:-…}`-style modifiers still process their escapes.
    pub fn raw_escapes(mut self, on: bool) -> Self {
        self.raw_escapes = on;
        self
    }

    /// Treat quotes as ordinary characters (`Lex.SkipProcessQuotes`), as
    /// BuildKit does for COPY/ADD heredoc bodies.
    pub fn skip_process_quotes(mut self, on: bool) -> Self {
        self.skip_process_quotes = on;
        self
    }

    /// Leave references to unset variables as written (`Lex.SkipUnsetEnv`):
    /// `$V` stays `$V`, `${V}` stays `${V}`, `${V:-w}` becomes `${V:-<w
    /// expanded>}` and `${V//p/r}` becomes `${V/p/r}`, exactly like BuildKit.
    pub fn skip_unset_env(mut self, on: bool) -> Self {
        self.skip_unset_env = on;
        self
    }

    /// The escape character.
    pub fn escape(&self) -> char {
        self.escape
    }

    /// Expands `word` (BuildKit's `ProcessWordWithMatches`): the value with
    /// spaces kept, its split into words, and the names looked up.
    pub fn expand_word(&self, word: &str) -> Result<Expansion, ExpandError> {
        let mut lexer = Lexer::new(self, word, Mode::Expand);
        let mut splitter = Splitter::default();
        match lexer.run(self.raw_escapes, Some(&mut splitter)) {
            Ok(value) => Ok(Expansion {
                value,
                words: splitter.finish(),
                matched: lexer.matched.names,
                unmatched: lexer.unmatched.names,
            }),
            Err(fail) => Err(fail.into_error(word)),
        }
    }

    /// Expands `word` in multi-word mode (BuildKit's `ProcessWords`, used for
    /// EXPOSE): the result of [`Expander::expand_word`]'s
    /// [`Expansion::words`].
    pub fn expand_words(&self, word: &str) -> Result<Vec<String>, ExpandError> {
        self.expand_word(word).map(|e| e.words)
    }

    /// Whether `word` contains any expansion: an unescaped `$` outside single
    /// quotes followed by `{`, a name character, a digit or a special parameter.
    /// A word without one expands to itself minus its quotes and escapes.
    pub fn contains_expansion(&self, word: &str) -> bool {
        scan_for_expansion(word, self.escape, self.skip_process_quotes)
    }

    /// Every variable reference in `word`, in order of position, without
    /// looking anything up (references inside modifier words included, since
    /// BuildKit always evaluates those). Scanning stops at the first syntax
    /// error; the references before it are returned.
    pub fn references(&self, word: &str) -> Vec<VarRef> {
        let mut lexer = Lexer::new(self, word, Mode::Scan);
        // A syntax error only ends the scan early: what was found is the answer.
        let _ = lexer.run(self.raw_escapes, None);
        let mut refs = lexer.refs;
        slipway_sort::sort_by_key(&mut refs, |r| r.offset);
        refs
    }
}

/// Whether `word` contains any expansion, for a Dockerfile with the given
/// escape character; see [`Expander::contains_expansion`].
pub fn contains_expansion(word: &str, escape: char) -> bool {
    scan_for_expansion(word, escape, false)
}

/// The variable references in `word`, for a Dockerfile with the given escape
/// character; see [`Expander::references`].
pub fn references(word: &str, escape: char) -> Vec<VarRef> {
    Expander::new(escape, &()).references(word)
}

/// The distinct names `word` references, in order of position; see
/// [`Expander::references`].
pub fn referenced_names(word: &str, escape: char) -> Vec<String> {
    let mut set = NameSet::default();
    for r in references(word, escape) {
        set.insert(&r.name);
    }
    set.names
}

// ---------------------------------------------------------------------------
// The lexer.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Look names up and evaluate modifiers.
    Expand,
    /// Only record references; every variable reads as unset and modifiers
    /// never fail on values.
    Scan,
}

/// An error before the word is attached.
struct Fail {
    kind: ExpandErrorKind,
    message: String,
    start: usize,
    end: usize,
}

impl Fail {
    fn into_error(self, word: &str) -> ExpandError {
        ExpandError {
            kind: self.kind,
            message: self.message,
            word: word.to_string(),
            offset: self.start,
            len: self.end.saturating_sub(self.start),
        }
    }
}

#[derive(Default)]
struct NameSet {
    names: Vec<String>,
    seen: HashSet<String>,
}

impl NameSet {
    fn insert(&mut self, name: &str) {
        if !self.seen.contains(name) {
            self.seen.insert(name.to_string());
            self.names.push(name.to_string());
        }
    }
}

/// Word splitting for multi-word mode.
#[derive(Default)]
struct Splitter {
    words: Vec<String>,
    current: String,
}

impl Splitter {
    /// An unquoted, unescaped character: whitespace ends the current word.
    fn add_char(&mut self, c: char) {
        if !c.is_whitespace() {
            self.current.push(c);
        } else if !self.current.is_empty() {
            self.words.push(std::mem::take(&mut self.current));
        }
    }

    /// A quoted or escaped character: never splits.
    fn add_raw_char(&mut self, c: char) {
        self.current.push(c);
    }

    /// The result of an expansion: split like unquoted text.
    fn add_split(&mut self, s: &str) {
        for c in s.chars() {
            self.add_char(c);
        }
    }

    /// Quoted text: kept whole. Empty quotes add nothing: like BuildKit,
    /// `""` alone yields no word.
    fn add_raw(&mut self, s: &str) {
        self.current.push_str(s);
    }

    fn finish(mut self) -> Vec<String> {
        if !self.current.is_empty() {
            self.words.push(self.current);
        }
        self.words
    }
}

/// Unquoted text being read: the word itself, or one word of a `${…}`.
struct Text<'a> {
    out: String,
    raw_escapes: bool,
    /// For a `${…}` word: where it stops and what it belongs to.
    close: Option<Close<'a>>,
}

impl Text<'_> {
    fn push(&mut self, s: &str, origin: Origin, words: Option<&mut Splitter>) {
        self.out.push_str(s);
        if let Some(w) = words {
            match origin {
                Origin::Expansion => w.add_split(s),
                Origin::Quotes => w.add_raw(s),
            }
        }
    }
}

/// Appends `value` to `out`, moving it when `out` is empty so that a value
/// passed up through many nested `${…}` is not copied at every level.
fn append(out: &mut String, value: String) {
    if out.is_empty() {
        *out = value;
    } else {
        out.push_str(&value);
    }
}

/// Text inside double quotes opened at byte `start`.
struct Quoted {
    start: usize,
    raw_escapes: bool,
    out: String,
}

/// An open construct, innermost last.
enum Frame<'a> {
    Text(Text<'a>),
    Quoted(Quoted),
}

/// The end of a `${…}` word: the character that stops it and its brace.
struct Close<'a> {
    stop: char,
    raw_escapes: bool,
    brace: Brace<'a>,
}

impl<'a> Close<'a> {
    fn into_frame(self) -> Frame<'a> {
        Frame::Text(Text { out: String::new(), raw_escapes: self.raw_escapes, close: Some(self) })
    }
}

/// A `${name…}` with a modifier, opened at byte `start`.
struct Brace<'a> {
    start: usize,
    name: &'a str,
    op: BraceOp,
}

enum BraceOp {
    /// `:-`, `-`, `:+`, `+`, `:?`, `?`, `#`, `%` or an unsupported `:x`:
    /// `modifier` is the text BuildKit prints, `op` the operator character.
    Modify { modifier: String, op: Option<char>, null_is_unset: bool },
    /// `/` or `//`; `pattern` is set once the pattern has been read.
    Replace { all: bool, pattern: Option<String> },
}

/// What a `$` turned into.
enum Dollar<'a> {
    /// A finished value (`$`, `$name`, `${name}`).
    Value(String),
    /// A `${name` and modifier; its word follows.
    Open(Close<'a>),
}

/// What a closed `${…}` word leads to.
enum Closed<'a> {
    /// The next word of the same brace (the replacement of `${V/p/r}`).
    Reopen(Frame<'a>),
    /// The brace's value.
    Value(String),
}

/// Where a piece of text came from, for word splitting.
#[derive(Clone, Copy)]
enum Origin {
    /// The result of an expansion: split on whitespace.
    Expansion,
    /// Quoted text: kept together.
    Quotes,
}

/// The outcome of one lexer step.
enum Event<'a> {
    Continue,
    /// A new construct opens.
    Push(Frame<'a>),
    /// The innermost `${…}` word ended at its stop character.
    Closed(Close<'a>, String),
    /// The innermost double-quoted text ended.
    Quoted(String),
    /// The whole word has been read.
    End,
}

struct Lexer<'a, 'x> {
    src: &'a str,
    pos: usize,
    opts: &'a Expander<'x>,
    mode: Mode,
    matched: NameSet,
    unmatched: NameSet,
    refs: Vec<VarRef>,
}

impl<'a, 'x> Lexer<'a, 'x> {
    fn new(opts: &'a Expander<'x>, src: &'a str, mode: Mode) -> Self {
        Lexer {
            src,
            // Go's text/scanner silently drops a byte order mark at the start.
            pos: if src.starts_with('\u{FEFF}') { 3 } else { 0 },
            opts,
            mode,
            matched: NameSet::default(),
            unmatched: NameSet::default(),
            refs: Vec::new(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.src.len()
    }

    fn fail(&self, kind: ExpandErrorKind, message: String, start: usize) -> Fail {
        Fail { kind, message, start, end: self.pos.max(start + 1).min(self.src.len()) }
    }

    /// Expands the whole word. Nested constructs (`${…}` words, double
    /// quotes) live on an explicit stack, so nesting depth costs heap memory,
    /// never call-stack depth.
    fn run(&mut self, raw_escapes: bool, mut words: Option<&mut Splitter>) -> Result<String, Fail> {
        let mut outer = Text { out: String::new(), raw_escapes, close: None };
        let mut stack: Vec<Frame<'a>> = Vec::new();
        loop {
            let event = match stack.last_mut() {
                None => self.step_text(&mut outer, words.as_deref_mut()),
                Some(Frame::Text(text)) => self.step_text(text, None),
                Some(Frame::Quoted(quoted)) => self.step_quoted(quoted),
            };
            let delivered = match event {
                Err(fail) => return Err(self.unwind(&stack, fail)),
                Ok(Event::Continue) => continue,
                Ok(Event::Push(frame)) => {
                    stack.push(frame);
                    continue;
                }
                Ok(Event::End) => return Ok(outer.out),
                Ok(Event::Quoted(text)) => {
                    stack.pop();
                    (text, Origin::Quotes)
                }
                Ok(Event::Closed(close, word)) => {
                    stack.pop();
                    match self.close(close, word) {
                        Err(fail) => return Err(self.unwind(&stack, fail)),
                        Ok(Closed::Reopen(frame)) => {
                            stack.push(frame);
                            continue;
                        }
                        Ok(Closed::Value(value)) => (value, Origin::Expansion),
                    }
                }
            };
            let (value, origin) = delivered;
            match stack.last_mut() {
                None => outer.push(&value, origin, words.as_deref_mut()),
                Some(Frame::Text(text)) => append(&mut text.out, value),
                Some(Frame::Quoted(quoted)) => append(&mut quoted.out, value),
            }
        }
    }

    /// Error propagation: once the input has ended, an error from inside a
    /// `${…}` word becomes that brace's "missing" error, the outermost one
    /// winning, exactly as BuildKit rewrites errors on their way out.
    fn unwind(&self, stack: &[Frame<'a>], fail: Fail) -> Fail {
        if !self.at_end() {
            return fail;
        }
        let outermost = stack.iter().find_map(|frame| match frame {
            Frame::Text(Text { close: Some(close), .. }) => Some(close),
            _ => None,
        });
        let Some(close) = outermost else {
            return fail;
        };
        let (kind, message) = if close.stop == '/' {
            (ExpandErrorKind::MissingSlash, "syntax error: missing '/' in ${}")
        } else {
            (ExpandErrorKind::MissingBrace, "syntax error: missing '}'")
        };
        Fail { kind, message: message.to_string(), start: close.brace.start, end: self.src.len() }
    }

    /// One step of unquoted text (the word itself or a `${…}` word).
    fn step_text(&mut self, text: &mut Text<'a>, words: Option<&mut Splitter>) -> Result<Event<'a>, Fail> {
        let Some(c) = self.peek() else {
            return match text.close {
                None => Ok(Event::End),
                // Replaced by `unwind`, since the input has ended.
                Some(_) => {
                    Err(self.fail(ExpandErrorKind::MissingBrace, "unexpected end of statement".to_string(), self.pos))
                }
            };
        };
        if let Some(close) = text.close.take_if(|close| close.stop == c) {
            self.pos += c.len_utf8();
            return Ok(Event::Closed(close, std::mem::take(&mut text.out)));
        }
        let quotes = !self.opts.skip_process_quotes;
        if c == '$' {
            match self.dollar()? {
                Dollar::Value(value) => text.push(&value, Origin::Expansion, words),
                Dollar::Open(close) => return Ok(Event::Push(close.into_frame())),
            }
        } else if quotes && c == '\'' {
            let quoted = self.single_quote()?;
            text.push(&quoted, Origin::Quotes, words);
        } else if quotes && c == '"' {
            let start = self.pos;
            self.pos += 1;
            let mut out = String::new();
            if self.opts.raw_quotes {
                out.push('"');
            }
            return Ok(Event::Push(Frame::Quoted(Quoted { start, raw_escapes: text.raw_escapes, out })));
        } else {
            self.pos += c.len_utf8();
            let mut words = words;
            if c == self.opts.escape {
                if text.raw_escapes {
                    text.out.push(c);
                    if let Some(w) = words.as_deref_mut() {
                        w.add_raw_char(c);
                    }
                }
                // An escape at the very end is dropped.
                if let Some(escaped) = self.next() {
                    text.out.push(escaped);
                    if let Some(w) = words {
                        w.add_raw_char(escaped);
                    }
                }
            } else {
                text.out.push(c);
                if let Some(w) = words {
                    w.add_char(c);
                }
            }
        }
        Ok(Event::Continue)
    }

    /// One step inside double quotes: only `$` and escapes of `"`, `$` and the
    /// escape character are special.
    fn step_quoted(&mut self, quoted: &mut Quoted) -> Result<Event<'a>, Fail> {
        let escape = self.opts.escape;
        match self.peek() {
            None => Err(Fail {
                kind: ExpandErrorKind::UnterminatedDoubleQuote,
                message: "unexpected end of statement while looking for matching double-quote".to_string(),
                start: quoted.start,
                end: self.src.len(),
            }),
            Some('"') => {
                self.pos += 1;
                if self.opts.raw_quotes {
                    quoted.out.push('"');
                }
                Ok(Event::Quoted(std::mem::take(&mut quoted.out)))
            }
            Some('$') => match self.dollar()? {
                Dollar::Value(value) => {
                    quoted.out.push_str(&value);
                    Ok(Event::Continue)
                }
                Dollar::Open(close) => Ok(Event::Push(close.into_frame())),
            },
            Some(mut c) => {
                self.pos += c.len_utf8();
                if c == escape {
                    if quoted.raw_escapes {
                        quoted.out.push(c);
                    }
                    match self.peek() {
                        // A trailing escape is dropped (the quote is
                        // unterminated anyway).
                        None => return Ok(Event::Continue),
                        Some(n) if n == '"' || n == '$' || n == escape => {
                            self.pos += n.len_utf8();
                            c = n;
                        }
                        // Any other escape stays as written.
                        Some(_) => {}
                    }
                }
                quoted.out.push(c);
                Ok(Event::Continue)
            }
        }
    }

    /// Reads the `$…` at the current position: a finished value, or a
    /// `${name` plus modifier whose word comes next.
    fn dollar(&mut self) -> Result<Dollar<'a>, Fail> {
        let start = self.pos;
        self.pos += 1;
        if self.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                return Ok(Dollar::Value("$".to_string()));
            }
            return Ok(Dollar::Value(match self.lookup(name, start) {
                Some(value) => value,
                None if self.opts.skip_unset_env => format!("${name}"),
                None => String::new(),
            }));
        }
        self.pos += 1;
        match self.peek() {
            None => {
                return Err(self.fail(ExpandErrorKind::MissingBrace, "syntax error: missing '}'".to_string(), start))
            }
            Some(c @ ('{' | '}' | ':')) => {
                self.pos += c.len_utf8();
                return Err(self.fail(
                    ExpandErrorKind::BadSubstitution,
                    "syntax error: bad substitution".to_string(),
                    start,
                ));
            }
            Some(_) => {}
        }
        let name = self.name();
        // Go turns the end of input into U+FFFD when it prints the modifier.
        let first = self.next();
        let mut modifier = String::from(first.unwrap_or('\u{FFFD}'));
        let open =
            |op, stop, raw_escapes| Ok(Dollar::Open(Close { stop, raw_escapes, brace: Brace { start, name, op } }));
        match first {
            Some('}') => Ok(Dollar::Value(match self.lookup(name, start) {
                Some(value) => value,
                None if self.opts.skip_unset_env => format!("${{{name}}}"),
                None => String::new(),
            })),
            Some(c @ (':' | '+' | '-' | '?' | '#' | '%')) => {
                let null_is_unset = c == ':';
                let op = if null_is_unset {
                    let op = self.next();
                    modifier.push(op.unwrap_or('\u{FFFD}'));
                    op
                } else {
                    Some(c)
                };
                let trim = matches!(op, Some('#' | '%'));
                if null_is_unset && trim {
                    return Err(self.unsupported(&modifier, start));
                }
                open(BraceOp::Modify { modifier, op, null_is_unset }, '}', trim)
            }
            Some('/') => {
                let all = self.peek() == Some('/');
                if all {
                    self.pos += 1;
                }
                open(BraceOp::Replace { all, pattern: None }, '/', true)
            }
            _ => Err(self.unsupported(&modifier, start)),
        }
    }

    /// A `${…}` word has been read up to `close.stop`: read the next word
    /// (the replacement of `${V/p/r}`) or compute the value.
    fn close(&mut self, close: Close<'a>, word: String) -> Result<Closed<'a>, Fail> {
        let Brace { start, name, op } = close.brace;
        match op {
            BraceOp::Replace { all, pattern: None } => Ok(Closed::Reopen(
                Close {
                    stop: '}',
                    raw_escapes: true,
                    brace: Brace { start, name, op: BraceOp::Replace { all, pattern: Some(word) } },
                }
                .into_frame(),
            )),
            BraceOp::Replace { all, pattern: Some(pattern) } => {
                self.replace(name, start, all, &pattern, &word).map(Closed::Value)
            }
            BraceOp::Modify { modifier, op, null_is_unset } => {
                self.modify(name, start, &modifier, op, null_is_unset, word).map(Closed::Value)
            }
        }
    }

    /// `${V:-w}`, `${V-w}`, `${V:+w}`, `${V+w}`, `${V:?w}`, `${V?w}`,
    /// `${V#p}`, `${V##p}`, `${V%p}`, `${V%%p}`; other modifiers are errors.
    fn modify(
        &mut self,
        name: &str,
        start: usize,
        modifier: &str,
        op: Option<char>,
        null_is_unset: bool,
        word: String,
    ) -> Result<String, Fail> {
        let value = self.lookup(name, start);
        if value.is_none() && self.opts.skip_unset_env {
            return Ok(format!("${{{name}{modifier}{word}}}"));
        }
        if self.mode == Mode::Scan {
            return match op {
                Some('-' | '+' | '?' | '#' | '%') => Ok(String::new()),
                _ => Err(self.unsupported(modifier, start)),
            };
        }
        match op {
            Some('-') => Ok(match value {
                Some(v) if !(null_is_unset && v.is_empty()) => v,
                _ => word,
            }),
            Some('+') => Ok(match value {
                Some(v) if !(null_is_unset && v.is_empty()) => word,
                _ => String::new(),
            }),
            Some('?') => match value {
                None => Err(self.required(name, &word, "unset", start)),
                Some(v) if null_is_unset && v.is_empty() => Err(self.required(name, &word, "empty", start)),
                Some(v) => Ok(v),
            },
            Some(op @ ('#' | '%')) => {
                let value = value.unwrap_or_default();
                // `##`/`%%` is noticed on the expanded word, as BuildKit does.
                let (pattern, greedy) = match word.strip_prefix(op) {
                    Some(rest) => (rest, true),
                    None => (word.as_str(), false),
                };
                let result =
                    if op == '#' { trim_prefix(pattern, &value, greedy) } else { trim_suffix(pattern, &value, greedy) };
                result.map_err(|message| self.fail(ExpandErrorKind::InvalidPattern, message, start))
            }
            _ => Err(self.unsupported(modifier, start)),
        }
    }

    /// `${V/p/r}` and `${V//p/r}`.
    fn replace(
        &mut self,
        name: &str,
        start: usize,
        all: bool,
        pattern: &str,
        replacement: &str,
    ) -> Result<String, Fail> {
        let value = self.lookup(name, start);
        if value.is_none() && self.opts.skip_unset_env {
            return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
        }
        if self.mode == Mode::Scan {
            return Ok(String::new());
        }
        let value = value.unwrap_or_default();
        let compiled = Pattern::parse(pattern, true).map_err(|e| {
            self.fail(
                ExpandErrorKind::InvalidPattern,
                format!("invalid pattern ({pattern}) in substitution: {e}"),
                start,
            )
        })?;
        let mut matcher = Matcher::new(&compiled);
        Ok(if all {
            replace_all(&mut matcher, &value, &Template::parse(replacement))
        } else {
            match matcher.find(&value, 0, false) {
                Some((from, to)) => {
                    let mut out = String::with_capacity(value.len() + replacement.len());
                    out.push_str(&value[..from]);
                    out.push_str(replacement);
                    out.push_str(&value[to..]);
                    out
                }
                None => value,
            }
        })
    }

    fn single_quote(&mut self) -> Result<String, Fail> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        if self.opts.raw_quotes {
            out.push('\'');
        }
        loop {
            match self.next() {
                None => {
                    return Err(Fail {
                        kind: ExpandErrorKind::UnterminatedSingleQuote,
                        message: "unexpected end of statement while looking for matching single-quote".to_string(),
                        start,
                        end: self.src.len(),
                    })
                }
                Some('\'') => {
                    if self.opts.raw_quotes {
                        out.push('\'');
                    }
                    return Ok(out);
                }
                Some(c) => out.push(c),
            }
        }
    }

    /// Reads a parameter name: a run of digits, one special parameter
    /// character, or letters, digits and underscores.
    fn name(&mut self) -> &'a str {
        let src = self.src;
        let start = self.pos;
        match self.peek() {
            Some(c) if is_go_digit(c) => {
                while let Some(c) = self.peek().filter(|&c| is_go_digit(c)) {
                    self.pos += c.len_utf8();
                }
            }
            Some(c) if is_special_param(c) => self.pos += 1,
            _ => {
                while let Some(c) = self.peek().filter(|&c| c == '_' || is_go_letter(c) || is_go_digit(c)) {
                    self.pos += c.len_utf8();
                }
            }
        }
        &src[start..self.pos]
    }

    /// Looks `name` up, recording it; `start` is the offset of its `$`.
    fn lookup(&mut self, name: &str, start: usize) -> Option<String> {
        match self.mode {
            Mode::Scan => {
                self.refs.push(VarRef { name: name.to_string(), offset: start, len: self.pos - start });
                None
            }
            Mode::Expand => match self.opts.env.lookup(name) {
                Some(value) => {
                    self.matched.insert(name);
                    Some(value.into_owned())
                }
                None => {
                    self.unmatched.insert(name);
                    None
                }
            },
        }
    }

    fn unsupported(&self, modifier: &str, start: usize) -> Fail {
        self.fail(
            ExpandErrorKind::UnsupportedModifier,
            format!("unsupported modifier ({modifier}) in substitution"),
            start,
        )
    }

    fn required(&self, name: &str, word: &str, what: &str, start: usize) -> Fail {
        let message =
            if word.is_empty() { format!("{name}: is not allowed to be {what}") } else { format!("{name}: {word}") };
        self.fail(ExpandErrorKind::Required, message, start)
    }
}

/// Go's `isSpecialParam`: POSIX special parameters.
fn is_special_param(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

/// Go's `unicode.IsDigit`: general category `Nd`.
fn is_go_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    get_general_category(c) == GeneralCategory::DecimalNumber
}

/// Go's `unicode.IsLetter`: general category `L`.
fn is_go_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    use GeneralCategory::*;
    matches!(
        get_general_category(c),
        UppercaseLetter | LowercaseLetter | TitlecaseLetter | ModifierLetter | OtherLetter
    )
}

/// The cheap check behind [`contains_expansion`]: finds the first `$` the
/// lexer would expand.
fn scan_for_expansion(word: &str, escape: char, skip_quotes: bool) -> bool {
    if memchr::memchr(b'$', word.as_bytes()).is_none() {
        return false;
    }
    #[derive(PartialEq)]
    enum State {
        Plain,
        Single,
        Double,
    }
    let mut state = State::Plain;
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        match state {
            State::Single => {
                if c == '\'' {
                    state = State::Plain;
                }
            }
            State::Plain | State::Double => {
                if c == '$' {
                    match chars.peek() {
                        Some(&n)
                            if n == '{' || n == '_' || is_go_letter(n) || is_go_digit(n) || is_special_param(n) =>
                        {
                            return true
                        }
                        _ => {}
                    }
                } else if state == State::Double {
                    if c == '"' {
                        state = State::Plain;
                    } else if c == escape && chars.peek().is_some_and(|&n| n == '"' || n == '$' || n == escape) {
                        chars.next();
                    }
                } else if c == escape {
                    chars.next();
                } else if !skip_quotes && c == '\'' {
                    state = State::Single;
                } else if !skip_quotes && c == '"' {
                    state = State::Double;
                }
            }
        }
    }
    false
}

// ---------------------------------------------------------------------------
// Patterns: BuildKit turns `*` and `?` into a Go regular expression (`.*` or
// `.*?`, and `.`) and uses its leftmost-first match. We compile the same
// pattern to a token list and run a Pike VM with the same thread priorities,
// which gives identical matches in `O(text × pattern)` time.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// This exact character.
    Lit(char),
    /// Any one character but a newline (`?`).
    Any,
    /// Any run of characters without a newline (`*`).
    Star,
}

struct Pattern {
    toks: Vec<Tok>,
    /// `*` prefers the longest run (`.*`) rather than the shortest (`.*?`).
    greedy: bool,
}

impl Pattern {
    /// Compiles a pattern; the error is BuildKit's `invalid escape '\x'`.
    fn parse(text: &str, greedy: bool) -> Result<Pattern, String> {
        let mut toks = Vec::new();
        let mut chars = text.strip_prefix('\u{FEFF}').unwrap_or(text).chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' => toks.push(Tok::Star),
                '?' => toks.push(Tok::Any),
                '\\' => match chars.peek().copied() {
                    // `\}` and `\/` only protect the brace or slash from the
                    // lexer: the backslash is dropped and the next character is
                    // read as usual.
                    Some('}' | '/') => {}
                    Some(e @ ('*' | '?' | '\\')) => {
                        chars.next();
                        toks.push(Tok::Lit(e));
                    }
                    other => return Err(format!("invalid escape '\\{}'", other.unwrap_or('\u{FFFD}'))),
                },
                c => toks.push(Tok::Lit(c)),
            }
        }
        Ok(Pattern { toks, greedy })
    }
}

/// A Pike VM over a [`Pattern`], reusable across searches.
struct Matcher<'p> {
    pattern: &'p Pattern,
    /// Per state, the generation in which it was last added to a list.
    seen: Vec<usize>,
    generation: usize,
    current: Vec<(usize, usize)>,
    next: Vec<(usize, usize)>,
}

impl<'p> Matcher<'p> {
    fn new(pattern: &'p Pattern) -> Self {
        Matcher { pattern, seen: vec![0; pattern.toks.len() + 1], generation: 0, current: Vec::new(), next: Vec::new() }
    }

    /// Adds the thread (`state`, `start`) and everything reachable from it
    /// without consuming input to `list`, in priority order.
    fn add(
        toks: &[Tok],
        greedy: bool,
        seen: &mut [usize],
        generation: usize,
        list: &mut Vec<(usize, usize)>,
        state: usize,
        start: usize,
    ) {
        let is_star = |s: usize| toks.get(s) == Some(&Tok::Star);
        if greedy {
            // A star first tries to consume, then to move on.
            let mut s = state;
            while seen[s] != generation {
                seen[s] = generation;
                list.push((s, start));
                if !is_star(s) {
                    break;
                }
                s += 1;
            }
        } else {
            // A star first tries to move on, then to consume: the states after
            // a run of stars come before the stars, which come last-first.
            let mut s = state;
            while is_star(s) && seen[s] != generation {
                seen[s] = generation;
                s += 1;
            }
            if seen[s] != generation {
                seen[s] = generation;
                list.push((s, start));
            }
            for k in (state..s).rev() {
                list.push((k, start));
            }
        }
    }

    /// The leftmost-first match starting at or after byte `from` of `hay`
    /// (only at `from` when `anchored`), as Go's regexp would find it.
    fn find(&mut self, hay: &str, from: usize, anchored: bool) -> Option<(usize, usize)> {
        let toks = &self.pattern.toks;
        let greedy = self.pattern.greedy;
        let accept = toks.len();
        let mut found = None;
        let mut pos = from;
        self.current.clear();
        self.generation += 1;
        Self::add(toks, greedy, &mut self.seen, self.generation, &mut self.current, 0, from);
        loop {
            let c = hay.get(pos..).and_then(|s| s.chars().next());
            self.generation += 1;
            self.next.clear();
            for &(state, start) in &self.current {
                if state == accept {
                    // Lower-priority threads cannot win any more.
                    found = Some((start, pos));
                    break;
                }
                let Some(c) = c else { continue };
                let (ok, to) = match toks[state] {
                    Tok::Lit(l) => (l == c, state + 1),
                    Tok::Any => (c != '\n', state + 1),
                    Tok::Star => (c != '\n', state),
                };
                if ok {
                    Self::add(toks, greedy, &mut self.seen, self.generation, &mut self.next, to, start);
                }
            }
            let Some(c) = c else { break };
            pos += c.len_utf8();
            if !anchored && found.is_none() {
                Self::add(toks, greedy, &mut self.seen, self.generation, &mut self.next, 0, pos);
            }
            if self.next.is_empty() {
                break;
            }
            std::mem::swap(&mut self.current, &mut self.next);
        }
        found
    }
}

/// `${V#p}` / `${V##p}`: removes the shortest (longest) prefix matching `p`.
fn trim_prefix(pattern: &str, value: &str, greedy: bool) -> Result<String, String> {
    let compiled =
        Pattern::parse(pattern, greedy).map_err(|e| format!("invalid pattern ({pattern}) in substitution: {e}"))?;
    Ok(match Matcher::new(&compiled).find(value, 0, true) {
        Some((_, end)) => value[end..].to_string(),
        None => value.to_string(),
    })
}

/// `${V%p}` / `${V%%p}`: removes the shortest (longest) suffix matching `p`,
/// by trimming the reversed pattern from the reversed value like BuildKit.
fn trim_suffix(pattern: &str, value: &str, greedy: bool) -> Result<String, String> {
    let reversed: String = value.chars().rev().collect();
    let trimmed = trim_prefix(&reverse_pattern(pattern), &reversed, greedy)?;
    Ok(trimmed.chars().rev().collect())
}

/// Reverses a pattern, keeping each backslash before the character it escapes
/// (`a\*c` becomes `c\*a`); a final lone backslash ends up first.
fn reverse_pattern(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut pieces: Vec<&[char]> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let len = if chars[i] == '\\' && i + 1 < chars.len() { 2 } else { 1 };
        pieces.push(&chars[i..i + len]);
        i += len;
    }
    pieces.iter().rev().flat_map(|p| p.iter()).collect()
}

/// A `${V//p/r}` replacement as Go's `Regexp.Expand` reads it: `$$` is a
/// dollar, `$0`/`${0}` the matched text, any other `$name`/`${name}` nothing
/// (the pattern has no groups), and a malformed reference a literal `$`.
struct Template {
    pieces: Vec<Piece>,
}

enum Piece {
    Text(String),
    Match,
}

impl Template {
    fn parse(mut t: &str) -> Template {
        let mut pieces = Vec::new();
        let mut text = String::new();
        while let Some(i) = t.find('$') {
            text.push_str(&t[..i]);
            t = &t[i + 1..];
            if let Some(rest) = t.strip_prefix('$') {
                text.push('$');
                t = rest;
                continue;
            }
            let (braced, body) = match t.strip_prefix('{') {
                Some(body) => (true, body),
                None => (false, t),
            };
            let name_len: usize =
                body.chars().take_while(|&c| c == '_' || is_go_letter(c) || is_go_digit(c)).map(char::len_utf8).sum();
            let closed = !braced || body[name_len..].starts_with('}');
            if name_len == 0 || !closed {
                text.push('$');
                continue;
            }
            if &body[..name_len] == "0" {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
                pieces.push(Piece::Match);
            }
            t = &body[name_len + usize::from(braced)..];
        }
        text.push_str(t);
        pieces.push(Piece::Text(text));
        Template { pieces }
    }

    fn expand_into(&self, out: &mut String, matched: &str) {
        for piece in &self.pieces {
            match piece {
                Piece::Text(s) => out.push_str(s),
                Piece::Match => out.push_str(matched),
            }
        }
    }
}

/// Go's `Regexp.ReplaceAllString`: non-overlapping leftmost-first matches; an
/// empty match right after a previous match is not replaced.
fn replace_all(matcher: &mut Matcher<'_>, value: &str, template: &Template) -> String {
    let mut out = String::with_capacity(value.len());
    let mut last_end = 0;
    let mut search = 0;
    while search <= value.len() {
        let Some((from, to)) = matcher.find(value, search, false) else {
            break;
        };
        out.push_str(&value[last_end..from]);
        if to > last_end || from == 0 {
            template.expand_into(&mut out, &value[from..to]);
        }
        last_end = to;
        let width = value[search..].chars().next().map_or(0, char::len_utf8);
        if search + width > to {
            search += width;
        } else if search + 1 > to {
            search += 1;
        } else {
            search = to;
        }
    }
    out.push_str(&value[last_end..]);
    out
}

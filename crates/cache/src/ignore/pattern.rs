//! One `.dockerignore` pattern: compilation and matching with moby/patternmatcher semantics.
//!
//! moby turns a pattern into a Go regular expression (`*` → `[^/]*`, `?` → `[^/]`,
//! `**/` → `(.*/)?`, a trailing `**` → `.*`, `\c` → `c`, classes kept), after first trying
//! three fast forms that this module reproduces too, including their quirks:
//! - *exact*: no special character at all — the path must equal the pattern;
//! - *prefix*: special characters only in a trailing `**` — the path must start with the
//!   pattern minus that `**` (`dir/**` matches `dir/x` but not `dir`);
//! - *suffix*: a leading `**` followed by plain text — the path must end with that text, or
//!   equal it without its leading `/` (`**/foo` matches `foo` and `a/foo`, and `**foo`
//!   matches `xfoo`).
//!
//! The regular-expression form is matched by a small backtracking matcher with memoization
//! (linear in pattern length × path length). Go's regexp meanings are kept where they matter:
//! `.` does not match a newline, a `^` outside a class anchors at the start of the path, a
//! negated class may match `/`. Deliberate simplifications: an escaped letter or digit is the
//! literal character (Go's regexp would read `\d`, `\w`, … as classes), and `*`, `?` and `[`
//! inside a class are literal characters, as `filepath.Match` reads them.

use super::syntax;
use std::fmt;

/// Why a pattern was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// A pattern that is only `!`.
    #[error("illegal exclusion pattern: \"!\"")]
    IllegalExclusion,
    /// A pattern that `filepath.Match` rejects (unclosed class, trailing `\`, …).
    #[error("syntax error in pattern")]
    BadPattern,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ClassItem {
    Char(char),
    Range(char, char),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A literal character.
    Lit(char),
    /// `?`: one character other than `/`.
    AnyButSlash,
    /// `*`: any run of characters other than `/`.
    StarButSlash,
    /// `**` followed by more pattern: `(.*/)?`.
    OptionalDirs,
    /// `**` at the end: `.*`.
    AnyRest,
    /// `[...]` or `[^...]`.
    Class { negated: bool, items: Vec<ClassItem> },
    /// A bare `^`: matches only at the start of the path.
    StartAnchor,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Form {
    Exact,
    Prefix,
    Suffix,
    Regex(Vec<Token>),
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    text: String,
    exclusion: bool,
    form: Form,
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.exclusion {
            f.write_str("!")?;
        }
        f.write_str(&self.text)
    }
}

impl Pattern {
    /// Compiles one pattern the way `patternmatcher.New` does: trims whitespace, applies
    /// `filepath.Clean`, reads a leading `!` as an exception and checks the syntax.
    /// Returns `Ok(None)` for a blank pattern, which is skipped.
    pub fn new(raw: &str) -> Result<Option<Self>, PatternError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        let cleaned = crate::path::clean(trimmed);
        let (exclusion, text) = match cleaned.strip_prefix('!') {
            Some("") => return Err(PatternError::IllegalExclusion),
            Some(rest) => (true, rest.to_string()),
            None => (false, cleaned),
        };
        if !syntax::is_valid(&text) {
            return Err(PatternError::BadPattern);
        }
        let form = compile(&text);
        Ok(Some(Self { text, exclusion, form }))
    }

    /// The cleaned pattern, without its `!`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether this is an exception (`!pattern`) that re-includes what it matches.
    pub fn is_exclusion(&self) -> bool {
        self.exclusion
    }

    /// Whether the pattern matches `path` itself (a cleaned, `/`-separated relative path);
    /// parents are not considered here.
    pub fn matches(&self, path: &str) -> bool {
        match &self.form {
            Form::Exact => path == self.text,
            Form::Prefix => path.starts_with(&self.text[..self.text.len() - 2]),
            Form::Suffix => {
                let suffix = &self.text[2..];
                path.ends_with(suffix) || suffix.strip_prefix('/') == Some(path)
            }
            Form::Regex(tokens) => {
                let chars: Vec<char> = path.chars().collect();
                Regex::new(tokens, &chars).run()
            }
        }
    }
}

/// Mirrors `Pattern.compile`: decides the form and builds the tokens.
fn compile(pattern: &str) -> Form {
    let mut chars = pattern.chars().peekable();
    let mut tokens = Vec::new();
    let mut form = Form::Exact;
    let mut first = true;
    while let Some(ch) = chars.next() {
        match ch {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                if chars.peek() == Some(&'/') {
                    chars.next();
                }
                if chars.peek().is_none() {
                    if form == Form::Exact {
                        form = Form::Prefix;
                    } else {
                        tokens.push(Token::AnyRest);
                        form = Form::Regex(Vec::new());
                    }
                } else {
                    tokens.push(Token::OptionalDirs);
                    form = Form::Regex(Vec::new());
                }
                if first {
                    form = Form::Suffix;
                }
            }
            '*' => {
                tokens.push(Token::StarButSlash);
                form = Form::Regex(Vec::new());
            }
            '?' => {
                tokens.push(Token::AnyButSlash);
                form = Form::Regex(Vec::new());
            }
            '\\' => match chars.next() {
                Some(escaped) => {
                    tokens.push(Token::Lit(escaped));
                    form = Form::Regex(Vec::new());
                }
                None => tokens.push(Token::Lit('\\')),
            },
            '[' => {
                tokens.push(parse_class(&mut chars));
                form = Form::Regex(Vec::new());
            }
            ']' => {
                tokens.push(Token::Lit(']'));
                form = Form::Regex(Vec::new());
            }
            '^' => tokens.push(Token::StartAnchor),
            other => tokens.push(Token::Lit(other)),
        }
        first = false;
    }
    match form {
        Form::Regex(_) => Form::Regex(tokens),
        other => other,
    }
}

/// Parses a class after its `[`; the syntax was validated beforehand.
fn parse_class(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Token {
    let negated = chars.peek() == Some(&'^');
    if negated {
        chars.next();
    }
    let mut items = Vec::new();
    let read_item = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>| match chars.next() {
        Some('\\') => chars.next(),
        other => other,
    };
    while let Some(&next) = chars.peek() {
        if next == ']' && !items.is_empty() {
            chars.next();
            break;
        }
        let Some(lo) = read_item(chars) else { break };
        if chars.peek() == Some(&'-') {
            chars.next();
            let hi = read_item(chars).unwrap_or(lo);
            items.push(ClassItem::Range(lo, hi));
        } else {
            items.push(ClassItem::Char(lo));
        }
    }
    Token::Class { negated, items }
}

/// Backtracking matcher over the tokens with a memo of failed (token, position) states.
struct Regex<'a> {
    tokens: &'a [Token],
    path: &'a [char],
    failed: Vec<bool>,
}

impl<'a> Regex<'a> {
    fn new(tokens: &'a [Token], path: &'a [char]) -> Self {
        Self { tokens, path, failed: vec![false; (tokens.len() + 1) * (path.len() + 1)] }
    }

    fn run(&mut self) -> bool {
        self.at(0, 0)
    }

    fn at(&mut self, t: usize, p: usize) -> bool {
        let slot = t * (self.path.len() + 1) + p;
        if self.failed[slot] {
            return false;
        }
        let matched = self.step(t, p);
        if !matched {
            self.failed[slot] = true;
        }
        matched
    }

    fn step(&mut self, t: usize, p: usize) -> bool {
        let Some(token) = self.tokens.get(t) else {
            return p == self.path.len();
        };
        let current = self.path.get(p).copied();
        match token {
            Token::Lit(c) => current == Some(*c) && self.at(t + 1, p + 1),
            Token::AnyButSlash => current.is_some_and(|c| c != '/') && self.at(t + 1, p + 1),
            Token::Class { negated, items } => {
                current.is_some_and(|c| class_contains(items, c) != *negated) && self.at(t + 1, p + 1)
            }
            Token::StartAnchor => p == 0 && self.at(t + 1, p),
            Token::StarButSlash => {
                let mut end = p;
                loop {
                    if self.at(t + 1, end) {
                        return true;
                    }
                    match self.path.get(end) {
                        Some(&c) if c != '/' => end += 1,
                        _ => return false,
                    }
                }
            }
            Token::AnyRest => {
                let mut end = p;
                loop {
                    if self.at(t + 1, end) {
                        return true;
                    }
                    match self.path.get(end) {
                        Some(&c) if c != '\n' => end += 1,
                        _ => return false,
                    }
                }
            }
            Token::OptionalDirs => {
                if self.at(t + 1, p) {
                    return true;
                }
                let mut end = p;
                while let Some(&c) = self.path.get(end) {
                    if c == '/' && self.at(t + 1, end + 1) {
                        return true;
                    }
                    if c == '\n' {
                        return false;
                    }
                    end += 1;
                }
                false
            }
        }
    }
}

fn class_contains(items: &[ClassItem], c: char) -> bool {
    items.iter().any(|item| match *item {
        ClassItem::Char(x) => x == c,
        ClassItem::Range(lo, hi) => lo <= c && c <= hi,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pat(s: &str) -> Pattern {
        Pattern::new(s).unwrap().unwrap()
    }

    #[test]
    fn forms() {
        assert_eq!(pat("a/b").form, Form::Exact);
        assert_eq!(pat("a/**").form, Form::Prefix);
        assert_eq!(pat("**/a").form, Form::Suffix);
        assert_eq!(pat("**").form, Form::Suffix);
        assert!(matches!(pat("**/*.go").form, Form::Regex(_)));
        assert!(matches!(pat("a/**/b").form, Form::Regex(_)));
    }

    #[test]
    fn regex_quirks() {
        assert!(pat("**foo").matches("xfoo"));
        assert!(!pat("a*^b").matches("a^b"));
        assert!(pat("a^b").matches("a^b"));
        assert!(pat("a[^x]b").matches("a/b"));
        assert!(!pat("a/**/*").matches("a/\n/b"));
    }
}

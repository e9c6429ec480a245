//! Word expansion: tilde, parameters, command substitution, arithmetic, field splitting,
//! pathname expansion and quote removal.
//!
//! A word first expands to [`Seg`]ments that remember how each piece of text was quoted;
//! field splitting then cuts only the unquoted expansion results, and globbing treats only
//! unquoted characters as pattern characters.

mod brace;
mod glob;
mod param;

use crate::ast::List;
use crate::word::{Word, WordPart};

use super::io::{Fd, Io, Sink};
use super::pattern;
use super::shell::{Flow, Shell};
use super::RunErrorKind;

/// A piece of an expanded word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// Unquoted literal text: globbed, not split.
    Lit(String),
    /// Quoted text: neither split nor globbed.
    Quoted(String),
    /// The result of an unquoted expansion: split and globbed.
    Expanded(String),
    /// A field boundary (between the words of `"$@"`).
    Break,
}

impl Seg {
    fn text(&self) -> &str {
        match self {
            Seg::Lit(s) | Seg::Quoted(s) | Seg::Expanded(s) => s,
            Seg::Break => "",
        }
    }
}

/// One field after splitting: text pieces with whether each is quoted.
#[derive(Debug, Default)]
struct Field {
    pieces: Vec<(String, bool)>,
}

impl Field {
    fn text(&self) -> String {
        self.pieces.iter().map(|(s, _)| s.as_str()).collect()
    }

    /// The field as a pattern: quoted characters escaped.
    fn pattern(&self) -> String {
        self.pieces.iter().map(|(s, quoted)| if *quoted { pattern::escape(s) } else { s.clone() }).collect()
    }
}

impl Shell<'_> {
    /// Expands words into fields: splitting, globbing and quote removal included.
    pub fn expand_words(&mut self, words: &[Word], io: &Io) -> Result<Vec<String>, Flow> {
        let mut out = Vec::new();
        for word in words {
            if self.st.bash {
                if let Some(variants) = brace::expand(word) {
                    out.extend(self.expand_words(&variants, io)?);
                    continue;
                }
            }
            let segs = self.expand_to_segs(word, true, io)?;
            for field in self.split_fields(segs) {
                let pattern = field.pattern();
                if !self.st.opts.noglob && pattern::has_glob(&pattern) {
                    let matches = self.glob(&pattern);
                    if !matches.is_empty() {
                        out.extend(matches);
                        continue;
                    }
                }
                out.push(field.text());
            }
        }
        Ok(out)
    }

    /// Expands a word to one string with no splitting or globbing (assignments, redirect
    /// targets, `case` subjects, here-strings).
    pub fn expand_single(&mut self, word: &Word, io: &Io) -> Result<String, Flow> {
        let segs = self.expand_to_segs(word, true, io)?;
        Ok(join(&segs))
    }

    /// Expands an assignment value (tilde expansion after `=` as well as at the start).
    pub fn expand_assignment(&mut self, word: &Word, io: &Io) -> Result<String, Flow> {
        self.expand_single(word, io)
    }

    /// Expands a word used as a pattern: quoted characters come out escaped.
    pub fn expand_pattern(&mut self, word: &Word, io: &Io) -> Result<String, Flow> {
        let segs = self.expand_to_segs(word, true, io)?;
        Ok(segs_pattern(&segs))
    }

    /// Expands an unquoted heredoc body.
    pub fn expand_heredoc(&mut self, body: &Word, io: &Io) -> Result<String, Flow> {
        let mut segs = Vec::new();
        self.expand_parts(&body.parts, true, &mut segs, io)?;
        Ok(join(&segs))
    }

    /// The text of an arithmetic expression with its expansions done.
    pub fn expand_arith_text(&mut self, parts: &[WordPart], io: &Io) -> Result<String, Flow> {
        let mut segs = Vec::new();
        self.expand_parts(parts, true, &mut segs, io)?;
        Ok(join(&segs))
    }

    /// Evaluates an arithmetic expression; an error stops the shell with status 2.
    pub fn arith(&mut self, expr: &str, io: &Io) -> Result<i64, Flow> {
        match super::arith::eval(expr, &mut self.st) {
            Ok(v) => Ok(v),
            Err(message) => {
                self.err(io, &format!("sh: arithmetic expression: {message}: \"{}\"", expr.trim()))?;
                Err(Flow::Exit(2))
            }
        }
    }

    fn expand_to_segs(&mut self, word: &Word, tilde: bool, io: &Io) -> Result<Vec<Seg>, Flow> {
        let mut segs = Vec::new();
        let mut parts = word.parts.as_slice();
        if tilde {
            if let Some(WordPart::Literal(lit)) = parts.first() {
                if let Some(rest) = lit.value.strip_prefix('~') {
                    let (user, tail) = rest.split_once('/').map_or((rest, ""), |(u, t)| (u, t));
                    if let Some(home) = self.home_of(user) {
                        segs.push(Seg::Quoted(home));
                        if rest.contains('/') {
                            segs.push(Seg::Lit(format!("/{tail}")));
                        }
                        parts = &parts[1..];
                    }
                }
            }
        }
        self.expand_parts(parts, false, &mut segs, io)?;
        Ok(segs)
    }

    /// The home directory for `~` (empty `user`) or `~user`.
    fn home_of(&mut self, user: &str) -> Option<String> {
        if user.is_empty() {
            return Some(self.st.home(self.env.uid));
        }
        let passwd = self.fs.resolve("/etc/passwd", true).and_then(|p| self.fs.read_file(&p)).unwrap_or_default();
        let found = String::from_utf8_lossy(&passwd).lines().find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            (fields.len() >= 6 && fields[0] == user).then(|| fields[5].to_string())
        });
        found.or_else(|| (user == "root").then(|| "/root".to_string()))
    }

    /// Expands `parts` into `out`; `quoted` is true inside double quotes or a heredoc body.
    pub fn expand_parts(&mut self, parts: &[WordPart], quoted: bool, out: &mut Vec<Seg>, io: &Io) -> Result<(), Flow> {
        for part in parts {
            match part {
                WordPart::Literal(l) => {
                    out.push(if quoted { Seg::Quoted(l.value.clone()) } else { Seg::Lit(l.value.clone()) })
                }
                WordPart::Escaped(l) | WordPart::SingleQuoted(l) | WordPart::AnsiC(l) => {
                    out.push(Seg::Quoted(l.value.clone()))
                }
                WordPart::DoubleQuoted(d) => {
                    let only_at = matches!(d.parts.as_slice(), [WordPart::Param(p)] if p.name == "@" && p.is_plain());
                    if !only_at {
                        out.push(Seg::Quoted(String::new()));
                    }
                    self.expand_parts(&d.parts, true, out, io)?;
                }
                WordPart::Param(p) => self.expand_param(p, quoted, out, io)?,
                WordPart::CommandSub(c) => {
                    let text = self.command_substitution(&c.body, io)?;
                    out.push(if quoted { Seg::Quoted(text) } else { Seg::Expanded(text) });
                }
                WordPart::Arith(a) => {
                    let text = self.expand_arith_text(&a.parts, io)?;
                    let value = self.arith(&text, io)?.to_string();
                    out.push(if quoted { Seg::Quoted(value) } else { Seg::Expanded(value) });
                }
                WordPart::ProcessSub(_) => {
                    let argv = vec!["<(…)".to_string()];
                    self.not_emulated(io, &argv)?;
                    out.push(Seg::Quoted("/dev/null".to_string()));
                }
            }
            let len: usize = out.iter().map(|s| s.text().len()).sum();
            if len > self.env.limits.max_word_len {
                return Err(self.abort(RunErrorKind::WordLimit, "sh: expanded word exceeds the word length limit"));
            }
        }
        Ok(())
    }

    /// Runs `body` in a subshell and returns its output without trailing newlines.
    pub fn command_substitution(&mut self, body: &List, io: &Io) -> Result<String, Flow> {
        let buffer = self.buffers.len();
        self.buffers.push(Vec::new());
        let sub_io = io.with(1, Fd::Out(Sink::Buffer(buffer)));
        let status = self.nested(|sh| sh.subshell(|sh| sh.exec_list(body, &sub_io)));
        let data = self.buffers.get_mut(buffer).map(std::mem::take).unwrap_or_default();
        self.buffers.truncate(buffer);
        let status = status?;
        self.last_sub_status = Some(status);
        self.st.last_status = status;
        let mut text = String::from_utf8_lossy(&data).into_owned();
        text.truncate(text.trim_end_matches('\n').len());
        Ok(text)
    }

    /// Splits segments into fields on `$IFS` (only [`Seg::Expanded`] text is split).
    fn split_fields(&self, segs: Vec<Seg>) -> Vec<Field> {
        let ifs = self.st.ifs();
        let mut fields = Vec::new();
        let mut current = Field::default();
        let mut started = false;
        let mut after_blank_split = false;
        for seg in segs {
            match seg {
                Seg::Lit(s) => {
                    if !s.is_empty() {
                        current.pieces.push((s, false));
                        started = true;
                        after_blank_split = false;
                    }
                }
                Seg::Quoted(s) => {
                    // Even an empty quoted piece makes a field (`""`).
                    if !s.is_empty() {
                        current.pieces.push((s, true));
                    }
                    started = true;
                    after_blank_split = false;
                }
                Seg::Break => {
                    if started {
                        fields.push(std::mem::take(&mut current));
                    }
                    started = false;
                }
                Seg::Expanded(s) => {
                    let mut piece = String::new();
                    for c in s.chars() {
                        if !ifs.contains(c) {
                            piece.push(c);
                            started = true;
                            after_blank_split = false;
                            continue;
                        }
                        if !piece.is_empty() {
                            current.pieces.push((std::mem::take(&mut piece), false));
                        }
                        if c == ' ' || c == '\t' || c == '\n' {
                            if started {
                                fields.push(std::mem::take(&mut current));
                                started = false;
                                after_blank_split = true;
                            }
                        } else if after_blank_split {
                            after_blank_split = false;
                        } else {
                            fields.push(std::mem::take(&mut current));
                            started = false;
                        }
                    }
                    if !piece.is_empty() {
                        current.pieces.push((piece, false));
                    }
                }
            }
        }
        if started {
            fields.push(current);
        }
        fields
    }
}

/// The text of segments joined (quote removal, no splitting).
pub fn join(segs: &[Seg]) -> String {
    segs.iter().map(Seg::text).collect()
}

/// Segments as a pattern: quoted text escaped.
pub fn segs_pattern(segs: &[Seg]) -> String {
    segs.iter()
        .map(|s| match s {
            Seg::Quoted(t) => pattern::escape(t),
            other => other.text().to_string(),
        })
        .collect()
}

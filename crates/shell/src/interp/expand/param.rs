//! Parameter expansion: `$V`, `${V…}` with every operator, special and positional
//! parameters.

use crate::word::{ParamExpansion, ParamOp, ReplaceKind, Word};

use super::{join, segs_pattern, Seg};
use crate::interp::io::Io;
use crate::interp::pattern::{self, Trim};
use crate::interp::shell::{Flow, Shell};

impl Shell<'_> {
    /// The value of a parameter, `None` when unset.
    fn param_value(&self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.st.last_status.to_string()),
            "$" => Some("1".to_string()),
            "#" => Some(self.st.positional.len().to_string()),
            "-" => Some(self.st.opts.flags()),
            "!" => self.st.last_background.map(|p| p.to_string()),
            "0" => Some(self.st.arg0.clone()),
            "@" | "*" => {
                let sep = self.st.ifs().chars().next().map(String::from).unwrap_or_default();
                Some(self.st.positional.join(if name == "*" { &sep } else { " " }))
            }
            _ if name.bytes().all(|b| b.is_ascii_digit()) => {
                name.parse::<usize>().ok().and_then(|i| self.st.positional.get(i.checked_sub(1)?).cloned())
            }
            _ => {
                // `arr[0]`-style subscripts read the plain variable (arrays are flattened).
                let base = name.split('[').next().unwrap_or(name);
                self.st.get(base).map(str::to_string)
            }
        }
    }

    /// Expands one parameter expansion into `out`.
    pub(super) fn expand_param(
        &mut self,
        p: &ParamExpansion,
        quoted: bool,
        out: &mut Vec<Seg>,
        io: &Io,
    ) -> Result<(), Flow> {
        let wrap = |s: String| if quoted { Seg::Quoted(s) } else { Seg::Expanded(s) };
        if p.is_plain() && (p.name == "@" || (p.name == "*" && !quoted)) {
            for (i, arg) in self.st.positional.clone().into_iter().enumerate() {
                if i > 0 {
                    out.push(Seg::Break);
                }
                out.push(wrap(arg));
            }
            return Ok(());
        }
        if let (true, Some(ParamOp::Substring { offset, length })) = (matches!(p.name.as_str(), "@" | "*"), &p.op) {
            // `${@:o:l}` slices the positional parameters (offset 0 is `$0`).
            let mut all = vec![self.st.arg0.clone()];
            all.extend(self.st.positional.iter().cloned());
            let n = all.len() as i64;
            let off_text = self.word_text(offset, io)?;
            let mut start = self.arith(&off_text, io)?;
            if start < 0 {
                start = (n + start).max(0);
            }
            let start = start.min(n);
            let end = match length {
                Some(w) => {
                    let text = self.word_text(w, io)?;
                    start.saturating_add(self.arith(&text, io)?.max(0)).min(n)
                }
                None => n,
            };
            let slice = &all[start as usize..end as usize];
            if quoted && p.name == "*" {
                let sep = self.st.ifs().chars().next().map(String::from).unwrap_or_default();
                out.push(Seg::Quoted(slice.join(&sep)));
            } else {
                for (i, arg) in slice.iter().enumerate() {
                    if i > 0 {
                        out.push(Seg::Break);
                    }
                    out.push(wrap(arg.clone()));
                }
            }
            return Ok(());
        }
        let mut value = self.param_value(&p.name);
        if p.indirect {
            value = value.and_then(|target| self.param_value(&target));
        }
        if p.length {
            let len = if matches!(p.name.as_str(), "@" | "*") {
                self.st.positional.len()
            } else {
                self.check_set(&p.name, value.as_deref(), io)?.chars().count()
            };
            out.push(wrap(len.to_string()));
            return Ok(());
        }
        let Some(op) = &p.op else {
            let v = self.check_set(&p.name, value.as_deref(), io)?;
            out.push(wrap(v));
            return Ok(());
        };
        let is_unset_or_empty = |colon: bool| value.is_none() || (colon && value.as_deref() == Some(""));
        match op {
            ParamOp::Default { colon, word } => {
                if is_unset_or_empty(*colon) {
                    self.expand_parts(&word.parts, quoted, out, io)?;
                } else {
                    out.push(wrap(value.unwrap_or_default()));
                }
            }
            ParamOp::Assign { colon, word } => {
                if is_unset_or_empty(*colon) {
                    let new = self.word_text(word, io)?;
                    self.assign(&p.name, new.clone(), io)?;
                    out.push(wrap(new));
                } else {
                    out.push(wrap(value.unwrap_or_default()));
                }
            }
            ParamOp::Error { colon, word } => {
                if is_unset_or_empty(*colon) {
                    let mut message = self.word_text(word, io)?;
                    if message.is_empty() {
                        message = "parameter null or not set".to_string();
                    }
                    self.err(io, &format!("sh: {}: {message}", p.name))?;
                    return Err(Flow::Exit(2));
                }
                out.push(wrap(value.unwrap_or_default()));
            }
            ParamOp::Alternative { colon, word } => {
                if !is_unset_or_empty(*colon) {
                    self.expand_parts(&word.parts, quoted, out, io)?;
                }
            }
            ParamOp::RemovePrefix { longest, pattern } | ParamOp::RemoveSuffix { longest, pattern } => {
                let v = self.check_set(&p.name, value.as_deref(), io)?;
                let pat = self.word_pattern(pattern, io)?;
                let how = match (matches!(op, ParamOp::RemovePrefix { .. }), *longest) {
                    (true, false) => Trim::ShortPrefix,
                    (true, true) => Trim::LongPrefix,
                    (false, false) => Trim::ShortSuffix,
                    (false, true) => Trim::LongSuffix,
                };
                out.push(wrap(pattern::trim(&v, &pat, how)));
            }
            ParamOp::Replace { kind, pattern, replacement } => {
                let v = self.check_set(&p.name, value.as_deref(), io)?;
                let pat = self.word_pattern(pattern, io)?;
                let rep = match replacement {
                    Some(w) => self.word_text(w, io)?,
                    None => String::new(),
                };
                let anchor = match kind {
                    ReplaceKind::Prefix => Some(true),
                    ReplaceKind::Suffix => Some(false),
                    _ => None,
                };
                out.push(wrap(pattern::replace(&v, &pat, &rep, *kind == ReplaceKind::All, anchor)));
            }
            ParamOp::Substring { offset, length } => {
                let v = self.check_set(&p.name, value.as_deref(), io)?;
                let chars: Vec<char> = v.chars().collect();
                let n = chars.len() as i64;
                let off_text = self.word_text(offset, io)?;
                let mut start = self.arith(&off_text, io)?;
                if start < 0 {
                    start = (n + start).max(0);
                }
                let start = start.min(n);
                let end = match length {
                    Some(w) => {
                        let text = self.word_text(w, io)?;
                        let len = self.arith(&text, io)?;
                        if len < 0 {
                            (n + len).max(start)
                        } else {
                            start.saturating_add(len).min(n)
                        }
                    }
                    None => n,
                };
                out.push(wrap(chars[start as usize..end as usize].iter().collect()));
            }
            ParamOp::Case { upper, all, .. } => {
                let v = self.check_set(&p.name, value.as_deref(), io)?;
                let convert =
                    |c: char| if *upper { c.to_uppercase().collect::<String>() } else { c.to_lowercase().collect() };
                let result = if *all {
                    v.chars().map(convert).collect()
                } else {
                    let mut chars = v.chars();
                    chars.next().map(|c| convert(c) + chars.as_str()).unwrap_or_default()
                };
                out.push(wrap(result));
            }
            ParamOp::Transform(letter) => {
                let v = self.check_set(&p.name, value.as_deref(), io)?;
                let result = match letter {
                    'Q' => format!("'{}'", v.replace('\'', "'\\''")),
                    'U' => v.to_uppercase(),
                    'L' => v.to_lowercase(),
                    _ => v,
                };
                out.push(wrap(result));
            }
            ParamOp::Invalid(_) => {
                self.err(io, &format!("sh: ${{{}}}: bad substitution", p.name))?;
                return Err(Flow::Exit(2));
            }
        }
        Ok(())
    }

    /// The value of a parameter, failing under `set -u` when it is unset.
    fn check_set(&mut self, name: &str, value: Option<&str>, io: &Io) -> Result<String, Flow> {
        match value {
            Some(v) => Ok(v.to_string()),
            None if self.st.opts.nounset && !matches!(name, "@" | "*") => {
                self.err(io, &format!("sh: {name}: parameter not set"))?;
                Err(Flow::Exit(2))
            }
            None => Ok(String::new()),
        }
    }

    fn word_text(&mut self, word: &Word, io: &Io) -> Result<String, Flow> {
        let mut segs = Vec::new();
        self.expand_parts(&word.parts, false, &mut segs, io)?;
        Ok(join(&segs))
    }

    fn word_pattern(&mut self, word: &Word, io: &Io) -> Result<String, Flow> {
        let mut segs = Vec::new();
        self.expand_parts(&word.parts, false, &mut segs, io)?;
        Ok(segs_pattern(&segs))
    }
}

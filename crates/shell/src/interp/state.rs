//! Per-process shell state: variables, functions, positional parameters, options, cwd.
//!
//! A subshell (or `sh -c`) works on a copy that is dropped afterwards, so nothing it changes
//! leaks out.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::ast::CompoundCommand;
use crate::span::Span;

/// A shell variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Var {
    pub value: String,
    pub exported: bool,
}

/// Options set with `set` or on the shell's command line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Opts {
    pub errexit: bool,
    pub xtrace: bool,
    pub nounset: bool,
    pub pipefail: bool,
    pub noglob: bool,
}

impl Opts {
    /// Applies one short option letter; returns `false` if it is unknown.
    pub fn set_short(&mut self, letter: char, on: bool) -> bool {
        match letter {
            'e' => self.errexit = on,
            'x' => self.xtrace = on,
            'u' => self.nounset = on,
            'f' => self.noglob = on,
            // Accepted and ignored: they change nothing observable here.
            'a' | 'b' | 'h' | 'm' | 'v' | 'C' | 'n' => {}
            _ => return false,
        }
        true
    }

    /// Applies a `-o name` option; returns `false` if it is unknown.
    pub fn set_long(&mut self, name: &str, on: bool) -> bool {
        match name {
            "errexit" => self.errexit = on,
            "xtrace" => self.xtrace = on,
            "nounset" => self.nounset = on,
            "pipefail" => self.pipefail = on,
            "noglob" => self.noglob = on,
            "allexport" | "notify" | "hashall" | "monitor" | "verbose" | "noclobber" | "noexec" | "posix" => {}
            _ => return false,
        }
        true
    }

    /// The value of `$-`.
    pub fn flags(&self) -> String {
        let mut s = String::new();
        for (on, c) in [(self.errexit, 'e'), (self.noglob, 'f'), (self.nounset, 'u'), (self.xtrace, 'x')] {
            if on {
                s.push(c);
            }
        }
        s
    }
}

/// The state one shell process carries.
#[derive(Debug, Clone)]
pub struct State {
    pub vars: BTreeMap<String, Var>,
    /// Function bodies, with the span to report for commands inside them when they were
    /// defined in a string run by `eval`/`sh -c`/`.` (their spans point into that string).
    pub functions: BTreeMap<String, (Rc<CompoundCommand>, Option<Span>)>,
    pub arg0: String,
    pub positional: Vec<String>,
    pub cwd: String,
    pub opts: Opts,
    pub last_status: i32,
    pub last_background: Option<u32>,
    /// The shell is bash (brace expansion on).
    pub bash: bool,
}

impl State {
    /// The value of a variable, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(|v| v.value.as_str())
    }

    /// Sets a variable, keeping its export flag.
    pub fn set(&mut self, name: &str, value: String) {
        match self.vars.get_mut(name) {
            Some(v) => v.value = value,
            None => {
                self.vars.insert(name.to_string(), Var { value, exported: false });
            }
        }
    }

    /// Marks a variable exported, creating it empty-valued only when `value` is given.
    pub fn export(&mut self, name: &str, value: Option<String>) {
        match (self.vars.get_mut(name), value) {
            (Some(v), value) => {
                v.exported = true;
                if let Some(value) = value {
                    v.value = value;
                }
            }
            (None, Some(value)) => {
                self.vars.insert(name.to_string(), Var { value, exported: true });
            }
            // `export NAME` of an unset variable: remember the flag with an empty value, as
            // `env` would not show it in sh either; keep it simple and visible.
            (None, None) => {
                self.vars.insert(name.to_string(), Var { value: String::new(), exported: true });
            }
        }
    }

    /// The exported variables, sorted by name.
    pub fn exported(&self) -> Vec<(String, String)> {
        self.vars.iter().filter(|(_, v)| v.exported).map(|(k, v)| (k.clone(), v.value.clone())).collect()
    }

    /// `$HOME`, or the conventional home of the current user when unset.
    pub fn home(&self, uid: u32) -> String {
        match self.get("HOME") {
            Some(h) => h.to_string(),
            None if uid == 0 => "/root".to_string(),
            None => "/".to_string(),
        }
    }

    /// The internal field separator.
    pub fn ifs(&self) -> String {
        self.get("IFS").unwrap_or(" \t\n").to_string()
    }
}

/// Whether `name` is a valid variable name.
pub fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

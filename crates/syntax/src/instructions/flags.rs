//! BuildKit's instruction flags (`BFlags`): declared per instruction as bool, string or
//! repeatable string flags; parsed from the `--name[=value]` words with BuildKit's errors.

use crate::span::Span;
use crate::suggest::did_you_mean;
use crate::tree::Token;

/// The kind of value a flag takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    /// `--f`, `--f=true|false`.
    Bool,
    /// `--f=value`, at most once.
    String,
    /// `--f=value`, repeatable.
    Strings,
}

/// The flags one instruction accepts.
pub type FlagSpec = &'static [(&'static str, FlagKind)];

/// A flag value found on an instruction, with the span of the flag word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagValue {
    /// Flag name without dashes.
    pub name: &'static str,
    /// The value (`"true"`/`"false"` for bools).
    pub value: String,
    /// The `--name=value` word.
    pub span: Span,
}

/// A flag error with BuildKit's message and the offending flag word's span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagError {
    /// BuildKit's message.
    pub message: String,
    /// The flag word.
    pub span: Span,
}

/// Parsed flags of one instruction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    values: Vec<FlagValue>,
}

impl Flags {
    /// Parses `words` against `spec`, as BuildKit's `BFlags.Parse`.
    pub fn parse(words: &[Token], spec: FlagSpec) -> Result<Flags, FlagError> {
        let mut flags = Flags::default();
        for word in words {
            let err = |message: String| FlagError { message, span: word.span };
            let text = word.value.as_str();
            if text == "--" {
                break;
            }
            let Some(body) = text.strip_prefix("--") else {
                return Err(err(format!("arg should start with -- : {text}")));
            };
            let (name, value) = match body.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (body, None),
            };
            let Some(&(declared, kind)) = spec.iter().find(|(n, _)| *n == name) else {
                let names: Vec<&str> = spec.iter().map(|(n, _)| *n).collect();
                let mut message = format!("unknown flag: {name}");
                if let Some(suggestion) = did_you_mean(name, names.iter().copied(), true) {
                    message.push_str(&format!(" (did you mean {suggestion}?)"));
                }
                return Err(err(message));
            };
            if kind != FlagKind::Strings && flags.values.iter().any(|v| v.name == declared) {
                return Err(err(format!("duplicate flag specified: {name}")));
            }
            let value = match (kind, value) {
                (FlagKind::Bool, Some("")) => return Err(err(format!("missing a value on flag: {name}"))),
                (FlagKind::Bool, None) => "true".to_string(),
                (FlagKind::Bool, Some(v)) => match v.to_ascii_lowercase().as_str() {
                    "true" => "true".to_string(),
                    "false" => "false".to_string(),
                    _ => return Err(err(format!("expecting boolean value for flag {name}, not: {v}"))),
                },
                (_, None) => return Err(err(format!("missing a value on flag: {name}"))),
                (_, Some(v)) => v.to_string(),
            };
            flags.values.push(FlagValue { name: declared, value, span: word.span });
        }
        Ok(flags)
    }

    /// The value of a single-valued flag.
    pub fn get(&self, name: &str) -> Option<&FlagValue> {
        self.values.iter().find(|v| v.name == name)
    }

    /// A string flag's value.
    pub fn string(&self, name: &str) -> Option<String> {
        self.get(name).map(|v| v.value.clone())
    }

    /// A bool flag's value (false when absent).
    pub fn bool(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| v.value == "true")
    }

    /// A bool flag's value, `None` when absent.
    pub fn optional_bool(&self, name: &str) -> Option<bool> {
        self.get(name).map(|v| v.value == "true")
    }

    /// Every value of a repeatable flag, in order.
    pub fn all(&self, name: &str) -> Vec<&FlagValue> {
        self.values.iter().filter(|v| v.name == name).collect()
    }
}

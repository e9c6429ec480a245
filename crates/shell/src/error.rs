//! The parse error type.

use std::fmt;

/// A syntax error in the shell source.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ParseError {
    /// What went wrong, e.g. ``expected `fi` to close `if` ``.
    pub message: String,
    /// Byte offset in the shell source where the problem was detected.
    pub offset: usize,
}

impl ParseError {
    /// Creates an error with `message` at byte `offset`.
    pub fn new(message: impl Into<String>, offset: usize) -> Self {
        ParseError { message: message.into(), offset }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for ParseError {}

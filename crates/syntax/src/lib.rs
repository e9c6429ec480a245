//! `slipway-syntax`: a lossless, BuildKit-faithful Dockerfile parser.
//!
//! [`parse`] turns source text into a [`Dockerfile`]: a syntax tree whose elements cover
//! every line of the input (so the text round-trips) and whose instructions carry the
//! spans of their keyword, flags, arguments, heredocs and continuations. The typed
//! model in [`instructions`] validates flags and arguments the way BuildKit's
//! `instructions` package does. The crate is wasm-safe: no I/O, and no input panics.

pub mod analysis;
pub mod diagnostic;
pub mod directive;
mod dump;
pub mod expand;
pub mod gocompat;
pub mod heredoc;
pub mod instructions;
pub mod json;
pub mod json_array;
mod json_number;
mod line_parsers;
mod parser;
pub mod span;
pub mod suggest;
pub mod tree;

pub use analysis::Analysis;
pub use diagnostic::{Diagnostic, Severity};
pub use parser::{parse, parse_bytes, MAX_LINE_BYTES};
pub use span::{LineIndex, Position, Span};
pub use tree::{Arguments, Directive, Dockerfile, Element, ElementKind, Heredoc, Instruction, KeyValue, Token};

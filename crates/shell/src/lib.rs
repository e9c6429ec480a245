//! `slipway-shell`: a parser for the shell found in Dockerfile `RUN` instructions.
//!
//! It understands POSIX `sh` plus the bash-isms common in Dockerfiles: simple commands with
//! assignments and redirects (`2>&1`, `>>`, `&>`, here-strings `<<<`, heredocs), pipelines,
//! `&&`/`||`/`;`/`&`, subshells, brace groups, `if`, `for`, `while`/`until`, `case`,
//! functions, `[[ … ]]`, `(( … ))`, every quoting form (`'…'`, `"…"`, `$'…'`, backslashes),
//! command substitutions (`$(…)` and backticks, nested), arithmetic `$((…))`, parameter
//! expansions (`${V:-x}`, `${#V}`, `${V%%x}`, …), line continuations and comments.
//!
//! ```
//! let script = slipway_shell::parse("set -eux; apt-get update && apt-get install -y curl").unwrap();
//! let commands = script.simple_commands();
//! let names: Vec<_> = commands.iter().filter_map(|c| c.name_literal()).collect();
//! assert_eq!(names, ["set", "apt-get", "apt-get"]);
//! assert_eq!(commands[1].and_or_id, commands[2].and_or_id); // same `&&` chain
//! ```
//!
//! Every node carries a [`Span`] (byte offsets into the parsed source); a [`SourceMap`] turns
//! those into Dockerfile lines and columns when the source was joined from several lines.
//!
//! # Where to start
//!
//! - [`parse`] gives a [`Script`] (or a [`ParseError`] with a byte offset).
//! - [`Script::simple_commands`] lists every simple command, also those inside compound
//!   commands, functions, `$(…)`, backticks and heredoc bodies, each as a [`CommandInfo`]: the
//!   [`SimpleCommand`] (name, arguments, assignments, redirects), its [`Pipeline`] and position
//!   in it, its `&&`/`||` chain ([`AndOr`], with a chain id and the operators around it), the
//!   enclosing [`List`] and separator, and the [`Nesting`] constructs around it.
//!   [`Script::pipelines`] does the same for pipelines.
//! - [`Word::literal`] gives a word's value with quotes removed when it is statically known;
//!   [`Word::expansions`] and [`Word::unquoted_expansions`] tell which expansions are quoted.
//! - [`visit::Visitor`] walks every node for anything else.
//! - [`SourceMap`] maps spans back to the Dockerfile: [`SourceMap::join`] builds the joined
//!   `RUN` line and its map from the physical-line pieces, [`SourceMap::from_offsets`] builds
//!   the map from `(shell offset, Dockerfile offset)` pairs, [`SourceMap::verbatim`] serves
//!   heredoc bodies.
//! - [`SimpleCommand::enabled_shell_options`] reads `set -eux -o pipefail`;
//!   [`Script::command_at`] finds the innermost command at an offset.
//!
//! With the `serde` feature, the tree, spans and locations implement `serde::Serialize`.
//!
//! # Leniency
//!
//! The parser accepts what bash accepts for these constructs, plus empty bodies (`if a; then
//! fi`) which bash rejects. A heredoc without its terminator runs to the end of the source, as
//! in bash. `\r` before a newline is treated as a blank, so CRLF sources parse.
//!
//! The crate is wasm-safe: it performs no I/O, never panics, and parses in time linear in the
//! input (apart from re-scanning nested `$((` prefixes). Nesting is bounded (about 32 levels of
//! compound commands or substitutions) and deeper input is rejected with an error instead of
//! risking the stack: the worst case stays under 200 KiB of stack in release builds.

pub mod ast;
mod compound;
mod cursor;
mod error;
mod heredoc;
pub mod interp;
mod lexer;
mod parser;
pub mod query;
mod scan;
mod simple;
pub mod source_map;
mod span;
pub mod visit;
pub mod word;

pub use ast::*;
pub use error::ParseError;
pub use query::{CommandInfo, Nesting, PipelineInfo};
pub use source_map::{Location, MappedSpan, Piece, Segment, SourceMap};
pub use span::Span;
pub use visit::Visitor;
pub use word::{Word, WordPart};

/// Parses a shell script (a `RUN` body or a heredoc body).
///
/// Returns the syntax tree, or the first syntax error with its byte offset. Never panics.
pub fn parse(src: &str) -> Result<Script, ParseError> {
    parser::parse_script(src)
}

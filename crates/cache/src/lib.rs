//! Build context, `.dockerignore` matching and BuildKit-compatible content checksums.
//!
//! - [`context`]: the [`BuildContext`](context::BuildContext) trait with an in-memory and (on
//!   native Unix) an on-disk implementation, and named contexts.
//! - [`ignore`]: `.dockerignore` parsing and matching exactly as moby/patternmatcher and
//!   BuildKit do.
//! - [`walk()`]: the filtered, sorted listing of a context.
//! - [`checksum`]: BuildKit `contenthash` checksums of files, symlinks and directories.
//! - [`stat_cache`]: a persisted cache that lets re-hashing skip unchanged files.
//!
//! Nothing outside `context::DiskContext` and the stat cache's file helpers touches the
//! operating system, so the crate builds for `wasm32-unknown-unknown`.

pub mod checksum;
pub mod context;
pub mod ignore;
mod parallel;
pub mod path;
pub mod stat_cache;
mod walk;

pub use walk::{walk, WalkEntry};

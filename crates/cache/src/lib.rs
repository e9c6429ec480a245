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
//! ```
//! use slipway_cache::checksum::{ChecksumOptions, ContentHashes};
//! use slipway_cache::context::MemoryContext;
//! use slipway_cache::ignore::DockerIgnore;
//!
//! let mut ctx = MemoryContext::new();
//! ctx.add_file(".dockerignore", "*.log\n!keep.log\n", 0o644).unwrap();
//! ctx.add_file("app/main.go", "package main", 0o644).unwrap();
//! ctx.add_file("debug.log", "noise", 0o644).unwrap();
//! ctx.add_file("keep.log", "kept", 0o644).unwrap();
//!
//! let ignore = DockerIgnore::load(&ctx, None).unwrap();
//! assert!(ignore.is_excluded("debug.log"));
//! assert!(!ignore.is_excluded("keep.log"));
//!
//! let paths: Vec<_> = slipway_cache::walk(&ctx, ignore.matcher()).unwrap().into_iter().map(|e| e.path).collect();
//! assert_eq!(paths, [".dockerignore", "app", "app/main.go", "keep.log"]);
//!
//! let hashes = ContentHashes::of_context(&ctx, ignore.matcher(), &ChecksumOptions::default(), None).unwrap();
//! println!("COPY . /src  ->  {}", hashes.root());
//! println!("COPY app/main.go /  ->  {}", hashes.checksum("app/main.go", true).unwrap());
//! ```
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
pub mod advisor;
pub mod keys;
pub mod plan;
pub mod simulate;

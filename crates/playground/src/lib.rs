//! The playground's model: everything the browser playground shows, computed from Slipway's
//! core crates (parser, linter, cache simulator, layer and build engines).
//!
//! This crate has no web dependency and no OS calls: it compiles to `wasm32-unknown-unknown` and
//! is tested natively. The Yew front end (`web/`) only renders what these modules return.
//!
//! Byte offsets in every view type are offsets into the Dockerfile source (UTF-8), so the editor
//! can map them to its text; line and column numbers are 1-based, columns counted in characters.

pub mod cache_view;
pub mod context;
pub mod diagnostics;
pub mod explain;
pub mod gallery;
pub mod graph;
pub mod highlight;
pub mod image_view;
pub mod project;
pub mod share;

pub use project::{Lang, Project};

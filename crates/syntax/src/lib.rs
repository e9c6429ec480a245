//! `slipway-syntax`: a lossless, BuildKit-faithful Dockerfile parser.
//!
//! The crate is wasm-safe: it performs no I/O and never panics on any input.

pub mod expand;

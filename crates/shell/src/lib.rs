//! `slipway-shell`: a parser for the shell found in Dockerfile `RUN` instructions.
//!
//! The crate is wasm-safe: it performs no I/O and never panics on any input.

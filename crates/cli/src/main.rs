//! The `slipway` command-line tool.

fn main() {}

//! Machine-readable output formats, one module each. The coloured terminal format lives in
//! the CLI (it needs a terminal renderer).

pub mod json;

use crate::finding::Finding;

/// The findings of one file, for output.
#[derive(Clone, Debug)]
pub struct FileReport<'a> {
    /// The file name as given on the command line (`-` for standard input).
    pub path: &'a str,
    /// The file's findings, in order.
    pub findings: &'a [Finding],
}

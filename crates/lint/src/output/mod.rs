//! Machine-readable output formats, one module each. The coloured terminal format lives in
//! the CLI (it needs a terminal renderer).

pub mod checkstyle;
pub mod codeclimate;
pub mod github;
pub mod gitlab;
pub mod gnu;
pub mod json;
pub mod sarif;

use slipway_syntax::{LineIndex, Position};

use crate::finding::Finding;

/// The findings of one file, for output.
#[derive(Clone, Copy, Debug)]
pub struct FileReport<'a> {
    /// The file name as given on the command line (`-` for standard input).
    pub path: &'a str,
    /// The file's text (to locate fix edits).
    pub source: &'a str,
    /// The file's findings, in order.
    pub findings: &'a [Finding],
}

impl FileReport<'_> {
    /// The 1-based position of byte `offset` of the source.
    pub fn position(&self, offset: usize) -> Position {
        LineIndex::new(self.source).position(self.source, offset)
    }
}

/// The machine-readable formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// [`json`].
    Json,
    /// [`sarif`].
    Sarif,
    /// [`checkstyle`].
    Checkstyle,
    /// [`gnu`].
    Gnu,
    /// [`codeclimate`].
    Codeclimate,
    /// [`gitlab`].
    Gitlab,
    /// [`github`].
    Github,
}

impl Format {
    /// Renders the reports of all files in this format.
    pub fn render(self, files: &[FileReport<'_>]) -> String {
        match self {
            Format::Json => json::render(files),
            Format::Sarif => sarif::render(files),
            Format::Checkstyle => checkstyle::render(files),
            Format::Gnu => gnu::render(files),
            Format::Codeclimate => codeclimate::render(files),
            Format::Gitlab => gitlab::render(files),
            Format::Github => github::render(files),
        }
    }
}

/// A stable 64-bit FNV-1a hash of `parts`, as 16 hex digits (fingerprints).
pub(crate) fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

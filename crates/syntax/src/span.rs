//! Byte spans and their conversion to 1-based line/column positions.

use serde::Serialize;

/// A half-open byte range `start..end` into the Dockerfile source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// Creates a span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Converts byte offsets of one source text into line/column positions.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `source` (lines end at `\n`).
    pub fn new(source: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1));
        LineIndex { line_starts }
    }

    /// Builds the index from line starts already known (first must be 0, ascending).
    pub(crate) fn from_starts(line_starts: Vec<usize>) -> Self {
        debug_assert_eq!(line_starts.first(), Some(&0));
        LineIndex { line_starts }
    }

    /// Number of lines (a trailing newline opens one more, empty, line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 1-based line containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset).max(1)
    }

    /// Byte offset where 1-based `line` starts, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    /// The position of byte `offset` within `source` (the text this index was built from).
    /// Offsets inside a multi-byte character count as that character.
    pub fn position(&self, source: &str, offset: usize) -> Position {
        let offset = offset.min(source.len());
        let line = self.line_of(offset);
        let start = self.line_starts[line - 1];
        let prefix = &source.as_bytes()[start..offset];
        // Count characters by their first bytes, so the slice need not end on a boundary.
        let column = prefix.iter().filter(|&&b| (b & 0xC0) != 0x80).count() + 1;
        Position { line, column }
    }
}

//! Mapping spans of the shell source back to positions in the Dockerfile.
//!
//! The shell source of a `RUN` is rarely a verbatim slice of the Dockerfile: the Dockerfile
//! parser joins physical lines (dropping each escape character + newline and comment lines
//! inside the continuation), or hands over a heredoc body. A [`SourceMap`] records where each
//! contiguous run of original text (a [`Segment`]) came from and converts any shell offset or
//! [`Span`] into Dockerfile line, column and byte offset.
//!
//! Columns are 1-based and count Unicode scalar values (`char`s), so `é` and `😀` are one
//! column each. Each [`Location`] also carries the UTF-16 column (what LSP uses by default),
//! where `😀` counts two. End locations are exclusive: the end column is the column just after
//! the last character of the span, as in LSP ranges.

use std::ops::Range;

use crate::span::Span;

/// A contiguous run of original text in the shell source: from `shell_offset` up to the next
/// segment's start (or the end of the source), the text equals the Dockerfile text starting at
/// `file_offset`, which is at `line`/`column`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Segment {
    /// Where the run starts in the shell source.
    pub shell_offset: usize,
    /// Byte offset of the run in the Dockerfile.
    pub file_offset: usize,
    /// 1-based Dockerfile line of the run's first character.
    pub line: u32,
    /// 1-based column (in characters) of the run's first character.
    pub column: u32,
    /// 1-based column in UTF-16 code units of the run's first character.
    pub utf16_column: u32,
}

impl Segment {
    /// A segment whose UTF-16 column equals its character column (true whenever the line
    /// before the segment has no character outside the Basic Multilingual Plane, e.g. any
    /// segment starting at column 1).
    pub fn new(shell_offset: usize, file_offset: usize, line: u32, column: u32) -> Self {
        Segment { shell_offset, file_offset, line, column, utf16_column: column }
    }

    /// Sets the UTF-16 column of the segment's first character.
    pub fn with_utf16_column(mut self, utf16_column: u32) -> Self {
        self.utf16_column = utf16_column;
        self
    }
}

/// A piece of original text used to build a shell source with [`SourceMap::join`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Piece<'a> {
    /// The text, verbatim from the Dockerfile.
    pub text: &'a str,
    /// Its byte offset in the Dockerfile.
    pub file_offset: usize,
    /// 1-based line of its first character.
    pub line: u32,
    /// 1-based character column of its first character.
    pub column: u32,
}

/// A position in the Dockerfile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Location {
    /// Byte offset in the Dockerfile.
    pub offset: usize,
    /// 1-based line.
    pub line: u32,
    /// 1-based column counted in characters.
    pub column: u32,
    /// 1-based column counted in UTF-16 code units.
    pub utf16_column: u32,
}

/// A shell span mapped into the Dockerfile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MappedSpan {
    /// Where the span starts.
    pub start: Location,
    /// Where the span ends (exclusive).
    pub end: Location,
}

impl MappedSpan {
    /// The Dockerfile byte range. It includes any text the shell source left out inside the
    /// span (escape characters, newlines and comment lines of line continuations).
    pub fn range(&self) -> Range<usize> {
        self.start.offset..self.end.offset.max(self.start.offset)
    }
}

/// Converts shell-source offsets into Dockerfile locations. See the module docs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SourceMap {
    source: String,
    segments: Vec<Segment>,
}

impl SourceMap {
    /// A map for `shell_source` made of `segments` (in any order). Offsets before the first
    /// segment map as if a segment at line 1, column 1, byte 0 started the source.
    pub fn new(shell_source: &str, mut segments: Vec<Segment>) -> Self {
        slipway_sort::sort_by_key(&mut segments, |s| s.shell_offset);
        if !matches!(segments.first(), Some(s) if s.shell_offset == 0) {
            segments.insert(0, Segment::new(0, 0, 1, 1));
        }
        SourceMap { source: shell_source.to_string(), segments }
    }

    /// A map for a shell source copied verbatim from the Dockerfile (e.g. a heredoc body)
    /// starting at `file_offset`, `line`, `column`.
    pub fn verbatim(shell_source: &str, file_offset: usize, line: u32, column: u32) -> Self {
        SourceMap::new(shell_source, vec![Segment::new(0, file_offset, line, column)])
    }

    /// Concatenates `pieces` into a shell source and returns it with its map: the usual way to
    /// build the map of a joined `RUN` line from its physical-line pieces.
    pub fn join<'a>(pieces: impl IntoIterator<Item = Piece<'a>>) -> (String, SourceMap) {
        let mut source = String::new();
        let mut segments = Vec::new();
        for piece in pieces {
            segments.push(Segment::new(source.len(), piece.file_offset, piece.line, piece.column));
            source.push_str(piece.text);
        }
        let map = SourceMap::new(&source, segments);
        (source, map)
    }

    /// A map from `(shell offset, Dockerfile offset)` pairs, one per contiguous run of original
    /// text (the form the Dockerfile parser keeps for a joined line), computing each run's line
    /// and columns (characters and UTF-16) from the Dockerfile text.
    pub fn from_offsets(shell_source: &str, dockerfile: &str, pairs: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let segments = pairs
            .into_iter()
            .map(|(shell_offset, file_offset)| {
                let mut at = file_offset.min(dockerfile.len());
                while !dockerfile.is_char_boundary(at) {
                    at -= 1;
                }
                let before = dockerfile.get(..at).unwrap_or_default();
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let prefix = before.get(line_start..).unwrap_or_default();
                let line = 1 + to_u32(before.bytes().filter(|&b| b == b'\n').count());
                Segment::new(shell_offset, at, line, 1 + to_u32(prefix.chars().count()))
                    .with_utf16_column(1 + to_u32(prefix.encode_utf16().count()))
            })
            .collect();
        SourceMap::new(shell_source, segments)
    }

    /// The shell source the map describes.
    pub fn shell_source(&self) -> &str {
        &self.source
    }

    /// The segments, sorted by shell offset.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The Dockerfile location of the character at shell `offset` (clamped to the source).
    pub fn location(&self, offset: usize) -> Location {
        let offset = self.clamp(offset);
        let idx = self.segments.partition_point(|s| s.shell_offset <= offset).saturating_sub(1);
        self.locate(idx, offset)
    }

    /// The Dockerfile location just after the character that ends at shell `offset`: like
    /// [`SourceMap::location`] except that an offset on a segment boundary stays at the end of
    /// the previous segment instead of jumping to the next one's start.
    pub fn end_location(&self, offset: usize) -> Location {
        let offset = self.clamp(offset);
        let idx = self.segments.partition_point(|s| s.shell_offset < offset).saturating_sub(1);
        self.locate(idx, offset)
    }

    /// Maps a span of the shell source.
    pub fn map_span(&self, span: Span) -> MappedSpan {
        let start = self.location(span.start);
        let end = if span.is_empty() { start } else { self.end_location(span.end) };
        MappedSpan { start, end }
    }

    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    fn locate(&self, idx: usize, offset: usize) -> Location {
        let Some(seg) = self.segments.get(idx) else {
            return Location { offset, line: 1, column: 1, utf16_column: 1 };
        };
        let from = seg.shell_offset.min(offset);
        let text = self.source.get(from..offset).unwrap_or_default();
        let (line, column, utf16_column) = match text.rfind('\n') {
            Some(nl) => {
                let newlines = text.bytes().filter(|&b| b == b'\n').count();
                let tail = text.get(nl + 1..).unwrap_or_default();
                (
                    seg.line.saturating_add(to_u32(newlines)),
                    1 + to_u32(tail.chars().count()),
                    1 + to_u32(tail.encode_utf16().count()),
                )
            }
            None => (
                seg.line,
                seg.column.saturating_add(to_u32(text.chars().count())),
                seg.utf16_column.saturating_add(to_u32(text.encode_utf16().count())),
            ),
        };
        Location { offset: seg.file_offset.saturating_add(offset - from), line, column, utf16_column }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

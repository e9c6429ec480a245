//! A byte cursor over the shell source that hides backslash-newline line continuations.

/// Reads bytes of the source between `pos` and `end`.
///
/// The "logical" methods ([`Cursor::peek`], [`Cursor::peek_nth`], [`Cursor::bump`]) skip
/// `\` + newline pairs (`\` + CR LF too), which the shell removes everywhere except inside single quotes,
/// comments and quoted heredoc bodies; the `raw_` methods see every byte.
#[derive(Debug, Clone)]
pub(crate) struct Cursor<'s> {
    /// The whole source.
    pub(crate) bytes: &'s [u8],
    /// Current offset.
    pub(crate) pos: usize,
    /// Offset where reading stops (the source length, or the end of a heredoc body).
    pub(crate) end: usize,
}

impl<'s> Cursor<'s> {
    /// A cursor over all of `src`.
    pub(crate) fn new(src: &'s str) -> Self {
        Cursor { bytes: src.as_bytes(), pos: 0, end: src.len() }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        if at < self.end {
            self.bytes.get(at).copied()
        } else {
            None
        }
    }

    /// Length of the line continuation (`\` + newline, or `\` + CR LF) at `at`, or 0.
    fn continuation_len(&self, at: usize) -> usize {
        if self.byte(at) != Some(b'\\') {
            return 0;
        }
        match (self.byte(at + 1), self.byte(at + 2)) {
            (Some(b'\n'), _) => 2,
            (Some(b'\r'), Some(b'\n')) => 3,
            _ => 0,
        }
    }

    /// Skips line continuations at the current position.
    pub(crate) fn skip_continuations(&mut self) {
        loop {
            let len = self.continuation_len(self.pos);
            if len == 0 {
                return;
            }
            self.pos += len;
        }
    }

    /// The next logical byte (after skipping continuations), moving `pos` past them.
    pub(crate) fn peek(&mut self) -> Option<u8> {
        self.skip_continuations();
        self.byte(self.pos)
    }

    /// The logical byte `n` positions ahead (0 = [`Cursor::peek`]), without moving.
    pub(crate) fn peek_nth(&self, n: usize) -> Option<u8> {
        let mut at = self.pos;
        let mut count = 0;
        loop {
            loop {
                let len = self.continuation_len(at);
                if len == 0 {
                    break;
                }
                at += len;
            }
            let b = self.byte(at)?;
            if count == n {
                return Some(b);
            }
            count += 1;
            at += 1;
        }
    }

    /// Consumes the next logical byte.
    pub(crate) fn bump(&mut self) {
        self.skip_continuations();
        if self.pos < self.end {
            self.pos += 1;
        }
    }

    /// The byte at the current position, continuations not skipped.
    pub(crate) fn raw_peek(&self) -> Option<u8> {
        self.byte(self.pos)
    }

    /// The byte `n` positions after the current one, continuations not skipped.
    pub(crate) fn raw_peek_at(&self, n: usize) -> Option<u8> {
        self.byte(self.pos + n)
    }

    /// Consumes one byte, continuations not skipped.
    pub(crate) fn raw_bump(&mut self) {
        if self.pos < self.end {
            self.pos += 1;
        }
    }

    /// Offset of the next `needle` byte at or after the current position (before `end`).
    pub(crate) fn find(&self, needle: u8) -> Option<usize> {
        let hay = self.bytes.get(self.pos..self.end)?;
        hay.iter().position(|&b| b == needle).map(|i| self.pos + i)
    }
}

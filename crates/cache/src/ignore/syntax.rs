//! Syntax check of a pattern with the rules of Go's `filepath.Match` (Unix), which
//! moby/patternmatcher uses to reject malformed patterns.
//!
//! The pattern is cut into chunks at unbracketed `*`s; every chunk must be well formed:
//! a `\` must be followed by a character, and a `[` class must hold at least one item
//! (`c` or `\c`, optionally `lo-hi`, where an unescaped item may not start with `-` or `]`)
//! and be closed by `]`.

/// Whether `pattern` is syntactically valid for `filepath.Match`.
pub(crate) fn is_valid(pattern: &str) -> bool {
    let mut rest = pattern;
    while !rest.is_empty() {
        let (chunk, after) = scan_chunk(rest.trim_start_matches('*'));
        if !chunk_is_valid(chunk.as_bytes()) {
            return false;
        }
        rest = after;
    }
    true
}

/// Splits off the next chunk: everything up to an unbracketed `*`.
fn scan_chunk(pattern: &str) -> (&str, &str) {
    let bytes = pattern.as_bytes();
    let mut in_range = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if i + 1 < bytes.len() => i += 1,
            b'[' => in_range = true,
            b']' => in_range = false,
            b'*' if !in_range => break,
            _ => {}
        }
        i += 1;
    }
    pattern.split_at(i)
}

fn chunk_is_valid(chunk: &[u8]) -> bool {
    let mut i = 0;
    while i < chunk.len() {
        match chunk[i] {
            b'[' => {
                i += 1;
                if chunk.get(i) == Some(&b'^') {
                    i += 1;
                }
                let mut items = 0;
                loop {
                    if chunk.get(i) == Some(&b']') && items > 0 {
                        i += 1;
                        break;
                    }
                    let Some(next) = class_item(chunk, i) else {
                        return false;
                    };
                    i = next;
                    if chunk[i] == b'-' {
                        let Some(next) = class_item(chunk, i + 1) else {
                            return false;
                        };
                        i = next;
                    }
                    items += 1;
                }
            }
            b'\\' => {
                if i + 1 >= chunk.len() {
                    return false;
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    true
}

/// Reads one class item starting at `i` (Go's `getEsc`); returns the index after it, which
/// must still be inside the chunk.
fn class_item(chunk: &[u8], mut i: usize) -> Option<usize> {
    match chunk.get(i) {
        None | Some(b'-') | Some(b']') => return None,
        Some(b'\\') => {
            i += 1;
            if i >= chunk.len() {
                return None;
            }
        }
        Some(_) => {}
    }
    i += utf8_len(chunk[i]);
    (i < chunk.len()).then_some(i)
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::is_valid;

    #[test]
    fn go_filepath_match_syntax() {
        for ok in ["a", "*", "**", "a*b", "[a-c]", "[^a]", "[\\]]", "a]", "\\*", "[*]", "[é]"] {
            assert!(is_valid(ok), "{ok:?} should be valid");
        }
        for bad in ["[", "a[", "[]", "[]a]", "[a-]", "[-a]", "a\\", "[a", "[\\", "*[", "[^]"] {
            assert!(!is_valid(bad), "{bad:?} should be invalid");
        }
    }
}

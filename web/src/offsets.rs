//! Conversions between the core's byte offsets and the browser's UTF-16 offsets.

/// The byte offset of the UTF-16 offset `units` in `text` (clamped to the text's end; an offset
/// inside a surrogate pair maps to the start of its character).
pub fn utf16_to_byte(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (byte, ch) in text.char_indices() {
        if seen >= units {
            return byte;
        }
        seen += ch.len_utf16();
        if seen > units {
            return byte;
        }
    }
    text.len()
}

/// The UTF-16 offset of the byte offset `byte` in `text` (clamped to the text's end).
pub fn byte_to_utf16(text: &str, byte: usize) -> usize {
    let byte = floor_char_boundary(text, byte);
    text[..byte].chars().map(char::len_utf16).sum()
}

/// The largest character boundary of `text` at or before `byte`.
pub fn floor_char_boundary(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

/// The byte offset reached by advancing `chars` characters from `start` (clamped to the end).
pub fn advance_chars(text: &str, start: usize, chars: usize) -> usize {
    let start = floor_char_boundary(text, start);
    text[start..].char_indices().nth(chars).map_or(text.len(), |(offset, _)| start + offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_byte_offsets_round_trip_across_multibyte_characters() {
        // "a" is 1 byte / 1 unit, "한" 3 bytes / 1 unit, "😀" 4 bytes / 2 units.
        let text = "a한😀b";
        assert_eq!(utf16_to_byte(text, 0), 0);
        assert_eq!(utf16_to_byte(text, 1), 1);
        assert_eq!(utf16_to_byte(text, 2), 4);
        assert_eq!(utf16_to_byte(text, 3), 4, "inside the surrogate pair");
        assert_eq!(utf16_to_byte(text, 4), 8);
        assert_eq!(utf16_to_byte(text, 5), 9);
        assert_eq!(utf16_to_byte(text, 99), 9);
        assert_eq!(byte_to_utf16(text, 4), 2);
        assert_eq!(byte_to_utf16(text, 8), 4);
        assert_eq!(byte_to_utf16(text, 6), 2, "inside 😀 maps to its start");
    }

    #[test]
    fn advancing_counts_characters_not_bytes() {
        let text = "한국어 RUN";
        assert_eq!(advance_chars(text, 0, 2), 6);
        assert_eq!(advance_chars(text, 3, 3), 10);
        assert_eq!(advance_chars(text, 0, 50), text.len());
    }
}

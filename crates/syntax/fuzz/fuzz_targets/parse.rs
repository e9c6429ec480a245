//! Fuzz target: any bytes must parse without panicking, keep the elements contiguous
//! and covering the input, and survive the typed model, the dump and expansion.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slipway_syntax::expand::Expander;
use slipway_syntax::instructions::analyze;
use slipway_syntax::parse_bytes;

fuzz_target!(|data: &[u8]| {
    let file = parse_bytes(data);
    let mut next = 0;
    for element in &file.elements {
        assert_eq!(element.span.start, next);
        next = element.span.end;
    }
    assert_eq!(next, file.source.len());
    let _ = analyze(&file);
    let _ = file.dump();
    let env: Vec<(String, String)> = vec![("A".into(), "x y".into())];
    let expander = Expander::new(file.escape, &env);
    for instruction in &file.instructions {
        for value in instruction.arg_values() {
            let _ = expander.expand_word(&value);
            let _ = expander.expand_words(&value);
        }
    }
});

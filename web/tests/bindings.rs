//! The functions the page exports on `window.slipway`, run as WebAssembly (node, no browser):
//!
//! ```sh
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!     cargo test --target wasm32-unknown-unknown -p slipway-web
//! ```
#![cfg(target_arch = "wasm32")]

use slipway_web::exports::{decode_share, encode_share, keystroke_work};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn keystroke_work_returns_the_number_of_diagnostics() {
    // A pinned base image and an exec-form CMD: nothing to report.
    assert_eq!(keystroke_work("FROM alpine:3.19\nCMD [\"true\"]\n"), 0);
    // `:latest` is DL3007 and nothing else.
    assert_eq!(keystroke_work("FROM ubuntu:latest\n"), 1);
    // Two stages on `latest`: one finding each.
    assert_eq!(keystroke_work("FROM ubuntu:latest AS a\nFROM debian:latest\n"), 2);
}

#[wasm_bindgen_test]
fn keystroke_work_survives_text_that_does_not_parse() {
    // Half-typed text is what the editor sends most: it must report, not throw.
    assert!(keystroke_work("FROM") >= 1);
    assert!(keystroke_work("RUN --mount=type=") >= 1);
}

#[wasm_bindgen_test]
fn a_shared_state_round_trips_through_the_exported_codec() {
    let state = serde_json::json!({
        "project": {
            "dockerfile": "FROM alpine:3.19\nCOPY notes.txt /\n",
            "files": { "notes.txt": "한국어 notes\n", ".dockerignore": "*.log\n" },
            "build_args": { "MODE": "prod" },
            "target": null,
            "legacy_builder": true
        },
        "lang": "ko",
        "example": "nginx"
    });
    let text = encode_share(&state.to_string()).expect("encodes");
    assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "URL-safe: {text}");
    let decoded: serde_json::Value = serde_json::from_str(&decode_share(&text).expect("decodes")).expect("JSON");
    assert_eq!(decoded, state);
}

#[wasm_bindgen_test]
fn a_damaged_share_link_is_an_error_not_a_crash() {
    assert!(decode_share("this-is-not-a-share-link").is_err());
    assert!(encode_share("{\"not\": \"a state\"}").is_err());
}

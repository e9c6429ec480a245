//! Share links: round trip, URL safety, clear errors for damaged or oversized input.

use std::collections::BTreeMap;
use std::io::Write;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use slipway_playground::share::{decode, encode, ShareError, SharedState, MAX_DECODED_BYTES};
use slipway_playground::{Lang, Project};

fn state() -> SharedState {
    let mut files = BTreeMap::new();
    files.insert("app/main.py".to_string(), "print('안녕하세요')\n".to_string());
    files.insert(".dockerignore".to_string(), "*.pyc\n".to_string());
    let mut build_args = BTreeMap::new();
    build_args.insert("VERSION".to_string(), "3.12".to_string());
    SharedState {
        project: Project {
            dockerfile:
                "# 파이썬 예제\nFROM python:3.12-slim AS app\nCOPY app /app\nCMD [\"python\", \"/app/main.py\"]\n"
                    .to_string(),
            files,
            build_args,
            target: Some("app".to_string()),
            legacy_builder: true,
        },
        lang: Lang::Ko,
        example: Some("python-apt".to_string()),
    }
}

#[test]
fn round_trip_keeps_everything_including_korean_text() {
    let original = state();
    let text = encode(&original);
    assert_eq!(decode(&text), Ok(original));
}

#[test]
fn the_text_is_url_safe_and_compressed() {
    let mut big = state();
    big.project.dockerfile = "RUN echo hello world\n".repeat(200);
    let text = encode(&big);
    assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{text}");
    assert!(text.len() < big.project.dockerfile.len() / 4, "repetitive text compresses well");
    assert_eq!(decode(&format!("  {text}\n")).unwrap(), big);
}

#[test]
fn damaged_input_is_an_error_not_a_panic() {
    assert_eq!(decode("not base64 at all!"), Err(ShareError::Encoding));
    assert_eq!(decode(&URL_SAFE_NO_PAD.encode([0xff, 0xfe, 0xfd, 0x00])), Err(ShareError::Compression));
    let text = encode(&state());
    let truncated = &text[..text.len() / 2];
    assert!(decode(truncated).is_err());
    assert!(decode("").is_err());
}

fn deflated(bytes: &[u8]) -> String {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    URL_SAFE_NO_PAD.encode(encoder.finish().unwrap())
}

#[test]
fn valid_compression_of_the_wrong_content_is_explained() {
    let err = decode(&deflated(b"{\"project\": 3}")).unwrap_err();
    assert!(matches!(err, ShareError::Content(_)));
    assert!(err.to_string().starts_with("the shared link does not hold a playground project"));
    let lang = decode(&deflated(b"{\"project\": {\"dockerfile\": \"FROM a\"}, \"lang\": \"fr\"}")).unwrap_err();
    assert!(lang.to_string().contains("unknown language \"fr\""), "{lang}");
}

#[test]
fn minimal_json_uses_defaults() {
    let decoded = decode(&deflated(b"{\"project\": {\"dockerfile\": \"FROM a\\n\"}, \"lang\": \"en\"}")).unwrap();
    assert_eq!(decoded.project.dockerfile, "FROM a\n");
    assert!(decoded.project.files.is_empty() && decoded.example.is_none() && decoded.project.target.is_none());
    assert_eq!(decoded.lang, Lang::En);
}

#[test]
fn oversized_input_is_refused() {
    // A few KiB of compressed zeros inflate past the limit.
    let bomb = deflated(&vec![b' '; MAX_DECODED_BYTES + 10]);
    assert!(bomb.len() < 10_000);
    let err = decode(&bomb).unwrap_err();
    assert_eq!(err, ShareError::TooLarge);
    assert_eq!(err.to_string(), "the shared project is larger than 1024 KiB once decompressed");
    // Exactly at the limit is accepted as far as size goes (then rejected as content).
    assert!(matches!(decode(&deflated(&vec![b' '; MAX_DECODED_BYTES])), Err(ShareError::Content(_))));
}

proptest::proptest! {
    /// A link is untrusted input: any text, and any bytes that deflate correctly, give a state
    /// or an error, never a panic.
    #[test]
    fn any_link_text_decodes_or_fails_cleanly(text in "[A-Za-z0-9_-]{0,200}|\\PC{0,100}") {
        let _ = decode(&text);
    }

    #[test]
    fn any_deflated_bytes_decode_or_fail_cleanly(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
        let _ = decode(&deflated(&bytes));
    }

    /// Every project survives the link unchanged, whatever its text.
    #[test]
    fn every_project_round_trips(dockerfile in "\\PC{0,200}", path in "[a-z]{1,8}(/[a-z.]{1,8}){0,2}", content in "\\PC{0,100}", ko in proptest::bool::ANY) {
        let state = SharedState {
            project: Project { dockerfile, files: BTreeMap::from([(path, content)]), ..Project::default() },
            lang: if ko { Lang::Ko } else { Lang::En },
            example: None,
        };
        proptest::prop_assert_eq!(decode(&encode(&state)), Ok(state));
    }
}

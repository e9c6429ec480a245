//! Sharing: the project compressed into a URL fragment and back.
//!
//! Format: the [`SharedState`] as JSON, compressed with raw DEFLATE, written as base64url without
//! padding, so it can follow `#s=` in a URL unescaped. Decoding refuses anything that inflates to
//! more than [`MAX_DECODED_BYTES`] and reports every malformation as a [`ShareError`].

use std::fmt;
use std::io::{Read, Write};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use serde::{Deserialize, Serialize};

use crate::project::{Lang, Project};

/// The most bytes a shared state may inflate to (1 MiB).
pub const MAX_DECODED_BYTES: usize = 1 << 20;

/// What a share link carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedState {
    /// The Dockerfile, context files and build settings.
    pub project: Project,
    /// The UI language (`"en"` or `"ko"` in the JSON).
    #[serde(with = "lang_code")]
    pub lang: Lang,
    /// The gallery example the project started from, if any.
    #[serde(default)]
    pub example: Option<String>,
}

/// Why a share text could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Not base64url text.
    Encoding,
    /// Not DEFLATE data.
    Compression,
    /// Inflates to more than [`MAX_DECODED_BYTES`].
    TooLarge,
    /// Not a shared state (the JSON error's message).
    Content(String),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::Encoding => f.write_str("the shared link is damaged: it is not valid base64url text"),
            ShareError::Compression => f.write_str("the shared link is damaged: its data does not decompress"),
            ShareError::TooLarge => {
                write!(f, "the shared project is larger than {} KiB once decompressed", MAX_DECODED_BYTES / 1024)
            }
            ShareError::Content(message) => write!(f, "the shared link does not hold a playground project: {message}"),
        }
    }
}

impl std::error::Error for ShareError {}

/// The URL-safe text for `#s=<text>`.
pub fn encode(state: &SharedState) -> String {
    let json = serde_json::to_vec(state).expect("a shared state always serializes");
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(&json).expect("writing to memory cannot fail");
    let compressed = encoder.finish().expect("writing to memory cannot fail");
    URL_SAFE_NO_PAD.encode(compressed)
}

/// Reads a text made by [`encode`] (surrounding blanks ignored).
pub fn decode(text: &str) -> Result<SharedState, ShareError> {
    let compressed = URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| ShareError::Encoding)?;
    let mut json = Vec::new();
    DeflateDecoder::new(compressed.as_slice())
        .take(MAX_DECODED_BYTES as u64 + 1)
        .read_to_end(&mut json)
        .map_err(|_| ShareError::Compression)?;
    if json.len() > MAX_DECODED_BYTES {
        return Err(ShareError::TooLarge);
    }
    serde_json::from_slice(&json).map_err(|e| ShareError::Content(e.to_string()))
}

/// [`Lang`] as its code, `"en"` or `"ko"`.
mod lang_code {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::project::Lang;

    pub fn serialize<S: Serializer>(lang: &Lang, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(match lang {
            Lang::En => "en",
            Lang::Ko => "ko",
        })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Lang, D::Error> {
        let code = String::deserialize(deserializer)?;
        Lang::parse(&code).ok_or_else(|| D::Error::custom(format!("unknown language {code:?}")))
    }
}

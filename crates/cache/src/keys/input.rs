//! [`KeyInput`]: one named value that feeds a cache key, and the hashing of a list of them.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::CacheKey;

/// One input of a cache key: a name (`env VERSION`, `source src/`, `user`, …) and its value.
///
/// `name` and `value` are hashed; `origin` only explains where the value came from (`build
/// arg`, `ENV`, the image reference behind a digest) for humans and never enters the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyInput {
    /// What the value is.
    pub name: String,
    /// The value as hashed.
    pub value: String,
    /// Where the value came from, not hashed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

impl KeyInput {
    /// An input without an origin note.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self { name: name.into(), value: value.into(), origin: None }
    }

    /// The same input with an origin note.
    pub fn from_origin(mut self, origin: impl Into<String>) -> Self {
        self.origin = Some(origin.into());
        self
    }
}

impl std::fmt::Display for KeyInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.name, self.value)?;
        if let Some(origin) = &self.origin {
            write!(f, " ({origin})")?;
        }
        Ok(())
    }
}

/// Version tag of the key encoding; changing the encoding must change it.
const DOMAIN: &[u8] = b"slipway-cache-key/v1\0";

/// Hashes a vertex: the domain tag, the op kind, the parent key (or a marker for none), then
/// every input's name and value, each length-prefixed so no two lists share an encoding.
pub fn hash_inputs(kind: &str, parent: Option<&CacheKey>, inputs: &[KeyInput]) -> CacheKey {
    let mut hasher = Sha256::new();
    hasher.update(DOMAIN);
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(kind.as_bytes());
    match parent {
        Some(parent) => field(&parent.0),
        None => field(b""),
    }
    for input in inputs {
        field(input.name.as_bytes());
        field(input.value.as_bytes());
    }
    CacheKey(hasher.finalize().into())
}

//! The crate's error type.

use crate::digest::Digest;

/// Everything that can go wrong in the layer engine.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A path is not a valid, normalised, relative tree path.
    #[error("invalid path `{path}`: {reason}")]
    InvalidPath {
        /// The offending path as given.
        path: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// An archive entry would land outside the target root or write through a link.
    #[error("unsafe archive entry `{entry}`: {reason}")]
    UnsafeEntry {
        /// The entry's name as written in the archive.
        entry: String,
        /// Why it was rejected.
        reason: String,
    },
    /// An archive entry has a type this engine does not handle.
    #[error("unsupported archive entry `{entry}`: {reason}")]
    UnsupportedEntry {
        /// The entry's name as written in the archive.
        entry: String,
        /// What is unsupported about it.
        reason: String,
    },
    /// A path's parent is missing or is not a directory.
    #[error("parent of `{path}` is not a directory")]
    ParentNotDirectory {
        /// The path whose parent is wrong.
        path: String,
    },
    /// A hard link points at a missing path or at a node that cannot be linked.
    #[error("hard link `{path}` has an invalid target `{target}`")]
    BadHardLink {
        /// The link.
        path: String,
        /// Its target.
        target: String,
    },
    /// A digest string is malformed.
    #[error("invalid digest `{0}`")]
    InvalidDigest(String),
    /// Content did not hash to the digest it was stored or announced under.
    #[error("digest mismatch: expected {expected}, got {actual}")]
    DigestMismatch {
        /// The digest the caller announced.
        expected: Digest,
        /// The digest of the bytes actually seen.
        actual: Digest,
    },
    /// A blob is not in the store.
    #[error("blob {0} not found")]
    BlobNotFound(Digest),
    /// An image archive or layout is malformed.
    #[error("invalid image archive: {0}")]
    InvalidArchive(String),
    /// An image's manifest, config or layers do not fit together.
    #[error("invalid image: {0}")]
    InvalidImage(String),
    /// JSON (de)serialisation failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// An I/O error, with what was being done.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// Wraps an I/O error with a description of what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io { context: context.into(), source }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

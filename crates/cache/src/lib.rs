//! Build context, `.dockerignore` matching and BuildKit-compatible content checksums.

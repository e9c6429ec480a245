//! Sharing: the project compressed into a URL fragment and back.

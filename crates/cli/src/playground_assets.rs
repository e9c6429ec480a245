//! The playground's static files, embedded at build time by `build.rs` from `web/dist`.

/// One embedded file.
pub struct Asset {
    /// URL path, starting with `/` (`/index.html`).
    pub path: &'static str,
    /// The file as built.
    pub bytes: &'static [u8],
    /// The Content-Type header value.
    pub content_type: &'static str,
    /// The file gzip'd, when that is smaller.
    pub gzip: Option<&'static [u8]>,
}

static ASSETS: &[Asset] = include!(concat!(env!("OUT_DIR"), "/playground_assets.rs"));

/// Whether the playground was built into this binary.
pub fn embedded() -> bool {
    !ASSETS.is_empty()
}

/// The asset a request path names: `/` is `/index.html`; query strings and fragments are ignored.
pub fn lookup(request_path: &str) -> Option<&'static Asset> {
    let path = request_path.split(['?', '#']).next().unwrap_or_default();
    let path = if path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
    ASSETS.iter().find(|asset| asset.path == path)
}

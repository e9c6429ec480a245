//! `ADD <url>`: downloads go through [`Fetcher`], so the engine itself never touches the
//! network; the browser and offline builds use [`Offline`], which explains why it fails.

/// Downloads the content of `ADD` URLs.
pub trait Fetcher {
    /// The bytes at `url`, or a message saying why not.
    fn fetch(&self, url: &str) -> Result<Vec<u8>, String>;
}

/// No network: every download fails with a clear message.
#[derive(Clone, Copy, Debug, Default)]
pub struct Offline;

impl Fetcher for Offline {
    fn fetch(&self, url: &str) -> Result<Vec<u8>, String> {
        Err(format!("cannot download {url}: this build has no network access (offline build or browser)"))
    }
}

/// Whether an ADD source is a URL.
pub fn is_url(source: &str) -> bool {
    source.starts_with("http://") || source.starts_with("https://")
}

/// The file name BuildKit gives a download: the URL path's last element, else `__unnamed__`.
pub fn url_file_name(url: &str) -> String {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = without_scheme.split(['?', '#']).next().unwrap_or_default();
    match path.split_once('/') {
        Some((_, path)) => match path.trim_end_matches('/').rsplit('/').next() {
            Some(name) if !name.is_empty() => name.to_owned(),
            _ => "__unnamed__".to_owned(),
        },
        None => "__unnamed__".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_names() {
        assert_eq!(url_file_name("https://example.com/a/b.tar.gz?x=1"), "b.tar.gz");
        assert_eq!(url_file_name("https://example.com/"), "__unnamed__");
        assert_eq!(url_file_name("https://example.com"), "__unnamed__");
        assert!(Offline.fetch("https://example.com/x").unwrap_err().contains("no network access"));
    }
}

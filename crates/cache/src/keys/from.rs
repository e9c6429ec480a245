//! The FROM vertex: a base image, keyed by its resolved digest and platform.

use serde::{Deserialize, Serialize};

use super::{CacheKey, KeyInput};

/// `FROM <image>`: BuildKit's image source op.
///
/// BuildKit resolves the reference to a manifest digest and keys the source by that digest
/// and the platform (`source/containerimage`'s `CacheKey`), so two tags of the same image
/// share a key and a re-pushed tag misses. The reference itself does not enter the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FromOp {
    /// The normalized reference ([`normalize_image_ref`]).
    pub image_ref: String,
    /// The digest the reference resolved to, when known (local image store, `--image` map,
    /// or a `@sha256:` pin in the reference).
    pub resolved_digest: Option<String>,
    /// The platform, `os/arch[/variant]`.
    pub platform: String,
}

impl FromOp {
    /// The digest that is hashed: the resolved one, the reference's own `@digest` pin, or a
    /// stable placeholder derived from the reference ([`placeholder_digest`]).
    pub fn digest(&self) -> String {
        if let Some(digest) = &self.resolved_digest {
            return digest.clone();
        }
        match self.image_ref.split_once('@') {
            Some((_, pinned)) => pinned.to_string(),
            None => placeholder_digest(&self.image_ref),
        }
    }

    /// Whether the digest is a placeholder (the image was not resolved).
    pub fn is_placeholder(&self) -> bool {
        self.resolved_digest.is_none() && !self.image_ref.contains('@')
    }

    /// What feeds the key: the digest (its reference as the origin note) and the platform.
    pub fn inputs(&self) -> Vec<KeyInput> {
        let origin = if self.is_placeholder() {
            format!("{} (unresolved: placeholder digest)", self.image_ref)
        } else {
            self.image_ref.clone()
        };
        vec![KeyInput::new("digest", self.digest()).from_origin(origin), KeyInput::new("platform", &self.platform)]
    }
}

/// A stable stand-in digest for an image whose real digest is unknown: the SHA-256 of the
/// normalized reference under a domain tag. The same reference always gets the same one.
pub fn placeholder_digest(image_ref: &str) -> String {
    let mut bytes = b"slipway-unresolved-image\0".to_vec();
    bytes.extend_from_slice(normalize_image_ref(image_ref).as_bytes());
    CacheKey::of(&bytes).to_string()
}

/// Normalizes an image reference the way the Docker reference library does:
/// `alpine` → `docker.io/library/alpine:latest`, `user/app:1` → `docker.io/user/app:1`,
/// `ghcr.io/o/a` → `ghcr.io/o/a:latest`; a `@digest` is kept and suppresses the default tag.
pub fn normalize_image_ref(reference: &str) -> String {
    let (name_tag, digest) = match reference.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (reference, None),
    };
    let last_slash = name_tag.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match name_tag[last_slash..].rfind(':') {
        Some(i) => (&name_tag[..last_slash + i], Some(&name_tag[last_slash + i + 1..])),
        None => (name_tag, None),
    };
    let first = name.split('/').next().unwrap_or("");
    let has_domain = name.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost");
    let mut out = if has_domain {
        name.to_string()
    } else if name.contains('/') {
        format!("docker.io/{name}")
    } else {
        format!("docker.io/library/{name}")
    };
    if let Some(rest) = out.strip_prefix("index.docker.io/") {
        out = format!("docker.io/{rest}");
    }
    match (tag, digest) {
        (Some(tag), _) => {
            out.push(':');
            out.push_str(tag);
        }
        (None, None) => out.push_str(":latest"),
        (None, Some(_)) => {}
    }
    if let Some(digest) = digest {
        out.push('@');
        out.push_str(digest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_normalize_like_docker() {
        assert_eq!(normalize_image_ref("alpine"), "docker.io/library/alpine:latest");
        assert_eq!(normalize_image_ref("alpine:3.20"), "docker.io/library/alpine:3.20");
        assert_eq!(normalize_image_ref("user/app"), "docker.io/user/app:latest");
        assert_eq!(normalize_image_ref("ghcr.io/o/a:1"), "ghcr.io/o/a:1");
        assert_eq!(normalize_image_ref("localhost:5000/a"), "localhost:5000/a:latest");
        assert_eq!(normalize_image_ref("a@sha256:00"), "docker.io/library/a@sha256:00");
        assert_eq!(placeholder_digest("alpine"), placeholder_digest("docker.io/library/alpine:latest"));
        assert_ne!(placeholder_digest("alpine:3.19"), placeholder_digest("alpine:3.20"));
    }
}

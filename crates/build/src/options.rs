//! What a build is asked to do: the Dockerfile, target, build arguments, platform, secrets,
//! cache policy and time.

use std::fmt;

use crate::error::{BuildError, Result};

/// A platform `os/arch[/variant]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Platform {
    /// `linux`, `wasip1`, …
    pub os: String,
    /// `amd64`, `arm64`, `wasm`, …
    pub architecture: String,
    /// `v7`, `v8`, …
    pub variant: Option<String>,
}

impl Platform {
    /// Parses `linux/amd64`, `linux/arm/v7`, or `wasi/wasm` (stored as os `wasip1`).
    pub fn parse(text: &str) -> Result<Self> {
        let mut parts = text.split('/');
        let (Some(os), Some(arch)) = (parts.next(), parts.next()) else {
            return Err(BuildError::Dockerfile(format!("invalid platform {text:?}: expected os/arch[/variant]")));
        };
        let variant = parts.next().map(str::to_owned);
        if os.is_empty() || arch.is_empty() || parts.next().is_some() {
            return Err(BuildError::Dockerfile(format!("invalid platform {text:?}: expected os/arch[/variant]")));
        }
        let os = if os == "wasi" { "wasip1" } else { os };
        Ok(Platform { os: os.to_owned(), architecture: arch.to_owned(), variant })
    }

    /// `linux/amd64`.
    pub fn linux_amd64() -> Self {
        Platform { os: "linux".into(), architecture: "amd64".into(), variant: None }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if let Some(variant) = &self.variant {
            write!(f, "/{variant}")?;
        }
        Ok(())
    }
}

/// A build secret. Its value reaches only the RUN steps that mount it, while they run.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    /// The id RUN `--mount=type=secret,id=…` refers to.
    pub id: String,
    /// The value.
    pub value: Vec<u8>,
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret").field("id", &self.id).field("value", &"<redacted>").finish()
    }
}

/// A build request.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The Dockerfile's text.
    pub dockerfile: String,
    /// The Dockerfile's path inside the context (for `<Dockerfile>.dockerignore`), if it is there.
    pub dockerfile_path: Option<String>,
    /// `--target`; the last stage when `None`.
    pub target: Option<String>,
    /// `--build-arg K=V`, in order.
    pub build_args: Vec<(String, String)>,
    /// The platform images are built for (`TARGETPLATFORM`).
    pub target_platform: Platform,
    /// The platform the build runs on (`BUILDPLATFORM`).
    pub build_platform: Platform,
    /// `--secret`s.
    pub secrets: Vec<Secret>,
    /// `--no-cache`: execute every step (results are still recorded).
    pub no_cache: bool,
    /// `--strict`: a RUN step with commands the executor cannot emulate fails the build.
    pub strict: bool,
    /// The current time in Unix seconds (the core never reads a clock).
    pub now: i64,
    /// Names (`name:tag`) to point at the result.
    pub tags: Vec<String>,
    /// Treat an image that is not in the store (a `FROM` base, or `COPY --from` /
    /// `RUN --mount=from=` naming an image) as an empty image instead of failing with
    /// [`BuildError::ImageNotFound`]: an empty file system and `FROM scratch`'s config (`PATH`,
    /// working directory `/`), with a progress warning naming the image. For builds without a
    /// registry, such as the browser playground's; the result is not the image a real build
    /// would make.
    pub missing_images_empty: bool,
    /// Let a build go on past the gaps of the emulated executor (the browser playground's
    /// "playground emulation"; off by default, and without effect under [`Self::strict`]).
    /// Once a command was not emulated — earlier in the RUN step, in an earlier step of the
    /// stage, in a stage it starts from, or in a stage it copied or mounted from — the build
    /// no longer fails on what that command would have done:
    ///
    /// - a RUN step that then exits non-zero keeps the file changes it made and the build goes
    ///   on, with a progress warning such as "RUN at line 7: \`echo hi > /srv/x\` failed in
    ///   emulation (No such file or directory) after \`apt-get\` was not emulated; a real build
    ///   may differ". Its result is not cached; a script stopped by a syntax error or a limit
    ///   still fails;
    /// - a `COPY --from=<stage>` source missing from such a stage (a path, or a glob matching
    ///   nothing) is replaced by a placeholder file, mode 0644, whose text names the source,
    ///   the stage and the commands that were not emulated, with a warning. A path source
    ///   gives a file of its base name; a directory source (`dir/`) or a glob gives
    ///   `slipway-placeholder.txt` inside the destination directory. The placeholder is the
    ///   layer's real content and enters the cache key as such.
    ///
    /// Any other failure is an error as usual. The result is not the image a real build makes.
    pub tolerate_emulation_gaps: bool,
}

impl BuildOptions {
    /// Options for `dockerfile` with defaults: last stage, linux/amd64, time 0, no tags.
    pub fn new(dockerfile: impl Into<String>) -> Self {
        BuildOptions {
            dockerfile: dockerfile.into(),
            dockerfile_path: Some("Dockerfile".into()),
            target: None,
            build_args: Vec::new(),
            target_platform: Platform::linux_amd64(),
            build_platform: Platform::linux_amd64(),
            secrets: Vec::new(),
            no_cache: false,
            strict: false,
            now: 0,
            tags: Vec::new(),
            missing_images_empty: false,
            tolerate_emulation_gaps: false,
        }
    }

    /// `SOURCE_DATE_EPOCH` from the build arguments, when set to an integer.
    pub fn source_date_epoch(&self) -> Option<i64> {
        self.build_args.iter().rev().find(|(k, _)| k == "SOURCE_DATE_EPOCH").and_then(|(_, v)| v.parse().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_parse_and_print() {
        assert_eq!(Platform::parse("linux/arm/v7").unwrap().to_string(), "linux/arm/v7");
        assert_eq!(Platform::parse("wasi/wasm").unwrap().os, "wasip1");
        assert!(Platform::parse("linux").is_err());
        assert!(Platform::parse("a/b/c/d").is_err());
    }

    #[test]
    fn secrets_do_not_print() {
        let secret = Secret { id: "tok".into(), value: b"hunter2".to_vec() };
        assert!(!format!("{secret:?}").contains("hunter2"));
    }
}

//! Settings: hadolint's `.hadolint.yaml` keys, read from YAML text (the file search is the
//! CLI's job; this module does no I/O), and merged with command-line flags.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::finding::Finding;
use crate::rule::{Rule, Severity};

/// `failure-threshold`: the least severe level that makes `slipway lint` exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FailureThreshold {
    /// Fail on findings at or above this severity.
    Level(Severity),
    /// `ignore`: fail on any finding.
    Ignore,
    /// `none`: never fail.
    None,
    /// hadolint's default: `info`.
    #[default]
    Default,
}

impl FailureThreshold {
    /// Parses `error|warning|info|style|ignore|none`.
    pub fn parse(name: &str) -> Option<FailureThreshold> {
        match name.trim().to_ascii_lowercase().as_str() {
            "ignore" => Some(FailureThreshold::Ignore),
            "none" => Some(FailureThreshold::None),
            other => Severity::parse(other).map(FailureThreshold::Level),
        }
    }

    /// Whether a finding of `severity` reaches the threshold.
    pub fn fails_on(self, severity: Severity) -> bool {
        match self {
            FailureThreshold::Level(level) => severity >= level,
            FailureThreshold::Default => severity >= Severity::Info,
            FailureThreshold::Ignore => true,
            FailureThreshold::None => false,
        }
    }
}

/// Linter settings (hadolint's config keys plus Slipway's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Codes (or BuildKit names) never reported.
    pub ignored: Vec<String>,
    /// Severity overrides by code or name; an override also enables a rule that is off by
    /// default (as in hadolint).
    pub overrides: Vec<(String, Severity)>,
    /// Registries allowed in FROM (DL3026); empty = any.
    pub trusted_registries: Vec<String>,
    /// Required labels and their types (DL3048–DL3058).
    pub label_schema: BTreeMap<String, String>,
    /// Labels outside the schema are findings.
    pub strict_labels: bool,
    /// When to exit 1.
    pub failure_threshold: FailureThreshold,
    /// Always exit 0.
    pub no_fail: bool,
    /// Ignore inline `# hadolint ignore=` pragmas.
    pub disable_ignore_pragma: bool,
    /// Output format name (the CLI's `--format` wins).
    pub format: Option<String>,
    /// No colours in `tty` output.
    pub no_color: bool,
    /// Known platforms of base images (`alpine:3.20` → `linux/arm64`), for
    /// InvalidBaseImagePlatform; filled from the local image store or the command line.
    pub image_platforms: BTreeMap<String, String>,
    /// The platform the build targets (`--platform`); `linux/amd64` when unset.
    pub target_platform: Option<String>,
}

/// An invalid config file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawOverride {
    error: Vec<String>,
    warning: Vec<String>,
    info: Vec<String>,
    style: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "kebab-case")]
struct RawConfig {
    ignored: Vec<String>,
    #[serde(rename = "override")]
    overrides: RawOverride,
    #[serde(rename = "trustedRegistries", alias = "trusted-registries")]
    trusted_registries: Vec<String>,
    label_schema: BTreeMap<String, String>,
    strict_labels: bool,
    failure_threshold: Option<String>,
    no_fail: bool,
    disable_ignore_pragma: bool,
    format: Option<String>,
    no_color: bool,
}

impl Config {
    /// Reads a `.hadolint.yaml` text. An empty document is the default config.
    pub fn from_yaml(text: &str) -> Result<Config, ConfigError> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let raw: Option<RawConfig> =
            serde_yaml_ng::from_str(text).map_err(|e| ConfigError { message: format!("invalid config: {e}") })?;
        let raw = raw.unwrap_or_default();
        let failure_threshold = match raw.failure_threshold {
            Some(name) => FailureThreshold::parse(&name)
                .ok_or_else(|| ConfigError { message: format!("invalid failure-threshold: {name}") })?,
            None => FailureThreshold::Default,
        };
        let mut overrides = Vec::new();
        for (codes, severity) in [
            (raw.overrides.error, Severity::Error),
            (raw.overrides.warning, Severity::Warning),
            (raw.overrides.info, Severity::Info),
            (raw.overrides.style, Severity::Style),
        ] {
            overrides.extend(codes.into_iter().map(|code| (code, severity)));
        }
        Ok(Config {
            ignored: raw.ignored,
            overrides,
            trusted_registries: raw.trusted_registries,
            label_schema: raw.label_schema,
            strict_labels: raw.strict_labels,
            failure_threshold,
            no_fail: raw.no_fail,
            disable_ignore_pragma: raw.disable_ignore_pragma,
            format: raw.format,
            no_color: raw.no_color,
            image_platforms: BTreeMap::new(),
            target_platform: None,
        })
    }

    /// The overridden severity of `rule`, if any (the last override naming it wins).
    pub fn severity_override(&self, rule: &Rule) -> Option<Severity> {
        self.overrides.iter().rev().find(|(code, _)| rule.is(code)).map(|(_, s)| *s)
    }

    /// Whether `rule` runs: enabled by default or by an override, and not ignored.
    pub fn is_enabled(&self, rule: &Rule) -> bool {
        (rule.default_enabled || self.severity_override(rule).is_some()) && !rule.is_any(&self.ignored)
    }

    /// Whether `findings` make the run fail.
    pub fn fails(&self, findings: &[Finding]) -> bool {
        !self.no_fail && findings.iter().any(|f| self.failure_threshold.fails_on(f.severity))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_hadolint_key() {
        let yaml = "ignored: [DL3000, SC1010]\noverride:\n  error: [DL3001]\n  info:\n    - DL3057\ntrustedRegistries:\n  - docker.io\nlabel-schema:\n  author: text\nstrict-labels: true\nfailure-threshold: warning\nno-fail: true\ndisable-ignore-pragma: true\nformat: json\nno-color: true\n";
        let config = Config::from_yaml(yaml).unwrap();
        assert_eq!(config.ignored, ["DL3000", "SC1010"]);
        assert_eq!(config.overrides, [("DL3001".to_string(), Severity::Error), ("DL3057".to_string(), Severity::Info)]);
        assert_eq!(config.trusted_registries, ["docker.io"]);
        assert_eq!(config.label_schema.get("author").map(String::as_str), Some("text"));
        assert!(config.strict_labels && config.no_fail && config.disable_ignore_pragma && config.no_color);
        assert_eq!(config.failure_threshold, FailureThreshold::Level(Severity::Warning));
        assert_eq!(config.format.as_deref(), Some("json"));
    }

    #[test]
    fn empty_and_invalid_documents() {
        assert_eq!(Config::from_yaml("").unwrap(), Config::default());
        assert_eq!(Config::from_yaml("---\n").unwrap(), Config::default());
        assert!(Config::from_yaml("failure-threshold: loud\n").is_err());
        assert!(Config::from_yaml("ignored: 3\n").is_err());
    }

    #[test]
    fn thresholds() {
        assert!(FailureThreshold::Default.fails_on(Severity::Info));
        assert!(!FailureThreshold::Default.fails_on(Severity::Style));
        assert!(FailureThreshold::Ignore.fails_on(Severity::Style));
        assert!(!FailureThreshold::None.fails_on(Severity::Error));
    }
}

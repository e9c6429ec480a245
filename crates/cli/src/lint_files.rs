//! `slipway lint` input: which files to lint (paths, directories searched for Dockerfiles
//! honouring `.gitignore`, `-` for stdin) and which `.hadolint.yaml` to use (hadolint's search
//! order). Native only: this is the I/O half of the linter.

use std::io::Read;
use std::path::{Path, PathBuf};

use slipway_lint::{Config, FailureThreshold, Severity};

/// One input: its display name and its text.
pub struct Input {
    /// The name printed in reports (`-` for standard input).
    pub name: String,
    /// The path to write fixes back to (`None` for standard input).
    pub path: Option<PathBuf>,
    /// The text (invalid UTF-8 replaced).
    pub source: String,
}

/// Whether a file name looks like a Dockerfile: `Dockerfile`, `Containerfile`,
/// `*.Dockerfile`, `Dockerfile.*` (and the same for `Containerfile`), but not
/// `Dockerfile.dockerignore`.
pub fn is_dockerfile_name(name: &str) -> bool {
    if name.ends_with(".dockerignore") {
        return false;
    }
    ["Dockerfile", "Containerfile"].iter().any(|base| {
        name == *base
            || name.strip_prefix(base).is_some_and(|rest| rest.starts_with('.') && rest.len() > 1)
            || name.strip_suffix(base).is_some_and(|rest| rest.ends_with('.') && rest.len() > 1)
    })
}

/// Expands the command-line paths: files as given, directories searched recursively (hidden
/// directories included, `.git` skipped, `.gitignore`/`.ignore` honoured), sorted per
/// directory. No path means the current directory.
pub fn expand_paths(paths: &[String]) -> Result<Vec<String>, String> {
    let paths: Vec<String> = if paths.is_empty() { vec![".".into()] } else { paths.to_vec() };
    let mut out = Vec::new();
    for path in paths {
        if path == "-" || !Path::new(&path).is_dir() {
            out.push(path);
            continue;
        }
        let mut found = Vec::new();
        let walker = ignore::WalkBuilder::new(&path)
            .hidden(false)
            .require_git(false)
            .filter_entry(|entry| entry.file_name() != ".git")
            .build();
        for entry in walker {
            let entry = entry.map_err(|e| format!("cannot search {path}: {e}"))?;
            let is_file = entry.file_type().is_some_and(|t| t.is_file());
            if is_file && is_dockerfile_name(&entry.file_name().to_string_lossy()) {
                found.push(entry.path().to_string_lossy().into_owned());
            }
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

/// Reads one input (`-` = standard input).
pub fn read_input(name: &str) -> Result<Input, String> {
    if name == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(Input { name: "-".into(), path: None, source: String::from_utf8_lossy(&bytes).into_owned() });
    }
    let bytes = std::fs::read(name).map_err(|e| format!("cannot read {name}: {e}"))?;
    Ok(Input {
        name: name.to_string(),
        path: Some(PathBuf::from(name)),
        source: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

/// hadolint's config locations in order of preference, each as `.yaml` then `.yml`:
/// `./.hadolint`, `$XDG_CONFIG_HOME/hadolint`, each `$XDG_CONFIG_DIRS` entry's `hadolint`,
/// `~/.config/hadolint`, `~/.hadolint/hadolint`, `~/hadolint/config`, `~/.hadolint`.
pub fn config_candidates(
    cwd: &Path,
    xdg_config_home: Option<&Path>,
    xdg_config_dirs: &str,
    home: Option<&Path>,
) -> Vec<PathBuf> {
    let mut stems = vec![cwd.join(".hadolint")];
    if let Some(xdg) = xdg_config_home {
        stems.push(xdg.join("hadolint"));
    }
    stems.extend(xdg_config_dirs.split(':').filter(|d| !d.is_empty()).map(|d| Path::new(d).join("hadolint")));
    if let Some(home) = home {
        stems.push(home.join(".config/hadolint"));
        stems.push(home.join(".hadolint/hadolint"));
        stems.push(home.join("hadolint/config"));
        stems.push(home.join(".hadolint"));
    }
    stems.iter().flat_map(|stem| ["yaml", "yml"].map(|ext| stem.with_extension(ext))).collect()
}

/// Loads the config: `explicit` if given, else the first file found by [`config_candidates`],
/// else the defaults.
pub fn load_config(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>), String> {
    let path = match explicit {
        Some(path) => Some(path.to_path_buf()),
        None => {
            let cwd = std::env::current_dir().unwrap_or_default();
            let xdg_home = std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from);
            let xdg_dirs = std::env::var("XDG_CONFIG_DIRS").unwrap_or_else(|_| "/etc/xdg".into());
            let home = std::env::var_os("HOME").map(PathBuf::from);
            config_candidates(&cwd, xdg_home.as_deref(), &xdg_dirs, home.as_deref()).into_iter().find(|p| p.is_file())
        }
    };
    let Some(path) = path else { return Ok((Config::default(), None)) };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let config = Config::from_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((config, Some(path)))
}

/// hadolint's environment variables on top of the config file (the command line wins over
/// both): `HADOLINT_NOFAIL`, `HADOLINT_NOCOLOR`, `HADOLINT_FORMAT`, `HADOLINT_FAILURE_THRESHOLD`,
/// `HADOLINT_OVERRIDE_{ERROR,WARNING,INFO,STYLE}`, `HADOLINT_IGNORE`,
/// `HADOLINT_TRUSTED_REGISTRIES`, `HADOLINT_REQUIRE_LABELS` (`label:type,…`),
/// `HADOLINT_STRICT_LABELS`, `HADOLINT_DISABLE_IGNORE_PRAGMA`. Lists are comma-separated.
pub fn apply_env(config: &mut Config, var: impl Fn(&str) -> Option<String>) -> Result<(), String> {
    let list = |name: &str| -> Vec<String> {
        var(name)
            .map(|v| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default()
    };
    let flag = |name: &str| {
        var(name).is_some_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on"))
    };
    config.no_fail |= flag("HADOLINT_NOFAIL");
    config.no_color |= flag("HADOLINT_NOCOLOR");
    config.strict_labels |= flag("HADOLINT_STRICT_LABELS");
    config.disable_ignore_pragma |= flag("HADOLINT_DISABLE_IGNORE_PRAGMA");
    if let Some(format) = var("HADOLINT_FORMAT") {
        config.format = Some(format);
    }
    if let Some(level) = var("HADOLINT_FAILURE_THRESHOLD") {
        config.failure_threshold =
            FailureThreshold::parse(&level).ok_or_else(|| format!("invalid HADOLINT_FAILURE_THRESHOLD: {level}"))?;
    }
    for severity in Severity::ALL {
        let name = format!("HADOLINT_OVERRIDE_{}", severity.as_str().to_ascii_uppercase());
        config.overrides.extend(list(&name).into_iter().map(|code| (code, severity)));
    }
    config.ignored.extend(list("HADOLINT_IGNORE"));
    config.trusted_registries.extend(list("HADOLINT_TRUSTED_REGISTRIES"));
    for label in list("HADOLINT_REQUIRE_LABELS") {
        let (name, kind) = parse_label(&label)?;
        config.label_schema.insert(name, kind);
    }
    Ok(())
}

/// `name:type` of `--require-label` / `HADOLINT_REQUIRE_LABELS`.
pub fn parse_label(text: &str) -> Result<(String, String), String> {
    match text.split_once(':') {
        Some((name, kind)) if !name.is_empty() && !kind.is_empty() => Ok((name.to_string(), kind.to_string())),
        _ => Err(format!("invalid label schema '{text}' (expected NAME:TYPE)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for name in ["Dockerfile", "Containerfile", "api.Dockerfile", "Dockerfile.prod", "Containerfile.dev"] {
            assert!(is_dockerfile_name(name), "{name}");
        }
        for name in
            ["Dockerfile.dockerignore", "dockerfile.txt", "Dockerfile.", ".Dockerfile", "Makefile", "MyDockerfile"]
        {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }

    #[test]
    fn environment_variables() {
        let vars = [
            ("HADOLINT_NOFAIL", "true"),
            ("HADOLINT_FAILURE_THRESHOLD", "error"),
            ("HADOLINT_OVERRIDE_STYLE", "DL3000, DL3006"),
            ("HADOLINT_IGNORE", "DL3008"),
            ("HADOLINT_TRUSTED_REGISTRIES", "docker.io,ghcr.io"),
            ("HADOLINT_REQUIRE_LABELS", "maintainer:text"),
            ("HADOLINT_FORMAT", "json"),
        ];
        let mut config = Config::default();
        let lookup = |name: &str| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string());
        apply_env(&mut config, lookup).unwrap();
        assert!(config.no_fail && !config.strict_labels);
        assert_eq!(config.failure_threshold, FailureThreshold::Level(Severity::Error));
        assert_eq!(
            config.overrides,
            [("DL3000".to_string(), Severity::Style), ("DL3006".to_string(), Severity::Style)]
        );
        assert_eq!(config.ignored, ["DL3008"]);
        assert_eq!(config.trusted_registries, ["docker.io", "ghcr.io"]);
        assert_eq!(config.label_schema.get("maintainer").map(String::as_str), Some("text"));
        assert_eq!(config.format.as_deref(), Some("json"));
        assert!(apply_env(&mut config, |n| (n == "HADOLINT_FAILURE_THRESHOLD").then(|| "loud".into())).is_err());
        assert!(parse_label("nocolon").is_err());
    }

    #[test]
    fn config_search_order() {
        let found = config_candidates(Path::new("/w"), Some(Path::new("/x")), "/etc/xdg:", Some(Path::new("/h")));
        let found: Vec<String> = found.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(
            found,
            [
                "/w/.hadolint.yaml",
                "/w/.hadolint.yml",
                "/x/hadolint.yaml",
                "/x/hadolint.yml",
                "/etc/xdg/hadolint.yaml",
                "/etc/xdg/hadolint.yml",
                "/h/.config/hadolint.yaml",
                "/h/.config/hadolint.yml",
                "/h/.hadolint/hadolint.yaml",
                "/h/.hadolint/hadolint.yml",
                "/h/hadolint/config.yaml",
                "/h/hadolint/config.yml",
                "/h/.hadolint.yaml",
                "/h/.hadolint.yml",
            ]
        );
    }
}

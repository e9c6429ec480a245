//! `slipway lint` input: which files to lint (paths, directories searched for Dockerfiles
//! honouring `.gitignore`, `-` for stdin) and which `.hadolint.yaml` to use (hadolint's search
//! order). Native only: this is the I/O half of the linter.

use std::io::Read;
use std::path::{Path, PathBuf};

use slipway_lint::Config;

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

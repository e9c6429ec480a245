//! Finding a broad `COPY` that comes before a dependency-install `RUN` in the same stage:
//! every edit under the copied directory then reinstalls the dependencies.

use serde::Serialize;
use slipway_syntax::instructions::{Command, CommandLine};
use slipway_syntax::Analysis;

/// A package ecosystem: how its install step looks and which files it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Ecosystem {
    /// Short name (`npm`, `pip`, …).
    pub name: &'static str,
    /// Command fragments that install dependencies (matched on word boundaries).
    pub commands: &'static [&'static str],
    /// Manifests and lockfiles the install reads; `*` matches within a file name.
    pub manifests: &'static [&'static str],
    /// What to copy when the context is unknown.
    pub default_manifests: &'static [&'static str],
}

/// The ecosystems the advisor knows.
pub const ECOSYSTEMS: &[Ecosystem] = &[
    Ecosystem {
        name: "npm",
        commands: &[
            "npm ci",
            "npm install",
            "npm i",
            "yarn install",
            "yarn --frozen-lockfile",
            "pnpm install",
            "pnpm i",
        ],
        manifests: &[
            "package.json",
            "package-lock.json",
            "npm-shrinkwrap.json",
            "yarn.lock",
            "pnpm-lock.yaml",
            "pnpm-workspace.yaml",
            ".npmrc",
            ".yarnrc.yml",
        ],
        default_manifests: &["package.json", "package-lock.json"],
    },
    Ecosystem {
        name: "pip",
        commands: &[
            "pip install -r",
            "pip3 install -r",
            "pip install --requirement",
            "pip3 install --requirement",
            "poetry install",
            "pipenv install",
            "uv sync",
        ],
        manifests: &["requirements*.txt", "pyproject.toml", "poetry.lock", "Pipfile", "Pipfile.lock", "uv.lock"],
        default_manifests: &["requirements.txt"],
    },
    Ecosystem {
        name: "maven",
        commands: &["mvn dependency:go-offline", "mvn -B dependency:go-offline", "mvn dependency:resolve"],
        manifests: &["pom.xml"],
        default_manifests: &["pom.xml"],
    },
    Ecosystem {
        name: "gradle",
        commands: &["gradle dependencies", "./gradlew dependencies", "gradlew dependencies"],
        manifests: &["build.gradle*", "settings.gradle*", "gradle.properties", "gradlew"],
        default_manifests: &["build.gradle", "settings.gradle"],
    },
    Ecosystem {
        name: "go",
        commands: &["go mod download"],
        manifests: &["go.mod", "go.sum"],
        default_manifests: &["go.mod", "go.sum"],
    },
    Ecosystem {
        name: "bundler",
        commands: &["bundle install"],
        manifests: &["Gemfile", "Gemfile.lock", "*.gemspec"],
        default_manifests: &["Gemfile", "Gemfile.lock"],
    },
    Ecosystem {
        name: "cargo",
        commands: &["cargo fetch"],
        manifests: &["Cargo.toml", "Cargo.lock"],
        default_manifests: &["Cargo.toml", "Cargo.lock"],
    },
    Ecosystem {
        name: "composer",
        commands: &["composer install"],
        manifests: &["composer.json", "composer.lock"],
        default_manifests: &["composer.json", "composer.lock"],
    },
];

/// Whether a file name is a manifest or lockfile of any known ecosystem.
pub fn is_manifest(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    ECOSYSTEMS.iter().any(|e| e.manifests.iter().any(|m| name_matches(m, name)))
}

/// `*` within one file name, everything else literal.
pub(super) fn name_matches(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        Some((prefix, suffix)) => {
            name.len() >= prefix.len() + suffix.len() && name.starts_with(prefix) && name.ends_with(suffix)
        }
        None => pattern == name,
    }
}

/// The ecosystem whose install command `text` runs, if any.
pub fn install_ecosystem(text: &str) -> Option<&'static Ecosystem> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .collect();
    ECOSYSTEMS.iter().find(|e| {
        e.commands.iter().any(|command| {
            let wanted: Vec<&str> = command.split(' ').collect();
            words.windows(wanted.len()).any(|w| w == wanted.as_slice())
        })
    })
}

/// A broad COPY followed by an install RUN in the same stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// Stage index.
    pub stage: usize,
    /// Instruction index of the COPY.
    pub copy: usize,
    /// Instruction index of the install RUN.
    pub install: usize,
    /// The ecosystem installed.
    pub ecosystem: &'static Ecosystem,
    /// The copied directory, relative to the context (`""` for the root).
    pub source_dir: String,
    /// The COPY destination as written.
    pub dest: String,
    /// Instructions between the COPY and the RUN that make a layer (moving the COPY past
    /// them may change what they see).
    pub layers_between: Vec<usize>,
}

/// Every broad COPY (a directory source from the context: `.`, `src/`, …) that precedes an
/// install RUN of its stage with no manifest-only COPY in between. A source is "broad" when
/// it is not itself a manifest file; whether it really holds other files is for the caller
/// to check against a context.
pub fn find_candidates(analysis: &Analysis) -> Vec<Candidate> {
    let mut out = Vec::new();
    for stage in &analysis.model.stages {
        for (position, typed) in stage.commands.iter().enumerate() {
            let Command::Copy { sources, from: None, dest, heredocs, .. } = &typed.command else { continue };
            if sources.len() != 1 || !heredocs.is_empty() || sources[0].contains(['*', '?', '[', '$']) {
                continue;
            }
            let source_dir = crate::path::normalize(&sources[0]);
            if is_manifest(&source_dir) || has_extension(&source_dir) {
                continue;
            }
            let mut layers_between = Vec::new();
            for later in &stage.commands[position + 1..] {
                match &later.command {
                    Command::Run { command, .. } => {
                        let text = match command {
                            CommandLine::Exec(argv) => argv.join(" "),
                            CommandLine::Shell(text) => text.clone(),
                        };
                        if let Some(ecosystem) = install_ecosystem(&text) {
                            out.push(Candidate {
                                stage: stage.index,
                                copy: typed.index,
                                install: later.index,
                                ecosystem,
                                source_dir: source_dir.clone(),
                                dest: dest.clone(),
                                layers_between: layers_between.clone(),
                            });
                            break;
                        }
                        layers_between.push(later.index);
                    }
                    Command::Copy { .. } | Command::Add { .. } | Command::Workdir { .. } => {
                        layers_between.push(later.index)
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

/// Whether the last path element looks like a file name (`app.js`), not a directory.
fn has_extension(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rfind('.').is_some_and(|i| i > 0 && i + 1 < name.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_commands_are_recognized() {
        assert_eq!(install_ecosystem("npm ci --omit=dev").map(|e| e.name), Some("npm"));
        assert_eq!(install_ecosystem("set -e; pip install -r requirements.txt").map(|e| e.name), Some("pip"));
        assert_eq!(install_ecosystem("go mod download && go build").map(|e| e.name), Some("go"));
        assert_eq!(install_ecosystem("npm run build"), None);
        assert!(is_manifest("a/requirements-dev.txt"));
        assert!(is_manifest("build.gradle.kts"));
        assert!(!is_manifest("src/index.js"));
    }
}

//! Reading `.dockerignore` files (moby/patternmatcher's `ignorefile.ReadAll`) and choosing
//! which one applies to a build.

use super::matcher::PatternMatcher;
use super::pattern::PatternError;
use crate::context::{BuildContext, ContextError, FileKind};

/// One pattern read from an ignore file, with the line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreLine {
    /// 1-based line number.
    pub line: usize,
    /// The normalized pattern (`!` prefix kept for exceptions).
    pub pattern: String,
}

/// Where the active ignore patterns came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IgnoreSource {
    /// No ignore file was found: nothing is excluded.
    None,
    /// `.dockerignore` at the root of the build context.
    Context,
    /// `<Dockerfile>.dockerignore` beside the Dockerfile; holds that file's path.
    Dockerfile(String),
}

/// An error loading an ignore file.
#[derive(Debug, thiserror::Error)]
pub enum IgnoreError {
    /// A pattern is invalid.
    #[error("{file}:{line}: invalid pattern {pattern:?}: {error}")]
    Pattern {
        /// The ignore file's path.
        file: String,
        /// 1-based line number of the pattern.
        line: usize,
        /// The pattern as read.
        pattern: String,
        /// What is wrong with it.
        error: PatternError,
    },
    /// The file could not be read.
    #[error(transparent)]
    Read(#[from] ContextError),
}

/// Splits ignore-file content into patterns exactly as `ignorefile.ReadAll` does: a UTF-8
/// BOM on the first line is dropped, lines end at `\n` (a trailing `\r` is dropped), a line
/// whose first character is `#` is a comment, lines are trimmed and blank ones skipped, a
/// leading `!` marks an exception (whitespace after it is trimmed too), the rest is
/// `filepath.Clean`ed and one leading `/` removed. Invalid UTF-8 is replaced, not rejected.
pub fn parse_ignore_file(contents: &[u8]) -> Vec<IgnoreLine> {
    let text = String::from_utf8_lossy(contents);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    let mut out = Vec::new();
    for (index, raw) in lines.into_iter().enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.starts_with('#') {
            continue;
        }
        let mut pattern = raw.trim();
        if pattern.is_empty() {
            continue;
        }
        let invert = pattern.starts_with('!');
        if invert {
            pattern = pattern[1..].trim();
        }
        let mut normalized = String::new();
        if !pattern.is_empty() {
            normalized = crate::path::clean(pattern);
            if normalized.len() > 1 && normalized.starts_with('/') {
                normalized.remove(0);
            }
        }
        if invert {
            normalized.insert(0, '!');
        }
        out.push(IgnoreLine { line: index + 1, pattern: normalized });
    }
    out
}

/// The `.dockerignore` rules that apply to one build.
#[derive(Debug, Clone)]
pub struct DockerIgnore {
    matcher: PatternMatcher,
    source: IgnoreSource,
}

impl DockerIgnore {
    /// Compiles ignore-file content; `file` names the file in error messages.
    pub fn parse(file: &str, contents: &[u8], source: IgnoreSource) -> Result<Self, IgnoreError> {
        let lines = parse_ignore_file(contents);
        let matcher =
            PatternMatcher::new(lines.iter().map(|l| l.pattern.as_str())).map_err(|invalid| IgnoreError::Pattern {
                file: file.to_string(),
                line: lines[invalid.index].line,
                pattern: invalid.pattern,
                error: invalid.error,
            })?;
        Ok(Self { matcher, source })
    }

    /// Rules that exclude nothing.
    pub fn empty() -> Self {
        Self { matcher: PatternMatcher::default(), source: IgnoreSource::None }
    }

    /// Loads the rules for a build as BuildKit's Dockerfile frontend does:
    /// `<Dockerfile>.dockerignore` beside the Dockerfile wins; otherwise `.dockerignore` at
    /// the context root; otherwise nothing is excluded.
    ///
    /// `dockerfile` is the context holding the Dockerfile (often the build context itself)
    /// and the Dockerfile's path inside it; pass `None` when there is no Dockerfile file.
    pub fn load(
        context: &dyn BuildContext,
        dockerfile: Option<(&dyn BuildContext, &str)>,
    ) -> Result<Self, IgnoreError> {
        if let Some((dir, path)) = dockerfile {
            let candidate = format!("{}.dockerignore", crate::path::normalize(path));
            if let Some(contents) = read_if_file(dir, &candidate)? {
                return Self::parse(&candidate, &contents, IgnoreSource::Dockerfile(candidate.clone()));
            }
        }
        match read_if_file(context, ".dockerignore")? {
            Some(contents) => Self::parse(".dockerignore", &contents, IgnoreSource::Context),
            None => Ok(Self::empty()),
        }
    }

    /// The compiled patterns.
    pub fn matcher(&self) -> &PatternMatcher {
        &self.matcher
    }

    /// Which file the rules came from.
    pub fn source(&self) -> &IgnoreSource {
        &self.source
    }

    /// Whether `path` (relative to the context root) is left out of the context.
    pub fn is_excluded(&self, path: &str) -> bool {
        self.matcher.is_excluded(path)
    }
}

fn read_if_file(ctx: &dyn BuildContext, path: &str) -> Result<Option<Vec<u8>>, ContextError> {
    let readable = match ctx.stat(path) {
        Ok(stat) => matches!(stat.kind, FileKind::File | FileKind::Symlink),
        Err(ContextError::NotFound(_)) => false,
        Err(e) => return Err(e),
    };
    if !readable {
        return Ok(None);
    }
    match ctx.read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(ContextError::NotFound(_) | ContextError::NotAFile(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

//! An ordered list of patterns and the exclusion decisions moby/patternmatcher and BuildKit
//! (fsutil's filtered walk) make with it.

use super::pattern::{Pattern, PatternError};

/// A pattern that failed to compile, with its position in the input list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid pattern {pattern:?}: {error}")]
pub struct InvalidPattern {
    /// Index of the pattern in the list given to [`PatternMatcher::new`].
    pub index: usize,
    /// The pattern as given.
    pub pattern: String,
    /// What is wrong with it.
    pub error: PatternError,
}

/// Per-pattern results for a directory, handed down to its children
/// (moby's `MatchInfo`). The default value means "no information about the parent".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchInfo {
    parent_matched: Vec<bool>,
}

/// Ordered exclusion patterns; the last pattern that matches decides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatternMatcher {
    patterns: Vec<Pattern>,
    exclusions: bool,
    only_prefix_exceptions: bool,
}

/// Characters that make an exception pattern more than a plain path prefix for fsutil.
const PATTERN_CHARS: &[char] = &['*', '[', ']', '?', '^', '\\'];

/// fsutil's `patternWithoutTrailingGlob`: drops one trailing `/**`, then one trailing `/*`.
fn without_trailing_glob(pattern: &str) -> &str {
    let p = pattern.strip_suffix("/**").unwrap_or(pattern);
    p.strip_suffix("/*").unwrap_or(p)
}

impl PatternMatcher {
    /// Compiles `patterns` in order (blank ones are skipped), like `patternmatcher.New`.
    pub fn new<I, S>(patterns: I) -> Result<Self, InvalidPattern>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut compiled = Vec::new();
        for (index, raw) in patterns.into_iter().enumerate() {
            let raw = raw.as_ref();
            match Pattern::new(raw) {
                Ok(Some(p)) => compiled.push(p),
                Ok(None) => {}
                Err(error) => return Err(InvalidPattern { index, pattern: raw.to_string(), error }),
            }
        }
        let exclusions = compiled.iter().any(Pattern::is_exclusion);
        let only_prefix_exceptions = compiled
            .iter()
            .filter(|p| p.is_exclusion())
            .all(|p| !without_trailing_glob(p.as_str()).contains(PATTERN_CHARS));
        Ok(Self { patterns: compiled, exclusions, only_prefix_exceptions })
    }

    /// The compiled patterns, in order.
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Whether there are no patterns (nothing is excluded).
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether any pattern is an exception (`!…`).
    pub fn has_exclusions(&self) -> bool {
        self.exclusions
    }

    /// moby's `MatchesOrParentMatches`: whether `path` is excluded when each pattern is tried
    /// against the path and each of its parent directories.
    pub fn matches_or_parent_matches(&self, path: &str) -> bool {
        let parents = parent_prefixes(path);
        let mut matched = false;
        for pattern in &self.patterns {
            if pattern.is_exclusion() != matched {
                continue;
            }
            let hit = pattern.matches(path) || parents.iter().any(|p| pattern.matches(p));
            if hit {
                matched = !pattern.is_exclusion();
            }
        }
        matched
    }

    /// moby's `MatchesUsingParentResults`, used by BuildKit while walking: patterns that
    /// matched the parent directory count as matching `path`; others are tried on `path`
    /// alone (or, when `parent` carries no information, on `path` and all its parents).
    pub fn matches_using_parent_results(&self, path: &str, parent: &MatchInfo) -> (bool, MatchInfo) {
        let parent_matched =
            if parent.parent_matched.len() == self.patterns.len() { &parent.parent_matched[..] } else { &[] };
        let mut info = MatchInfo { parent_matched: vec![false; self.patterns.len()] };
        let mut matched = false;
        for (i, pattern) in self.patterns.iter().enumerate() {
            let mut hit = parent_matched.get(i).copied().unwrap_or(false);
            if !hit {
                if pattern.is_exclusion() != matched {
                    continue;
                }
                hit = pattern.matches(path);
                if !hit && parent_matched.is_empty() {
                    hit = parent_prefixes(path).iter().any(|p| pattern.matches(p));
                }
            }
            info.parent_matched[i] = hit;
            if hit {
                matched = !pattern.is_exclusion();
            }
        }
        (matched, info)
    }

    /// Whether BuildKit skips the whole excluded directory `dir` without looking inside:
    /// true unless some exception pattern could match below it. When every exception is a
    /// plain path (optionally ending in `/*` or `/**`), only exceptions under `dir/` keep
    /// the walk going; any exception with wildcards makes BuildKit look inside every
    /// excluded directory.
    pub fn skips_excluded_dir(&self, dir: &str) -> bool {
        if !self.only_prefix_exceptions {
            return false;
        }
        let dir_slash = format!("{dir}/");
        !self
            .patterns
            .iter()
            .filter(|p| p.is_exclusion())
            .any(|p| format!("{}/", without_trailing_glob(p.as_str())).starts_with(&dir_slash))
    }

    /// Whether BuildKit leaves `path` out of the context: the decision its walk reaches for
    /// the path, with every ancestor treated as a directory (an excluded ancestor that
    /// [`skips_excluded_dir`](Self::skips_excluded_dir) excludes everything under it).
    /// The path is cleaned first; the root is never excluded.
    pub fn is_excluded(&self, path: &str) -> bool {
        let path = crate::path::normalize(path);
        if path.is_empty() || self.patterns.is_empty() {
            return false;
        }
        let mut info = MatchInfo::default();
        let mut end = 0;
        loop {
            let next_slash = path[end..].find('/').map(|i| end + i);
            let prefix = &path[..next_slash.unwrap_or(path.len())];
            let (matched, child_info) = self.matches_using_parent_results(prefix, &info);
            match next_slash {
                None => return matched,
                Some(slash) => {
                    if matched && self.skips_excluded_dir(prefix) {
                        return true;
                    }
                    info = child_info;
                    end = slash + 1;
                }
            }
        }
    }
}

/// `a`, `a/b` for the path `a/b/c` (Go: `filepath.Dir` split and re-joined).
fn parent_prefixes(path: &str) -> Vec<&str> {
    path.match_indices('/').map(|(i, _)| &path[..i]).collect()
}

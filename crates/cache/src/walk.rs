//! Walking a build context with `.dockerignore` rules, as BuildKit's filtered walk does.

use crate::context::{BuildContext, ContextError, FileKind, Stat};
use crate::ignore::{MatchInfo, PatternMatcher};
use crate::{parallel, path};

/// One entry that is part of the filtered context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkEntry {
    /// The context path (never the root).
    pub path: String,
    /// Its metadata (`lstat`).
    pub stat: Stat,
}

/// Lists every entry of `ctx` that survives `matcher`, parents before children and siblings
/// sorted by name (BuildKit's walk order; the same order as sorting paths with `/` ranked
/// below every other byte).
///
/// As in fsutil: an included directory is listed even when empty; an excluded directory is
/// listed only if something below it is included (then just before its first such entry);
/// an excluded directory is not even opened when no exception pattern could match below it
/// ([`PatternMatcher::skips_excluded_dir`]). Symlinks are listed, never followed.
/// Directories are read in parallel on native targets; the result does not depend on it.
pub fn walk(ctx: &dyn BuildContext, matcher: &PatternMatcher) -> Result<Vec<WalkEntry>, ContextError> {
    walk_dir(ctx, matcher, "", &MatchInfo::default())
}

fn walk_dir(
    ctx: &dyn BuildContext,
    matcher: &PatternMatcher,
    dir: &str,
    info: &MatchInfo,
) -> Result<Vec<WalkEntry>, ContextError> {
    let children = ctx.read_dir_stats(dir)?;
    let parts = parallel::map_vec(children, |(child, stat)| -> Result<Vec<WalkEntry>, ContextError> {
        let child_path = path::join(dir, &child.name);
        let (excluded, child_info) = if matcher.is_empty() {
            (false, MatchInfo::default())
        } else {
            matcher.matches_using_parent_results(&child_path, info)
        };
        let is_dir = child.kind == FileKind::Dir;
        if excluded && (!is_dir || matcher.skips_excluded_dir(&child_path)) {
            return Ok(Vec::new());
        }
        let below = if is_dir { walk_dir(ctx, matcher, &child_path, &child_info)? } else { Vec::new() };
        if excluded && below.is_empty() {
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity(below.len() + 1);
        out.push(WalkEntry { path: child_path, stat });
        out.extend(below);
        Ok(out)
    });
    let mut entries = Vec::new();
    for part in parts {
        entries.extend(part?);
    }
    Ok(entries)
}

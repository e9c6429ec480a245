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
    let tree = walk_dir(ctx, matcher, "", &MatchInfo::default())?;
    let mut out = Vec::with_capacity(count(&tree));
    flatten(tree, &mut out);
    Ok(out)
}

/// An included entry and, for a directory, what is included below it.
struct Node {
    entry: WalkEntry,
    below: Vec<Node>,
}

/// What to do with one child once the patterns have been applied.
enum Step {
    Skip,
    Keep(WalkEntry),
    Descend(WalkEntry, MatchInfo, bool),
}

fn walk_dir(
    ctx: &dyn BuildContext,
    matcher: &PatternMatcher,
    dir: &str,
    info: &MatchInfo,
) -> Result<Vec<Node>, ContextError> {
    let steps: Vec<Step> = ctx
        .read_dir_stats(dir)?
        .into_iter()
        .map(|(child, stat)| {
            let path = path::join(dir, &child.name);
            let (excluded, child_info) = if matcher.is_empty() {
                (false, MatchInfo::default())
            } else {
                matcher.matches_using_parent_results(&path, info)
            };
            let entry = WalkEntry { path, stat };
            match (child.kind == FileKind::Dir, excluded) {
                (false, true) => Step::Skip,
                (false, false) => Step::Keep(entry),
                (true, true) if matcher.skips_excluded_dir(&entry.path) => Step::Skip,
                (true, _) => Step::Descend(entry, child_info, excluded),
            }
        })
        .collect();
    // Only subdirectories are worth a parallel task: that is where the I/O is.
    let nodes = parallel::map_vec(steps, |step| -> Result<Option<Node>, ContextError> {
        match step {
            Step::Skip => Ok(None),
            Step::Keep(entry) => Ok(Some(Node { entry, below: Vec::new() })),
            Step::Descend(entry, child_info, excluded) => {
                let below = walk_dir(ctx, matcher, &entry.path, &child_info)?;
                Ok((!excluded || !below.is_empty()).then_some(Node { entry, below }))
            }
        }
    });
    nodes.into_iter().filter_map(Result::transpose).collect()
}

fn count(nodes: &[Node]) -> usize {
    nodes.iter().map(|n| 1 + count(&n.below)).sum()
}

fn flatten(nodes: Vec<Node>, out: &mut Vec<WalkEntry>) {
    for node in nodes {
        out.push(node.entry);
        flatten(node.below, out);
    }
}

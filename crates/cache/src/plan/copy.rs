//! Building a [`CopyOp`] from a typed COPY or ADD and the stage state.

use slipway_syntax::expand::Expander;
use slipway_syntax::instructions::scope::Scope;
use slipway_syntax::instructions::HeredocSource;

use super::outputs::derived_checksum;
use super::stage::{expand, Origin, Planner, StageState};
use super::PlanError;
use crate::keys::{CacheKey, CopyFrom, CopyOp, CopySource};

/// The flags and arguments of a COPY or ADD, unexpanded.
pub(super) struct CopySpec<'c> {
    /// ADD rather than COPY.
    pub add: bool,
    /// Source paths (or URLs for ADD).
    pub sources: &'c [String],
    /// Heredoc sources.
    pub heredocs: &'c [HeredocSource],
    /// Destination.
    pub dest: &'c str,
    /// `--from` (COPY only).
    pub from: Option<&'c str>,
    /// `--chown`.
    pub chown: &'c Option<String>,
    /// `--chmod`.
    pub chmod: &'c Option<String>,
    /// `--link`.
    pub link: bool,
    /// `--parents` (COPY only).
    pub parents: bool,
    /// `--exclude`.
    pub excludes: &'c [String],
    /// ADD `--unpack`.
    pub unpack: Option<bool>,
    /// ADD `--checksum`.
    pub checksum: &'c Option<String>,
    /// ADD `--keep-git-dir`.
    pub keep_git_dir: bool,
}

/// The copy op of `spec` in `state` with variables `scope`.
pub(super) fn copy_op(
    planner: &Planner<'_>,
    state: &StageState,
    scope: &Scope,
    spec: &CopySpec<'_>,
    line: usize,
) -> Result<CopyOp, PlanError> {
    let escape = planner.analysis.file.escape;
    let word = |w: &str| expand(escape, scope, w, line);
    let option = |w: &Option<String>| w.as_deref().map(word).transpose();
    let origin = spec.from.map_or(Origin::Context(None), |f| planner.resolve(f));
    let mut op = CopyOp {
        add: spec.add,
        from: match &origin {
            Origin::Context(name) => CopyFrom::Context(name.clone()),
            Origin::Stage(_) => CopyFrom::Stage(planner.origin_name(&origin)),
            Origin::Image(reference) => CopyFrom::Image(reference.clone()),
        },
        sources: Vec::new(),
        dest: resolve_dest(&state.workdir, &word(spec.dest)?),
        chown: option(spec.chown)?,
        chmod: option(spec.chmod)?,
        link: spec.link,
        parents: spec.parents,
        excludes: spec.excludes.iter().map(|e| word(e)).collect::<Result<_, _>>()?,
        unpack: spec.unpack,
        checksum: option(spec.checksum)?,
        keep_git_dir: spec.keep_git_dir,
        follow_symlinks: true,
    };
    for source in spec.sources {
        let source = word(source)?;
        let entry = if op.add && is_remote(&source) {
            let checksum = op.checksum.clone().unwrap_or_else(|| derived_checksum("remote", &source));
            CopySource { path: source, checksum }
        } else {
            let path = crate::path::normalize(&source);
            let checksum = planner.checksum(&origin, &path, &op.excludes);
            CopySource { path: if path.is_empty() { ".".to_string() } else { path }, checksum }
        };
        op.sources.push(entry);
    }
    for heredoc in spec.heredocs {
        op.sources.push(heredoc_source(escape, scope, heredoc));
    }
    Ok(op)
}

/// A heredoc source: a file named after the heredoc holding its body, expanded unless the
/// delimiter was quoted (quotes in the body are kept, as BuildKit's `SkipProcessQuotes`).
fn heredoc_source(escape: char, scope: &Scope, heredoc: &HeredocSource) -> CopySource {
    let content = if heredoc.expand {
        Expander::new(escape, scope)
            .skip_process_quotes(true)
            .expand_word(&heredoc.content)
            .map_or_else(|_| heredoc.content.clone(), |e| e.value)
    } else {
        heredoc.content.clone()
    };
    CopySource { path: format!("<<{}", heredoc.name), checksum: CacheKey::of(content.as_bytes()).to_string() }
}

/// dockerfile2llb's destination: relative to WORKDIR, cleaned, with a trailing `/` kept
/// when the destination ends with one or is `.` (copy *into* the directory).
fn resolve_dest(workdir: &str, dest: &str) -> String {
    let joined = if dest.starts_with('/') { dest.to_string() } else { format!("{workdir}/{dest}") };
    let mut out = crate::path::clean(&joined);
    if (dest.is_empty() || dest == "." || dest.ends_with('/')) && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// ADD sources fetched from the network: URLs and git repositories.
fn is_remote(source: &str) -> bool {
    source.starts_with("http://")
        || source.starts_with("https://")
        || source.starts_with("git@")
        || source.contains(".git#")
}

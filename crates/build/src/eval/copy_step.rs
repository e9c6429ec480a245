//! COPY and ADD: sources from the context, a stage, an image, heredocs or URLs; the cache
//! key from the action and the selected content; the layer from the diff.

use sha2::{Digest as _, Sha256};
use slipway_layers::{Node, Tree};
use slipway_syntax::expand::Expander;
use slipway_syntax::instructions::graph::{EdgeKind, Source};
use slipway_syntax::instructions::{Command, HeredocSource};

use super::{join_abs, Counter, Session};
use crate::copy::{
    archive_items, checksum, clean_source, items, matching, not_found, parse_chmod, parse_chown, placeholder,
    write_items, Excludes, Ownership,
};
use crate::error::{BuildError, Result};
use crate::fetch::{is_url, url_file_name};
use crate::history::{commit, mark_last_empty};
use crate::keys::{CopyFrom, CopyOp, CopySource, StepOp};
use crate::options::Platform;
use crate::progress::Event;
use crate::stage::StageState;

/// A COPY or ADD, fields borrowed from the command.
struct CopySpec<'c> {
    add: bool,
    sources: &'c [String],
    heredocs: &'c [HeredocSource],
    dest: &'c str,
    from: Option<&'c str>,
    chown: Option<&'c str>,
    chmod: Option<&'c str>,
    link: bool,
    parents: bool,
    excludes: &'c [String],
    unpack: Option<bool>,
    checksum: Option<&'c str>,
    keep_git_dir: bool,
}

impl<'c> CopySpec<'c> {
    fn of(command: &'c Command) -> Option<Self> {
        Some(match command {
            Command::Copy { sources, heredocs, dest, from, chown, chmod, link, parents, excludes } => CopySpec {
                add: false,
                sources,
                heredocs,
                dest,
                from: from.as_deref(),
                chown: chown.as_deref(),
                chmod: chmod.as_deref(),
                link: *link,
                parents: *parents,
                excludes,
                unpack: None,
                checksum: None,
                keep_git_dir: false,
            },
            Command::Add { sources, heredocs, dest, chown, chmod, link, keep_git_dir, checksum, unpack, excludes } => {
                CopySpec {
                    add: true,
                    sources,
                    heredocs,
                    dest,
                    from: None,
                    chown: chown.as_deref(),
                    chmod: chmod.as_deref(),
                    link: *link,
                    parents: false,
                    excludes,
                    unpack: *unpack,
                    checksum: checksum.as_deref(),
                    keep_git_dir: *keep_git_dir,
                }
            }
            _ => return None,
        })
    }
}

/// What one source contributes: its items, and whether they are an archive's entries
/// (extracted into the destination directory).
struct Part {
    items: Vec<(String, Node)>,
    archive: bool,
    /// The items go inside the destination directory (a placeholder for a directory or glob).
    into_dir: bool,
}

impl Session<'_> {
    pub(super) fn eval_copy(
        &mut self,
        state: &mut StageState,
        index: usize,
        command: &Command,
        platform: &Platform,
        text: &str,
        counter: &mut Counter,
    ) -> Result<()> {
        let Some(spec) = CopySpec::of(command) else { return Ok(()) };
        let name = counter.next(text);
        let fail = |e: String| BuildError::step(&name, e);
        let (escape, scope) = (self.file.escape, state.scope.clone());
        let expand = |word: &str| -> Result<String> {
            Expander::new(escape, &scope)
                .expand_word(word)
                .map(|e| e.value)
                .map_err(|e| BuildError::step(&name, e.to_string()))
        };
        let sources: Vec<String> = spec.sources.iter().map(|s| expand(s)).collect::<Result<_>>()?;
        let dest = expand(spec.dest)?;
        let chown = spec.chown.map(expand).transpose()?;
        let chmod = spec.chmod.map(expand).transpose()?;
        let mode = chmod.as_deref().map(parse_chmod).transpose().map_err(fail)?;
        let excludes = Excludes::new(spec.excludes).map_err(fail)?;

        let mut message = String::from(if spec.add { "ADD" } else { "COPY" });
        if spec.parents {
            message.push_str(" --parents");
        }
        if let Some(chown) = &chown {
            message.push_str(&format!(" --chown={chown}"));
        }
        if let Some(chmod) = &chmod {
            message.push_str(&format!(" --chmod={chmod}"));
        }
        for source in &sources {
            message.push_str(&format!(" {source}"));
        }
        for heredoc in spec.heredocs {
            message.push_str(&format!(" <<{}", heredoc.name));
        }
        message.push_str(&format!(" {dest}"));

        // Select the content. A stage whose commands were not all emulated may lack what a
        // real build would copy from it (`BuildOptions::tolerate_emulation_gaps`).
        let mut gap: Option<(&str, Vec<String>)> = None;
        let (source_tree, copy_from): (Tree, CopyFrom) = match spec.from {
            Some(from) => {
                let source = self.edge_source(index, EdgeKind::CopyFrom, from);
                let copy_from = match &source {
                    Source::Image(image) if image.parse::<usize>().is_ok() => {
                        return Err(fail(format!("invalid stage index {image}")));
                    }
                    Source::Image(_) => CopyFrom::Image(from.to_owned()),
                    Source::Stage(_) => CopyFrom::Stage(from.to_owned()),
                };
                if let Source::Stage(stage) = &source {
                    let commands = self.done[*stage].as_ref().map(|s| s.not_emulated.clone()).unwrap_or_default();
                    state.note_not_emulated(&commands);
                    if self.options.tolerate_emulation_gaps && !commands.is_empty() {
                        gap = Some((from, commands));
                    }
                }
                (self.source_tree(&source, platform)?, copy_from)
            }
            None if sources.iter().all(|s| is_url(s)) => (Tree::new(), CopyFrom::Context(None)),
            None => (self.context_tree()?.clone(), CopyFrom::Context(None)),
        };
        let mut parts = Vec::new();
        let mut key_sources = Vec::new();
        let mut notes = Vec::new();
        let mut several = sources.len() + spec.heredocs.len() > 1;
        for source in &sources {
            if spec.add && is_url(source) {
                let data = self.fetcher.fetch(source).map_err(fail)?;
                if let Some(expected) = spec.checksum {
                    let actual = format!("sha256:{}", hex::encode(Sha256::digest(&data)));
                    if actual != expected {
                        return Err(fail(format!("digest mismatch for {source}: expected {expected}, got {actual}")));
                    }
                }
                let items = vec![(url_file_name(source), Node::file(data, 0o600))];
                key_sources.push(CopySource { path: source.clone(), checksum: checksum(&items) });
                parts.push(Part { items, archive: false, into_dir: false });
                continue;
            }
            let selected = matching(&source_tree, source).map_err(fail)?;
            if selected.is_empty() {
                let Some((stage, commands)) = &gap else { return Err(fail(not_found(source))) };
                let phrase = super::not_emulated_phrase(commands);
                let mtime = self.epoch.unwrap_or(self.options.now);
                let (item, into_dir) = placeholder(source, stage, &phrase, mtime);
                notes.push(format!(
                    "{}: `{source}` is missing from stage `{stage}` after {phrase}; copied a placeholder file `{}` \
                     instead; a real build may differ",
                    self.at_line(index, "COPY"),
                    item.0
                ));
                let items = vec![item];
                let path = clean_source(source).map_err(fail)?;
                key_sources.push(CopySource { path, checksum: checksum(&items) });
                parts.push(Part { items, archive: false, into_dir });
                continue;
            }
            let mut source_items = Vec::new();
            several |= selected.len() > 1 || source.contains(['*', '?', '[']);
            for item in &selected {
                let node = source_tree.get(&item.path);
                let extract = spec.add && spec.from.is_none() && spec.unpack != Some(false);
                if let (true, Some(data)) = (extract, node.and_then(Node::data)) {
                    if let Some(entries) = archive_items(data) {
                        source_items.extend(entries.iter().cloned());
                        parts.push(Part { items: entries, archive: true, into_dir: true });
                        continue;
                    }
                }
                let mut found = items(&source_tree, item, spec.parents, &excludes);
                if spec.from.is_none() && chown.is_none() {
                    for (_, node) in &mut found {
                        node.meta.uid = 0;
                        node.meta.gid = 0;
                    }
                }
                source_items.extend(found.iter().cloned());
                parts.push(Part { items: found, archive: false, into_dir: false });
            }
            let path = crate::copy::clean_source(source).map_err(fail)?;
            key_sources.push(CopySource { path, checksum: checksum(&source_items) });
        }
        for heredoc in spec.heredocs {
            let content = if heredoc.expand { expand(&heredoc.content)? } else { heredoc.content.clone() };
            let items = vec![(heredoc.name.clone(), Node::file(content.into_bytes(), 0o644))];
            key_sources.push(CopySource { path: format!("<<{}", heredoc.name), checksum: checksum(&items) });
            parts.push(Part { items, archive: false, into_dir: false });
        }

        let workdir = state.config.config.working_dir.clone().unwrap_or_else(|| "/".to_owned());
        let dest_is_dir = dest.ends_with('/') || dest == "." || dest.is_empty();
        let dest_abs = join_abs(&workdir, &dest);
        if several && !dest_is_dir {
            let exists_as_dir = state.tree(&self.store)?.resolve(&abs_path(&dest_abs)).is_some_and(|(_, n)| n.is_dir());
            if !exists_as_dir {
                return Err(fail(format!(
                    "When using {} with more than one source file, the destination must be a directory and end with a /",
                    if spec.add { "ADD" } else { "COPY" }
                )));
            }
        }

        let op = CopyOp {
            add: spec.add,
            from: copy_from.clone(),
            sources: key_sources,
            dest: if dest_is_dir && !dest_abs.ends_with('/') { format!("{dest_abs}/") } else { dest_abs.clone() },
            chown: chown.clone(),
            chmod: chmod.clone(),
            link: spec.link,
            parents: spec.parents,
            excludes: spec.excludes.to_vec(),
            unpack: spec.unpack,
            checksum: spec.checksum.map(str::to_owned),
            keep_git_dir: spec.keep_git_dir,
            follow_symlinks: true,
        };
        let key = self.key(Some(&state.key), &StepOp::Copy(op));
        state.key = key;
        let timer = self.start(&name);
        for message in notes {
            self.progress.event(Event::Warning { id: timer.0, message });
        }
        let with_layer = match self.lookup(&key) {
            Some(cached) => {
                let layer = state.add_cached(&cached);
                self.finish(timer, &name, true);
                layer
            }
            None => {
                let now = self.options.now;
                let tree = state.tree(&self.store)?;
                let before = tree.clone();
                let owner = chown.as_deref().map(|c| parse_chown(tree, c)).transpose().map_err(fail)?;
                let ownership = Ownership { owner, mode };
                for part in parts {
                    if part.archive {
                        write_items(tree, &dest_abs, true, part.items, Ownership { owner, mode: None })
                    } else {
                        write_items(tree, &dest_abs, dest_is_dir || several || part.into_dir, part.items, ownership)
                    }
                    .map_err(fail)?;
                }
                let result = state.commit_change(&self.store, &before, self.epoch, now)?;
                self.store.record(&key, &result)?;
                self.finish(timer, &name, false);
                result.layer.is_some()
            }
        };
        commit(&mut state.config, message, true, true);
        if !with_layer {
            mark_last_empty(&mut state.config);
        }
        Ok(())
    }
}

fn abs_path(path: &str) -> slipway_layers::TreePath {
    slipway_layers::TreePath::normalize(path.trim_start_matches('/')).unwrap_or_default()
}

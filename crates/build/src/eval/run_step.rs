//! RUN: argv (shell prefix, heredocs), environment, mounts made visible for the step only
//! (secrets, scratch directories, bind sources), the executor, and the layer from the diff.

use slipway_layers::{Node, Tree, TreePath};
use slipway_syntax::heredoc::parse_heredoc_word;
use slipway_syntax::instructions::graph::{EdgeKind, Source};
use slipway_syntax::instructions::mount::Mount as MountSpec;
use slipway_syntax::instructions::{Command, CommandLine, HeredocSource};

use super::{with_shell, Counter, Session};
use crate::copy::{items, select, Excludes};
use crate::error::{BuildError, Result};
use crate::executor::{Mount, RunStep, Stream};
use crate::history::{commit, mark_last_empty, run_created_by};
use crate::keys::{EnvOrigin, EnvVar, MountFrom, MountInput, RunHeredoc, RunOp, StepOp};
use crate::options::Platform;
use crate::progress::Event;
use crate::stage::StageState;

/// Something placed in the root file system for the step only.
struct Overlay {
    target: TreePath,
    nodes: Vec<(TreePath, Node)>,
}

/// The step's mounts, resolved.
#[derive(Default)]
struct Mounts {
    overlays: Vec<Overlay>,
    /// For the executor.
    mounts: Vec<Mount>,
    /// Secret values exposed as environment variables (never in the key).
    secret_env: Vec<String>,
    /// The mounts as the cache key sees them.
    key: Vec<MountInput>,
}

/// BuildKit's heredoc handling: a lone heredoc runs its body; otherwise the heredocs are
/// appended to the command line for the shell to read.
fn script_with_heredocs(script: &str, heredocs: &[HeredocSource]) -> String {
    if heredocs.len() == 1 && parse_heredoc_word(script.trim()).is_some() {
        return heredocs[0].content.clone();
    }
    let mut out = script.to_owned();
    for heredoc in heredocs {
        out.push('\n');
        out.push_str(&heredoc.content);
        out.push_str(&heredoc.name);
    }
    out
}

impl Session<'_> {
    pub(super) fn eval_run(
        &mut self,
        state: &mut StageState,
        index: usize,
        command: &Command,
        platform: &Platform,
        text: &str,
        counter: &mut Counter,
    ) -> Result<()> {
        let Command::Run { command, heredocs, mounts, network, security, devices } = command else {
            return Ok(());
        };
        let name = counter.next(text);
        let command = match command {
            CommandLine::Shell(script) if !heredocs.is_empty() => {
                CommandLine::Shell(script_with_heredocs(script, heredocs))
            }
            other => other.clone(),
        };
        let argv = with_shell(&state.config.config.shell, &command);
        let env: Vec<String> = state.scope.vars().iter().map(|(k, v)| format!("{k}={v}")).collect();
        let cwd = state.config.config.working_dir.clone().unwrap_or_else(|| "/".to_owned());
        let user = state.config.config.user.clone().unwrap_or_default();
        let resolved = self.resolve_mounts(state, index, mounts, platform, &name)?;
        let op = RunOp {
            argv: argv.clone(),
            heredocs: heredocs
                .iter()
                .map(|h| RunHeredoc { name: h.name.clone(), content: h.content.clone() })
                .collect(),
            env: state
                .scope
                .vars()
                .iter()
                .map(|(name, value)| EnvVar {
                    name: name.clone(),
                    value: value.clone(),
                    origin: if state.args.iter().any(|(k, _)| k == name) { EnvOrigin::Arg } else { EnvOrigin::Env },
                })
                .collect(),
            workdir: cwd.clone(),
            user: user.clone(),
            network: network.clone().unwrap_or_else(|| "default".to_owned()),
            security: security.clone().unwrap_or_else(|| "sandbox".to_owned()),
            mounts: resolved.key.clone(),
            devices: devices.clone(),
        };
        let key = self.key(Some(&state.key), &StepOp::Run(op));
        state.key = key;
        let timer = self.start(&name);
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
                apply_overlays(tree, &resolved.overlays).map_err(|e| BuildError::step(&name, e))?;
                let mut step_env = env.clone();
                step_env.extend(resolved.secret_env.iter().cloned());
                let platform_text = platform.to_string();
                let step = RunStep {
                    name: &name,
                    argv: &argv,
                    env: &step_env,
                    cwd: &cwd,
                    user: &user,
                    mounts: &resolved.mounts,
                    platform: &platform_text,
                    time: self.epoch.unwrap_or(now),
                };
                let id = timer.0;
                let mut events = Vec::new();
                let mut stderr = String::new();
                let outcome = self.executor.run(&step, tree, &mut |stream, bytes| {
                    let text = String::from_utf8_lossy(bytes).into_owned();
                    if stream == Stream::Stderr {
                        stderr.push_str(&text);
                    }
                    let stream = if stream == Stream::Stdout { "stdout" } else { "stderr" };
                    events.push(Event::Output { id, stream, text });
                })?;
                restore_overlays(tree, &before, &resolved.overlays);
                for event in events {
                    self.progress.event(event);
                }
                if !outcome.not_emulated.is_empty() {
                    let commands = outcome.not_emulated.join(", ");
                    self.progress.event(Event::Warning { id, message: format!("not emulated: {commands}") });
                    if self.options.strict {
                        return Err(BuildError::NotEmulated { step: name, commands });
                    }
                    self.not_emulated.push((name.clone(), outcome.not_emulated.clone()));
                }
                state.note_not_emulated(&outcome.not_emulated);
                let tolerated =
                    self.options.tolerate_emulation_gaps && outcome.error.is_none() && !state.not_emulated.is_empty();
                if outcome.exit_status != 0 && !tolerated {
                    return Err(BuildError::RunFailed { step: name, status: outcome.exit_status });
                }
                let mut result = state.commit_change(&self.store, &before, self.epoch, now)?;
                if outcome.exit_status == 0 {
                    result.not_emulated = outcome.not_emulated;
                    self.store.record(&key, &result)?;
                } else {
                    // A failed step is never cached: a build without the tolerance must not
                    // find it.
                    let reason = stderr
                        .lines()
                        .rev()
                        .find(|line| !line.trim().is_empty())
                        .map(|line| line.rsplit(": ").next().unwrap_or(line).trim().to_owned())
                        .unwrap_or_else(|| format!("exit code {}", outcome.exit_status));
                    let message = format!(
                        "{}: `{}` failed in emulation ({reason}) after {}; a real build may differ",
                        self.at_line(index, "RUN"),
                        short_command(&command),
                        super::not_emulated_phrase(&state.not_emulated),
                    );
                    self.progress.event(Event::Warning { id, message });
                }
                self.finish(timer, &name, false);
                result.layer.is_some()
            }
        };
        commit(&mut state.config, run_created_by(&argv, &state.args), true, true);
        if !with_layer {
            mark_last_empty(&mut state.config);
        }
        Ok(())
    }

    fn resolve_mounts(
        &mut self,
        state: &mut StageState,
        index: usize,
        specs: &[MountSpec],
        platform: &Platform,
        name: &str,
    ) -> Result<Mounts> {
        let mut out = Mounts::default();
        let cwd = state.config.config.working_dir.clone().unwrap_or_else(|| "/".to_owned());
        for spec in specs {
            let expand = |word: &Option<String>| -> Result<Option<String>> {
                word.as_deref()
                    .map(|w| {
                        self.expander(&state.scope)
                            .expand_word(w)
                            .map(|e| e.value)
                            .map_err(|e| BuildError::step(name, e.to_string()))
                    })
                    .transpose()
            };
            let target = expand(&spec.target)?.map(|t| super::join_abs(&cwd, &t));
            let id = expand(&spec.id)?;
            match spec.kind.as_str() {
                "secret" => {
                    let id = id
                        .or_else(|| target.as_deref().and_then(|t| t.rsplit('/').next()).map(str::to_owned))
                        .unwrap_or_default();
                    let Some(secret) = self.options.secrets.iter().find(|s| s.id == id) else {
                        if spec.required {
                            return Err(BuildError::SecretNotFound(id));
                        }
                        continue;
                    };
                    if let Some(var) = &spec.env {
                        out.secret_env.push(format!("{var}={}", String::from_utf8_lossy(&secret.value)));
                    }
                    let file_target = match (&target, &spec.env) {
                        (Some(t), _) => Some(t.clone()),
                        (None, None) => Some(format!("/run/secrets/{id}")),
                        (None, Some(_)) => None,
                    };
                    if let Some(file_target) = file_target {
                        let mode = spec.mode.unwrap_or(0o400);
                        let node = Node::file(secret.value.clone(), mode)
                            .with_owner(spec.uid.unwrap_or(0).into(), spec.gid.unwrap_or(0).into());
                        out.overlays.push(overlay(&file_target, vec![(TreePath::root(), node)], name)?);
                        out.mounts.push(Mount::Secret { target: file_target.clone() });
                    }
                    out.key.push(MountInput::Secret {
                        target: target.unwrap_or_default(),
                        id,
                        env: spec.env.clone(),
                        required: spec.required,
                        ownership: ownership(spec),
                    });
                }
                "cache" | "tmpfs" => {
                    let target = target.ok_or_else(|| BuildError::step(name, "mount target is required"))?;
                    out.overlays.push(overlay(&target, vec![(TreePath::root(), Node::dir(0o755))], name)?);
                    out.mounts.push(Mount::Scratch { target: target.clone() });
                    out.key.push(if spec.kind == "tmpfs" {
                        MountInput::Tmpfs { target, size: spec.size.clone() }
                    } else {
                        MountInput::Cache {
                            id: id.unwrap_or_else(|| target.clone()),
                            target,
                            sharing: spec.sharing.clone().unwrap_or_else(|| "shared".to_owned()),
                            readonly: spec.readonly,
                            from: spec.from.clone().map(MountFrom::Stage),
                            ownership: ownership(spec),
                        }
                    });
                }
                "bind" => {
                    let target = target.ok_or_else(|| BuildError::step(name, "mount target is required"))?;
                    let source = expand(&spec.source)?.unwrap_or_default();
                    let (tree, from) = match &spec.from {
                        Some(from) => {
                            let source = self.edge_source(index, EdgeKind::MountFrom, from);
                            let kind = match source {
                                Source::Stage(_) => MountFrom::Stage(from.clone()),
                                Source::Image(_) => MountFrom::Image(from.clone()),
                            };
                            if let &Source::Stage(stage) = &source {
                                let commands =
                                    self.done[stage].as_ref().map(|s| s.not_emulated.clone()).unwrap_or_default();
                                state.note_not_emulated(&commands);
                            }
                            (self.source_tree(&source, platform)?, kind)
                        }
                        None => (self.context_tree()?.clone(), MountFrom::Context(None)),
                    };
                    let none = Excludes::new(&[]).map_err(|e| BuildError::step(name, e))?;
                    let selected = select(&tree, &source).map_err(|e| BuildError::step(name, e))?;
                    let mut nodes = Vec::new();
                    if let Some(item) = selected.first() {
                        let root = tree.get(&item.path).cloned().unwrap_or_else(|| Node::dir(0o755));
                        let is_dir = root.is_dir();
                        nodes.push((TreePath::root(), root));
                        if is_dir {
                            for (relative, node) in items(&tree, item, false, &none) {
                                let path = TreePath::normalize(&relative)
                                    .map_err(|e| BuildError::step(name, e.to_string()))?;
                                nodes.push((path, node));
                            }
                        }
                    }
                    let checksum = crate::copy::checksum(
                        &nodes.iter().map(|(p, n)| (p.as_str().to_owned(), n.clone())).collect::<Vec<_>>(),
                    );
                    out.key.push(MountInput::Bind {
                        target: target.clone(),
                        from,
                        source,
                        readonly: spec.readonly,
                        content: checksum,
                    });
                    out.overlays.push(overlay(&target, nodes, name)?);
                }
                _ => out.key.push(MountInput::Ssh {
                    target: target.unwrap_or_default(),
                    id: id.unwrap_or_else(|| "default".to_owned()),
                    required: spec.required,
                    ownership: ownership(spec),
                }),
            }
        }
        Ok(out)
    }
}

/// The command line of a RUN for a warning: whitespace collapsed, at most 80 characters.
fn short_command(command: &CommandLine) -> String {
    let text = match command {
        CommandLine::Shell(script) => script.clone(),
        CommandLine::Exec(argv) => argv.join(" "),
    };
    let words: Vec<&str> = text.split_whitespace().filter(|w| *w != "\\").collect();
    let line = words.join(" ");
    match line.char_indices().nth(80) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line,
    }
}

/// `,mode=…,uid=…,gid=…` for the options a mount sets.
fn ownership(spec: &MountSpec) -> String {
    let mut out = String::new();
    if let Some(mode) = spec.mode {
        out.push_str(&format!(",mode={mode:o}"));
    }
    if let Some(uid) = spec.uid {
        out.push_str(&format!(",uid={uid}"));
    }
    if let Some(gid) = spec.gid {
        out.push_str(&format!(",gid={gid}"));
    }
    out
}

fn overlay(target: &str, nodes: Vec<(TreePath, Node)>, name: &str) -> Result<Overlay> {
    let target =
        TreePath::normalize(target.trim_start_matches('/')).map_err(|e| BuildError::step(name, e.to_string()))?;
    if target.is_root() {
        return Err(BuildError::step(name, "cannot mount over /"));
    }
    Ok(Overlay { target, nodes })
}

/// Places the overlays in the tree (replacing what is at their targets).
fn apply_overlays(tree: &mut Tree, overlays: &[Overlay]) -> Result<(), String> {
    for overlay in overlays {
        tree.remove(&overlay.target);
        tree.create_parents(&overlay.target).map_err(|e| e.to_string())?;
        for (relative, node) in &overlay.nodes {
            let path = if relative.is_root() {
                overlay.target.clone()
            } else {
                TreePath::normalize(&format!("{}/{}", overlay.target.as_str(), relative.as_str()))
                    .map_err(|e| e.to_string())?
            };
            tree.insert_with_parents(path, node.clone()).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Puts back what the overlays covered and removes the mount points they created.
fn restore_overlays(tree: &mut Tree, before: &Tree, overlays: &[Overlay]) {
    for overlay in overlays.iter().rev() {
        tree.remove(&overlay.target);
        if let Some(node) = before.get(&overlay.target) {
            let _ = tree.insert_with_parents(overlay.target.clone(), node.clone());
            for (path, node) in before.descendants(&overlay.target) {
                let _ = tree.insert(path.clone(), node.clone());
            }
        }
        let mut ancestors: Vec<TreePath> = overlay.target.ancestors().collect();
        ancestors.reverse();
        for ancestor in ancestors {
            if !before.contains(&ancestor) && tree.children(&ancestor).next().is_none() {
                tree.remove(&ancestor);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heredoc_scripts() {
        let body = HeredocSource { name: "EOF".into(), content: "echo a\necho b\n".into(), expand: true };
        assert_eq!(script_with_heredocs("<<EOF", std::slice::from_ref(&body)), "echo a\necho b\n");
        assert_eq!(script_with_heredocs("cat <<EOF > /x", &[body]), "cat <<EOF > /x\necho a\necho b\nEOF");
    }

    #[test]
    fn overlays_leave_no_trace() {
        let mut tree = Tree::new();
        tree.insert_with_parents(TreePath::new("etc/motd").unwrap(), Node::file(&b"hi"[..], 0o644)).unwrap();
        let before = tree.clone();
        let secret =
            overlay("/run/secrets/tok", vec![(TreePath::root(), Node::file(&b"s3cr3t"[..], 0o400))], "x").unwrap();
        let motd = overlay("/etc/motd", vec![(TreePath::root(), Node::file(&b"over"[..], 0o400))], "x").unwrap();
        let overlays = [secret, motd];
        apply_overlays(&mut tree, &overlays).unwrap();
        assert!(tree.contains(&TreePath::new("run/secrets/tok").unwrap()));
        restore_overlays(&mut tree, &before, &overlays);
        assert_eq!(tree, before);
    }
}

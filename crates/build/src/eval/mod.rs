//! Instruction evaluation: one stage at a time, every instruction with BuildKit's expansion
//! and ARG/ENV scoping, metadata instructions into the config and history, vertices (RUN,
//! COPY/ADD, WORKDIR) through the cache or executed.

mod copy_step;
mod run_step;

use std::collections::BTreeMap;

use slipway_cache::context::BuildContext;
use slipway_layers::image::{rootfs, Image};
use slipway_layers::oci::History;
use slipway_layers::{Node, Tree, TreePath};
use slipway_syntax::expand::Expander;
use slipway_syntax::instructions::graph::{EdgeKind, Source, StageGraph};
use slipway_syntax::instructions::scope::{resolve_base, Scope};
use slipway_syntax::instructions::{Command, CommandLine, Model, Stage};
use slipway_syntax::{Analysis, Dockerfile};

use crate::error::{BuildError, Result};
use crate::executor::Executor;
use crate::fetch::Fetcher;
use crate::history::{argv_created_by, commit, empty_image, go_duration, go_list, mark_last_empty};
use crate::keys::{normalize_image_ref, step_key, CacheKey, FromOp, StepOp, WorkdirOp};
use crate::options::{BuildOptions, Platform};
use crate::progress::{Event, ProgressSink, Stopwatch};
use crate::stage::{LayerRef, StageState};
use crate::store::{CachedLayer, Store};

/// Everything shared by the stages of one build.
pub struct Session<'a> {
    /// The image and cache store.
    pub store: Store<'a>,
    /// Runs RUN steps.
    pub executor: &'a dyn Executor,
    /// Downloads ADD URLs.
    pub fetcher: &'a dyn Fetcher,
    /// Times steps.
    pub stopwatch: &'a dyn Stopwatch,
    /// Receives progress events.
    pub progress: &'a mut dyn ProgressSink,
    /// The request.
    pub options: &'a BuildOptions,
    /// The build context.
    pub context: &'a dyn BuildContext,
    /// The parsed Dockerfile.
    pub file: &'a Dockerfile,
    /// Its typed model.
    pub model: &'a Model,
    /// The stage graph under the build's global scope.
    pub graph: &'a StageGraph,
    /// The global ARG scope (FROM lines).
    pub global: Scope,
    /// `SOURCE_DATE_EPOCH`.
    pub epoch: Option<i64>,
    /// Finished stages, by index.
    pub done: Vec<Option<StageState>>,
    /// Steps executed (display names).
    pub executed: Vec<String>,
    /// Steps taken from the cache.
    pub cached: Vec<String>,
    /// RUN steps with commands that were not emulated: (step, commands).
    pub not_emulated: Vec<(String, Vec<String>)>,
    context_tree: Option<Tree>,
    image_trees: BTreeMap<String, Tree>,
    next_id: usize,
}

/// Numbering of a stage's steps for display: `[name 2/5]`.
struct Counter {
    prefix: String,
    total: usize,
    current: usize,
}

impl Counter {
    fn next(&mut self, text: &str) -> String {
        self.current += 1;
        format!("[{}{}/{}] {text}", self.prefix, self.current, self.total)
    }
}

impl<'a> Session<'a> {
    /// A session for one build.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: Store<'a>,
        engine: (&'a dyn Executor, &'a dyn Fetcher, &'a dyn Stopwatch),
        progress: &'a mut dyn ProgressSink,
        options: &'a BuildOptions,
        context: &'a dyn BuildContext,
        parsed: (&'a Dockerfile, &'a Model, &'a StageGraph),
        global: Scope,
    ) -> Self {
        let (executor, fetcher, stopwatch) = engine;
        let (file, model, graph) = parsed;
        Session {
            store,
            executor,
            fetcher,
            stopwatch,
            progress,
            options,
            context,
            file,
            model,
            graph,
            global,
            epoch: options.source_date_epoch(),
            done: vec![None; model.stages.len()],
            executed: Vec::new(),
            cached: Vec::new(),
            not_emulated: Vec::new(),
            context_tree: None,
            image_trees: BTreeMap::new(),
            next_id: 0,
        }
    }

    fn start(&mut self, name: &str) -> (usize, f64) {
        self.next_id += 1;
        self.progress.event(Event::Start { id: self.next_id, name: name.to_owned() });
        (self.next_id, self.stopwatch.seconds())
    }

    fn finish(&mut self, (id, started): (usize, f64), name: &str, cached: bool) {
        if cached {
            self.progress.event(Event::Cached { id });
            self.cached.push(name.to_owned());
        } else {
            self.executed.push(name.to_owned());
        }
        let seconds = if cached { 0.0 } else { self.stopwatch.seconds() - started };
        self.progress.event(Event::Done { id, seconds });
    }

    /// The key of a vertex (the engine's only call of [`step_key`]).
    fn key(&self, parent: Option<&CacheKey>, op: &StepOp) -> CacheKey {
        step_key(parent, op, self.executor.backend())
    }

    /// The cached result for `key`, unless `--no-cache`.
    fn lookup(&self, key: &CacheKey) -> Option<CachedLayer> {
        if self.options.no_cache {
            None
        } else {
            self.store.cached(key)
        }
    }

    /// The filtered build context as a tree (read once).
    fn context_tree(&mut self) -> Result<&Tree> {
        if self.context_tree.is_none() {
            self.context_tree = Some(crate::context::load(self.context, self.options.dockerfile_path.as_deref())?);
        }
        Ok(self.context_tree.get_or_insert_with(Tree::new))
    }

    /// The root file system of a stage built earlier, or of an image in the store.
    fn source_tree(&mut self, source: &Source, platform: &Platform) -> Result<Tree> {
        match source {
            Source::Stage(index) => {
                let state = self.done[*index]
                    .as_mut()
                    .ok_or_else(|| BuildError::Dockerfile(format!("stage {index} is used before it is built")))?;
                Ok(state.tree(&self.store)?.clone())
            }
            Source::Image(name) if name.eq_ignore_ascii_case("scratch") => Ok(Tree::new()),
            Source::Image(name) => {
                if !self.image_trees.contains_key(name) {
                    let tree = match self.base_image(name, platform, self.next_id)? {
                        Some(image) => rootfs(self.store.blobs(), &image)?,
                        None => Tree::new(),
                    };
                    self.image_trees.insert(name.clone(), tree);
                }
                Ok(self.image_trees[name].clone())
            }
        }
    }

    /// What `COPY --from` / `RUN --mount=from=` of instruction `index` refers to.
    fn edge_source(&self, index: usize, kind: EdgeKind, reference: &str) -> Source {
        self.graph
            .edges
            .iter()
            .find(|e| e.instruction == index && e.kind == kind)
            .map(|e| e.source.clone())
            .or_else(|| self.model.stage(reference).map(|s| Source::Stage(s.index)))
            .unwrap_or_else(|| Source::Image(reference.to_owned()))
    }

    /// Display text of an instruction: upper-case keyword and the rest of its first line.
    fn text(&self, index: usize) -> String {
        let instruction = &self.file.instructions[index];
        let original = instruction.original(&self.file.source);
        let keyword_len = instruction.keyword.value.len().min(original.len());
        let rest = original.get(keyword_len..).unwrap_or_default().trim();
        let first = rest.lines().next().unwrap_or_default();
        format!("{} {first}", instruction.keyword.value.to_ascii_uppercase())
    }

    /// `RUN at line 7` for warnings about instruction `index` (an ONBUILD trigger has no line).
    fn at_line(&self, index: usize, keyword: &str) -> String {
        match self.file.instructions.get(index) {
            Some(instruction) => format!("{keyword} at line {}", instruction.start_line),
            None => format!("ONBUILD {keyword}"),
        }
    }

    fn expander<'s>(&self, scope: &'s Scope) -> Expander<'s> {
        Expander::new(self.file.escape, scope)
    }

    /// Evaluates stage `index`; every stage it depends on must be done.
    pub fn eval_stage(&mut self, index: usize) -> Result<StageState> {
        let model = self.model;
        let stage = &model.stages[index];
        let platform = self.stage_platform(stage)?;
        let base = resolve_base(stage, self.file.escape, &self.global).map_err(|e| self.base_error(stage, e))?;
        let is_base_stage = self.graph.edges.iter().find(|e| e.stage == index && e.kind == EdgeKind::From);
        let base_source = is_base_stage.map(|e| e.source.clone()).unwrap_or(Source::Image(base.clone()));
        let vertices = stage.commands.iter().filter(|c| is_vertex(&c.command)).count();
        let from_image = matches!(&base_source, Source::Image(name) if !name.eq_ignore_ascii_case("scratch"));
        let prefix = if model.stages.len() == 1 {
            String::new()
        } else {
            format!("{} ", stage.name.clone().unwrap_or_else(|| format!("stage-{index}")))
        };
        let mut counter = Counter { prefix, total: vertices + usize::from(from_image), current: 0 };
        let mut triggers = Vec::new();
        let mut state = match &base_source {
            Source::Stage(parent) => {
                let mut state = self.done[*parent]
                    .clone()
                    .ok_or_else(|| BuildError::Dockerfile(format!("stage {parent} is used before it is built")))?;
                state.config.config.on_build.clear();
                state.cmd_set = false;
                state
            }
            Source::Image(name) if name.eq_ignore_ascii_case("scratch") => {
                let config = empty_image(&platform);
                let op = FromOp {
                    image_ref: "scratch".to_owned(),
                    resolved_digest: Some("scratch".to_owned()),
                    platform: platform.to_string(),
                };
                let key = self.key(None, &StepOp::From(op));
                new_state(config, Vec::new(), key)
            }
            Source::Image(name) => {
                let step = counter.next(&format!("FROM {name}"));
                let timer = self.start(&step);
                let image = self.base_image(name, &platform, timer.0)?;
                let op = FromOp {
                    image_ref: normalize_image_ref(name),
                    resolved_digest: image.as_ref().map(|image| image.descriptor.digest.to_string()),
                    platform: platform.to_string(),
                };
                let key = self.key(None, &StepOp::From(op));
                let state = match image {
                    Some(image) => {
                        let (state, onbuild) = image_state(image, key);
                        triggers = onbuild;
                        state
                    }
                    None => new_state(empty_image(&platform), Vec::new(), key),
                };
                self.finish(timer, &step, true);
                state
            }
        };
        // The base image's ONBUILD triggers run first, as BuildKit does.
        let mut parsed = Vec::new();
        for trigger in &triggers {
            let analysis = Analysis::of_bytes(format!("FROM scratch\n{trigger}\n").as_bytes());
            let command = analysis
                .model
                .stages
                .first()
                .and_then(|s| s.commands.first())
                .map(|c| c.command.clone())
                .filter(|_| !analysis.has_errors())
                .ok_or_else(|| {
                    BuildError::Dockerfile(format!("invalid ONBUILD trigger {trigger:?} in the base image"))
                })?;
            parsed.push((trigger.clone(), command));
        }
        counter.total += parsed.iter().filter(|(_, c)| is_vertex(c)).count();
        for (trigger, command) in &parsed {
            let text = format!("ONBUILD {trigger}");
            self.eval_command(&mut state, usize::MAX, command, &text, &platform, &mut counter)?;
        }
        for command in &stage.commands {
            let text = self.text(command.index);
            self.eval_command(&mut state, command.index, &command.command, &text, &platform, &mut counter)?;
        }
        Ok(state)
    }

    /// The image `name` from the store; `None` for an image the store lacks when
    /// [`BuildOptions::missing_images_empty`] allows it (reported as a warning of step `id`).
    fn base_image(&mut self, name: &str, platform: &Platform, id: usize) -> Result<Option<Image>> {
        match self.store.image(name, platform) {
            Ok(image) => Ok(Some(image)),
            Err(BuildError::ImageNotFound(_)) if self.options.missing_images_empty => {
                let message = format!("base image {name} is not available offline; built on an empty filesystem");
                self.progress.event(Event::Warning { id, message });
                Ok(None)
            }
            Err(error) => Err(error),
        }
    }

    fn base_error(&self, stage: &Stage, e: impl std::fmt::Display) -> BuildError {
        BuildError::Dockerfile(format!(
            "line {}: FROM {}: {e}",
            self.file.instructions[stage.from_index].start_line, stage.base
        ))
    }

    /// The stage's platform: `FROM --platform` (expanded with the global scope) or the target.
    fn stage_platform(&self, stage: &Stage) -> Result<Platform> {
        match &stage.platform {
            Some(platform) => {
                let value =
                    self.expander(&self.global).expand_word(platform).map_err(|e| self.base_error(stage, e))?.value;
                Platform::parse(&value)
            }
            None => Ok(self.options.target_platform.clone()),
        }
    }

    /// Evaluates one command; `index` is its instruction (`usize::MAX` for an ONBUILD trigger)
    /// and `text` its display text.
    #[allow(clippy::too_many_arguments)]
    fn eval_command(
        &mut self,
        state: &mut StageState,
        index: usize,
        command: &Command,
        text: &str,
        platform: &Platform,
        counter: &mut Counter,
    ) -> Result<()> {
        let text = text.to_owned();
        let fail = |e: &dyn std::fmt::Display| BuildError::step(&text, e.to_string());
        let config = &mut state.config;
        match command {
            Command::Arg { args } => {
                let mut parts = Vec::new();
                for (name, default) in args {
                    let name = self.expander(&state.scope).expand_word(name).map_err(|e| fail(&e))?.value;
                    let value = match self.options.build_args.iter().rev().find(|(k, _)| *k == name) {
                        Some((_, value)) => Some(value.clone()),
                        None => match default {
                            Some(d) => Some(self.expander(&state.scope).expand_word(d).map_err(|e| fail(&e))?.value),
                            None => self.global.get(&name).map(str::to_owned),
                        },
                    };
                    state.args.retain(|(k, _)| *k != name);
                    state.args.push((name.clone(), value.clone().unwrap_or_default()));
                    match value {
                        Some(value) => {
                            parts.push(format!("{name}={value}"));
                            state.scope.set(&name, value);
                        }
                        None => parts.push(name),
                    }
                }
                commit(&mut state.config, format!("ARG {}", parts.join(" ")), false, false);
            }
            Command::Env { pairs } => {
                let mut parts = Vec::new();
                for (key, value) in pairs {
                    let key = self.expander(&state.scope).expand_word(key).map_err(|e| fail(&e))?.value;
                    let value = self.expander(&state.scope).expand_word(value).map_err(|e| fail(&e))?.value;
                    parts.push(format!("{key}={value}"));
                    let entry = format!("{key}={value}");
                    match config.config.env.iter_mut().find(|e| e.split('=').next() == Some(key.as_str())) {
                        Some(existing) => *existing = entry,
                        None => config.config.env.push(entry),
                    }
                    state.scope.set(&key, value);
                }
                commit(config, format!("ENV {}", parts.join(" ")), false, false);
            }
            Command::Label { pairs } => {
                let mut parts = Vec::new();
                for (key, value) in pairs {
                    let key = self.expander(&state.scope).expand_word(key).map_err(|e| fail(&e))?.value;
                    let value = self.expander(&state.scope).expand_word(value).map_err(|e| fail(&e))?.value;
                    parts.push(format!("{key}={value}"));
                    config.config.labels.insert(key, value);
                }
                commit(config, format!("LABEL {}", parts.join(" ")), false, false);
            }
            Command::Expose { ports } => {
                let mut all = Vec::new();
                for port in ports {
                    all.extend(self.expander(&state.scope).expand_words(port).map_err(|e| fail(&e))?);
                }
                let specs: Vec<String> = all
                    .iter()
                    .map(|port| if port.contains('/') { port.to_ascii_lowercase() } else { format!("{port}/tcp") })
                    .collect();
                config.config.exposed_ports.extend(specs.iter().cloned());
                commit(config, format!("EXPOSE {}", go_list(&specs)), false, false);
            }
            Command::Cmd { command } => {
                let argv = with_shell(&config.config.shell, command);
                config.config.cmd = Some(argv.clone());
                config.config.args_escaped = Some(true);
                state.cmd_set = true;
                commit(config, argv_created_by("CMD", &argv), false, false);
            }
            Command::Entrypoint { command } => {
                let argv = with_shell(&config.config.shell, command);
                config.config.entrypoint = Some(argv.clone());
                if !state.cmd_set {
                    config.config.cmd = None;
                }
                commit(config, argv_created_by("ENTRYPOINT", &argv), false, false);
            }
            Command::Healthcheck(health) => {
                let check = slipway_layers::oci::Healthcheck {
                    test: health.test.clone(),
                    interval: nonzero(health.interval),
                    timeout: nonzero(health.timeout),
                    start_period: nonzero(health.start_period),
                    start_interval: nonzero(health.start_interval),
                    retries: (health.retries != 0).then_some(health.retries),
                };
                let text = format!(
                    "HEALTHCHECK {{Test:{} Interval:{} Timeout:{} StartPeriod:{} StartInterval:{} Retries:{}}}",
                    go_list(&health.test),
                    go_duration(clamp(health.interval)),
                    go_duration(clamp(health.timeout)),
                    go_duration(clamp(health.start_period)),
                    go_duration(clamp(health.start_interval)),
                    health.retries
                );
                config.config.healthcheck = Some(check);
                commit(config, text, false, false);
            }
            Command::User { user } => {
                let user = self.expander(&state.scope).expand_word(user).map_err(|e| fail(&e))?.value;
                config.config.user = Some(user.clone());
                commit(config, format!("USER {user}"), false, false);
            }
            Command::Volume { paths } => {
                let mut all = Vec::new();
                for path in paths {
                    let value = self.expander(&state.scope).expand_word(path).map_err(|e| fail(&e))?.value;
                    if value.is_empty() {
                        return Err(BuildError::step(&text, "VOLUME specified can not be an empty string"));
                    }
                    all.push(value);
                }
                config.config.volumes.extend(all.iter().cloned());
                commit(config, format!("VOLUME {}", go_list(&all)), false, false);
            }
            Command::Stopsignal { signal } => {
                let signal = self.expander(&state.scope).expand_word(signal).map_err(|e| fail(&e))?.value;
                config.config.stop_signal = Some(signal.clone());
                commit(config, format!("STOPSIGNAL {signal}"), false, false);
            }
            Command::Shell { shell } => {
                config.config.shell.clone_from(shell);
                commit(config, format!("SHELL {}", go_list(shell)), false, false);
            }
            Command::Maintainer { name } => {
                config.author = Some(name.clone());
                commit(config, format!("MAINTAINER {name}"), false, false);
            }
            Command::Onbuild { expression, .. } => config.config.on_build.push(expression.clone()),
            Command::Workdir { path } => self.eval_workdir(state, path, &text, counter)?,
            Command::Run { .. } => self.eval_run(state, index, command, platform, &text, counter)?,
            Command::Copy { .. } | Command::Add { .. } => {
                self.eval_copy(state, index, command, platform, &text, counter)?;
            }
            Command::From { .. } => {}
        }
        Ok(())
    }

    fn eval_workdir(&mut self, state: &mut StageState, path: &str, text: &str, counter: &mut Counter) -> Result<()> {
        let path =
            self.expander(&state.scope).expand_word(path).map_err(|e| BuildError::step(text, e.to_string()))?.value;
        let current = state.config.config.working_dir.clone().unwrap_or_else(|| "/".to_owned());
        let workdir = join_abs(&current, &path);
        state.config.config.working_dir = Some(workdir.clone());
        if workdir == "/" {
            return Ok(());
        }
        let name = counter.next(text);
        let user = state.config.config.user.clone().unwrap_or_default();
        let op = WorkdirOp {
            path: workdir.clone(),
            user: user.clone(),
            source_date_epoch: self.epoch.map(|e| e.to_string()),
        };
        let key = self.key(Some(&state.key), &StepOp::Workdir(op));
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
                let mtime = self.epoch.unwrap_or(now);
                let tree = state.tree(&self.store)?;
                let before = tree.clone();
                let (uid, gid) = if user.is_empty() {
                    (0, 0)
                } else {
                    crate::copy::parse_chown(tree, &user).map_err(|e| BuildError::step(&name, e))?
                };
                mkdir_all(tree, &workdir, uid, gid, mtime).map_err(|e| BuildError::step(&name, e))?;
                let result = state.commit_change(&self.store, &before, self.epoch, now)?;
                self.store.record(&key, &result)?;
                self.finish(timer, &name, false);
                result.layer.is_some()
            }
        };
        commit(&mut state.config, format!("WORKDIR {workdir}"), true, false);
        if !with_layer {
            mark_last_empty(&mut state.config);
        }
        Ok(())
    }
}

fn new_state(config: slipway_layers::oci::ImageConfig, layers: Vec<LayerRef>, key: CacheKey) -> StageState {
    let mut scope = Scope::default();
    for entry in &config.config.env {
        let (k, v) = entry.split_once('=').unwrap_or((entry, ""));
        scope.set(k, v.to_owned());
    }
    StageState {
        config,
        layers,
        tree: None,
        key,
        scope,
        args: Vec::new(),
        last_created: None,
        cmd_set: false,
        not_emulated: Vec::new(),
    }
}

/// A stage starting from an image of the store; a history shorter than the layers is padded
/// so that non-empty entries match the layers.
fn image_state(image: Image, key: CacheKey) -> (StageState, Vec<String>) {
    let mut config = image.config;
    let layers: Vec<LayerRef> = image
        .manifest
        .layers
        .iter()
        .zip(&config.rootfs.diff_ids)
        .map(|(d, id)| LayerRef { descriptor: d.clone(), diff_id: id.clone() })
        .collect();
    let with_layers = config.history.iter().filter(|h| !h.empty_layer).count();
    if with_layers < layers.len() {
        let missing = layers.len() - with_layers;
        let mut padded = vec![History::default(); missing];
        padded.append(&mut config.history);
        config.history = padded;
    }
    let triggers = std::mem::take(&mut config.config.on_build);
    (new_state(config, layers, key), triggers)
}

/// Whether a command is a build-graph vertex (counted in `[stage n/N]`).
fn is_vertex(command: &Command) -> bool {
    matches!(command, Command::Run { .. } | Command::Copy { .. } | Command::Add { .. } | Command::Workdir { .. })
}

/// BuildKit's `withShell`: the shell form runs through SHELL (default `/bin/sh -c`).
pub fn with_shell(shell: &[String], command: &CommandLine) -> Vec<String> {
    match command {
        CommandLine::Exec(argv) => argv.clone(),
        CommandLine::Shell(script) => {
            let mut argv = if shell.is_empty() { vec!["/bin/sh".to_owned(), "-c".to_owned()] } else { shell.to_vec() };
            argv.push(script.clone());
            argv
        }
    }
}

/// "`apt-get` was not emulated", "`go`, `npm` were not emulated".
fn not_emulated_phrase(commands: &[String]) -> String {
    let list: Vec<String> = commands.iter().map(|c| format!("`{c}`")).collect();
    let verb = if list.len() == 1 { "was" } else { "were" };
    format!("{} {verb} not emulated", list.join(", "))
}

fn clamp(nanos: i128) -> i64 {
    i64::try_from(nanos).unwrap_or(i64::MAX)
}

fn nonzero(nanos: i128) -> Option<i64> {
    (nanos != 0).then(|| clamp(nanos))
}

/// `path.Join(base, p)` for an absolute result (`p` absolute replaces `base`).
pub fn join_abs(base: &str, path: &str) -> String {
    let joined = if path.starts_with('/') { path.to_owned() } else { format!("{base}/{path}") };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// `mkdir -p` in a tree with the given owner and time for new directories.
fn mkdir_all(tree: &mut Tree, path: &str, uid: u64, gid: u64, mtime: i64) -> Result<(), String> {
    let path = TreePath::normalize(path.trim_start_matches('/')).map_err(|e| e.to_string())?;
    let mut current = TreePath::root();
    for component in path.components() {
        let next = current.join(component).map_err(|e| e.to_string())?;
        current = match tree.resolve(&next) {
            Some((resolved, node)) if node.is_dir() => resolved,
            Some(_) => return Err(format!("mkdir /{next}: not a directory")),
            None => {
                let node = Node::dir(0o755).with_owner(uid, gid).with_mtime(mtime);
                tree.insert(next.clone(), node).map_err(|e| e.to_string())?;
                next
            }
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workdir_paths_join_like_go() {
        assert_eq!(join_abs("/", "app"), "/app");
        assert_eq!(join_abs("/app", "../x/./y/"), "/x/y");
        assert_eq!(join_abs("/app", "/abs"), "/abs");
        assert_eq!(join_abs("/", ".."), "/");
    }

    #[test]
    fn shell_form_gets_the_shell_prefix() {
        let argv = with_shell(&[], &CommandLine::Shell("cat /build.txt".into()));
        assert_eq!(argv, ["/bin/sh", "-c", "cat /build.txt"]);
        let bash = ["/bin/bash".to_owned(), "-c".to_owned()];
        assert_eq!(with_shell(&bash, &CommandLine::Shell("x".into()))[0], "/bin/bash");
        assert_eq!(with_shell(&bash, &CommandLine::Exec(vec!["a".into()])), ["a"]);
    }

    #[test]
    fn mkdir_all_creates_parents_once() {
        let mut tree = Tree::new();
        mkdir_all(&mut tree, "/a/b", 1, 2, 5).unwrap();
        let node = tree.get(&TreePath::new("a/b").unwrap()).unwrap();
        assert_eq!((node.meta.uid, node.meta.gid, node.meta.mtime), (1, 2, 5));
        let before = tree.clone();
        mkdir_all(&mut tree, "/a/b", 0, 0, 9).unwrap();
        assert_eq!(tree, before);
    }
}

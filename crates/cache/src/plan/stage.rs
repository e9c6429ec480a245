//! Walking one stage: the per-stage build state (head key, env, workdir, user, shell),
//! one [`Step`] per instruction, and the parent-key rules of each builder.

use std::collections::BTreeMap;

use slipway_syntax::expand::Expander;
use slipway_syntax::instructions::graph::{EdgeKind, Source};
use slipway_syntax::instructions::scope::{stage_scopes, Scope};
use slipway_syntax::instructions::{Command, Stage};
use slipway_syntax::Analysis;

use super::outputs::derived_checksum;
use super::snapshot::MISSING;
use super::{copy, run, Mode, PlanError, PlanRequest, Step};
use crate::keys::{hash_inputs, CacheKey, EnvOrigin, FromOp, KeyInput, MetadataOp, StepOp, WorkdirOp};

/// The build state at some point of a stage.
#[derive(Debug, Clone)]
pub(super) struct StageState {
    /// The key of the filesystem so far (`None`: empty, `FROM scratch`).
    pub head: Option<CacheKey>,
    /// The image config's environment (ENV and the base image's), inherited by stages built
    /// on this one; ARGs are not inherited.
    pub image_env: Scope,
    /// Where each variable in scope came from.
    pub origins: BTreeMap<String, EnvOrigin>,
    /// Working directory.
    pub workdir: String,
    /// USER (empty: root).
    pub user: String,
    /// SHELL prefix for shell-form RUN.
    pub shell: Vec<String>,
}

impl Default for StageState {
    fn default() -> Self {
        Self {
            head: None,
            image_env: Scope::default(),
            origins: BTreeMap::new(),
            workdir: "/".to_string(),
            user: String::new(),
            shell: vec!["/bin/sh".to_string(), "-c".to_string()],
        }
    }
}

/// Where a `--from` or mount `from` reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Origin {
    /// The main context (`None`) or a named context.
    Context(Option<String>),
    /// A stage, by index.
    Stage(usize),
    /// An image, by normalized reference.
    Image(String),
}

/// A stage's name, or its index when unnamed.
pub(super) fn display_name(stage: &Stage) -> String {
    stage.name.clone().unwrap_or_else(|| stage.index.to_string())
}

/// Expands one word with `scope`, reporting errors at `line`.
pub(super) fn expand(escape: char, scope: &Scope, word: &str, line: usize) -> Result<String, PlanError> {
    Expander::new(escape, scope)
        .expand_word(word)
        .map(|e| e.value)
        .map_err(|e| PlanError::Expand { line, message: e.to_string() })
}

/// Plans stages one at a time, in dependency order.
pub(super) struct Planner<'a> {
    pub analysis: &'a Analysis,
    pub request: &'a PlanRequest<'a>,
    global: &'a Scope,
    images: &'a BTreeMap<String, String>,
    finals: Vec<Option<StageState>>,
    steps: Vec<Step>,
}

impl<'a> Planner<'a> {
    pub fn new(
        analysis: &'a Analysis,
        request: &'a PlanRequest<'a>,
        global: &'a Scope,
        images: &'a BTreeMap<String, String>,
    ) -> Self {
        let count = analysis.model.stages.len();
        Self { analysis, request, global, images, finals: vec![None; count], steps: Vec::new() }
    }

    pub fn into_steps(self) -> Vec<Step> {
        self.steps
    }

    /// The digest an image reference resolves to: known, pinned, or a placeholder.
    fn image_digest(&self, reference: &str) -> String {
        FromOp {
            image_ref: reference.to_string(),
            resolved_digest: self.images.get(reference).cloned(),
            platform: String::new(),
        }
        .digest()
    }

    /// Resolves a `--from` / mount `from` reference: a stage (name or index) first, then a
    /// named context, else an image.
    pub fn resolve(&self, reference: &str) -> Origin {
        let stages = &self.analysis.model.stages;
        if let Ok(index) = reference.parse::<usize>() {
            if index < stages.len() {
                return Origin::Stage(index);
            }
        }
        let lower = reference.to_lowercase();
        if let Some(stage) = stages.iter().find(|s| s.name.as_deref() == Some(lower.as_str())) {
            return Origin::Stage(stage.index);
        }
        if self.request.named_contexts.contains_key(&lower) {
            return Origin::Context(Some(lower));
        }
        Origin::Image(crate::keys::normalize_image_ref(reference))
    }

    /// The display form of an origin (stage name, context name or image reference).
    pub fn origin_name(&self, origin: &Origin) -> String {
        match origin {
            Origin::Context(name) => name.clone().unwrap_or_default(),
            Origin::Stage(index) => display_name(&self.analysis.model.stages[*index]),
            Origin::Image(reference) => reference.clone(),
        }
    }

    /// The content checksum of `path` (minus `excludes`) in `origin`.
    pub fn checksum(&self, origin: &Origin, path: &str, excludes: &[String]) -> String {
        match origin {
            Origin::Context(None) => {
                self.request.context.as_ref().map_or_else(|| MISSING.to_string(), |c| c.source_checksum(path, excludes))
            }
            Origin::Context(Some(name)) => self
                .request
                .named_contexts
                .get(name)
                .map_or_else(|| MISSING.to_string(), |c| c.source_checksum(path, excludes)),
            Origin::Stage(index) => {
                let head = self.finals[*index].as_ref().and_then(|s| s.head);
                let real = head.and_then(|key| self.request.stage_outputs.and_then(|h| h.checksum(*index, &key, path)));
                real.unwrap_or_else(|| {
                    let origin = head.map_or_else(|| format!("stage {index} (empty)"), |k| k.to_string());
                    derived_checksum(&origin, &excluded_path(path, excludes))
                })
            }
            Origin::Image(reference) => derived_checksum(&self.image_digest(reference), &excluded_path(path, excludes)),
        }
    }

    /// Plans stage `index`; `needed` says whether the builder runs it for the target.
    pub fn plan_stage(&mut self, index: usize, needed: bool) -> Result<(), PlanError> {
        let analysis = self.analysis;
        let stage = &analysis.model.stages[index];
        let file = &analysis.file;
        let escape = file.escape;
        let from_line = file.instructions[stage.from_index].start_line;
        let source = analysis
            .graph
            .edges
            .iter()
            .find(|e| e.stage == index && e.kind == EdgeKind::From)
            .map_or_else(|| Source::Image(stage.base.clone()), |e| e.source.clone());
        let platform = match &stage.platform {
            Some(p) => expand(escape, self.global, p, from_line)?,
            None => self.request.platforms.target.clone(),
        };
        let mut state;
        match source {
            Source::Stage(base) => {
                state = self.finals[base].clone().unwrap_or_default();
                state.origins.retain(|name, _| state.image_env.get(name).is_some());
                let name = display_name(&analysis.model.stages[base]);
                let op = StepOp::Metadata(MetadataOp { instruction: format!("FROM {name}") });
                let key = state.head;
                let inputs = op.inputs();
                self.push_fixed(index, needed, stage.from_index, op, inputs, (None, key));
            }
            Source::Image(reference) if reference.eq_ignore_ascii_case("scratch") => {
                state = StageState::default();
                let op = StepOp::Metadata(MetadataOp { instruction: "FROM scratch".to_string() });
                let key = (self.request.mode == Mode::Legacy).then(|| hash_inputs("scratch", None, &[]));
                state.head = key;
                let inputs = op.inputs();
                self.push_fixed(index, needed, stage.from_index, op, inputs, (None, key));
            }
            Source::Image(reference) => {
                state = StageState::default();
                let image_ref = crate::keys::normalize_image_ref(&reference);
                let resolved_digest = self.images.get(&image_ref).cloned();
                let op = StepOp::From(FromOp { image_ref, resolved_digest, platform });
                self.push(index, needed, stage.from_index, op, true, &mut state);
            }
        }
        let scopes = stage_scopes(stage, escape, self.global, &self.request.build_args, &state.image_env)
            .map_err(|e| PlanError::Expand { line: from_line, message: e.to_string() })?;
        for (position, typed) in stage.commands.iter().enumerate() {
            let scope = &scopes[position];
            let next = &scopes[position + 1];
            let line = file.instructions[typed.index].start_line;
            let instruction = file.instructions[typed.index].original(&file.source).trim().to_string();
            let (op, layer) = match &typed.command {
                Command::Run { command, heredocs, mounts, network, security, devices } => {
                    let spec = run::RunSpec { command, heredocs, mounts, network, security, devices };
                    (StepOp::Run(run::run_op(self, &state, scope, &spec, line)?), true)
                }
                Command::Copy { sources, heredocs, dest, from, chown, chmod, link, parents, excludes } => {
                    let spec = copy::CopySpec {
                        add: false,
                        sources,
                        heredocs,
                        dest,
                        from: from.as_deref(),
                        chown,
                        chmod,
                        link: *link,
                        parents: *parents,
                        excludes,
                        unpack: None,
                        checksum: &None,
                        keep_git_dir: false,
                    };
                    (StepOp::Copy(copy::copy_op(self, &state, scope, &spec, line)?), true)
                }
                Command::Add {
                    sources,
                    heredocs,
                    dest,
                    chown,
                    chmod,
                    link,
                    keep_git_dir,
                    checksum,
                    unpack,
                    excludes,
                } => {
                    let spec = copy::CopySpec {
                        add: true,
                        sources,
                        heredocs,
                        dest,
                        from: None,
                        chown,
                        chmod,
                        link: *link,
                        parents: false,
                        excludes,
                        unpack: *unpack,
                        checksum,
                        keep_git_dir: *keep_git_dir,
                    };
                    (StepOp::Copy(copy::copy_op(self, &state, scope, &spec, line)?), true)
                }
                Command::Workdir { path } => {
                    let path = expand(escape, scope, path, line)?;
                    state.workdir = crate::path::clean(&format!(
                        "{}/{path}",
                        if path.starts_with('/') { "" } else { &state.workdir }
                    ));
                    let epoch = self
                        .request
                        .build_args
                        .iter()
                        .rev()
                        .find(|(k, _)| k == "SOURCE_DATE_EPOCH")
                        .map(|(_, v)| v.clone());
                    let op =
                        WorkdirOp { path: state.workdir.clone(), user: state.user.clone(), source_date_epoch: epoch };
                    let layer = state.workdir != "/";
                    (if layer { StepOp::Workdir(op) } else { metadata(&instruction, escape, scope) }, layer)
                }
                Command::User { user } => {
                    state.user = expand(escape, scope, user, line)?;
                    (metadata(&instruction, escape, scope), false)
                }
                Command::Shell { shell } => {
                    state.shell = shell.clone();
                    (metadata(&instruction, escape, scope), false)
                }
                Command::Env { .. } | Command::Arg { .. } => {
                    let origin =
                        if matches!(typed.command, Command::Env { .. }) { EnvOrigin::Env } else { EnvOrigin::Arg };
                    for (name, value) in next.vars() {
                        if scope.get(name) != Some(value.as_str()) {
                            state.origins.insert(name.clone(), origin);
                            if origin == EnvOrigin::Env {
                                state.image_env.set(name, value.clone());
                            }
                        }
                    }
                    (metadata(&instruction, escape, scope), false)
                }
                _ => (metadata(&instruction, escape, scope), false),
            };
            self.push(index, needed, typed.index, op, layer, &mut state);
        }
        self.finals[index] = Some(state);
        Ok(())
    }

    /// Adds a step whose key follows the builder's parent rules, and advances the head.
    fn push(
        &mut self,
        stage: usize,
        needed: bool,
        instruction: usize,
        op: StepOp,
        layer: bool,
        state: &mut StageState,
    ) {
        let head = state.head;
        // Computed once, for the key and for the step.
        let inputs = op.inputs();
        let (parent, key) = match (self.request.mode, layer) {
            (Mode::Legacy, _) => {
                let parent = if matches!(op, StepOp::From(_)) { None } else { head };
                let key = hash_inputs(op.kind(), parent.as_ref(), &inputs);
                state.head = Some(key);
                (parent, Some(key))
            }
            (Mode::Buildkit, true) => {
                let parent = if op.uses_parent() { head } else { None };
                // `op.key(parent)`, with the inputs at hand.
                let key = hash_inputs(op.kind(), parent.as_ref(), &inputs);
                state.head = match (&op, head) {
                    // `--link`: the copy is made alone, then merged onto the parent.
                    (StepOp::Copy(_), Some(lower)) if !op.uses_parent() => Some(hash_inputs(
                        "merge",
                        None,
                        &[KeyInput::new("lower", lower.to_string()), KeyInput::new("upper", key.to_string())],
                    )),
                    _ => Some(key),
                };
                (parent, Some(key))
            }
            (Mode::Buildkit, false) => (None, None),
        };
        self.push_fixed(stage, needed, instruction, op, inputs, (parent, key));
        if let Some(step) = self.steps.last_mut() {
            step.layer = layer;
        }
    }

    fn push_fixed(
        &mut self,
        stage: usize,
        needed: bool,
        instruction: usize,
        op: StepOp,
        mut inputs: Vec<KeyInput>,
        (parent, key): (Option<CacheKey>, Option<CacheKey>),
    ) {
        let file = &self.analysis.file;
        let node = &file.instructions[instruction];
        if let Some(parent) = parent {
            inputs.insert(0, KeyInput::new("parent", parent.to_string()));
        }
        self.steps.push(Step {
            stage,
            stage_name: display_name(&self.analysis.model.stages[stage]),
            index: instruction,
            line: node.start_line,
            instruction: node.original(&file.source).trim().to_string(),
            layer: false,
            needed,
            op,
            parent,
            key,
            inputs,
        });
    }
}

/// A metadata op: the instruction with variables expanded where BuildKit expands them.
fn metadata(instruction: &str, escape: char, scope: &Scope) -> StepOp {
    let (keyword, rest) = instruction.split_once(char::is_whitespace).unwrap_or((instruction, ""));
    let upper = keyword.to_ascii_uppercase();
    let expands = matches!(upper.as_str(), "ENV" | "LABEL" | "EXPOSE" | "USER" | "VOLUME" | "STOPSIGNAL" | "WORKDIR");
    let rest = if expands {
        Expander::new(escape, scope).expand_word(rest.trim()).map_or_else(|_| rest.trim().to_string(), |e| e.value)
    } else {
        rest.trim().to_string()
    };
    StepOp::Metadata(MetadataOp { instruction: format!("{upper} {rest}").trim_end().to_string() })
}

/// The path with its exclude patterns, as an input of a derived checksum.
fn excluded_path(path: &str, excludes: &[String]) -> String {
    if excludes.is_empty() {
        path.to_string()
    } else {
        format!("{path} --exclude={}", excludes.join(","))
    }
}

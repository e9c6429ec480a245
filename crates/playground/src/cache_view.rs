//! The cache panel: a remembered build, what-if re-plans with per-step HIT/MISS and reasons, the advisor.
//!
//! [`CacheSession::remember`] plans the project's build with `slipway-cache` (BuildKit's or
//! the legacy builder's rules, the target, the build args, the checksummed context) and
//! records its keys as a cache would after the build. [`CacheSession::whatif`] plans an
//! edited project, simulates it against those keys and explains every miss in English or
//! Korean. The explanation compares the step's key inputs with those of the step it replaces
//! in the remembered build, so each reason has a kind that is phrased in both languages.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use slipway_cache::advisor;
use slipway_cache::keys::{KeyInput, StepOp};
use slipway_cache::plan::{plan, ContextSnapshot, Mode, Plan, PlanRequest, Step};
use slipway_cache::simulate::{outcomes, CacheState, Outcome, StepRecord};
use slipway_syntax::Analysis;

use crate::context::VirtualContext;
use crate::project::{Lang, Project};

/// What the simulated builder does with a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum StepStatus {
    /// The step's key is in the cache: nothing runs.
    Hit,
    /// The step runs.
    Miss,
    /// The builder does not run the step for the target.
    Skipped,
}

impl StepStatus {
    /// `HIT`, `MISS` or `SKIPPED` (the table's `data-status`).
    pub fn label(self) -> &'static str {
        match self {
            StepStatus::Hit => "HIT",
            StepStatus::Miss => "MISS",
            StepStatus::Skipped => "SKIPPED",
        }
    }
}

/// One row of the what-if table: a cache vertex of the plan, or a skipped instruction.
/// Metadata instructions under BuildKit (ENV, LABEL, CMD…) are no cache vertices and get no
/// row; under the legacy builder every instruction has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepRow {
    /// Stage name, or its index when unnamed.
    pub stage: String,
    /// Index of the instruction in the Dockerfile (0-based, global ARGs counted).
    pub step: usize,
    /// The instruction as written (first line).
    pub instruction: String,
    /// 1-based line of the instruction.
    pub line: u32,
    /// HIT, MISS or SKIPPED.
    pub status: StepStatus,
    /// Why, in the requested language.
    pub reason: String,
    /// Steps this row makes the build run: 1 for a miss, 0 otherwise (the table sums them).
    pub cost: u32,
}

/// The what-if result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CacheTable {
    /// One row per cache vertex or skipped instruction, in Dockerfile order.
    pub rows: Vec<StepRow>,
    /// Rows that hit.
    pub hits: usize,
    /// Rows that miss.
    pub misses: usize,
    /// Steps the cache saves: the hits.
    pub steps_saved: usize,
}

/// The advisor's proposal for the project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Advice {
    /// The whole Dockerfile with the proposed reordering.
    pub dockerfile: String,
    /// What changes and why, in the requested language.
    pub summary: String,
    /// Steps saved when the most frequently edited file changes (the best of the measured edits).
    pub steps_saved: usize,
}

/// A remembered build: the keys it put in the cache, and its context checksums.
#[derive(Clone, Debug)]
pub struct CacheSession {
    state: CacheState,
    files: BTreeMap<String, String>,
    snapshot: ContextSnapshot,
}

impl CacheSession {
    /// Plans `project` as it is ("build once") and remembers every key of the steps that ran.
    pub fn remember(project: &Project) -> Result<CacheSession, String> {
        let snapshot = snapshot(project)?;
        let planned = plan_project(project, &Analysis::of_bytes(project.dockerfile.as_bytes()), &snapshot)?;
        let mut state = CacheState::new();
        state.record(&planned);
        Ok(CacheSession { state, files: project.files.clone(), snapshot })
    }

    /// Plans `edited` (Dockerfile, context, build args, target, builder) and tells, per step,
    /// whether the remembered build's cache has it and why not. The context is checksummed
    /// again only when its files differ from the remembered ones.
    pub fn whatif(&self, edited: &Project, lang: Lang) -> Result<CacheTable, String> {
        self.whatif_analysis(edited, &Analysis::of_bytes(edited.dockerfile.as_bytes()), lang)
    }

    /// [`whatif`](Self::whatif) with the edited Dockerfile already parsed: `analysis` must be
    /// `Analysis::new(slipway_syntax::parse(&edited.dockerfile))`, which a caller that also
    /// lints ([`crate::diagnostics::check_analysis`]) parses once.
    pub fn whatif_analysis(&self, edited: &Project, analysis: &Analysis, lang: Lang) -> Result<CacheTable, String> {
        let same_files = edited.files == self.files;
        let snapshot = if same_files { self.snapshot.clone() } else { snapshot(edited)? };
        let planned = plan_project(edited, analysis, &snapshot)?;
        let outcomes = outcomes(&self.state, &planned);
        let previous = self.state.last.as_ref().map_or(&[][..], |last| &last.steps[..]);
        // Unchanged files (the usual keystroke) need no comparison.
        let changed = if same_files { Vec::new() } else { changed_paths(&self.snapshot, &snapshot) };
        let explainer = Explainer { previous, changed, plan: &planned };
        let mut stage_missed: BTreeMap<usize, bool> = BTreeMap::new();
        let mut rows = Vec::new();
        for (position, (step, outcome)) in planned.steps.iter().zip(outcomes).enumerate() {
            if let Some(base) = based_on(&planned, step) {
                let missed = stage_missed.get(&base).copied().unwrap_or(false);
                stage_missed.insert(step.stage, missed);
            }
            let Some(outcome) = outcome else { continue };
            let (status, reason) = match outcome {
                Outcome::Hit => (StepStatus::Hit, Reason::Cached),
                Outcome::Skipped => (StepStatus::Skipped, skipped(&planned)),
                Outcome::Miss => {
                    let earlier_missed = stage_missed.get(&step.stage).copied().unwrap_or(false);
                    stage_missed.insert(step.stage, true);
                    (StepStatus::Miss, explainer.miss(position, step, earlier_missed))
                }
            };
            rows.push(StepRow {
                stage: step.stage_name.clone(),
                step: step.index,
                instruction: first_line(&step.instruction).to_string(),
                line: step.line as u32,
                status,
                reason: reason.text(lang),
                cost: u32::from(status == StepStatus::Miss),
            });
        }
        let hits = rows.iter().filter(|r| r.status == StepStatus::Hit).count();
        let misses = rows.iter().filter(|r| r.status == StepStatus::Miss).count();
        Ok(CacheTable { rows, hits, misses, steps_saved: hits })
    }
}

/// The cache advisor's reordering for `project` (copy dependency manifests, install, then
/// copy the rest), with the steps it saves; `None` when it has nothing to suggest (or the
/// project does not plan).
pub fn advise(project: &Project, lang: Lang) -> Option<Advice> {
    let analysis = Analysis::of_bytes(project.dockerfile.as_bytes());
    if analysis.has_errors() {
        return None;
    }
    let context = VirtualContext::new(project);
    let request = PlanRequest { context: None, ..request(project) };
    let advice = advisor::advise(&analysis, &context, &request, None).ok()?.into_iter().next()?;
    let best = advice.savings.iter().max_by_key(|s| s.saved)?;
    let manifests = advice.manifests.join(" ");
    let summary = match lang {
        Lang::En => format!(
            "Copy {manifests} first and run the {} install before line {}'s COPY: editing {} then reruns {} instead of {} steps ({} saved).",
            advice.ecosystem, advice.copy_line, best.path, best.misses_after, best.misses_before, best.saved
        ),
        Lang::Ko => format!(
            "{manifests} 파일을 먼저 복사하고 {}번째 줄의 COPY 앞에서 {} 설치를 실행하세요. 그러면 {} 파일을 고쳐도 {}단계가 아니라 {}단계만 다시 실행됩니다 ({}단계 절약).",
            advice.copy_line, advice.ecosystem, best.path, best.misses_before, best.misses_after, best.saved
        ),
    };
    Some(Advice { dockerfile: advice.rewrite.text.clone(), summary, steps_saved: best.saved })
}

/// The plan request of a project, without the context.
fn request(project: &Project) -> PlanRequest<'static> {
    PlanRequest {
        build_args: project.build_args.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        target: project.target.clone().filter(|t| !t.is_empty()),
        mode: if project.legacy_builder { Mode::Legacy } else { Mode::Buildkit },
        ..PlanRequest::default()
    }
}

/// The checksummed, `.dockerignore`-filtered context of a project.
fn snapshot(project: &Project) -> Result<ContextSnapshot, String> {
    ContextSnapshot::load(&VirtualContext::new(project), None, None).map_err(|e| e.to_string())
}

fn plan_project(project: &Project, analysis: &Analysis, snapshot: &ContextSnapshot) -> Result<Plan, String> {
    let request = PlanRequest { context: Some(snapshot.clone()), ..request(project) };
    plan(analysis, &request).map_err(|e| e.to_string())
}

/// The stage a `FROM <stage>` step starts from (its misses carry over).
fn based_on(plan: &Plan, step: &Step) -> Option<usize> {
    let StepOp::Metadata(op) = &step.op else { return None };
    let name = op.instruction.strip_prefix("FROM ")?;
    plan.stage_names.iter().position(|n| n == name)
}

fn skipped(plan: &Plan) -> Reason {
    let target = plan.stage_names[plan.target].clone();
    match plan.mode {
        Mode::Buildkit => Reason::NotNeeded { target },
        Mode::Legacy => Reason::AfterTarget { target },
    }
}

fn first_line(instruction: &str) -> &str {
    instruction.lines().next().unwrap_or("").trim()
}

/// Why a step hit, missed or was skipped: one variant per kind of explanation.
#[derive(Debug, PartialEq, Eq)]
enum Reason {
    Cached,
    NotNeeded {
        target: String,
    },
    AfterTarget {
        target: String,
    },
    /// The step is new, or its counterpart in the remembered build had other text.
    InstructionChanged,
    /// Files under a COPY/ADD source (or a bind mount) changed; the source when no file can be named.
    SourceChanged {
        keyword: String,
        files: Vec<String>,
    },
    BuildArg(String),
    Env(String),
    BaseEnv(String),
    BaseImage,
    /// Another key input changed (USER, WORKDIR, --chmod, a mount…).
    Input(String),
    PreviousMissed,
    ParentChanged,
    NotInCache,
    All(Vec<Reason>),
}

impl Reason {
    fn text(&self, lang: Lang) -> String {
        let ko = lang == Lang::Ko;
        match self {
            Reason::Cached if ko => "캐시에 있습니다".into(),
            Reason::Cached => "cached".into(),
            Reason::NotNeeded { target } if ko => format!("타깃 {target}에 필요하지 않은 스테이지입니다"),
            Reason::NotNeeded { target } => format!("not needed for the target {target}"),
            Reason::AfterTarget { target } if ko => format!("타깃 {target} 뒤의 스테이지라 빌드하지 않습니다"),
            Reason::AfterTarget { target } => format!("stage comes after the target {target}"),
            Reason::InstructionChanged if ko => "명령어 내용이 바뀌었습니다".into(),
            Reason::InstructionChanged => "instruction text changed".into(),
            Reason::SourceChanged { keyword, files } if ko => {
                format!("{keyword} 원본이 바뀌었습니다: {}", files.join(", "))
            }
            Reason::SourceChanged { keyword, files } => format!("{keyword} source {} changed", files.join(", ")),
            Reason::BuildArg(name) if ko => format!("빌드 인자가 바뀌었습니다: {name}"),
            Reason::BuildArg(name) => format!("build arg {name} changed"),
            Reason::Env(name) if ko => format!("ENV 값이 바뀌었습니다: {name}"),
            Reason::Env(name) => format!("ENV {name} changed"),
            Reason::BaseEnv(name) if ko => format!("베이스 이미지의 환경 변수가 바뀌었습니다: {name}"),
            Reason::BaseEnv(name) => format!("base image env {name} changed"),
            Reason::BaseImage if ko => "베이스 이미지가 바뀌었습니다".into(),
            Reason::BaseImage => "base image changed".into(),
            Reason::Input(name) if ko => format!("{name} 값이 바뀌었습니다"),
            Reason::Input(name) => format!("{name} changed"),
            Reason::PreviousMissed if ko => "이 스테이지의 앞 단계가 캐시를 놓쳤습니다".into(),
            Reason::PreviousMissed => "a previous step in this stage missed".into(),
            Reason::ParentChanged if ko => "이 단계가 이어받는 파일 시스템이 바뀌었습니다".into(),
            Reason::ParentChanged => "the file system this step starts from changed".into(),
            Reason::NotInCache if ko => "캐시에 없습니다".into(),
            Reason::NotInCache => "not in cache".into(),
            Reason::All(reasons) => reasons.iter().map(|r| r.text(lang)).collect::<Vec<_>>().join("; "),
        }
    }
}

/// Explains misses by comparing a step's key inputs with its counterpart's in the remembered build.
struct Explainer<'a> {
    previous: &'a [StepRecord],
    /// Context files changed since the remembered build.
    changed: Vec<String>,
    plan: &'a Plan,
}

impl Explainer<'_> {
    fn miss(&self, position: usize, step: &Step, earlier_missed: bool) -> Reason {
        let Some(previous) = self.counterpart(position, step) else { return Reason::InstructionChanged };
        let changes = self.changes(step, previous);
        if !changes.is_empty() {
            return if changes.len() == 1 {
                changes.into_iter().next().unwrap_or(Reason::NotInCache)
            } else {
                Reason::All(changes)
            };
        }
        let parent = |inputs: &'_ [KeyInput]| inputs.iter().find(|i| i.name == "parent").map(|i| i.value.clone());
        if earlier_missed {
            Reason::PreviousMissed
        } else if parent(&previous.inputs) != parent(&step.inputs) {
            Reason::ParentChanged
        } else {
            Reason::NotInCache
        }
    }

    /// The remembered step `step` replaces: same stage and kind, the same text if some
    /// step has it (the nearest one), else the one at the same position in the stage.
    fn counterpart(&self, position: usize, step: &Step) -> Option<&StepRecord> {
        let kind = step.op.kind();
        let same_stage: Vec<(usize, &StepRecord)> =
            self.previous.iter().filter(|r| r.stage_name == step.stage_name).enumerate().collect();
        let ordinal = self.plan.steps[..position].iter().filter(|s| s.stage_name == step.stage_name).count();
        same_stage
            .iter()
            .filter(|(_, r)| r.kind == kind && r.instruction == step.instruction)
            .min_by_key(|(i, _)| i.abs_diff(ordinal))
            .or_else(|| same_stage.iter().find(|(i, r)| *i == ordinal && r.kind == kind))
            .map(|(_, r)| *r)
    }

    fn changes(&self, step: &Step, previous: &StepRecord) -> Vec<Reason> {
        fn values(inputs: &[KeyInput]) -> BTreeMap<&str, Vec<(&str, Option<&str>)>> {
            let mut out: BTreeMap<&str, Vec<(&str, Option<&str>)>> = BTreeMap::new();
            for input in inputs.iter().filter(|i| i.name != "parent") {
                out.entry(input.name.as_str()).or_default().push((input.value.as_str(), input.origin.as_deref()));
            }
            out
        }
        let (old, new) = (values(&previous.inputs), values(&step.inputs));
        // extend, not collect: collecting into a BTreeSet sorts first, one more sort routine in the wasm
        let mut names = BTreeSet::new();
        names.extend(old.keys().chain(new.keys()).copied());
        let keyword = first_line(&step.instruction).split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        let mut out = Vec::new();
        let mut text_changed = false;
        for name in names {
            let (before, after) = (old.get(name), new.get(name));
            let same = |a: &[(&str, Option<&str>)], b: &[(&str, Option<&str>)]| {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.0 == y.0)
            };
            if match (before, after) {
                (Some(a), Some(b)) => same(a, b),
                (None, None) => true,
                _ => false,
            } {
                continue;
            }
            let origin = after.or(before).and_then(|v| v.first()).and_then(|(_, origin)| *origin);
            let reason = if let Some(var) = name.strip_prefix("env ") {
                match origin {
                    Some("build arg") => Reason::BuildArg(var.to_string()),
                    Some("ENV") => Reason::Env(var.to_string()),
                    _ => Reason::BaseEnv(var.to_string()),
                }
            } else if let Some(source) = name.strip_prefix("source ") {
                let files = self.changed_files(source);
                let files = if files.is_empty() { vec![source.to_string()] } else { files };
                Reason::SourceChanged { keyword: keyword.clone(), files }
            } else if let Some(mount) = name.strip_prefix("mount ").and_then(|m| m.strip_suffix(" content")) {
                Reason::SourceChanged { keyword: format!("--mount {mount}"), files: vec![mount.to_string()] }
            } else {
                match name {
                    "argv" | "instruction" => {
                        text_changed = true;
                        continue;
                    }
                    "digest" => Reason::BaseImage,
                    other if other.starts_with("heredoc ") => {
                        text_changed = true;
                        continue;
                    }
                    other => Reason::Input(other.to_string()),
                }
            };
            if !out.contains(&reason) {
                out.push(reason);
            }
        }
        if text_changed || (previous.instruction != step.instruction && out.is_empty()) {
            out.insert(0, Reason::InstructionChanged);
        }
        out
    }

    /// Changed context files (see [`changed_paths`]) at or below `source`, in walk order.
    fn changed_files(&self, source: &str) -> Vec<String> {
        if self.changed.is_empty() {
            return Vec::new();
        }
        let source = slipway_cache::path::normalize(source);
        let pattern = source
            .contains(['*', '?', '['])
            .then(|| slipway_cache::ignore::Pattern::new(&source).ok().flatten())
            .flatten();
        let selected = |path: &str| match &pattern {
            Some(pattern) => {
                let mut prefix = path;
                loop {
                    if pattern.matches(prefix) {
                        return true;
                    }
                    match prefix.rfind('/') {
                        Some(i) => prefix = &prefix[..i],
                        None => return false,
                    }
                }
            }
            None => {
                source.is_empty()
                    || path == source
                    || path.strip_prefix(source.as_str()).is_some_and(|rest| rest.starts_with('/'))
            }
        };
        self.changed.iter().filter(|p| selected(p)).cloned().collect()
    }
}

/// Context files (not directories) added, deleted or changed between two snapshots, sorted.
fn changed_paths(old: &ContextSnapshot, new: &ContextSnapshot) -> Vec<String> {
    // extend, not collect: collecting into a BTreeMap sorts first, one more sort routine in the wasm
    let (mut old_files, mut new_files) = (BTreeMap::new(), BTreeMap::new());
    old_files.extend(old.files());
    new_files.extend(new.files());
    let (old, new): (BTreeMap<&str, _>, BTreeMap<&str, _>) = (old_files, new_files);
    let mut changed: Vec<String> =
        old.keys().chain(new.keys()).filter(|p| old.get(*p) != new.get(*p)).map(|p| p.to_string()).collect();
    slipway_sort::sort(&mut changed);
    changed.dedup();
    changed
}

//! `slipway cache`: plan the build cache of a Dockerfile, and predict which steps an edit
//! rebuilds (`whatif`) or how to reorder them (`advise`).
//!
//! `plan` records its keys as a build would, in a state file kept outside the context
//! (`$XDG_CACHE_HOME/slipway/cache-state/<hash of context and Dockerfile>.json`, or
//! `--state FILE`), next to a stat cache that makes re-planning after an edit cheap.
//! `whatif` compares against that state. Exit 0 ok, 1 the Dockerfile has errors, 2 usage
//! or input error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use serde_json::{json, Value};
use slipway_cache::advisor::advise;
use slipway_cache::context::{parse_build_context_flag, BuildContext, DiskContext};
use slipway_cache::keys::CacheKey;
use slipway_cache::plan::{plan, ContextSnapshot, Mode, Plan, PlanRequest};
use slipway_cache::simulate::{simulate, CacheState, Edit, EditedContext, Outcome, Simulation};
use slipway_cache::stat_cache::StatCache;
use slipway_syntax::Analysis;

use crate::report::render;

/// Output formats of `slipway cache`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns.
    Table,
    /// `{"steps": [...]}`.
    Json,
}

/// Arguments of `slipway cache`.
#[derive(Args)]
pub struct CacheArgs {
    #[command(subcommand)]
    command: CacheCommand,
}

#[derive(Subcommand)]
enum CacheCommand {
    /// Print every step with its cache key and what fed it; record the keys as built.
    Plan(Common),
    /// Predict HIT/MISS per step after edits (default: the context as it is on disk now).
    Whatif(WhatifArgs),
    /// Propose a cache-friendlier order (manifests before a dependency install).
    Advise(AdviseArgs),
}

/// Flags shared by the subcommands.
#[derive(Args)]
struct Common {
    /// The Dockerfile (default: CONTEXT/Dockerfile).
    #[arg(short = 'f', long = "file")]
    file: Option<PathBuf>,
    /// Target stage (default: the last).
    #[arg(long)]
    target: Option<String>,
    /// A build argument `K=V` (or `K`, taken from the environment); repeatable.
    #[arg(long = "build-arg", value_name = "K=V")]
    build_args: Vec<String>,
    /// A named context `name=path`; repeatable.
    #[arg(long = "build-context", value_name = "NAME=PATH")]
    build_contexts: Vec<String>,
    /// A known image digest `REF=sha256:…`; repeatable (others get a placeholder).
    #[arg(long = "image", value_name = "REF=DIGEST")]
    images: Vec<String>,
    /// Follow the legacy builder's rules instead of BuildKit's.
    #[arg(long)]
    legacy: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// The state file (default: under the user cache directory, never in the context).
    #[arg(long)]
    state: Option<PathBuf>,
    /// The build context directory.
    context: PathBuf,
}

/// Arguments of `slipway cache whatif`.
#[derive(Args)]
struct WhatifArgs {
    #[command(flatten)]
    common: Common,
    /// Simulate a content change of this context path; repeatable.
    #[arg(long = "edit", value_name = "PATH")]
    edits: Vec<String>,
    /// Simulate deleting this context path; repeatable.
    #[arg(long = "delete", value_name = "PATH")]
    deletes: Vec<String>,
    /// Use this edited Dockerfile instead of the planned one.
    #[arg(long = "dockerfile", value_name = "F2")]
    dockerfile: Option<PathBuf>,
}

/// Arguments of `slipway cache advise`.
#[derive(Args)]
struct AdviseArgs {
    #[command(flatten)]
    common: Common,
    /// A frequently edited context path; repeatable (default: inferred).
    #[arg(long = "frequent", value_name = "PATH")]
    frequent: Vec<String>,
}

/// Runs `slipway cache`.
pub fn run(args: &CacheArgs, color: bool) -> ExitCode {
    let result = match &args.command {
        CacheCommand::Plan(common) => run_plan(common, color),
        CacheCommand::Whatif(whatif) => run_whatif(whatif, color),
        CacheCommand::Advise(advise) => run_advise(advise, color),
    };
    result.unwrap_or_else(|failure| {
        if let Failure::Usage(message) = &failure {
            eprintln!("slipway: {message}");
        }
        ExitCode::from(match failure {
            Failure::Usage(_) => 2,
            Failure::Dockerfile => 1,
        })
    })
}

/// Why a command stopped.
enum Failure {
    /// Bad flags or unreadable input (message printed by `run`).
    Usage(String),
    /// The Dockerfile has errors (already printed).
    Dockerfile,
}

fn usage(message: impl std::fmt::Display) -> Failure {
    Failure::Usage(message.to_string())
}

/// Everything resolved from the common flags.
struct Setup {
    context_dir: PathBuf,
    dockerfile: PathBuf,
    state_file: PathBuf,
    context: DiskContext,
    request_base: RequestBase,
}

/// The parts of a plan request that do not depend on the context snapshot.
struct RequestBase {
    build_args: Vec<(String, String)>,
    target: Option<String>,
    mode: Mode,
    named: BTreeMap<String, ContextSnapshot>,
    images: BTreeMap<String, String>,
}

impl RequestBase {
    fn request(&self, context: Option<ContextSnapshot>) -> PlanRequest<'static> {
        PlanRequest {
            build_args: self.build_args.clone(),
            target: self.target.clone(),
            mode: self.mode,
            context,
            named_contexts: self.named.clone(),
            images: self.images.clone(),
            ..PlanRequest::default()
        }
    }
}

fn setup(common: &Common) -> Result<Setup, Failure> {
    let context_dir =
        std::fs::canonicalize(&common.context).map_err(|e| usage(format!("{}: {e}", common.context.display())))?;
    let dockerfile = common.file.clone().unwrap_or_else(|| context_dir.join("Dockerfile"));
    let dockerfile = std::fs::canonicalize(&dockerfile).map_err(|e| usage(format!("{}: {e}", dockerfile.display())))?;
    let state_file = match &common.state {
        Some(file) => file.clone(),
        None => default_state_file(&context_dir, &dockerfile)?,
    };
    if state_file.starts_with(&context_dir) && common.state.is_none() {
        return Err(usage("the cache directory is inside the build context; pass --state FILE"));
    }
    let context = DiskContext::new(&context_dir).map_err(usage)?;
    let mut build_args = Vec::new();
    for arg in &common.build_args {
        match arg.split_once('=') {
            Some((k, v)) => build_args.push((k.to_string(), v.to_string())),
            None => {
                if let Ok(v) = std::env::var(arg) {
                    build_args.push((arg.clone(), v));
                }
            }
        }
    }
    let mut named = BTreeMap::new();
    for flag in &common.build_contexts {
        let (name, source) = parse_build_context_flag(flag).map_err(usage)?;
        let ctx = DiskContext::new(&source).map_err(usage)?;
        named.insert(name, ContextSnapshot::load(&ctx, None, None).map_err(usage)?);
    }
    let mut images = BTreeMap::new();
    for flag in &common.images {
        let (reference, digest) =
            flag.split_once('=').ok_or_else(|| usage(format!("--image {flag}: expected REF=DIGEST")))?;
        images.insert(reference.to_string(), digest.to_string());
    }
    let mode = if common.legacy { Mode::Legacy } else { Mode::Buildkit };
    let request_base = RequestBase { build_args, target: common.target.clone(), mode, named, images };
    Ok(Setup { context_dir, dockerfile, state_file, context, request_base })
}

/// `$XDG_CACHE_HOME/slipway/cache-state/<hash>.json` (`~/.cache` when unset).
fn default_state_file(context: &Path, dockerfile: &Path) -> Result<PathBuf, Failure> {
    let base = match std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => {
            let home = std::env::var_os("HOME")
                .ok_or_else(|| usage("neither XDG_CACHE_HOME nor HOME is set; pass --state FILE"))?;
            PathBuf::from(home).join(".cache")
        }
    };
    let identity = format!("{}\0{}", context.display(), dockerfile.display());
    let hash = CacheKey::of(identity.as_bytes()).to_hex();
    Ok(base.join("slipway").join("cache-state").join(format!("{}.json", &hash[..32])))
}

fn stat_cache_file(state_file: &Path) -> PathBuf {
    state_file.with_extension("stat")
}

/// Reads and analyses a Dockerfile, printing its errors.
fn analyse(path: &Path, color: bool) -> Result<Analysis, Failure> {
    let bytes = std::fs::read(path).map_err(|e| usage(format!("{}: {e}", path.display())))?;
    let analysis = Analysis::of_bytes(&bytes);
    let diagnostics = analysis.diagnostics();
    let name = path.display().to_string();
    for diagnostic in &diagnostics {
        eprint!("{}", render(&name, &analysis.file, diagnostic, color));
    }
    if analysis.has_errors() {
        return Err(Failure::Dockerfile);
    }
    Ok(analysis)
}

/// Checksums `ctx` with the Dockerfile's ignore rules, through the stat cache (saved back
/// unless `save` is false).
fn snapshot(setup: &Setup, ctx: &dyn BuildContext, save: bool) -> Result<ContextSnapshot, Failure> {
    let stat_file = stat_cache_file(&setup.state_file);
    let mut stat_cache = StatCache::load(&stat_file).unwrap_or_default();
    let dir = setup.dockerfile.parent().unwrap_or(Path::new("/"));
    let name = setup.dockerfile.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let dockerfile_dir = DiskContext::new(dir).map_err(usage)?;
    let snapshot = ContextSnapshot::load(ctx, Some((&dockerfile_dir, &name)), Some(&mut stat_cache)).map_err(usage)?;
    if save {
        if let Some(parent) = stat_file.parent() {
            std::fs::create_dir_all(parent).map_err(|e| usage(format!("{}: {e}", parent.display())))?;
        }
        stat_cache.save(&stat_file).map_err(|e| usage(format!("{}: {e}", stat_file.display())))?;
    }
    Ok(snapshot)
}

fn load_state(file: &Path) -> Result<CacheState, Failure> {
    match std::fs::read_to_string(file) {
        Ok(text) => CacheState::from_json(&text).map_err(|e| usage(format!("{}: {e}", file.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(CacheState::new()),
        Err(e) => Err(usage(format!("{}: {e}", file.display()))),
    }
}

fn save_state(file: &Path, state: &CacheState) -> Result<(), Failure> {
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| usage(format!("{}: {e}", parent.display())))?;
    }
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, state.to_json()).map_err(|e| usage(format!("{}: {e}", tmp.display())))?;
    std::fs::rename(&tmp, file).map_err(|e| usage(format!("{}: {e}", file.display())))
}

fn run_plan(common: &Common, color: bool) -> Result<ExitCode, Failure> {
    let setup = setup(common)?;
    let analysis = analyse(&setup.dockerfile, color)?;
    let snapshot = snapshot(&setup, &setup.context, true)?;
    let planned = plan(&analysis, &setup.request_base.request(Some(snapshot))).map_err(usage)?;
    let mut state = load_state(&setup.state_file)?;
    state.record(&planned);
    save_state(&setup.state_file, &state)?;
    match common.format {
        Format::Json => println!("{}", pretty(&steps_json(&planned, None))),
        Format::Table => print!("{}", table(&planned, None)),
    }
    Ok(ExitCode::SUCCESS)
}

fn run_whatif(args: &WhatifArgs, color: bool) -> Result<ExitCode, Failure> {
    let setup = setup(&args.common)?;
    let analysis = analyse(args.dockerfile.as_deref().unwrap_or(&setup.dockerfile), color)?;
    let mut edits = Vec::new();
    for path in &args.edits {
        edits.push(Edit::Modify(context_path(&setup.context_dir, path)?));
    }
    for path in &args.deletes {
        edits.push(Edit::Delete(context_path(&setup.context_dir, path)?));
    }
    let snapshot = if edits.is_empty() {
        snapshot(&setup, &setup.context, true)?
    } else {
        let edited = EditedContext::new(&setup.context, &edits).map_err(usage)?;
        snapshot(&setup, &edited, false)?
    };
    let planned = plan(&analysis, &setup.request_base.request(Some(snapshot))).map_err(usage)?;
    let state = load_state(&setup.state_file)?;
    let simulation = simulate(&state, &planned);
    match args.common.format {
        Format::Json => println!("{}", pretty(&steps_json(&planned, Some(&simulation)))),
        Format::Table => print!("{}", table(&planned, Some(&simulation))),
    }
    Ok(ExitCode::SUCCESS)
}

fn run_advise(args: &AdviseArgs, color: bool) -> Result<ExitCode, Failure> {
    let setup = setup(&args.common)?;
    let analysis = analyse(&setup.dockerfile, color)?;
    let frequent: Vec<String> =
        args.frequent.iter().map(|p| context_path(&setup.context_dir, p)).collect::<Result<_, _>>()?;
    let request = setup.request_base.request(None);
    let advice = advise(&analysis, &setup.context, &request, (!frequent.is_empty()).then_some(frequent.as_slice()))
        .map_err(usage)?;
    match args.common.format {
        Format::Json => println!("{}", pretty(&json!({ "advice": advice }))),
        Format::Table => {
            if advice.is_empty() {
                println!("no needless invalidation found");
            }
            for item in &advice {
                println!("{}:{}: {}", setup.dockerfile.display(), item.copy_line, item.message);
                for saving in &item.savings {
                    println!(
                        "  editing {}: {} steps rebuild now, {} after the rewrite ({} saved)",
                        saving.path, saving.misses_before, saving.misses_after, saving.saved
                    );
                }
                println!("  rewritten ({:?}):", item.rewrite.applicability);
                for line in item.rewrite.text.lines() {
                    println!("    {line}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A path given on the command line as a context path (relative to the context, or
/// absolute inside it).
fn context_path(context: &Path, path: &str) -> Result<String, Failure> {
    let given = Path::new(path);
    let relative = if given.is_absolute() {
        given.strip_prefix(context).map_err(|_| usage(format!("{path}: not inside the build context")))?
    } else {
        given
    };
    Ok(relative.to_string_lossy().into_owned())
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn outcome_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Hit => "hit",
        Outcome::Miss => "miss",
        Outcome::Skipped => "skipped",
    }
}

/// The JSON document: `steps` in Dockerfile order, `result`/`reason` null in a plan.
fn steps_json(planned: &Plan, simulation: Option<&Simulation>) -> Value {
    let steps: Vec<Value> = planned
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let result = simulation.map(|s| &s.steps[i]);
            let mut value = json!({
                "stage": step.stage_name,
                "index": step.index,
                "line": step.line,
                "instruction": step.instruction,
                "layer": step.layer,
                "key": step.key.map(|k| k.to_string()),
                "result": result.and_then(|r| r.result).map(outcome_name),
                "reason": result.map(|r| r.reason.clone()),
            });
            if simulation.is_none() {
                value["inputs"] = json!(step.inputs.iter().map(|i| i.to_string()).collect::<Vec<_>>());
            }
            value
        })
        .collect();
    let mut out = json!({
        "mode": planned.mode,
        "target": planned.stage_names[planned.target],
        "steps": steps,
    });
    if let Some(simulation) = simulation {
        out["estimated_cost_ms"] = json!(simulation.estimated_cost_ms);
        out["hits"] = json!(simulation.count(Outcome::Hit));
        out["misses"] = json!(simulation.count(Outcome::Miss));
    }
    out
}

/// A value shortened to `max` characters.
fn clip(text: &str, max: usize) -> String {
    let first = text.lines().next().unwrap_or("");
    if first.chars().count() > max || first.len() < text.len() {
        format!("{}…", first.chars().take(max.saturating_sub(1)).collect::<String>())
    } else {
        first.to_string()
    }
}

/// Aligned columns; a plan lists each step's key inputs below it.
fn table(planned: &Plan, simulation: Option<&Simulation>) -> String {
    let mut rows: Vec<[String; 6]> = vec![[
        "STAGE".into(),
        "LINE".into(),
        "INSTRUCTION".into(),
        "KIND".into(),
        "KEY".into(),
        if simulation.is_some() { "RESULT" } else { "" }.into(),
    ]];
    for (i, step) in planned.steps.iter().enumerate() {
        let result = simulation.map(|s| &s.steps[i]);
        rows.push([
            step.stage_name.clone(),
            step.line.to_string(),
            clip(&step.instruction, 48),
            if step.layer { "layer" } else { "metadata" }.into(),
            step.key.map_or_else(|| "-".to_string(), |k| k.short()),
            result.map_or_else(String::new, |r| match r.result {
                Some(outcome) => format!("{}  {}", outcome_name(outcome).to_uppercase(), r.reason),
                None => format!("-     {}", r.reason),
            }),
        ]);
    }
    let widths: Vec<usize> = (0..5).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c < 5 {
                line.push_str(&format!("{cell:<width$}  ", width = widths[c]));
            } else {
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if simulation.is_none() && i > 0 {
            for input in &planned.steps[i - 1].inputs {
                out.push_str(&format!("    {}\n", clip(&input.to_string(), 100)));
            }
        }
    }
    if let Some(simulation) = simulation {
        out.push_str(&format!(
            "\n{} hit, {} miss, {} skipped",
            simulation.count(Outcome::Hit),
            simulation.count(Outcome::Miss),
            simulation.count(Outcome::Skipped)
        ));
        if let Some(cost) = simulation.estimated_cost_ms {
            out.push_str(&format!("; estimated rebuild time {:.1}s", cost as f64 / 1000.0));
        }
        out.push('\n');
    }
    out
}

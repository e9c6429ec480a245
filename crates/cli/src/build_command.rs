//! `slipway build`: builds a Dockerfile into the local store with the emulated executor,
//! names the result, and exports it (`-o type=oci|oci-layout|docker|local,dest=…`).

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use slipway_build::emulate::Emulator;
use slipway_build::http::HttpFetcher;
use slipway_build::progress::{json_line, plain_line, Event, ProgressSink, Stopwatch};
use slipway_build::store::normalize_name;
use slipway_build::{build, BuildOptions, Engine, Platform, Secret};
use slipway_cache::context::DiskContext;
use slipway_layers::export::{write_docker_archive, write_oci_layout_tar};
use slipway_layers::image::read_image;
use slipway_layers::native::{write_oci_layout_dir, write_rootfs_dir, WriteOptions};
use slipway_layers::oci::Descriptor;
use slipway_layers::BlobStore;

use crate::image_commands::StoreArgs;

/// `slipway build` options (docker build's flags).
#[derive(Args)]
pub struct BuildArgs {
    /// The build context directory.
    context: PathBuf,
    /// The Dockerfile (default: CONTEXT/Dockerfile; `-` reads standard input).
    #[arg(short = 'f', long = "file")]
    file: Option<PathBuf>,
    /// Name the image `NAME[:TAG]` (repeatable).
    #[arg(short = 't', long = "tag")]
    tags: Vec<String>,
    /// Build this stage instead of the last one.
    #[arg(long)]
    target: Option<String>,
    /// `KEY=VALUE`, or `KEY` to take the value from the environment (repeatable).
    #[arg(long = "build-arg")]
    build_args: Vec<String>,
    /// `id=ID,src=FILE` or `id=ID,env=VAR`: available to `RUN --mount=type=secret` only.
    #[arg(long = "secret")]
    secrets: Vec<String>,
    /// Target platform, `os/arch[/variant]` (default: linux and this machine's architecture).
    #[arg(long)]
    platform: Option<String>,
    /// How RUN steps execute: `auto` or `emulate` (the only backend so far).
    #[arg(long, default_value = "auto")]
    backend: String,
    /// `type=oci,dest=X.tar`, `type=oci-layout,dest=DIR`, `type=docker,dest=X.tar` or
    /// `type=local,dest=DIR` (repeatable).
    #[arg(short = 'o', long = "output")]
    outputs: Vec<String>,
    /// `auto`, `plain`, `tty` or `json`.
    #[arg(long, default_value = "auto")]
    progress: String,
    /// Execute every step, ignoring cached results.
    #[arg(long)]
    no_cache: bool,
    /// Fail when a RUN step uses commands the emulated executor cannot run.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    store: StoreArgs,
}

/// A usage or input error (exit 2) or a failed build (exit 1).
enum Failure {
    Usage(String),
    Build(String),
}

/// Runs `slipway build`.
pub fn run(args: &BuildArgs) -> ExitCode {
    match run_build(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Build(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn host_platform() -> Platform {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    Platform { os: "linux".into(), architecture: arch.into(), variant: None }
}

fn key_value(text: &str) -> Option<(&str, &str)> {
    text.split_once('=')
}

/// Parses `--secret id=…,src=…|env=…` and reads the value.
fn parse_secret(text: &str) -> Result<Secret, String> {
    let (mut id, mut src, mut env) = (None, None, None);
    for field in text.split(',') {
        match key_value(field) {
            Some(("id", v)) => id = Some(v.to_owned()),
            Some(("src" | "source", v)) => src = Some(v.to_owned()),
            Some(("env", v)) => env = Some(v.to_owned()),
            Some(("type", "file" | "env")) => {}
            _ => return Err(format!("invalid --secret {text:?}: expected id=ID,src=FILE or id=ID,env=VAR")),
        }
    }
    let id = id.ok_or_else(|| format!("invalid --secret {text:?}: id is required"))?;
    let value = match (src, env) {
        (Some(src), _) => std::fs::read(&src).map_err(|e| format!("secret {id}: {src}: {e}"))?,
        (None, Some(env)) => {
            std::env::var(&env).map_err(|_| format!("secret {id}: environment variable {env} is not set"))?.into_bytes()
        }
        (None, None) => std::env::var(&id).map_err(|_| format!("secret {id}: give src=FILE or env=VAR"))?.into_bytes(),
    };
    Ok(Secret { id, value })
}

/// One `-o` export.
enum Output {
    OciTar(PathBuf),
    OciLayout(PathBuf),
    Docker(PathBuf),
    Local(PathBuf),
}

fn parse_output(text: &str) -> Result<Output, String> {
    let (mut kind, mut dest) = (None, None);
    for field in text.split(',') {
        match key_value(field) {
            Some(("type", v)) => kind = Some(v.to_owned()),
            Some(("dest", v)) => dest = Some(PathBuf::from(v)),
            Some((_, _)) => {}
            None if kind.is_none() && dest.is_none() => dest = Some(PathBuf::from(field)),
            None => return Err(format!("invalid --output {text:?}")),
        }
    }
    let dest = dest.ok_or_else(|| format!("invalid --output {text:?}: dest=… is required"))?;
    match kind.as_deref().unwrap_or("local") {
        "oci" => Ok(Output::OciTar(dest)),
        "oci-layout" => Ok(Output::OciLayout(dest)),
        "docker" => Ok(Output::Docker(dest)),
        "local" => Ok(Output::Local(dest)),
        other => Err(format!("unknown output type {other:?}: use oci, oci-layout, docker or local")),
    }
}

fn run_build(args: &BuildArgs) -> Result<(), Failure> {
    let usage = Failure::Usage;
    match args.backend.as_str() {
        "auto" | "emulate" => {}
        "wasi" | "linux" => {
            return Err(usage(format!("the {} backend is not available yet; use --backend emulate", args.backend)))
        }
        other => return Err(usage(format!("unknown backend {other:?}: use auto or emulate"))),
    }
    let (dockerfile, dockerfile_path) = read_dockerfile(args).map_err(usage)?;
    let mut options = BuildOptions::new(dockerfile);
    options.dockerfile_path = dockerfile_path;
    options.target.clone_from(&args.target);
    for arg in &args.build_args {
        let (key, value) = match key_value(arg) {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => match std::env::var(arg) {
                Ok(v) => (arg.clone(), v),
                Err(_) => continue,
            },
        };
        options.build_args.push((key, value));
    }
    options.build_platform = host_platform();
    options.target_platform = match &args.platform {
        Some(p) => Platform::parse(p).map_err(|e| usage(e.to_string()))?,
        None => host_platform(),
    };
    if options.target_platform.os == "wasip1" {
        return Err(usage("wasi/wasm images need the wasi backend, which is not available yet".into()));
    }
    options.secrets = args.secrets.iter().map(|s| parse_secret(s)).collect::<Result<_, _>>().map_err(usage)?;
    options.no_cache = args.no_cache;
    options.strict = args.strict;
    options.tags.clone_from(&args.tags);
    options.now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let outputs: Vec<Output> = args.outputs.iter().map(|o| parse_output(o)).collect::<Result<_, _>>().map_err(usage)?;

    let store = args.store.open().map_err(usage)?;
    let context = DiskContext::new(&args.context).map_err(|e| usage(format!("{}: {e}", args.context.display())))?;
    let stopwatch = Clock(Instant::now());
    let fetcher = HttpFetcher::default();
    let engine = Engine { store: &store, executor: &Emulator, fetcher: &fetcher, stopwatch: &stopwatch };
    let mut sink = Progress::new(&args.progress).map_err(usage)?;
    let result = build(&engine, &context, &options, &mut sink);
    sink.close();
    let output = result.map_err(|e| Failure::Build(e.to_string()))?;
    for (step, commands) in &output.not_emulated {
        eprintln!("warning: {step}: not emulated: {} (their effect is missing from the image)", commands.join(", "));
    }
    let names: Vec<String> = args.tags.iter().map(|t| normalize_name(t)).collect();
    for out in &outputs {
        export(&store, out, &names, &output.manifest).map_err(Failure::Build)?;
    }
    if args.progress != "json" {
        eprintln!("image {}", output.manifest.digest);
    }
    Ok(())
}

fn read_dockerfile(args: &BuildArgs) -> Result<(String, Option<String>), String> {
    let path = args.file.clone().unwrap_or_else(|| args.context.join("Dockerfile"));
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| format!("reading the Dockerfile: {e}"))?;
        return Ok((text, None));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let inside = match (path.canonicalize(), args.context.canonicalize()) {
        (Ok(file), Ok(context)) => file.strip_prefix(&context).ok().map(|p| p.to_string_lossy().into_owned()),
        _ => None,
    };
    Ok((text, inside))
}

fn export(store: &dyn BlobStore, output: &Output, names: &[String], manifest: &Descriptor) -> Result<(), String> {
    let create = |path: &Path| File::create(path).map(BufWriter::new).map_err(|e| format!("{}: {e}", path.display()));
    let first = names.first().cloned().unwrap_or_default();
    let result = match output {
        Output::OciTar(path) => {
            let mut out = create(path)?;
            write_oci_layout_tar(store, &[(first, manifest.clone())], &mut out)
                .map(|_| ())
                .and_then(|()| out.flush().map_err(|e| slipway_layers::Error::io("writing", e)))
        }
        Output::Docker(path) => {
            let mut out = create(path)?;
            write_docker_archive(store, &[(names.to_vec(), manifest.clone())], &mut out)
                .map(|_| ())
                .and_then(|()| out.flush().map_err(|e| slipway_layers::Error::io("writing", e)))
        }
        Output::OciLayout(dir) => write_oci_layout_dir(store, &[(first, manifest.clone())], dir),
        Output::Local(dir) => {
            read_image(store, manifest).and_then(|image| write_rootfs_dir(store, &image, dir, &WriteOptions::default()))
        }
    };
    result.map_err(|e| format!("export: {e}"))
}

/// A monotonic clock for step timings.
struct Clock(Instant);

impl Stopwatch for Clock {
    fn seconds(&self) -> f64 {
        self.0.elapsed().as_secs_f64()
    }
}

/// `--progress` rendering.
enum Progress {
    Plain,
    Json,
    Tty { bars: MultiProgress, active: Vec<(usize, ProgressBar, String)> },
}

impl Progress {
    fn new(mode: &str) -> Result<Self, String> {
        Ok(match mode {
            "plain" => Progress::Plain,
            "json" => Progress::Json,
            "tty" => Progress::tty(),
            "auto" if std::io::stderr().is_terminal() => Progress::tty(),
            "auto" => Progress::Plain,
            other => return Err(format!("unknown progress mode {other:?}: use auto, plain, tty or json")),
        })
    }

    fn tty() -> Self {
        Progress::Tty { bars: MultiProgress::new(), active: Vec::new() }
    }

    fn close(&mut self) {
        if let Progress::Tty { active, .. } = self {
            for (_, bar, _) in active.drain(..) {
                bar.abandon();
            }
        }
    }
}

impl ProgressSink for Progress {
    fn event(&mut self, event: Event) {
        match self {
            // A closed pipe is not a build failure.
            Progress::Plain => {
                let _ = std::io::stderr().lock().write_all(plain_line(&event).as_bytes());
            }
            Progress::Json => {
                let _ = std::io::stdout().lock().write_all(json_line(&event).as_bytes());
            }
            Progress::Tty { bars, active } => match event {
                Event::Start { id, name } => {
                    let bar = bars.add(ProgressBar::new_spinner());
                    bar.set_style(
                        ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                    );
                    bar.set_message(name.clone());
                    bar.enable_steady_tick(std::time::Duration::from_millis(100));
                    active.push((id, bar, name));
                }
                Event::Cached { id } => {
                    if let Some((_, bar, name)) = active.iter().find(|(i, _, _)| *i == id) {
                        bar.set_message(format!("{name} CACHED"));
                    }
                }
                Event::Output { text, .. } => {
                    for line in text.lines() {
                        bars.println(format!("  {line}")).ok();
                    }
                }
                Event::Warning { message, .. } => {
                    bars.println(format!("  WARNING: {message}")).ok();
                }
                Event::Done { id, seconds } => {
                    if let Some(pos) = active.iter().position(|(i, _, _)| *i == id) {
                        let (_, bar, name) = active.remove(pos);
                        bar.set_style(
                            ProgressStyle::with_template("✔ {msg}")
                                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                        );
                        let cached = bar.message().ends_with(" CACHED");
                        bar.finish_with_message(if cached {
                            format!("{name} CACHED")
                        } else {
                            format!("{name} {seconds:.1}s")
                        });
                    }
                }
                Event::Image { digest, names } => {
                    bars.println(format!("writing image {digest} {}", names.join(", "))).ok();
                }
            },
        }
    }
}

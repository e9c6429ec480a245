//! `slipway lint`: lint Dockerfiles (in parallel), print findings in a format, optionally
//! apply fixes or print them as a diff. Exit 0 (clean), 1 (findings at or above the failure
//! threshold), 2 (usage error, unreadable input or config).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use rayon::prelude::*;
use slipway_lint::fix::fix_until_converged;
use slipway_lint::output::{FileReport, Format};
use slipway_lint::{Applicability, Config, FailureThreshold, Finding, Linter, Severity};

use crate::lint_context::LintContext;
use crate::lint_files::{apply_env, expand_paths, load_config, parse_label, read_input, Input};
use crate::lint_tty;

/// Output formats of `slipway lint`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Coloured findings with source snippets and a summary.
    Tty,
    /// hadolint-compatible JSON array.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// Checkstyle XML.
    Checkstyle,
    /// GNU `file:line.col: message`.
    Gnu,
    /// Code Climate issues.
    Codeclimate,
    /// GitLab Code Quality (`gitlab_codeclimate` in hadolint).
    #[value(alias = "gitlab_codeclimate")]
    Gitlab,
    /// GitHub Actions annotations.
    Github,
}

impl OutputFormat {
    /// A format named in `.hadolint.yaml` (hadolint's names accepted).
    fn from_config(name: &str) -> Option<OutputFormat> {
        match name.to_ascii_lowercase().as_str() {
            "gitlab_codeclimate" | "gitlab" => Some(OutputFormat::Gitlab),
            other => OutputFormat::from_str(other, true).ok(),
        }
    }

    fn machine(self) -> Option<Format> {
        Some(match self {
            OutputFormat::Tty => return None,
            OutputFormat::Json => Format::Json,
            OutputFormat::Sarif => Format::Sarif,
            OutputFormat::Checkstyle => Format::Checkstyle,
            OutputFormat::Gnu => Format::Gnu,
            OutputFormat::Codeclimate => Format::Codeclimate,
            OutputFormat::Gitlab => Format::Gitlab,
            OutputFormat::Github => Format::Github,
        })
    }
}

/// Arguments of `slipway lint`.
#[derive(Args)]
pub struct LintArgs {
    /// Dockerfiles, or directories to search for `Dockerfile`, `Containerfile`, `*.Dockerfile`,
    /// `Dockerfile.*` (honouring .gitignore); `-` reads standard input. Default: `.`.
    paths: Vec<String>,
    /// Output format (default: the config's `format`, else tty).
    #[arg(long, short = 'f', value_enum)]
    format: Option<OutputFormat>,
    /// Config file (default: hadolint's search: ./.hadolint.yaml, XDG config dirs, home).
    #[arg(long, short = 'c')]
    config: Option<PathBuf>,
    /// Never report this rule (DL code, SW code or BuildKit name); repeatable.
    #[arg(long = "ignore", value_name = "CODE")]
    ignore: Vec<String>,
    /// Exit 1 only for findings at or above: error, warning, info, style, ignore, none.
    #[arg(long, short = 't', value_name = "LEVEL", value_parser = parse_threshold)]
    failure_threshold: Option<FailureThreshold>,
    /// Always exit 0 when the files could be linted.
    #[arg(long)]
    no_fail: bool,
    /// Trust this registry for DL3026 (repeatable; adds to the config's list).
    #[arg(long = "trusted-registry", value_name = "REGISTRY")]
    trusted_registries: Vec<String>,
    /// Report this rule as an error (repeatable).
    #[arg(long = "error", value_name = "CODE")]
    error: Vec<String>,
    /// Report this rule as a warning (repeatable).
    #[arg(long = "warning", value_name = "CODE")]
    warning: Vec<String>,
    /// Report this rule as info (repeatable).
    #[arg(long = "info", value_name = "CODE")]
    info: Vec<String>,
    /// Report this rule as style (repeatable).
    #[arg(long = "style", value_name = "CODE")]
    style: Vec<String>,
    /// Require a label of a type, `NAME:TYPE` (repeatable; adds to the label schema).
    #[arg(long = "require-label", value_name = "NAME:TYPE", value_parser = parse_label)]
    require_labels: Vec<(String, String)>,
    /// Report labels that are not in the label schema.
    #[arg(long)]
    strict_labels: bool,
    /// Ignore `# hadolint ignore=` / `# slipway ignore=` pragmas.
    #[arg(long)]
    disable_ignore_pragma: bool,
    /// Build context for checks on COPY/ADD sources (CopyIgnoredFile); default: each
    /// Dockerfile's own directory (standard input: none).
    #[arg(long, value_name = "DIR")]
    context: Option<PathBuf>,
    /// The platform of a base image, `REF=OS/ARCH[/VARIANT]` (repeatable), for
    /// InvalidBaseImagePlatform.
    #[arg(long = "image-platform", value_name = "REF=PLATFORM", value_parser = parse_image_platform)]
    image_platforms: Vec<(String, String)>,
    /// The platform the build targets (default linux/amd64), for InvalidBaseImagePlatform.
    #[arg(long, value_name = "OS/ARCH[/VARIANT]")]
    platform: Option<String>,
    /// Apply safe fixes in place (standard input: print the fixed text).
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff, also apply unsafe fixes.
    #[arg(long = "unsafe")]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them.
    #[arg(long)]
    diff: bool,
}

fn parse_image_platform(value: &str) -> Result<(String, String), String> {
    match value.split_once('=') {
        Some((image, platform)) if !image.is_empty() && platform.contains('/') => {
            Ok((image.to_string(), platform.to_string()))
        }
        _ => Err(format!("expected REF=OS/ARCH, got '{value}'")),
    }
}

fn parse_threshold(value: &str) -> Result<FailureThreshold, String> {
    FailureThreshold::parse(value)
        .ok_or_else(|| format!("invalid level '{value}' (error|warning|info|style|ignore|none)"))
}

/// One linted file.
struct Linted {
    input: Input,
    findings: Vec<Finding>,
    fixed: Option<String>,
}

/// Runs the command.
pub fn run(args: &LintArgs, color: bool) -> ExitCode {
    match execute(args, color) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("slipway: {message}");
            ExitCode::from(2)
        }
    }
}

fn execute(args: &LintArgs, color: bool) -> Result<ExitCode, String> {
    let (mut config, _) = load_config(args.config.as_deref())?;
    apply_env(&mut config, |name| std::env::var(name).ok())?;
    apply_flags(&mut config, args);
    let format = match (args.format, config.format.as_deref()) {
        (Some(format), _) => format,
        (None, Some(name)) => {
            OutputFormat::from_config(name).ok_or_else(|| format!("unknown format in config: {name}"))?
        }
        (None, None) => OutputFormat::Tty,
    };
    let color = color && !config.no_color && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let names = expand_paths(&args.paths)?;
    if names.is_empty() {
        return Err("no Dockerfile found".into());
    }
    let level = if args.unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    let fixing = args.fix || args.diff;
    let results: Vec<Result<Linted, String>> = names
        .par_iter()
        .map(|name| {
            let input = read_input(name)?;
            let build_context = build_context(args, &input)?;
            let mut linter = Linter::new(&config);
            if let Some(build_context) = &build_context {
                linter = linter.with_build_context(build_context);
            }
            if fixing {
                let outcome = fix_until_converged(&linter, &input.source, level);
                let fixed = (outcome.output != input.source).then_some(outcome.output);
                Ok(Linted { input, findings: outcome.remaining, fixed })
            } else {
                let findings = linter.lint(&input.source);
                Ok(Linted { input, findings, fixed: None })
            }
        })
        .collect();
    let linted: Vec<Linted> = results.into_iter().collect::<Result<_, _>>()?;
    let mut stdout = std::io::stdout().lock();
    if fixing {
        write_fixes(&linted, args, &mut stdout)?;
    }
    if !args.diff {
        let reports: Vec<FileReport<'_>> = linted
            .iter()
            .map(|l| FileReport {
                path: &l.input.name,
                source: l.fixed.as_deref().unwrap_or(&l.input.source),
                findings: &l.findings,
            })
            .collect();
        let text = match format.machine() {
            Some(machine) => machine.render(&reports),
            None => lint_tty::render(&reports, color),
        };
        let to = if args.fix && linted.iter().any(|l| l.input.path.is_none()) {
            std::io::stderr().write_all(text.as_bytes())
        } else {
            stdout.write_all(text.as_bytes())
        };
        to.map_err(|e| format!("cannot write output: {e}"))?;
    }
    let all: Vec<Finding> = linted.into_iter().flat_map(|l| l.findings).collect();
    Ok(if config.fails(&all) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The build context of one input: `--context`, else the Dockerfile's directory.
fn build_context(args: &LintArgs, input: &Input) -> Result<Option<LintContext>, String> {
    let dockerfile = input.path.clone().unwrap_or_else(|| PathBuf::from("Dockerfile"));
    let root = match (&args.context, &input.path) {
        (Some(root), _) => root.clone(),
        (None, Some(path)) => match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        },
        (None, None) => return Ok(None),
    };
    LintContext::load(&root, &dockerfile).map(Some)
}

/// CLI flags on top of the config: lists add to it, the others win.
fn apply_flags(config: &mut Config, args: &LintArgs) {
    config.ignored.extend(args.ignore.iter().cloned());
    config.trusted_registries.extend(args.trusted_registries.iter().cloned());
    for (codes, severity) in [
        (&args.error, Severity::Error),
        (&args.warning, Severity::Warning),
        (&args.info, Severity::Info),
        (&args.style, Severity::Style),
    ] {
        config.overrides.extend(codes.iter().map(|code| (code.clone(), severity)));
    }
    config.label_schema.extend(args.require_labels.iter().cloned());
    config.image_platforms.extend(args.image_platforms.iter().cloned());
    if let Some(platform) = &args.platform {
        config.target_platform = Some(platform.clone());
    }
    config.strict_labels |= args.strict_labels;
    config.disable_ignore_pragma |= args.disable_ignore_pragma;
    if let Some(threshold) = args.failure_threshold {
        config.failure_threshold = threshold;
    }
    config.no_fail |= args.no_fail;
}

/// `--diff`: unified diffs on stdout. `--fix`: files rewritten, stdin's fixed text on stdout.
fn write_fixes(linted: &[Linted], args: &LintArgs, out: &mut impl Write) -> Result<(), String> {
    for item in linted {
        let Some(fixed) = &item.fixed else { continue };
        if args.diff {
            let name = &item.input.name;
            let diff = similar::TextDiff::from_lines(item.input.source.as_str(), fixed.as_str());
            let text =
                diff.unified_diff().context_radius(3).header(&format!("a/{name}"), &format!("b/{name}")).to_string();
            out.write_all(text.as_bytes()).map_err(|e| format!("cannot write output: {e}"))?;
        } else if let Some(path) = &item.input.path {
            std::fs::write(path, fixed).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        } else {
            out.write_all(fixed.as_bytes()).map_err(|e| format!("cannot write output: {e}"))?;
        }
    }
    Ok(())
}

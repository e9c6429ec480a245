//! The `slipway` command-line tool.

mod build_command;
mod cache_command;
mod image_commands;
mod lint_command;
mod lint_context;
mod lint_files;
mod lint_tty;
mod parse_command;
mod playground_assets;
mod playground_command;
mod report;
mod rules_command;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Slipway: parse, lint, simulate the cache of, and build Dockerfiles.
#[derive(Parser)]
#[command(name = "slipway", version, about)]
struct Cli {
    /// Disable colours (also honoured: the NO_COLOR environment variable).
    #[arg(long, global = true)]
    no_color: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a Dockerfile and print its syntax tree.
    Parse(parse_command::ParseArgs),
    /// Lint Dockerfiles (hadolint and BuildKit rules, Slipway's own).
    Lint(lint_command::LintArgs),
    /// List every lint rule.
    Rules(rules_command::RulesArgs),
    /// Print a lint rule's documentation.
    Explain(rules_command::ExplainArgs),
    /// Plan the build cache, predict what an edit rebuilds, advise on step order.
    Cache(cache_command::CacheArgs),
    /// Build an image from a Dockerfile (RUN steps emulated).
    Build(build_command::BuildArgs),
    /// Serve the browser playground (built into this binary) on a local port.
    Playground(playground_command::PlaygroundArgs),
    #[command(flatten)]
    Image(image_commands::ImageCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = !cli.no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal();
    match cli.command {
        Command::Parse(args) => parse_command::run(&args, color),
        Command::Lint(args) => lint_command::run(&args, color),
        Command::Rules(args) => rules_command::run_rules(&args),
        Command::Explain(args) => rules_command::run_explain(&args),
        Command::Build(args) => build_command::run(&args),
        Command::Image(command) => image_commands::run(&command),
        Command::Cache(args) => cache_command::run(&args, color),
        Command::Playground(args) => playground_command::run(&args),
    }
}

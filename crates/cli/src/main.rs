//! The `slipway` command-line tool.

mod parse_command;
mod report;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = !cli.no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal();
    match cli.command {
        Command::Parse(args) => parse_command::run(&args, color),
    }
}

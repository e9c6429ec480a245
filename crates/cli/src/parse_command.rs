//! `slipway parse`: print a Dockerfile's syntax tree as BuildKit's dump, JSON or a tree.

use std::io::Read;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use slipway_syntax::{Analysis, Arguments, Dockerfile, ElementKind, Instruction, Span, Token};

use crate::report::render;

/// Output formats of `slipway parse`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// BuildKit's `Node.Dump()`, one s-expression per instruction.
    Buildkit,
    /// The typed model with spans, positions and diagnostics.
    Json,
    /// An indented tree of lines and tokens with positions.
    Tree,
}

/// Arguments of `slipway parse`.
#[derive(Args)]
pub struct ParseArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "tree")]
    format: Format,
    /// The Dockerfile to parse, or `-` for standard input.
    file: String,
}

/// Runs the command: 0 when the file parses, 1 on parse errors, 2 when it cannot be read.
pub fn run(args: &ParseArgs, color: bool) -> ExitCode {
    let (name, bytes) = match read_input(&args.file) {
        Ok(input) => input,
        Err(message) => {
            eprintln!("slipway: {message}");
            return ExitCode::from(2);
        }
    };
    let analysis = Analysis::of_bytes(&bytes);
    let file = &analysis.file;
    match args.format {
        Format::Buildkit => print!("{}", file.dump()),
        Format::Json => {
            let value = slipway_syntax::json::to_json(&analysis);
            println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
        }
        Format::Tree => print!("{}", tree(file)),
    }
    let diagnostics = analysis.diagnostics();
    for diagnostic in &diagnostics {
        eprint!("{}", render(&name, file, diagnostic, color));
    }
    if diagnostics.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn read_input(path: &str) -> Result<(String, Vec<u8>), String> {
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(("<stdin>".into(), bytes));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Ok((path.to_string(), bytes))
}

/// The `tree` format: one line per element, then the tokens of each instruction.
fn tree(file: &Dockerfile) -> String {
    let mut out = String::new();
    let at = |span: Span| {
        let start = file.line_index().position(&file.source, span.start);
        let end = file.line_index().position(&file.source, span.end);
        format!("{}:{}-{}:{}", start.line, start.column, end.line, end.column)
    };
    for element in &file.elements {
        match &element.kind {
            ElementKind::Directive { index } => {
                let d = &file.directives[*index];
                out.push_str(&format!("directive {}={:?} @{}\n", d.name, d.value, at(d.span)));
            }
            ElementKind::Comment => out.push_str(&format!("comment @{}\n", at(element.span))),
            ElementKind::Blank => out.push_str(&format!("blank @{}\n", at(element.span))),
            ElementKind::Error => out.push_str(&format!("error @{}\n", at(element.span))),
            ElementKind::Instruction { index } => instruction(&mut out, &file.instructions[*index], 0, &at),
        }
    }
    out
}

fn instruction(out: &mut String, node: &Instruction, depth: usize, at: &dyn Fn(Span) -> String) {
    let pad = "  ".repeat(depth);
    out.push_str(&format!("{pad}instruction {} @{}\n", node.keyword.value.to_uppercase(), at(node.span)));
    let token = |out: &mut String, kind: &str, t: &Token| {
        out.push_str(&format!("{pad}  {kind} {:?} @{}\n", t.value, at(t.span)));
    };
    for flag in &node.flags {
        token(out, "flag", flag);
    }
    arguments(out, &node.args, depth, at, &token);
    for trivia in &node.trivia {
        out.push_str(&format!("{pad}  {:?} @{}\n", trivia.kind, at(trivia.span)).to_lowercase());
    }
    for heredoc in &node.heredocs {
        out.push_str(&format!(
            "{pad}  heredoc {:?} chomp={} expand={} body @{} terminator @{}\n",
            heredoc.name,
            heredoc.chomp,
            heredoc.expand,
            at(heredoc.body_span),
            at(heredoc.terminator_span)
        ));
    }
}

fn arguments(
    out: &mut String,
    args: &Arguments,
    depth: usize,
    at: &dyn Fn(Span) -> String,
    token: &dyn Fn(&mut String, &str, &Token),
) {
    match args {
        Arguments::Empty | Arguments::Ignored => {}
        Arguments::Json(tokens) => tokens.iter().for_each(|t| token(out, "json", t)),
        Arguments::Words(tokens) => tokens.iter().for_each(|t| token(out, "word", t)),
        Arguments::Text(t) => token(out, "text", t),
        Arguments::KeyValues(pairs) => {
            for pair in pairs {
                token(out, "key", &pair.key);
                token(out, "value", &pair.value);
            }
        }
        Arguments::Healthcheck { kind, command } => {
            token(out, "type", kind);
            arguments(out, command, depth, at, token);
        }
        Arguments::Onbuild(inner) => instruction(out, inner, depth + 1, at),
    }
}

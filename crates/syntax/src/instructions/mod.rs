//! The typed instruction model, BuildKit's `instructions` package: every instruction's
//! flags and arguments validated, commands grouped into stages, global ARGs apart.
//! Errors are reported per instruction and analysis continues with the next one.

mod command;
pub mod duration;
pub mod flags;
pub mod graph;
pub mod mount;
pub mod scope;

use serde::Serialize;

pub use command::{Command, CommandLine, Healthcheck, HeredocSource};

use crate::diagnostic::Diagnostic;
use crate::suggest::did_you_mean;
use crate::tree::{Dockerfile, Instruction};

/// Every instruction name, lower case.
pub const INSTRUCTIONS: [&str; 18] = [
    "add",
    "arg",
    "cmd",
    "copy",
    "entrypoint",
    "env",
    "expose",
    "from",
    "healthcheck",
    "label",
    "maintainer",
    "onbuild",
    "run",
    "shell",
    "stopsignal",
    "user",
    "volume",
    "workdir",
];

/// The lower-case name of a known instruction, matched case-insensitively.
pub fn known_instruction(name: &str) -> Option<&'static str> {
    const LONGEST: usize = 11; // "healthcheck"
    if name.len() > LONGEST {
        return None;
    }
    let mut lower = [0u8; LONGEST];
    for (slot, byte) in lower.iter_mut().zip(name.bytes()) {
        *slot = byte.to_ascii_lowercase();
    }
    let lower = &lower[..name.len()];
    INSTRUCTIONS.iter().copied().find(|known| known.as_bytes() == lower)
}

/// A typed command and the index of the instruction it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TypedInstruction {
    /// Index into [`Dockerfile::instructions`].
    pub index: usize,
    /// The validated command.
    pub command: Command,
}

/// A build stage: a FROM and the commands after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stage {
    /// 0-based stage index.
    pub index: usize,
    /// Lower-cased `AS` name.
    pub name: Option<String>,
    /// The base image or stage reference, unexpanded.
    pub base: String,
    /// `--platform`, unexpanded.
    pub platform: Option<String>,
    /// Index of the FROM instruction.
    pub from_index: usize,
    /// The stage's commands in order.
    pub commands: Vec<TypedInstruction>,
}

/// The typed view of a Dockerfile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Model {
    /// ARGs before the first FROM (usable in FROM lines only).
    pub global_args: Vec<TypedInstruction>,
    /// Stages in order.
    pub stages: Vec<Stage>,
    /// Errors found while building the model.
    pub diagnostics: Vec<Diagnostic>,
}

impl Model {
    /// The stage a name (case-insensitive) or index string refers to, if any.
    pub fn stage(&self, reference: &str) -> Option<&Stage> {
        let lower = reference.to_lowercase();
        self.stages
            .iter()
            .find(|s| s.name.as_deref() == Some(lower.as_str()))
            .or_else(|| reference.parse::<usize>().ok().and_then(|i| self.stages.get(i)))
    }
}

/// Builds the typed model of a parsed file.
pub fn analyze(file: &Dockerfile) -> Model {
    let mut model = Model::default();
    for (index, instruction) in file.instructions.iter().enumerate() {
        let command = match typed_command(instruction, &file.source) {
            Ok(command) => command,
            Err(diagnostic) => {
                model.diagnostics.push(diagnostic);
                continue;
            }
        };
        if let Command::From { image, platform, stage_name } = &command {
            model.stages.push(Stage {
                index: model.stages.len(),
                name: stage_name.clone(),
                base: image.clone(),
                platform: platform.clone(),
                from_index: index,
                commands: Vec::new(),
            });
            continue;
        }
        if model.stages.is_empty() && matches!(command, Command::Arg { .. }) {
            model.global_args.push(TypedInstruction { index, command });
            continue;
        }
        match model.stages.last_mut() {
            Some(stage) => stage.commands.push(TypedInstruction { index, command }),
            None => {
                model.diagnostics.push(Diagnostic::error("no build stage in current context", instruction.keyword.span))
            }
        }
    }
    model
}

/// Validates one instruction (of a file whose source is `source`) into a command.
pub fn typed_command(instruction: &Instruction, source: &str) -> Result<Command, Diagnostic> {
    let Some(name) = instruction.known_name() else {
        let mut message = format!("unknown instruction: {}", instruction.keyword.value);
        if let Some(suggestion) = did_you_mean(&instruction.keyword.value, INSTRUCTIONS, false) {
            message.push_str(&format!(" (did you mean {suggestion}?)"));
        }
        return Err(Diagnostic::error(message, instruction.keyword.span));
    };
    command::parse(name, instruction, source)
}

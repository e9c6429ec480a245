//! The [`Context`] every rule reads: computed once per file (parse, typed model, stages,
//! parsed `RUN` bodies, effective shells, settings).

use slipway_shell::CommandInfo;
use slipway_syntax::instructions::scope::{global_scope, resolve_base, Platforms, Scope};
use slipway_syntax::instructions::{analyze, Command, Model};
use slipway_syntax::{Arguments, Dockerfile, Instruction, LineIndex, Position, Span};

use crate::config::Config;
use crate::pragma::Pragmas;
use crate::shell_body::{parse_run, BodyError, ShellBody};

/// The build context a file is linted against (files and `.dockerignore`), provided by the
/// caller (e.g. `slipway-cache`'s context); rules needing it (CopyIgnoredFile) do nothing
/// without it. Paths are relative to the context root, `/`-separated.
pub trait BuildContext: Sync {
    /// Whether `path` is excluded by the `.dockerignore` in effect.
    fn is_ignored(&self, path: &str) -> bool;
    /// Whether `path` exists in the context (before `.dockerignore`).
    fn exists(&self, path: &str) -> bool;
}

/// A build stage as rules see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageInfo {
    /// 0-based index.
    pub index: usize,
    /// Lower-cased `AS` name.
    pub name: Option<String>,
    /// Index of the FROM instruction.
    pub from_index: usize,
    /// Index one past the stage's last instruction.
    pub end_index: usize,
    /// The base as written (`${IMAGE}:${TAG}`).
    pub base: String,
    /// The base with the global ARG defaults expanded; `None` when expansion failed.
    pub resolved_base: Option<String>,
    /// The earlier stage the base refers to (`FROM build`).
    pub base_stage: Option<usize>,
    /// Whether the base is `scratch`.
    pub is_scratch: bool,
    /// Whether this is the last stage (the one built without `--target`).
    pub is_final: bool,
}

impl StageInfo {
    /// Whether instruction `index` belongs to this stage (FROM included).
    pub fn contains(&self, index: usize) -> bool {
        (self.from_index..self.end_index).contains(&index)
    }
}

/// A `RUN` instruction with its shell analysis.
#[derive(Debug)]
pub struct RunInfo {
    /// Index of the instruction.
    pub index: usize,
    /// Index of its stage.
    pub stage: Option<usize>,
    /// The effective shell (`SHELL`, `# hadolint shell=`, else `/bin/sh -c`).
    pub shell: Vec<String>,
    /// The parsed body; `None` for exec form, a non-POSIX shell, or a body that did not parse.
    pub body: Option<ShellBody>,
    /// Why a shell-form body was not analysed (parse error), if so.
    pub error: Option<BodyError>,
    /// An `ONBUILD RUN` trigger (runs in images built FROM this one).
    pub onbuild: bool,
}

impl RunInfo {
    /// Whether shell-based rules may look at this instruction.
    pub fn is_analysed(&self) -> bool {
        self.body.is_some()
    }
}

/// Whether `program` (a basename like `bash`) is a POSIX-like shell `slipway-shell` can read.
pub fn is_posix_shell(program: &str) -> bool {
    matches!(program, "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "busybox")
}

/// Everything a rule can look at, computed once per file.
pub struct Context<'a> {
    /// The source text.
    pub source: &'a str,
    /// The syntax tree.
    pub file: &'a Dockerfile,
    /// The typed model.
    pub model: &'a Model,
    /// Stages in order.
    pub stages: Vec<StageInfo>,
    /// Every `RUN`, including `ONBUILD RUN` triggers, in order (see [`parse_runs`]).
    pub runs: &'a [RunInfo],
    /// Global ARG defaults (for FROM lines).
    pub global_args: Scope,
    /// Settings (trusted registries, label schema, …).
    pub config: &'a Config,
    /// The build context, when linting against one.
    pub build_context: Option<&'a dyn BuildContext>,
    /// Pragmas found in comments.
    pub pragmas: &'a Pragmas,
    commands: Vec<Option<&'a Command>>,
    stage_of: Vec<Option<usize>>,
    /// The simple commands of each run's body (parallel to `runs`; empty without a body).
    shell_commands: Vec<Vec<ShellCommand<'a>>>,
}

/// A simple command of a `RUN` body, with its name and argument values computed once per
/// file (rules share them instead of walking the script again).
#[derive(Debug)]
pub struct ShellCommand<'a> {
    /// The command and its surroundings (pipeline, `&&` chain, nesting).
    pub info: CommandInfo<'a>,
    /// The statically known command name (`apt-get`), if any.
    pub name: Option<String>,
    /// The statically known value of each argument (after the name), `None` for words with
    /// expansions.
    pub literals: Vec<Option<String>>,
}

impl<'a> ShellCommand<'a> {
    /// The argument words (after the name).
    pub fn args(&self) -> &'a [slipway_shell::Word] {
        self.info.command.args()
    }

    /// Whether the command name is `name`.
    pub fn is(&self, name: &str) -> bool {
        self.name.as_deref() == Some(name)
    }
}

impl<'a> Context<'a> {
    /// Builds the context of a parsed file; `runs` comes from [`parse_runs`] over the same file.
    pub fn new(
        file: &'a Dockerfile,
        model: &'a Model,
        config: &'a Config,
        pragmas: &'a Pragmas,
        runs: &'a [RunInfo],
        build_context: Option<&'a dyn BuildContext>,
    ) -> Context<'a> {
        let count = file.instructions.len();
        let mut commands = vec![None; count];
        for typed in model.global_args.iter().chain(model.stages.iter().flat_map(|s| &s.commands)) {
            commands[typed.index] = Some(&typed.command);
        }
        let global_args = global_scope(model, file.escape, &[], &Platforms::default()).unwrap_or_default();
        let stages = stage_infos(file, model, &global_args);
        let mut stage_of = vec![None; count];
        for stage in &stages {
            for slot in &mut stage_of[stage.from_index..stage.end_index.min(count)] {
                *slot = Some(stage.index);
            }
        }
        let shell_commands = runs.iter().map(|run| run.body.as_ref().map_or_else(Vec::new, shell_commands)).collect();
        Context {
            source: &file.source,
            file,
            model,
            stages,
            runs,
            global_args,
            config,
            build_context,
            pragmas,
            commands,
            stage_of,
            shell_commands,
        }
    }

    /// Parses and analyses `source` and calls `f` with its context (default config).
    pub fn with_source<R>(source: &str, config: &Config, f: impl FnOnce(&Context<'_>) -> R) -> R {
        let file = slipway_syntax::parse(source);
        let model = analyze(&file);
        let pragmas = Pragmas::collect(&file);
        let runs = parse_runs(&file, &model, &pragmas);
        let ctx = Context::new(&file, &model, config, &pragmas, &runs, None);
        f(&ctx)
    }

    /// The instructions in order.
    pub fn instructions(&self) -> &'a [Instruction] {
        &self.file.instructions
    }

    /// The typed command of instruction `index` (`None` when it failed validation).
    pub fn command(&self, index: usize) -> Option<&'a Command> {
        self.commands.get(index).copied().flatten()
    }

    /// Instructions with their index and typed command (only those that validated).
    pub fn commands(&self) -> impl Iterator<Item = (usize, &'a Instruction, &'a Command)> + '_ {
        self.file.instructions.iter().enumerate().filter_map(|(i, ins)| Some((i, ins, self.command(i)?)))
    }

    /// The stage instruction `index` belongs to.
    pub fn stage_of(&self, index: usize) -> Option<&StageInfo> {
        self.stage_of.get(index).copied().flatten().map(|s| &self.stages[s])
    }

    /// The `RUN` analysis of instruction `index` (an `ONBUILD RUN` is found by the ONBUILD's
    /// index).
    pub fn run(&self, index: usize) -> Option<&RunInfo> {
        self.runs.binary_search_by_key(&index, |r| r.index).ok().map(|i| &self.runs[i])
    }

    /// `RUN`s whose shell body was parsed, with the body.
    pub fn shell_runs(&self) -> impl Iterator<Item = (&'a RunInfo, &'a ShellBody)> + '_ {
        self.runs.iter().filter_map(|run| Some((run, run.body.as_ref()?)))
    }

    /// `RUN`s whose shell body was parsed, with the body and its simple commands (every
    /// command, also inside compound commands, functions and substitutions, in pre-order),
    /// computed once per file. Prefer this to calling `body.script.simple_commands()`.
    pub fn shell_commands(&self) -> impl Iterator<Item = (&'a RunInfo, &'a ShellBody, &[ShellCommand<'a>])> + '_ {
        self.runs
            .iter()
            .zip(&self.shell_commands)
            .filter_map(|(run, commands)| Some((run, run.body.as_ref()?, commands.as_slice())))
    }

    /// The source text of `span`.
    pub fn text(&self, span: Span) -> &'a str {
        self.file.source.get(span.start..span.end).unwrap_or("")
    }

    /// Line/column index of the source.
    pub fn line_index(&self) -> &'a LineIndex {
        self.file.line_index()
    }

    /// The 1-based position of byte `offset`.
    pub fn position(&self, offset: usize) -> Position {
        self.file.line_index().position(self.source, offset)
    }
}

fn stage_infos(file: &Dockerfile, model: &Model, global: &Scope) -> Vec<StageInfo> {
    let count = file.instructions.len();
    let last = model.stages.len().saturating_sub(1);
    model
        .stages
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let resolved_base = resolve_base(stage, file.escape, global).ok();
            let written = resolved_base.as_deref().unwrap_or(&stage.base);
            let reference = written.to_ascii_lowercase();
            let base_stage = model.stages[..i].iter().position(|s| s.name.as_deref() == Some(reference.as_str()));
            let end_index = model.stages.get(i + 1).map_or(count, |next| next.from_index);
            StageInfo {
                index: i,
                name: stage.name.clone(),
                from_index: stage.from_index,
                end_index,
                base: stage.base.clone(),
                is_scratch: base_stage.is_none() && written == "scratch",
                resolved_base,
                base_stage,
                is_final: i == last,
            }
        })
        .collect()
}

fn shell_commands(body: &ShellBody) -> Vec<ShellCommand<'_>> {
    body.script
        .simple_commands()
        .into_iter()
        .map(|info| ShellCommand { name: info.name_literal(), literals: info.command.arg_literals(), info })
        .collect()
}

/// Every `RUN` (and `ONBUILD RUN`) of the file with its effective shell and parsed body: the
/// expensive part of a [`Context`], computed once per file before it.
pub fn parse_runs(file: &Dockerfile, model: &Model, pragmas: &Pragmas) -> Vec<RunInfo> {
    let stage_of = |index: usize| model.stages.partition_point(|s| s.from_index <= index).checked_sub(1);
    let mut runs = Vec::new();
    let mut shell = default_shell();
    let mut stage_shell = shell.clone();
    let mut shell_pragmas = pragmas.shells().iter().peekable();
    for (index, instruction) in file.instructions.iter().enumerate() {
        while let Some((_, pragma_shell)) = shell_pragmas.next_if(|(line, _)| *line < instruction.start_line) {
            shell = vec![pragma_shell.clone(), "-c".into()];
            stage_shell = shell.clone();
        }
        match instruction.known_name() {
            Some("from") => stage_shell = shell.clone(),
            Some("shell") => {
                if let Some(Command::Shell { shell: argv }) = model_command(model, index) {
                    stage_shell = argv.clone();
                }
            }
            Some("run") => runs.push(run_info(file, instruction, index, stage_of(index), &stage_shell, false)),
            Some("onbuild") => {
                if let Arguments::Onbuild(inner) = &instruction.args {
                    if inner.known_name() == Some("run") {
                        runs.push(run_info(file, inner, index, stage_of(index), &stage_shell, true));
                    }
                }
            }
            _ => {}
        }
    }
    runs
}

fn run_info(
    file: &Dockerfile,
    run: &Instruction,
    index: usize,
    stage: Option<usize>,
    shell: &[String],
    onbuild: bool,
) -> RunInfo {
    let program = shell.first().map(|p| p.rsplit(['/', '\\']).next().unwrap_or(p)).unwrap_or("");
    let parsed = if is_posix_shell(program) { parse_run(file, run) } else { None };
    let (body, error) = match parsed {
        Some(Ok(body)) => (Some(body), None),
        Some(Err(error)) => (None, Some(error)),
        None => (None, None),
    };
    RunInfo { index, stage, shell: shell.to_vec(), body, error, onbuild }
}

fn model_command(model: &Model, index: usize) -> Option<&Command> {
    model.stages.iter().flat_map(|s| &s.commands).find(|c| c.index == index).map(|c| &c.command)
}

fn default_shell() -> Vec<String> {
    vec!["/bin/sh".into(), "-c".into()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_know_their_bases() {
        let src = "ARG IMG=alpine:3\nFROM ${IMG} AS Build\nRUN true\nFROM build\nFROM scratch\nCOPY --from=build / /\n";
        Context::with_source(src, &Config::default(), |ctx| {
            assert_eq!(ctx.stages.len(), 3);
            assert_eq!(ctx.stages[0].resolved_base.as_deref(), Some("alpine:3"));
            assert_eq!(ctx.stages[0].name.as_deref(), Some("build"));
            assert_eq!(ctx.stages[1].base_stage, Some(0));
            assert!(ctx.stages[2].is_scratch && ctx.stages[2].is_final);
            assert_eq!(ctx.stage_of(2).map(|s| s.index), Some(0));
            assert_eq!(ctx.stage_of(5).map(|s| s.index), Some(2));
            assert!(ctx.run(2).unwrap().is_analysed());
        });
    }

    #[test]
    fn shell_commands_are_computed_once_per_body() {
        let src = "FROM a:1\nRUN apt-get update && apt-get install -y \"$PKG\" curl\nRUN [\"x\"]\nRUN echo $(date)\n";
        Context::with_source(src, &Config::default(), |ctx| {
            let all: Vec<(usize, Vec<Option<String>>)> = ctx
                .shell_commands()
                .flat_map(|(run, _, commands)| commands.iter().map(move |c| (run.index, c.literals.clone())))
                .collect();
            assert_eq!(all.len(), 4);
            assert_eq!(all[1], (1, vec![Some("install".into()), Some("-y".into()), None, Some("curl".into())]));
            let names: Vec<_> = ctx.shell_commands().flat_map(|(_, _, c)| c.iter().map(|c| c.name.clone())).collect();
            assert_eq!(
                names,
                [Some("apt-get".into()), Some("apt-get".into()), Some("echo".into()), Some("date".into())]
            );
            assert!(ctx.shell_commands().next().unwrap().2[0].is("apt-get"));
        });
    }

    #[test]
    fn shell_instruction_and_pragma_select_the_shell() {
        let src =
            "FROM a\nSHELL [\"pwsh\", \"-c\"]\nRUN Get-Item x\nFROM b\nRUN echo\n# hadolint shell=bash\nRUN echo\n";
        Context::with_source(src, &Config::default(), |ctx| {
            assert!(!ctx.runs[0].is_analysed() && ctx.runs[0].error.is_none());
            assert_eq!(ctx.runs[1].shell, ["/bin/sh", "-c"]);
            assert_eq!(ctx.runs[2].shell, ["bash", "-c"]);
        });
    }

    #[test]
    fn onbuild_run_triggers_are_analysed() {
        let src = "FROM a:1\nONBUILD RUN apt-get install -y curl\nONBUILD COPY . .\n";
        Context::with_source(src, &Config::default(), |ctx| {
            assert_eq!(ctx.runs.len(), 1);
            let run = ctx.run(1).unwrap();
            assert!(run.onbuild);
            let body = run.body.as_ref().unwrap();
            let curl = body.script.simple_commands()[0].command.args()[2].span;
            assert_eq!(ctx.text(body.span(curl)), "curl");
        });
    }
}

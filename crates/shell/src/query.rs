//! Finding simple commands and pipelines anywhere in a script, with their surroundings.
//!
//! [`Script::simple_commands`] lists every simple command — at top level, in compound-command
//! bodies, function bodies, command and process substitutions, heredoc bodies — in pre-order
//! (an enclosing command before the commands of its substitutions; siblings in source order),
//! each with the pipeline, and-or chain and list it belongs to and the constructs enclosing it.

use crate::ast::{
    AndOr, AndOrOp, CompoundCommand, CompoundKind, FunctionDef, List, Pipeline, Script, Separator, SimpleCommand,
};
use crate::visit::{walk_compound_command, walk_simple_command, walk_word_part, Visitor};
use crate::word::{Word, WordPart};

/// A construct enclosing a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nesting {
    /// `( … )`
    Subshell,
    /// `{ …; }`
    BraceGroup,
    /// The condition of `if` or `elif`.
    IfCondition,
    /// A `then` or `else` body.
    IfBody,
    /// The condition of `while`/`until`.
    LoopCondition,
    /// The body of a `for`, `while` or `until` loop.
    LoopBody,
    /// The body of a `case` arm.
    CaseArm,
    /// A function body.
    Function,
    /// `$(…)` or backticks.
    CommandSubstitution,
    /// `<(…)` or `>(…)`.
    ProcessSubstitution,
}

/// A simple command with its surroundings.
#[derive(Debug, Clone)]
pub struct CommandInfo<'a> {
    /// The command.
    pub command: &'a SimpleCommand,
    /// The pipeline it is a stage of (possibly a one-command pipeline).
    pub pipeline: &'a Pipeline,
    /// Its index in `pipeline.commands`.
    pub pipeline_index: usize,
    /// The and-or chain holding the pipeline.
    pub and_or: &'a AndOr,
    /// Index of the pipeline in `and_or.pipelines`.
    pub and_or_index: usize,
    /// A number identifying the and-or chain: commands with equal ids are in the same
    /// `&&`/`||` chain.
    pub and_or_id: usize,
    /// The list holding the chain.
    pub list: &'a List,
    /// Index of the chain's item in `list.items`.
    pub list_index: usize,
    /// Enclosing constructs, outermost first.
    pub nesting: Vec<Nesting>,
}

impl<'a> CommandInfo<'a> {
    /// The command name word.
    pub fn name(&self) -> Option<&'a Word> {
        self.command.name()
    }

    /// The literal command name.
    pub fn name_literal(&self) -> Option<String> {
        self.command.name_literal()
    }

    /// Whether the command is a stage of a pipeline with two or more commands.
    pub fn in_pipeline(&self) -> bool {
        self.pipeline.commands.len() > 1
    }

    /// Whether the command is the last stage of its pipeline (true for a lone command).
    pub fn is_last_in_pipeline(&self) -> bool {
        self.pipeline_index + 1 == self.pipeline.commands.len()
    }

    /// The `&&`/`||` operator before the command's pipeline in its chain.
    pub fn op_before(&self) -> Option<AndOrOp> {
        self.and_or_index.checked_sub(1).and_then(|i| self.and_or.ops.get(i)).copied()
    }

    /// The `&&`/`||` operator after the command's pipeline in its chain.
    pub fn op_after(&self) -> Option<AndOrOp> {
        self.and_or.ops.get(self.and_or_index).copied()
    }

    /// The separator (`;`, `&`, newline) ending the command's chain.
    pub fn separator(&self) -> Option<Separator> {
        self.list.items.get(self.list_index).and_then(|i| i.separator)
    }

    /// Whether the command runs inside a command or process substitution.
    pub fn in_substitution(&self) -> bool {
        self.nesting.iter().any(|n| matches!(n, Nesting::CommandSubstitution | Nesting::ProcessSubstitution))
    }

    /// Whether the command runs in a subshell environment: inside `( … )` or a substitution.
    /// Pipeline stages, which bash also runs in subshells, are not counted; see
    /// [`CommandInfo::in_pipeline`].
    pub fn in_subshell(&self) -> bool {
        self.nesting
            .iter()
            .any(|n| matches!(n, Nesting::Subshell | Nesting::CommandSubstitution | Nesting::ProcessSubstitution))
    }
}

/// A pipeline with its surroundings.
#[derive(Debug, Clone)]
pub struct PipelineInfo<'a> {
    /// The pipeline.
    pub pipeline: &'a Pipeline,
    /// The chain holding it.
    pub and_or: &'a AndOr,
    /// Its index in `and_or.pipelines`.
    pub and_or_index: usize,
    /// Enclosing constructs, outermost first.
    pub nesting: Vec<Nesting>,
}

impl Script {
    /// Every simple command in the script, recursively, in pre-order. See the module docs.
    pub fn simple_commands(&self) -> Vec<CommandInfo<'_>> {
        let mut c = Collector { collect_pipelines: false, ..Collector::default() };
        c.visit_list(&self.body);
        c.commands
    }

    /// The innermost simple command whose span contains `offset` (for hovers and quick
    /// fixes): inside `echo $(date)`, an offset on `date` gives `date`, one on `echo` gives the
    /// `echo` command.
    pub fn command_at(&self, offset: usize) -> Option<CommandInfo<'_>> {
        self.simple_commands().into_iter().filter(|c| c.command.span.contains(offset)).max_by_key(|c| c.nesting.len())
    }

    /// Every pipeline in the script (including one-command pipelines), recursively, in
    /// pre-order.
    pub fn pipelines(&self) -> Vec<PipelineInfo<'_>> {
        let mut c = Collector { collect_pipelines: true, ..Collector::default() };
        c.visit_list(&self.body);
        c.pipelines
    }
}

#[derive(Default)]
struct Collector<'a> {
    commands: Vec<CommandInfo<'a>>,
    pipelines: Vec<PipelineInfo<'a>>,
    lists: Vec<(&'a List, usize)>,
    and_ors: Vec<(&'a AndOr, usize, usize)>,
    stages: Vec<(&'a Pipeline, usize)>,
    nesting: Vec<Nesting>,
    next_id: usize,
    /// Whether to fill `pipelines` (else `commands`): each query wants one of them.
    collect_pipelines: bool,
}

impl<'a> Collector<'a> {
    fn nested_list(&mut self, nesting: Nesting, list: &'a List) {
        self.nesting.push(nesting);
        self.visit_list(list);
        self.nesting.pop();
    }
}

impl<'a> Visitor<'a> for Collector<'a> {
    fn visit_list(&mut self, list: &'a List) {
        for (i, item) in list.items.iter().enumerate() {
            self.lists.push((list, i));
            self.visit_and_or(&item.and_or);
            self.lists.pop();
        }
    }

    fn visit_and_or(&mut self, and_or: &'a AndOr) {
        let id = self.next_id;
        self.next_id += 1;
        for (i, p) in and_or.pipelines.iter().enumerate() {
            self.and_ors.push((and_or, i, id));
            if self.collect_pipelines {
                let nesting = self.nesting.clone();
                self.pipelines.push(PipelineInfo { pipeline: p, and_or, and_or_index: i, nesting });
            }
            self.visit_pipeline(p);
            self.and_ors.pop();
        }
    }

    fn visit_pipeline(&mut self, pipeline: &'a Pipeline) {
        for (i, c) in pipeline.commands.iter().enumerate() {
            self.stages.push((pipeline, i));
            self.visit_command(c);
            self.stages.pop();
        }
    }

    fn visit_simple_command(&mut self, command: &'a SimpleCommand) {
        if let (
            false,
            Some(&(list, list_index)),
            Some(&(and_or, and_or_index, and_or_id)),
            Some(&(pipeline, pipeline_index)),
        ) = (self.collect_pipelines, self.lists.last(), self.and_ors.last(), self.stages.last())
        {
            self.commands.push(CommandInfo {
                command,
                pipeline,
                pipeline_index,
                and_or,
                and_or_index,
                and_or_id,
                list,
                list_index,
                nesting: self.nesting.clone(),
            });
        }
        walk_simple_command(self, command);
    }

    fn visit_compound_command(&mut self, command: &'a CompoundCommand) {
        match &command.kind {
            CompoundKind::BraceGroup(l) => self.nested_list(Nesting::BraceGroup, l),
            CompoundKind::Subshell(l) => self.nested_list(Nesting::Subshell, l),
            CompoundKind::If(i) => {
                self.nested_list(Nesting::IfCondition, &i.condition);
                self.nested_list(Nesting::IfBody, &i.then_body);
                for e in &i.elifs {
                    self.nested_list(Nesting::IfCondition, &e.condition);
                    self.nested_list(Nesting::IfBody, &e.body);
                }
                if let Some(e) = &i.else_body {
                    self.nested_list(Nesting::IfBody, e);
                }
            }
            CompoundKind::For(f) => {
                for w in f.words.iter().flatten() {
                    self.visit_word(w);
                }
                self.nested_list(Nesting::LoopBody, &f.body);
            }
            CompoundKind::ArithFor(f) => {
                for p in &f.header.parts {
                    self.visit_word_part(p);
                }
                self.nested_list(Nesting::LoopBody, &f.body);
            }
            CompoundKind::While(w) => {
                self.nested_list(Nesting::LoopCondition, &w.condition);
                self.nested_list(Nesting::LoopBody, &w.body);
            }
            CompoundKind::Case(c) => {
                self.visit_word(&c.word);
                for arm in &c.arms {
                    for p in &arm.patterns {
                        self.visit_word(p);
                    }
                    self.nested_list(Nesting::CaseArm, &arm.body);
                }
            }
            CompoundKind::Arithmetic(_) | CompoundKind::Test(_) => {
                walk_compound_command(self, command);
                return;
            }
        }
        for r in &command.redirects {
            self.visit_redirect(r);
        }
    }

    fn visit_function(&mut self, function: &'a FunctionDef) {
        self.nesting.push(Nesting::Function);
        self.visit_compound_command(&function.body);
        self.nesting.pop();
    }

    fn visit_word_part(&mut self, part: &'a WordPart) {
        match part {
            WordPart::CommandSub(c) => self.nested_list(Nesting::CommandSubstitution, &c.body),
            WordPart::ProcessSub(p) => self.nested_list(Nesting::ProcessSubstitution, &p.body),
            _ => walk_word_part(self, part),
        }
    }
}

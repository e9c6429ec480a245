//! A read-only visitor over the syntax tree.
//!
//! Implement [`Visitor`], override the `visit_*` methods you care about and call the matching
//! `walk_*` function from an override to keep descending. The default methods visit every node,
//! including commands inside command substitutions, heredoc bodies and parameter-expansion
//! words. Within a simple command, assignments are visited first, then words, then redirects.

use crate::ast::{
    AndOr, AssignValue, Assignment, Command, CompoundCommand, CompoundKind, FunctionDef, List, Pipeline, Redirect,
    RedirectTarget, Script, SimpleCommand,
};
use crate::word::{ParamOp, Word, WordPart};

/// Callbacks for each kind of node; every default descends into the node's children.
pub trait Visitor<'a> {
    /// A list (script body, compound-command body, substitution body).
    fn visit_list(&mut self, list: &'a List) {
        walk_list(self, list);
    }
    /// An and-or chain.
    fn visit_and_or(&mut self, and_or: &'a AndOr) {
        walk_and_or(self, and_or);
    }
    /// A pipeline.
    fn visit_pipeline(&mut self, pipeline: &'a Pipeline) {
        walk_pipeline(self, pipeline);
    }
    /// Any command.
    fn visit_command(&mut self, command: &'a Command) {
        walk_command(self, command);
    }
    /// A simple command.
    fn visit_simple_command(&mut self, command: &'a SimpleCommand) {
        walk_simple_command(self, command);
    }
    /// A compound command.
    fn visit_compound_command(&mut self, command: &'a CompoundCommand) {
        walk_compound_command(self, command);
    }
    /// A function definition.
    fn visit_function(&mut self, function: &'a FunctionDef) {
        walk_function(self, function);
    }
    /// An assignment.
    fn visit_assignment(&mut self, assignment: &'a Assignment) {
        walk_assignment(self, assignment);
    }
    /// A redirect.
    fn visit_redirect(&mut self, redirect: &'a Redirect) {
        walk_redirect(self, redirect);
    }
    /// A word.
    fn visit_word(&mut self, word: &'a Word) {
        walk_word(self, word);
    }
    /// A word part.
    fn visit_word_part(&mut self, part: &'a WordPart) {
        walk_word_part(self, part);
    }
}

/// Visits every node of `script` with `visitor`.
pub fn walk_script<'a, V: Visitor<'a> + ?Sized>(visitor: &mut V, script: &'a Script) {
    visitor.visit_list(&script.body);
}

/// Visits the and-or chains of `list`.
pub fn walk_list<'a, V: Visitor<'a> + ?Sized>(visitor: &mut V, list: &'a List) {
    for item in &list.items {
        visitor.visit_and_or(&item.and_or);
    }
}

/// Visits the pipelines of `and_or`.
pub fn walk_and_or<'a, V: Visitor<'a> + ?Sized>(visitor: &mut V, and_or: &'a AndOr) {
    for pipeline in &and_or.pipelines {
        visitor.visit_pipeline(pipeline);
    }
}

/// Visits the commands of `pipeline`.
pub fn walk_pipeline<'a, V: Visitor<'a> + ?Sized>(visitor: &mut V, pipeline: &'a Pipeline) {
    for command in &pipeline.commands {
        visitor.visit_command(command);
    }
}

/// Dispatches `command` to the visit method for its kind.
pub fn walk_command<'a, V: Visitor<'a> + ?Sized>(visitor: &mut V, command: &'a Command) {
    match command {
        Command::Simple(c) => visitor.visit_simple_command(c),
        Command::Compound(c) => visitor.visit_compound_command(c),
        Command::Function(f) => visitor.visit_function(f),
    }
}

/// Visits assignments, words and redirects of `command`.
pub fn walk_simple_command<'a, V: Visitor<'a> + ?Sized>(visitor: &mut V, command: &'a SimpleCommand) {
    for a in &command.assignments {
        visitor.visit_assignment(a);
    }
    for w in &command.words {
        visitor.visit_word(w);
    }
    for r in &command.redirects {
        visitor.visit_redirect(r);
    }
}

/// Visits the lists, words and redirects of `command`.
pub fn walk_compound_command<'a, V: Visitor<'a> + ?Sized>(visitor: &mut V, command: &'a CompoundCommand) {
    match &command.kind {
        CompoundKind::BraceGroup(l) | CompoundKind::Subshell(l) => visitor.visit_list(l),
        CompoundKind::If(i) => {
            visitor.visit_list(&i.condition);
            visitor.visit_list(&i.then_body);
            for e in &i.elifs {
                visitor.visit_list(&e.condition);
                visitor.visit_list(&e.body);
            }
            if let Some(e) = &i.else_body {
                visitor.visit_list(e);
            }
        }
        CompoundKind::For(f) => {
            for w in f.words.iter().flatten() {
                visitor.visit_word(w);
            }
            visitor.visit_list(&f.body);
        }
        CompoundKind::ArithFor(f) => {
            for p in &f.header.parts {
                visitor.visit_word_part(p);
            }
            visitor.visit_list(&f.body);
        }
        CompoundKind::While(w) => {
            visitor.visit_list(&w.condition);
            visitor.visit_list(&w.body);
        }
        CompoundKind::Case(c) => {
            visitor.visit_word(&c.word);
            for arm in &c.arms {
                for p in &arm.patterns {
                    visitor.visit_word(p);
                }
                visitor.visit_list(&arm.body);
            }
        }
        CompoundKind::Arithmetic(a) => {
            for p in &a.parts {
                visitor.visit_word_part(p);
            }
        }
        CompoundKind::Test(words) => {
            for w in words {
                visitor.visit_word(w);
            }
        }
    }
    for r in &command.redirects {
        visitor.visit_redirect(r);
    }
}

/// Visits the body of `function`.
pub fn walk_function<'a, V: Visitor<'a> + ?Sized>(visitor: &mut V, function: &'a FunctionDef) {
    visitor.visit_compound_command(&function.body);
}

/// Visits the value word(s) of `assignment`.
pub fn walk_assignment<'a, V: Visitor<'a> + ?Sized>(visitor: &mut V, assignment: &'a Assignment) {
    match &assignment.value {
        AssignValue::Scalar(w) => visitor.visit_word(w),
        AssignValue::Array(ws) => {
            for w in ws {
                visitor.visit_word(w);
            }
        }
    }
}

/// Visits the target word or heredoc body of `redirect`.
pub fn walk_redirect<'a, V: Visitor<'a> + ?Sized>(visitor: &mut V, redirect: &'a Redirect) {
    match &redirect.target {
        RedirectTarget::Word(w) => visitor.visit_word(w),
        RedirectTarget::HereDoc(h) => visitor.visit_word(&h.body),
    }
}

/// Visits the parts of `word`.
pub fn walk_word<'a, V: Visitor<'a> + ?Sized>(visitor: &mut V, word: &'a Word) {
    for p in &word.parts {
        visitor.visit_word_part(p);
    }
}

/// Visits what is nested in `part`: quoted parts, substitution bodies, expansion words.
pub fn walk_word_part<'a, V: Visitor<'a> + ?Sized>(visitor: &mut V, part: &'a WordPart) {
    match part {
        WordPart::DoubleQuoted(d) => {
            for p in &d.parts {
                visitor.visit_word_part(p);
            }
        }
        WordPart::CommandSub(c) => visitor.visit_list(&c.body),
        WordPart::ProcessSub(p) => visitor.visit_list(&p.body),
        WordPart::Arith(a) => {
            for p in &a.parts {
                visitor.visit_word_part(p);
            }
        }
        WordPart::Param(p) => {
            if let Some(op) = &p.op {
                walk_param_op(visitor, op);
            }
        }
        WordPart::Literal(_) | WordPart::Escaped(_) | WordPart::SingleQuoted(_) | WordPart::AnsiC(_) => {}
    }
}

/// Visits the words inside a parameter-expansion operator.
pub fn walk_param_op<'a, V: Visitor<'a> + ?Sized>(visitor: &mut V, op: &'a ParamOp) {
    match op {
        ParamOp::Default { word, .. }
        | ParamOp::Assign { word, .. }
        | ParamOp::Error { word, .. }
        | ParamOp::Alternative { word, .. } => visitor.visit_word(word),
        ParamOp::RemovePrefix { pattern, .. }
        | ParamOp::RemoveSuffix { pattern, .. }
        | ParamOp::Case { pattern, .. } => visitor.visit_word(pattern),
        ParamOp::Replace { pattern, replacement, .. } => {
            visitor.visit_word(pattern);
            if let Some(r) = replacement {
                visitor.visit_word(r);
            }
        }
        ParamOp::Substring { offset, length } => {
            visitor.visit_word(offset);
            if let Some(l) = length {
                visitor.visit_word(l);
            }
        }
        ParamOp::Transform(_) | ParamOp::Invalid(_) => {}
    }
}

//! Attaching heredoc bodies, which are read after the line holding their `<<` ends, to the
//! redirects that introduced them.

use crate::ast::{AssignValue, Command, CompoundCommand, CompoundKind, List, Redirect, RedirectTarget};
use crate::word::{ParamOp, Word, WordPart};

/// Moves each read body into the heredoc whose slot it belongs to.
pub(crate) fn attach_bodies(list: &mut List, bodies: &mut [Option<Word>]) {
    if !bodies.is_empty() {
        list_mut(list, bodies);
    }
}

fn list_mut(list: &mut List, bodies: &mut [Option<Word>]) {
    for item in &mut list.items {
        for pipeline in &mut item.and_or.pipelines {
            for command in &mut pipeline.commands {
                command_mut(command, bodies);
            }
        }
    }
}

fn command_mut(command: &mut Command, bodies: &mut [Option<Word>]) {
    match command {
        Command::Simple(c) => {
            for a in &mut c.assignments {
                match &mut a.value {
                    AssignValue::Scalar(w) => word_mut(w, bodies),
                    AssignValue::Array(ws) => ws.iter_mut().for_each(|w| word_mut(w, bodies)),
                }
            }
            c.words.iter_mut().for_each(|w| word_mut(w, bodies));
            c.redirects.iter_mut().for_each(|r| redirect_mut(r, bodies));
        }
        Command::Compound(c) => compound_mut(c, bodies),
        Command::Function(f) => compound_mut(&mut f.body, bodies),
    }
}

fn compound_mut(c: &mut CompoundCommand, bodies: &mut [Option<Word>]) {
    match &mut c.kind {
        CompoundKind::BraceGroup(l) | CompoundKind::Subshell(l) => list_mut(l, bodies),
        CompoundKind::If(i) => {
            list_mut(&mut i.condition, bodies);
            list_mut(&mut i.then_body, bodies);
            for e in &mut i.elifs {
                list_mut(&mut e.condition, bodies);
                list_mut(&mut e.body, bodies);
            }
            if let Some(e) = &mut i.else_body {
                list_mut(e, bodies);
            }
        }
        CompoundKind::For(f) => {
            for w in f.words.iter_mut().flatten() {
                word_mut(w, bodies);
            }
            list_mut(&mut f.body, bodies);
        }
        CompoundKind::ArithFor(f) => {
            parts_mut(&mut f.header.parts, bodies);
            list_mut(&mut f.body, bodies);
        }
        CompoundKind::While(w) => {
            list_mut(&mut w.condition, bodies);
            list_mut(&mut w.body, bodies);
        }
        CompoundKind::Case(cc) => {
            word_mut(&mut cc.word, bodies);
            for arm in &mut cc.arms {
                arm.patterns.iter_mut().for_each(|w| word_mut(w, bodies));
                list_mut(&mut arm.body, bodies);
            }
        }
        CompoundKind::Arithmetic(a) => parts_mut(&mut a.parts, bodies),
        CompoundKind::Test(ws) => ws.iter_mut().for_each(|w| word_mut(w, bodies)),
    }
    c.redirects.iter_mut().for_each(|r| redirect_mut(r, bodies));
}

fn redirect_mut(r: &mut Redirect, bodies: &mut [Option<Word>]) {
    match &mut r.target {
        RedirectTarget::Word(w) => word_mut(w, bodies),
        RedirectTarget::HereDoc(h) => {
            if let Some(body) = h.slot.take().and_then(|s| bodies.get_mut(s)).and_then(Option::take) {
                h.body = body;
            }
            word_mut(&mut h.body, bodies);
        }
    }
}

fn word_mut(w: &mut Word, bodies: &mut [Option<Word>]) {
    parts_mut(&mut w.parts, bodies);
}

fn parts_mut(parts: &mut [WordPart], bodies: &mut [Option<Word>]) {
    for part in parts {
        match part {
            WordPart::DoubleQuoted(d) => parts_mut(&mut d.parts, bodies),
            WordPart::CommandSub(c) => list_mut(&mut c.body, bodies),
            WordPart::ProcessSub(p) => list_mut(&mut p.body, bodies),
            WordPart::Arith(a) => parts_mut(&mut a.parts, bodies),
            WordPart::Param(p) => {
                if let Some(op) = &mut p.op {
                    param_op_mut(op, bodies);
                }
            }
            WordPart::Literal(_) | WordPart::Escaped(_) | WordPart::SingleQuoted(_) | WordPart::AnsiC(_) => {}
        }
    }
}

fn param_op_mut(op: &mut ParamOp, bodies: &mut [Option<Word>]) {
    match op {
        ParamOp::Default { word, .. }
        | ParamOp::Assign { word, .. }
        | ParamOp::Error { word, .. }
        | ParamOp::Alternative { word, .. } => word_mut(word, bodies),
        ParamOp::RemovePrefix { pattern, .. }
        | ParamOp::RemoveSuffix { pattern, .. }
        | ParamOp::Case { pattern, .. } => word_mut(pattern, bodies),
        ParamOp::Replace { pattern, replacement, .. } => {
            word_mut(pattern, bodies);
            if let Some(r) = replacement {
                word_mut(r, bodies);
            }
        }
        ParamOp::Substring { offset, length } => {
            word_mut(offset, bodies);
            if let Some(l) = length {
                word_mut(l, bodies);
            }
        }
        ParamOp::Transform(_) | ParamOp::Invalid(_) => {}
    }
}

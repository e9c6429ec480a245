//! Executing the syntax tree: lists, `&&`/`||`, pipelines, compound commands, functions and
//! simple commands.

use std::rc::Rc;

use crate::ast::{
    AndOr, AndOrOp, AssignValue, Assignment, CaseClause, CaseTerminator, Command, CompoundCommand, CompoundKind,
    ForClause, List, PipeOp, Pipeline, SeparatorKind, SimpleCommand, WhileClause,
};

use super::builtins;
use super::io::{Fd, Io, Sink};
use super::shell::{Flow, Shell, Status};
use super::state::is_name;
use super::RunErrorKind;

impl Shell<'_> {
    /// Runs a list; the status is the last item's.
    pub fn exec_list(&mut self, list: &List, io: &Io) -> Status {
        let mut status = 0;
        for item in &list.items {
            status = self.exec_and_or(&item.and_or, io)?;
            if item.separator.is_some_and(|s| s.kind == SeparatorKind::Amp) {
                // Background jobs run to completion; `$!` gets a fake, increasing pid.
                self.background_counter += 1;
                self.st.last_background = Some(self.background_counter);
                status = 0;
                self.st.last_status = 0;
            }
        }
        Ok(status)
    }

    fn exec_and_or(&mut self, chain: &AndOr, io: &Io) -> Status {
        let mut status = 0;
        let last = chain.pipelines.len().saturating_sub(1);
        for (i, pipeline) in chain.pipelines.iter().enumerate() {
            if i > 0 {
                let skip = match chain.ops.get(i - 1) {
                    Some(AndOrOp::And) => status != 0,
                    Some(AndOrOp::Or) => status == 0,
                    None => false,
                };
                if skip {
                    continue;
                }
            }
            status = if i < last {
                self.in_condition(|sh| sh.exec_pipeline(pipeline, io))?
            } else {
                self.exec_pipeline(pipeline, io)?
            };
            self.st.last_status = status;
            if i == last && status != 0 && !pipeline.bang && self.cond == 0 && self.st.opts.errexit {
                return Err(Flow::Exit(status));
            }
        }
        Ok(status)
    }

    fn exec_pipeline(&mut self, pipeline: &Pipeline, io: &Io) -> Status {
        let status = if pipeline.bang {
            let s = self.in_condition(|sh| sh.exec_commands(pipeline, io))?;
            i32::from(s == 0)
        } else {
            self.exec_commands(pipeline, io)?
        };
        self.st.last_status = status;
        Ok(status)
    }

    fn exec_commands(&mut self, pipeline: &Pipeline, io: &Io) -> Status {
        if let [command] = pipeline.commands.as_slice() {
            return self.exec_command(command, io);
        }
        let (streams, buffers) = (self.streams.len(), self.buffers.len());
        let mut input = io.fds[0].clone();
        let mut statuses = Vec::with_capacity(pipeline.commands.len());
        let last = pipeline.commands.len() - 1;
        for (i, command) in pipeline.commands.iter().enumerate() {
            let mut cmd_io = io.with(0, input.clone());
            let buffer = self.buffers.len();
            if i < last {
                self.buffers.push(Vec::new());
                cmd_io = cmd_io.with(1, Fd::Out(Sink::Buffer(buffer)));
                if pipeline.ops.get(i) == Some(&PipeOp::PipeAll) {
                    cmd_io = cmd_io.with(2, Fd::Out(Sink::Buffer(buffer)));
                }
            }
            let status = self.subshell(|sh| sh.exec_command(command, &cmd_io));
            let status = match status {
                Ok(s) => s,
                Err(e) => {
                    self.streams.truncate(streams);
                    self.buffers.truncate(buffers);
                    return Err(e);
                }
            };
            statuses.push(status);
            if i < last {
                let data = std::mem::take(&mut self.buffers[buffer]);
                input = Fd::In(self.push_stream(data));
            }
        }
        self.streams.truncate(streams);
        self.buffers.truncate(buffers);
        let status = if self.st.opts.pipefail {
            statuses.iter().rev().copied().find(|&s| s != 0).unwrap_or(0)
        } else {
            statuses.last().copied().unwrap_or(0)
        };
        Ok(status)
    }

    /// Runs one command of a pipeline.
    pub fn exec_command(&mut self, command: &Command, io: &Io) -> Status {
        match command {
            Command::Simple(c) => self.exec_simple(c, io),
            Command::Compound(c) => self.exec_compound(c, io),
            Command::Function(f) => {
                self.st.functions.insert(f.name.clone(), (Rc::new((*f.body).clone()), self.outer_span));
                Ok(0)
            }
        }
    }

    fn exec_compound(&mut self, command: &CompoundCommand, io: &Io) -> Status {
        // Compound commands count towards the depth limit too, so that deep syntax inside
        // deep calls cannot exhaust the stack.
        self.nested(|sh| {
            let streams = sh.streams.len();
            let result = match sh.open_redirects(&command.redirects, io)? {
                Err(status) => Ok(status),
                Ok(io) => sh.exec_compound_kind(&command.kind, &io),
            };
            sh.streams.truncate(streams);
            result
        })
    }

    fn exec_compound_kind(&mut self, kind: &CompoundKind, io: &Io) -> Status {
        match kind {
            CompoundKind::BraceGroup(list) => self.exec_list(list, io),
            CompoundKind::Subshell(list) => self.subshell(|sh| sh.exec_list(list, io)),
            CompoundKind::If(clause) => {
                if self.in_condition(|sh| sh.exec_list(&clause.condition, io))? == 0 {
                    return self.exec_list(&clause.then_body, io);
                }
                for elif in &clause.elifs {
                    if self.in_condition(|sh| sh.exec_list(&elif.condition, io))? == 0 {
                        return self.exec_list(&elif.body, io);
                    }
                }
                match &clause.else_body {
                    Some(body) => self.exec_list(body, io),
                    None => Ok(0),
                }
            }
            CompoundKind::For(clause) => self.exec_for(clause, io),
            CompoundKind::ArithFor(clause) => {
                let header = self.expand_arith_text(&clause.header.parts, io)?;
                let mut parts = header.splitn(3, ';').map(str::trim).map(str::to_string);
                let (init, test, update) = (
                    parts.next().unwrap_or_default(),
                    parts.next().unwrap_or_default(),
                    parts.next().unwrap_or_default(),
                );
                if !init.is_empty() {
                    self.arith(&init, io)?;
                }
                let mut status = 0;
                let mut iterations = 0;
                loop {
                    if !test.is_empty() && self.arith(&test, io)? == 0 {
                        break;
                    }
                    self.loop_tick(&mut iterations)?;
                    match self.exec_list(&clause.body, io) {
                        Ok(s) => status = s,
                        Err(Flow::Break(n)) => return if n > 1 { Err(Flow::Break(n - 1)) } else { Ok(status) },
                        Err(Flow::Continue(n)) if n > 1 => return Err(Flow::Continue(n - 1)),
                        Err(Flow::Continue(_)) => {}
                        Err(e) => return Err(e),
                    }
                    if !update.is_empty() {
                        self.arith(&update, io)?;
                    }
                }
                Ok(status)
            }
            CompoundKind::While(clause) => self.exec_while(clause, io),
            CompoundKind::Case(clause) => self.exec_case(clause, io),
            CompoundKind::Arithmetic(expr) => {
                let text = self.expand_arith_text(&expr.parts, io)?;
                Ok(i32::from(self.arith(&text, io)? == 0))
            }
            CompoundKind::Test(words) => {
                let mut args: Vec<String> = Vec::with_capacity(words.len());
                let mut i = 0;
                while let Some(word) = words.get(i) {
                    i += 1;
                    let previous = args.last().map(String::as_str);
                    if previous == Some("=~") {
                        // The parser splits `a(b)` at the parentheses; glue adjacent words
                        // back into one regular expression.
                        let mut value = self.expand_single(word, io)?;
                        let mut end = word.span.end;
                        while let Some(next) = words.get(i).filter(|w| w.span.start == end) {
                            value.push_str(&self.expand_single(next, io)?);
                            end = next.span.end;
                            i += 1;
                        }
                        args.push(value);
                        continue;
                    }
                    // The right side of `==`/`!=` is a pattern; everything else is a string.
                    let is_pattern = matches!(previous, Some("==" | "=" | "!="));
                    let value = if is_pattern { self.expand_pattern(word, io)? } else { self.expand_single(word, io)? };
                    args.push(value);
                }
                Ok(builtins::test::double_bracket(self, io, &args)?)
            }
        }
    }

    /// Counts one loop iteration against the limits.
    pub fn loop_tick(&mut self, iterations: &mut u64) -> Result<(), Flow> {
        *iterations += 1;
        if *iterations > self.env.limits.max_loop_iterations {
            let limit = self.env.limits.max_loop_iterations;
            return Err(self.abort(RunErrorKind::LoopLimit, format!("sh: loop iteration limit of {limit} exceeded")));
        }
        self.step()
    }

    fn exec_for(&mut self, clause: &ForClause, io: &Io) -> Status {
        let items = match &clause.words {
            Some(words) => self.expand_words(words, io)?,
            None => self.st.positional.clone(),
        };
        let mut status = 0;
        let mut iterations = 0;
        for item in items {
            self.loop_tick(&mut iterations)?;
            self.assign(&clause.variable, item, io)?;
            match self.exec_list(&clause.body, io) {
                Ok(s) => status = s,
                Err(Flow::Break(n)) => return if n > 1 { Err(Flow::Break(n - 1)) } else { Ok(status) },
                Err(Flow::Continue(n)) if n > 1 => return Err(Flow::Continue(n - 1)),
                Err(Flow::Continue(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(status)
    }

    fn exec_while(&mut self, clause: &WhileClause, io: &Io) -> Status {
        let mut status = 0;
        let mut iterations = 0;
        loop {
            let test = self.in_condition(|sh| sh.exec_list(&clause.condition, io));
            let test = match test {
                Ok(s) => s,
                Err(Flow::Break(n)) => return if n > 1 { Err(Flow::Break(n - 1)) } else { Ok(status) },
                Err(e) => return Err(e),
            };
            if (test == 0) == clause.until {
                break;
            }
            self.loop_tick(&mut iterations)?;
            match self.exec_list(&clause.body, io) {
                Ok(s) => status = s,
                Err(Flow::Break(n)) => return if n > 1 { Err(Flow::Break(n - 1)) } else { Ok(status) },
                Err(Flow::Continue(n)) if n > 1 => return Err(Flow::Continue(n - 1)),
                Err(Flow::Continue(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(status)
    }

    fn exec_case(&mut self, clause: &CaseClause, io: &Io) -> Status {
        let subject = self.expand_single(&clause.word, io)?;
        let mut falling = false;
        let mut status = 0;
        for arm in &clause.arms {
            let mut hit = falling;
            if !hit {
                for pattern in &arm.patterns {
                    let pattern = self.expand_pattern(pattern, io)?;
                    if super::pattern::matches(&pattern, &subject) {
                        hit = true;
                        break;
                    }
                }
            }
            if !hit {
                continue;
            }
            status = self.exec_list(&arm.body, io)?;
            match arm.terminator {
                Some(CaseTerminator::FallThrough) => falling = true,
                Some(CaseTerminator::Continue) => falling = false,
                Some(CaseTerminator::Break) | None => return Ok(status),
            }
        }
        Ok(status)
    }

    /// Sets a variable, checking the word-length limit.
    pub fn assign(&mut self, name: &str, value: String, io: &Io) -> Result<(), Flow> {
        let _ = io;
        if value.len() > self.env.limits.max_word_len {
            return Err(
                self.abort(RunErrorKind::WordLimit, format!("sh: value of {name} exceeds the word length limit"))
            );
        }
        self.st.set(name, value);
        Ok(())
    }

    fn assignment_value(&mut self, assignment: &Assignment, io: &Io) -> Result<String, Flow> {
        let value = match &assignment.value {
            AssignValue::Scalar(word) => self.expand_assignment(word, io)?,
            // Arrays are flattened to their words joined by spaces (enough for `${a[*]}`-free
            // scripts).
            AssignValue::Array(words) => self.expand_words(words, io)?.join(" "),
        };
        if assignment.append {
            let old = self.st.get(&assignment.name).unwrap_or_default().to_string();
            return Ok(old + &value);
        }
        Ok(value)
    }

    fn exec_simple(&mut self, command: &SimpleCommand, io: &Io) -> Status {
        self.step()?;
        self.current_span = command.span;
        self.last_sub_status = None;
        let argv = self.expand_words(&command.words, io)?;
        let streams = self.streams.len();
        let result = self.exec_simple_expanded(command, argv, io);
        self.streams.truncate(streams);
        result
    }

    fn exec_simple_expanded(&mut self, command: &SimpleCommand, argv: Vec<String>, io: &Io) -> Status {
        if argv.is_empty() {
            let mut trace = Vec::new();
            for assignment in &command.assignments {
                let value = self.assignment_value(assignment, io)?;
                trace.push(format!("{}={}", assignment.name, trace_quote(&value)));
                self.assign(&assignment.name, value, io)?;
            }
            self.trace(io, &trace)?;
            let status = self.last_sub_status.unwrap_or(0);
            return match self.open_redirects(&command.redirects, io)? {
                Ok(_) => Ok(status),
                Err(status) => Ok(status),
            };
        }
        let special = builtins::is_special(&argv[0]);
        let mut saved = Vec::new();
        let mut trace = Vec::new();
        for assignment in &command.assignments {
            let value = self.assignment_value(assignment, io)?;
            trace.push(format!("{}={}", assignment.name, trace_quote(&value)));
            if special {
                self.assign(&assignment.name, value, io)?;
            } else {
                saved.push((assignment.name.clone(), self.st.vars.get(&assignment.name).cloned()));
                self.st.export(&assignment.name, Some(value));
            }
        }
        trace.extend(argv.iter().map(|a| trace_quote(a)));
        self.trace(io, &trace)?;
        let result = match self.open_redirects(&command.redirects, io) {
            Ok(Ok(io)) => self.dispatch(&argv, &io),
            Ok(Err(status)) => Ok(status),
            Err(e) => Err(e),
        };
        for (name, old) in saved.into_iter().rev() {
            match old {
                Some(var) => {
                    self.st.vars.insert(name, var);
                }
                None => {
                    self.st.vars.remove(&name);
                }
            }
        }
        result
    }

    /// Writes a `set -x` trace line.
    fn trace(&mut self, io: &Io, words: &[String]) -> Result<(), Flow> {
        if self.st.opts.xtrace && !words.is_empty() {
            self.write(io, 2, format!("+ {}\n", words.join(" ")).as_bytes())?;
        }
        Ok(())
    }

    /// Runs a command by name: function, builtin, or not emulated.
    pub fn dispatch(&mut self, argv: &[String], io: &Io) -> Status {
        let name = argv[0].as_str();
        if let Some((body, origin)) = self.st.functions.get(name).cloned() {
            let previous = self.outer_span;
            if previous.is_none() && origin.is_some() {
                self.outer_span = origin;
            }
            let result = self.call_function(&body, argv, io);
            self.outer_span = previous;
            return result;
        }
        if let Some(builtin) = builtins::lookup(name) {
            return builtin(self, io, argv);
        }
        match builtins::script_in_fs(self, name) {
            Some(script) => builtins::run_script_file(self, io, &script, argv),
            None => self.not_emulated(io, argv),
        }
    }

    fn call_function(&mut self, body: &CompoundCommand, argv: &[String], io: &Io) -> Status {
        self.nested(|sh| {
            let saved = std::mem::replace(&mut sh.st.positional, argv[1..].to_vec());
            sh.locals.push(Vec::new());
            let result = sh.exec_compound(body, io);
            for (name, old) in sh.locals.pop().unwrap_or_default().into_iter().rev() {
                match old {
                    Some(var) => {
                        sh.st.vars.insert(name, var);
                    }
                    None => {
                        sh.st.vars.remove(&name);
                    }
                }
            }
            sh.st.positional = saved;
            match result {
                Err(Flow::Return(s)) => Ok(s),
                other => other,
            }
        })
    }

    /// Runs `source` as a script in the current shell (`eval`, `.`), reporting nested
    /// commands at the current command's span.
    pub fn exec_source(&mut self, source: &str, io: &Io) -> Status {
        let script = match crate::parse(source) {
            Ok(s) => s,
            Err(e) => {
                self.err(io, &format!("sh: syntax error: {}", e.message))?;
                return Ok(2);
            }
        };
        let previous = self.outer_span;
        if previous.is_none() {
            self.outer_span = Some(self.current_span);
        }
        let result = self.nested(|sh| sh.exec_list(&script.body, io));
        self.outer_span = previous;
        result
    }

    /// Whether `name` is a valid variable name for `export`, `local`, `read`, ….
    pub fn check_name(&mut self, io: &Io, command: &str, name: &str) -> Result<bool, Flow> {
        if is_name(name) {
            return Ok(true);
        }
        self.err(io, &format!("sh: {command}: {name}: bad variable name"))?;
        Ok(false)
    }
}

/// Quotes a word for a `set -x` trace the way bash does.
pub fn trace_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%^".contains(c) || !c.is_ascii());
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

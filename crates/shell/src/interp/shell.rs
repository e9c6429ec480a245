//! The interpreter's state for one [`super::run`]: filesystem, shell state, stream arenas,
//! limits and the report being built, plus the small helpers every other module uses.

use std::collections::BTreeMap;

use crate::span::Span;

use super::fs::{Attrs, Fs};
use super::io::{Fd, Io, Sink, Stream};
use super::state::{Opts, State, Var};
use super::{path, ExecEnv, NotEmulated, Outcome, RunError, RunErrorKind};

/// Why execution left the normal path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flow {
    /// `exit N`, `set -e`, or a fatal expansion error: leave the current (sub)shell.
    Exit(i32),
    /// `return N` from a function.
    Return(i32),
    /// `break N`.
    Break(usize),
    /// `continue N`.
    Continue(usize),
    /// A limit was hit: stop everything.
    Abort(RunError),
}

/// The status of a command, or a change of control flow.
pub type Status = Result<i32, Flow>;

/// Saved variables of one function call (`local`).
pub type LocalFrame = Vec<(String, Option<Var>)>;

/// One interpreter run.
pub struct Shell<'a> {
    pub fs: &'a mut dyn Fs,
    pub env: &'a ExecEnv,
    pub st: State,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub buffers: Vec<Vec<u8>>,
    pub streams: Vec<Stream>,
    pub not_emulated: Vec<NotEmulated>,
    /// Function, `sh -c`, `eval` and substitution nesting.
    pub depth: usize,
    pub steps: u64,
    /// While running a string given to `sh -c`/`eval`/`.`, the span of that command in the
    /// top-level script.
    pub outer_span: Option<Span>,
    /// The simple command being run.
    pub current_span: Span,
    /// How many enclosing contexts suppress `set -e` (conditions, `!`, non-final `&&`/`||`).
    pub cond: usize,
    /// Status of the last command substitution of the current simple command.
    pub last_sub_status: Option<i32>,
    pub locals: Vec<LocalFrame>,
    pub temp_counter: u32,
    pub background_counter: u32,
}

impl<'a> Shell<'a> {
    /// A fresh shell for `env`.
    pub fn new(fs: &'a mut dyn Fs, env: &'a ExecEnv) -> Self {
        // extend, not collect: collecting into a BTreeMap sorts first, one more sort routine in the playground's wasm
        let mut vars = BTreeMap::new();
        vars.extend(env.env.iter().map(|(k, v)| (k.clone(), Var { value: v.clone(), exported: true })));
        let mut opts = Opts::default();
        let mut args = env.shell.iter().skip(1);
        while let Some(arg) = args.next() {
            if arg == "-o" || arg == "+o" {
                if let Some(name) = args.next() {
                    opts.set_long(name, arg == "-o");
                }
            } else if let Some(letters) = arg.strip_prefix('-') {
                for c in letters.chars() {
                    if c == 'o' {
                        if let Some(name) = args.next() {
                            opts.set_long(name, true);
                        }
                    } else {
                        opts.set_short(c, true);
                    }
                }
            }
        }
        let st = State {
            vars,
            functions: Default::default(),
            arg0: env.shell.first().cloned().unwrap_or_else(|| "sh".to_string()),
            positional: Vec::new(),
            cwd: path::absolute("/", &env.cwd),
            opts,
            last_status: 0,
            last_background: None,
            bash: env.shell.first().is_some_and(|s| s.rsplit('/').next() == Some("bash")),
        };
        Shell {
            fs,
            env,
            st,
            stdout: Vec::new(),
            stderr: Vec::new(),
            buffers: Vec::new(),
            streams: vec![Stream::default()],
            not_emulated: Vec::new(),
            depth: 0,
            steps: 0,
            outer_span: None,
            current_span: Span::default(),
            cond: 0,
            last_sub_status: None,
            locals: Vec::new(),
            temp_counter: 0,
            background_counter: 1,
        }
    }

    /// Parses and runs the top-level script.
    pub fn run_script(mut self, src: &str) -> Outcome {
        let (status, error) = match crate::parse(src) {
            Err(e) => {
                let message = format!("sh: syntax error: {}", e.message);
                self.stderr.extend_from_slice(message.as_bytes());
                self.stderr.push(b'\n');
                let span = Span::new(e.offset, e.offset);
                (2, Some(RunError { kind: RunErrorKind::Syntax, message, span }))
            }
            Ok(script) => match self.exec_list(&script.body, &Io::top(0)) {
                Ok(s) | Err(Flow::Exit(s)) | Err(Flow::Return(s)) => (s, None),
                Err(Flow::Break(_)) | Err(Flow::Continue(_)) => (self.st.last_status, None),
                Err(Flow::Abort(e)) => {
                    self.stderr.extend_from_slice(e.message.as_bytes());
                    self.stderr.push(b'\n');
                    (2, Some(e))
                }
            },
        };
        Outcome {
            exit_status: status,
            stdout: String::from_utf8_lossy(&self.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&self.stderr).into_owned(),
            not_emulated: self.not_emulated,
            error,
        }
    }

    /// A [`Flow::Abort`] for a limit.
    pub fn abort(&self, kind: RunErrorKind, message: impl Into<String>) -> Flow {
        Flow::Abort(RunError { kind, message: message.into(), span: self.report_span() })
    }

    /// The span to report for the current command.
    pub fn report_span(&self) -> Span {
        self.outer_span.unwrap_or(self.current_span)
    }

    /// Counts one unit of work against [`super::Limits::max_steps`].
    pub fn step(&mut self) -> Result<(), Flow> {
        self.steps += 1;
        if self.steps > self.env.limits.max_steps {
            return Err(self.abort(
                RunErrorKind::StepLimit,
                format!("sh: step limit of {} commands exceeded", self.env.limits.max_steps),
            ));
        }
        Ok(())
    }

    /// Runs `f` one level deeper, failing when [`super::Limits::max_depth`] is reached.
    pub fn nested(&mut self, f: impl FnOnce(&mut Self) -> Status) -> Status {
        if self.depth >= self.env.limits.max_depth {
            return Err(self.abort(
                RunErrorKind::DepthLimit,
                format!("sh: nesting limit of {} exceeded", self.env.limits.max_depth),
            ));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    /// Runs `f` in a subshell: state changes are discarded and `exit` only leaves it.
    pub fn subshell(&mut self, f: impl FnOnce(&mut Self) -> Status) -> Status {
        let saved = self.st.clone();
        let saved_locals = self.locals.clone();
        let result = f(self);
        self.st = saved;
        self.locals = saved_locals;
        match result {
            Ok(s) | Err(Flow::Exit(s)) | Err(Flow::Return(s)) => Ok(s),
            Err(Flow::Break(_)) | Err(Flow::Continue(_)) => Ok(0),
            Err(abort @ Flow::Abort(_)) => Err(abort),
        }
    }

    /// Runs `f` in a context where a failure does not trigger `set -e`.
    pub fn in_condition(&mut self, f: impl FnOnce(&mut Self) -> Status) -> Status {
        self.cond += 1;
        let result = f(self);
        self.cond -= 1;
        result
    }

    /// Writes to descriptor `fd`.
    pub fn write(&mut self, io: &Io, fd: usize, data: &[u8]) -> Result<(), Flow> {
        if data.is_empty() {
            return Ok(());
        }
        let limit = self.env.limits.max_output;
        match io.fds.get(fd) {
            Some(Fd::Out(Sink::Stdout)) => self.stdout.extend_from_slice(data),
            Some(Fd::Out(Sink::Stderr)) => self.stderr.extend_from_slice(data),
            Some(Fd::Out(Sink::Buffer(i))) => {
                let i = *i;
                if let Some(buffer) = self.buffers.get_mut(i) {
                    if buffer.len() + data.len() > limit {
                        return Err(
                            self.abort(RunErrorKind::OutputLimit, format!("sh: captured output exceeds {limit} bytes"))
                        );
                    }
                    buffer.extend_from_slice(data);
                }
                return Ok(());
            }
            Some(Fd::Out(Sink::File(p))) => {
                let attrs = self.attrs(0o644);
                // The file was created when the redirect was opened; a failure here (size
                // limit) loses the data, as a full disk would.
                let _ = self.fs.write_file(p, data, super::fs::WriteMode::Append, &attrs);
                return Ok(());
            }
            _ => return Ok(()),
        }
        if self.stdout.len() + self.stderr.len() > limit {
            return Err(self.abort(RunErrorKind::OutputLimit, format!("sh: output exceeds {limit} bytes")));
        }
        Ok(())
    }

    /// Writes `text` to standard output.
    pub fn out(&mut self, io: &Io, text: &str) -> Result<(), Flow> {
        self.write(io, 1, text.as_bytes())
    }

    /// Writes `message` and a newline to standard error.
    pub fn err(&mut self, io: &Io, message: &str) -> Result<(), Flow> {
        self.write(io, 2, format!("{message}\n").as_bytes())
    }

    /// Everything left on standard input.
    pub fn read_stdin(&mut self, io: &Io) -> Vec<u8> {
        match io.fds.first() {
            Some(Fd::In(i)) => self.streams.get_mut(*i).map(Stream::read_all).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Adds an input stream holding `data`; returns its index.
    pub fn push_stream(&mut self, data: Vec<u8>) -> usize {
        self.streams.push(Stream { data, pos: 0 });
        self.streams.len() - 1
    }

    /// `path` made absolute against the working directory.
    pub fn abs(&self, path: &str) -> String {
        path::absolute(&self.st.cwd, path)
    }

    /// Attributes for a node created now by the current user.
    pub fn attrs(&self, mode: u32) -> Attrs {
        Attrs { mode, uid: self.env.uid, gid: self.env.gid, mtime: self.env.mtime }
    }

    /// Records a command that is not emulated; returns its status (0, or 127 when strict).
    pub fn not_emulated(&mut self, io: &Io, argv: &[String]) -> Status {
        let command = argv.first().cloned().unwrap_or_default();
        self.not_emulated.push(NotEmulated { command: command.clone(), argv: argv.to_vec(), span: self.report_span() });
        if self.env.strict {
            self.err(io, &format!("sh: {command}: not emulated"))?;
            return Ok(127);
        }
        Ok(0)
    }
}

//! A small shell interpreter over a [`Fs`]: the engine of the *emulated* `RUN` executor.
//!
//! [`run`] parses a script with [`crate::parse`] and executes it against a filesystem,
//! following POSIX `sh` semantics for the subset found in Dockerfiles: lists, `&&`/`||`,
//! pipelines (run one after another, output buffered in memory), subshells and groups, `if`,
//! `for`, `while`/`until`, `case`, functions, `set -euxo pipefail`, redirects and heredocs,
//! and full word expansion (parameters, `$(…)`, `$((…))`, field splitting, globbing against
//! the filesystem, tilde). Common utilities (`echo`, `printf`, `cat`, `mkdir`, `cp`, `mv`,
//! `ln`, `rm`, `chmod`, `chown`, `install`, `find`, `grep`, `sed -i s///`, `sort`, `cut`,
//! `tr`, `adduser`/`useradd`, …) are built in and act on the [`Fs`]; see
//! [`EMULATED_COMMANDS`].
//!
//! A shell script in the filesystem (`./build.sh`, or a name found on `$PATH` whose `#!`
//! line names `sh`/`bash`) runs in a nested shell; a file without execute permission gives
//! status 126.
//!
//! Anything else (`apt-get`, `curl`, `npm`, binaries in the filesystem, …) is **not
//! emulated**: it is recorded in [`Outcome::not_emulated`] with its span, has no effect and returns status 0, like a dry
//! run, so the rest of the script still runs. With [`ExecEnv::strict`] it returns 127 and
//! prints `sh: NAME: not emulated` instead. An emulated utility given an option it does not
//! know is treated the same way.
//!
//! Everything is deterministic (no clock, no randomness: `$$` is 1, `mktemp` names count up,
//! new files get [`ExecEnv::mtime`]) and bounded by [`Limits`]: exceeding a limit stops the
//! script with [`Outcome::error`] set, never a hang or a panic. Paths never leave the
//! filesystem's root (`..` and absolute symlink targets stop at `/`).
//!
//! # Choices and known differences from a real shell
//!
//! - The shell is dash-like `sh` unless [`ExecEnv::shell`] (or a nested `bash -c`) names
//!   bash, which turns on brace expansion (`{a,b}`, `{1..3}`). Arrays are flattened to one
//!   space-joined string; `[[ … ]]`, `(( … ))`, `for ((…))`, `${V/p/r}`, `${V:o:l}`,
//!   `${V^^}` and `$'…'` work in both modes.
//! - `echo` follows bash and busybox: escapes only with `-e` (dash always decodes them).
//! - Pipelines run their commands one after another, each in a subshell, with the output
//!   buffered; background jobs (`&`) run to completion before the next command; `wait`,
//!   `trap`, `umask`, `hash` and `sleep` do nothing.
//! - `ls` prints names only, one per line (as when not on a terminal); `ls -l` and any
//!   option an emulated utility does not know are reported as not emulated.
//! - Permissions are recorded (`chmod`, `chown`, ownership of new files, umask 022) but not
//!   enforced: a non-root user may write anywhere.
//! - `exec` with only redirects does not redirect the rest of the script; process
//!   substitution `<(…)` is not emulated and reads as `/dev/null`.
//! - Expansion errors (`${V:?}`, `set -u`, bad arithmetic) exit the (sub)shell with status 2,
//!   as dash does. A syntax error, and any exceeded limit, gives status 2.
//!
//! ```
//! use slipway_shell::interp::{run, ExecEnv, MemFs};
//! let mut fs = MemFs::new();
//! let out = run("mkdir -p /app && cd /app && echo hi > greeting; cat greeting; apt-get update", &mut fs, &ExecEnv::default());
//! assert_eq!(out.exit_status, 0);
//! assert_eq!(out.stdout, "hi\n");
//! assert_eq!(fs.text("/app/greeting").as_deref(), Some("hi\n"));
//! assert_eq!(out.not_emulated[0].command, "apt-get");
//! ```

mod arith;
mod builtins;
mod exec;
mod expand;
mod fs;
mod io;
mod memfs;
mod path;
mod pattern;
mod redirect;
mod shell;
mod state;

use std::collections::BTreeMap;

use crate::span::Span;

pub use builtins::EMULATED_COMMANDS;
pub use fs::{
    resolve_by_components, Attrs, FileType, Fs, FsError, Metadata, WriteMode, MAX_PATH_LEN, MAX_SYMLINK_HOPS,
};
pub use memfs::{MemFs, MAX_FILE_SIZE};

/// The context a script runs in: what a container runtime would set up for a `RUN` step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecEnv {
    /// Environment variables (all exported).
    pub env: BTreeMap<String, String>,
    /// Working directory (absolute).
    pub cwd: String,
    /// User id the script runs as; new files are owned by it.
    pub uid: u32,
    /// Group id the script runs as.
    pub gid: u32,
    /// The shell prefix, e.g. `["/bin/sh", "-c"]` or `["/bin/bash", "-eo", "pipefail", "-c"]`:
    /// its first word is `$0` and its options (`-e`, `-x`, `-u`, `-o pipefail`) are applied.
    pub shell: Vec<String>,
    /// What `uname -m` prints (e.g. `x86_64`, `aarch64`).
    pub arch: String,
    /// Modification time given to files the script creates or touches (seconds since epoch).
    pub mtime: i64,
    /// Make not-emulated commands fail with status 127 instead of succeeding.
    pub strict: bool,
    /// Resource limits.
    pub limits: Limits,
}

impl Default for ExecEnv {
    fn default() -> Self {
        ExecEnv {
            env: BTreeMap::new(),
            cwd: "/".to_string(),
            uid: 0,
            gid: 0,
            shell: vec!["/bin/sh".to_string(), "-c".to_string()],
            arch: "x86_64".to_string(),
            mtime: 0,
            strict: false,
            limits: Limits::default(),
        }
    }
}

/// Bounds on the work one [`run`] may do. Exceeding one stops the script with a
/// [`RunError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of standard output plus standard error, and of any one captured stream
    /// (`$(…)`, a pipe).
    pub max_output: usize,
    /// Iterations of any single loop.
    pub max_loop_iterations: u64,
    /// Nesting of compound commands, function calls, `sh -c`, `eval`, `.` and command
    /// substitutions (each level of any of them counts one).
    pub max_depth: usize,
    /// Commands executed in total (simple commands and loop iterations).
    pub max_steps: u64,
    /// Length of any expanded word or variable value.
    pub max_word_len: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_output: 1 << 20,
            max_loop_iterations: 10_000,
            max_depth: 64,
            max_steps: 200_000,
            max_word_len: 1 << 20,
        }
    }
}

/// A command that was not emulated.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NotEmulated {
    /// The command name as expanded (`apt-get`).
    pub command: String,
    /// The whole expanded argument vector, name included.
    pub argv: Vec<String>,
    /// Span of the simple command in the script given to [`run`] (for commands inside
    /// `sh -c '…'` or `eval`, the span of that outer command).
    pub span: Span,
}

/// Why a run stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum RunErrorKind {
    /// The script does not parse.
    Syntax,
    /// [`Limits::max_output`] was exceeded.
    OutputLimit,
    /// [`Limits::max_loop_iterations`] was exceeded.
    LoopLimit,
    /// [`Limits::max_depth`] was exceeded.
    DepthLimit,
    /// [`Limits::max_steps`] was exceeded.
    StepLimit,
    /// [`Limits::max_word_len`] was exceeded.
    WordLimit,
}

/// An error that stopped the whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RunError {
    /// What happened.
    pub kind: RunErrorKind,
    /// A human-readable message (also written to standard error).
    pub message: String,
    /// Where in the script (the command being run, or the syntax error offset).
    pub span: Span,
}

/// The result of [`run`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Outcome {
    /// The exit status of the script (2 after a syntax error or a [`RunError`]).
    pub exit_status: i32,
    /// Everything written to standard output (invalid UTF-8 replaced by U+FFFD).
    pub stdout: String,
    /// Everything written to standard error, including `set -x` traces.
    pub stderr: String,
    /// Commands that were not emulated, in execution order.
    pub not_emulated: Vec<NotEmulated>,
    /// Set when the run was cut short by a syntax error or a limit.
    pub error: Option<RunError>,
}

/// Runs `script` against `fs` in the context `env`. Never panics; see the module docs.
pub fn run(script: &str, fs: &mut impl Fs, env: &ExecEnv) -> Outcome {
    shell::Shell::new(fs, env).run_script(script)
}

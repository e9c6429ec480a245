//! The `Executor` trait: how a RUN step runs over a stage's root file system.
//!
//! The engine prepares everything (argv with the shell prefix, environment, working directory,
//! user, mounts with secrets already resolved) and hands the executor the root file system to
//! change in place; the diff before/after becomes the layer. Output is streamed through a
//! callback as it is produced.

use slipway_layers::Tree;

use crate::error::Result;

/// Which stream a chunk of output came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// A mount visible to one RUN step only.
#[derive(Clone, PartialEq, Eq)]
pub enum Mount {
    /// A secret file at `target` (read-only); the engine inserts it before the step and removes
    /// it after, so it never reaches a layer.
    Secret {
        /// Absolute path of the file.
        target: String,
    },
    /// A scratch directory (`type=tmpfs` or `type=cache`), emptied after the step.
    Scratch {
        /// Absolute path.
        target: String,
    },
}

impl std::fmt::Debug for Mount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mount::Secret { target } => write!(f, "secret at {target}"),
            Mount::Scratch { target } => write!(f, "scratch dir at {target}"),
        }
    }
}

/// A RUN step, ready to execute.
#[derive(Clone, Debug)]
pub struct RunStep<'a> {
    /// The step's display name, e.g. `[build 2/3] RUN make`.
    pub name: &'a str,
    /// argv; for the shell form `["/bin/sh", "-c", script]`.
    pub argv: &'a [String],
    /// Environment, `KEY=value`.
    pub env: &'a [String],
    /// Absolute working directory.
    pub cwd: &'a str,
    /// `USER` (empty for root).
    pub user: &'a str,
    /// Mounts for this step only.
    pub mounts: &'a [Mount],
    /// The stage's platform, `os/arch[/variant]`.
    pub platform: &'a str,
    /// Modification time for files the step creates or touches (`SOURCE_DATE_EPOCH` or the
    /// build's clock), Unix seconds.
    pub time: i64,
}

/// What a step did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunOutcome {
    /// Exit status (0 = success).
    pub exit_status: i32,
    /// Commands whose effect the executor could not reproduce (emulated backend).
    pub not_emulated: Vec<String>,
    /// Why the script was cut short (a syntax error, an exceeded limit), when it was.
    pub error: Option<String>,
}

/// Runs RUN steps.
pub trait Executor {
    /// The backend name (`emulate`, `linux`, `wasi`); it enters RUN cache keys.
    fn backend(&self) -> &str;

    /// Runs `step` with `rootfs` as `/`, changing it in place; `output` receives the output
    /// as it is produced.
    fn run(&self, step: &RunStep<'_>, rootfs: &mut Tree, output: &mut dyn FnMut(Stream, &[u8])) -> Result<RunOutcome>;
}

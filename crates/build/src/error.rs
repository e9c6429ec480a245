//! Build errors.

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The Dockerfile does not parse or validate.
    #[error("{0}")]
    Dockerfile(String),
    /// An instruction could not be evaluated (bad flag value, failed expansion, …); the
    /// message names the step.
    #[error("{step}: {message}")]
    Step {
        /// The step, e.g. `[build 2/3] COPY a /b`.
        step: String,
        /// What went wrong.
        message: String,
    },
    /// A base or `--from` image is not in the local store.
    #[error("image {0:?} not found in the local store (pulling is not supported yet; `slipway load` it first)")]
    ImageNotFound(String),
    /// A RUN step exited with a non-zero status.
    #[error("{step}: process did not complete successfully: exit code: {status}")]
    RunFailed {
        /// The step.
        step: String,
        /// Its exit status.
        status: i32,
    },
    /// `--strict` and a RUN step used commands the executor cannot emulate.
    #[error("{step}: not emulated: {commands} (--strict)")]
    NotEmulated {
        /// The step.
        step: String,
        /// The commands, comma-separated.
        commands: String,
    },
    /// A secret a mount requires was not given.
    #[error("secret {0:?} not found (pass it with --secret id={0},src=FILE|env=VAR)")]
    SecretNotFound(String),
    /// Reading the build context failed.
    #[error("build context: {0}")]
    Context(String),
    /// The layer engine or the blob store failed.
    #[error(transparent)]
    Layers(#[from] slipway_layers::Error),
}

impl BuildError {
    /// An error in a step.
    pub fn step(step: &str, message: impl Into<String>) -> Self {
        BuildError::Step { step: step.to_owned(), message: message.into() }
    }
}

/// `Result` with [`BuildError`].
pub type Result<T, E = BuildError> = std::result::Result<T, E>;

//! Slipway's build engine.
//!
//! [`build`] parses a Dockerfile, finds the stages the target needs (BuildKit's pruning),
//! evaluates each instruction with BuildKit's expansion and ARG/ENV scoping, and writes the
//! image config and history exactly as BuildKit's Dockerfile frontend does. The vertices —
//! FROM, RUN, COPY/ADD, WORKDIR — are keyed ([`keys`]) and their results kept in the store
//! ([`store`]), so a rebuild with nothing changed executes nothing and yields the same image.
//!
//! The engine does no I/O of its own: the blob store, build context, RUN executor
//! ([`executor::Executor`]; the emulated one is [`emulate::Emulator`]), URL fetcher and
//! stopwatch are passed in through [`Engine`], and the time comes in
//! [`BuildOptions::now`]. It builds for `wasm32-unknown-unknown`.
//!
//! ```
//! use slipway_build::emulate::Emulator;
//! use slipway_build::fetch::Offline;
//! use slipway_build::progress::{NoProgress, NoStopwatch};
//! use slipway_build::{build, BuildOptions, Engine};
//! use slipway_cache::context::MemoryContext;
//! use slipway_layers::MemoryStore;
//!
//! let store = MemoryStore::new();
//! let engine = Engine { store: &store, executor: &Emulator, fetcher: &Offline, stopwatch: &NoStopwatch };
//! let options = BuildOptions::new("FROM scratch\nRUN echo hi > /greeting\nCMD cat /greeting\n");
//! let first = build(&engine, &MemoryContext::new(), &options, &mut NoProgress)?;
//! let created_by: Vec<_> = first.config.history.iter().filter_map(|h| h.created_by.as_deref()).collect();
//! assert_eq!(created_by, ["RUN /bin/sh -c echo hi > /greeting # buildkit", r#"CMD ["/bin/sh" "-c" "cat /greeting"]"#]);
//! // Nothing changed: nothing runs, and the image is the same.
//! let second = build(&engine, &MemoryContext::new(), &options, &mut NoProgress)?;
//! assert!(second.executed.is_empty());
//! assert_eq!(first.manifest.digest, second.manifest.digest);
//! # Ok::<(), slipway_build::BuildError>(())
//! ```
//!
//! Modules: [`walk`] (the build and the stage graph walk), [`eval`] (instruction evaluation),
//! [`copy`] (COPY/ADD over trees), [`history`] (config and history), [`executor`] and
//! [`emulate`] (RUN), [`store`] (images and cache records), [`progress`] (events).

pub mod context;
pub mod copy;
pub mod emulate;
pub mod error;
pub mod eval;
pub mod executor;
pub mod fetch;
pub mod history;
#[cfg(not(target_arch = "wasm32"))]
pub mod http;
pub mod keys;
pub mod options;
pub mod progress;
pub mod stage;
pub mod store;
pub mod walk;

pub use error::{BuildError, Result};
pub use options::{BuildOptions, Platform, Secret};
pub use walk::{build, BuildOutput, Engine};

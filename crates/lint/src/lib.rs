//! `slipway-lint`: a Dockerfile linter with hadolint's rules (DL codes and severities),
//! BuildKit's build checks (by name) and Slipway's own rules (SW codes).
//!
//! ```
//! use slipway_lint::{lint, Config};
//!
//! let findings = lint("FROM ubuntu\nWORKDIR app\n", &Config::default());
//! let codes: Vec<_> = findings.iter().map(|f| f.code).collect();
//! assert_eq!(codes, ["DL3006", "DL3000"]);
//! assert_eq!((findings[1].start.line, findings[1].start.column), (2, 9));
//! ```
//!
//! # Where things are
//!
//! - [`Rule`] (in `rule.rs`): a rule's identities, severity, doc and check function; declared
//!   with [`declare_rule!`], one file per rule under `rules/<group>/`, listed in the group's
//!   table. `RULES.md` in this crate is the guide for adding one.
//! - [`Context`]: what a rule reads, computed once per file (tree, typed model, stages, parsed
//!   `RUN` bodies, config). [`Reporter`]: where it reports [`Finding`]s, with an optional
//!   [`Fix`].
//! - [`registry`]: all rules. [`linter`]: runs them, applies config, `# check=` and pragmas.
//! - [`fix`]: applies fixes until they converge. [`output`]: the machine-readable formats.
//!
//! The crate does no I/O and builds for `wasm32-unknown-unknown`.

pub mod config;
pub mod context;
pub mod finding;
pub mod fix;
pub mod linter;
pub mod output;
pub mod pragma;
pub mod registry;
pub mod rule;
mod rules;
pub mod shell_body;
#[cfg(test)]
mod testing;

pub use config::{Config, ConfigError, FailureThreshold};
pub use context::{BuildContext, Context, RunInfo, ShellCommand, StageInfo};
pub use finding::{Applicability, Edit, Finding, Fix, Reporter};
pub use linter::{lint, Linter};
pub use rule::{FixAvailability, Lang, Rule, RuleDoc, Severity};

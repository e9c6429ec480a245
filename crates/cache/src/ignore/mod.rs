//! `.dockerignore` reading and matching with moby/patternmatcher and BuildKit semantics.

mod file;
mod matcher;
mod pattern;
mod syntax;

pub use file::{parse_ignore_file, DockerIgnore, IgnoreError, IgnoreLine, IgnoreSource};
pub use matcher::{InvalidPattern, MatchInfo, PatternMatcher};
pub use pattern::{Pattern, PatternError};

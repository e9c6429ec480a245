//! Named build contexts (`--build-context name=path`).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::BuildContext;

/// A registry of named contexts, looked up by the name a Dockerfile uses in
/// `COPY --from=name` or `FROM name`.
///
/// Names are case-insensitive, as BuildKit lower-cases them.
#[derive(Clone, Default)]
pub struct NamedContexts {
    contexts: BTreeMap<String, Arc<dyn BuildContext>>,
}

impl std::fmt::Debug for NamedContexts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.contexts.keys()).finish()
    }
}

impl NamedContexts {
    /// Creates an empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers (or replaces) the context called `name`.
    pub fn insert(&mut self, name: &str, context: Arc<dyn BuildContext>) {
        self.contexts.insert(name.to_ascii_lowercase(), context);
    }

    /// The context called `name`, if registered.
    pub fn get(&self, name: &str) -> Option<&Arc<dyn BuildContext>> {
        self.contexts.get(&name.to_ascii_lowercase())
    }

    /// Registered names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.contexts.keys().map(String::as_str)
    }
}

/// Splits a `--build-context` value `name=source` into its (lower-cased) name and source.
///
/// Both sides must be non-empty; the source is returned as written (a local path, or a
/// `docker-image://`, `oci-layout://`, `target:` or URL reference for the caller to interpret).
pub fn parse_build_context_flag(value: &str) -> Result<(String, String), String> {
    match value.split_once('=') {
        Some((name, source)) if !name.trim().is_empty() && !source.is_empty() => {
            Ok((name.trim().to_ascii_lowercase(), source.to_string()))
        }
        _ => Err(format!("invalid --build-context value {value:?}: expected name=source")),
    }
}

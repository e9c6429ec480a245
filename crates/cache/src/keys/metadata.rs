//! Metadata-only instructions: no vertex in BuildKit, a keyed step in the legacy builder.

use serde::{Deserialize, Serialize};

use super::KeyInput;

/// ENV, ARG, LABEL, EXPOSE, CMD, ENTRYPOINT, HEALTHCHECK, USER, VOLUME, STOPSIGNAL, SHELL,
/// MAINTAINER, ONBUILD (and `FROM scratch`).
///
/// BuildKit only records them in the image config (an `empty_layer` history entry); they
/// make no vertex and no key and change later keys only through what later ops contain.
/// The legacy builder commits every instruction as an image whose cache lookup compares the
/// parent image and the container config (`#(nop) <instruction>`), so in legacy mode the
/// instruction text after expansion is the step's input, chained on the parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetadataOp {
    /// The instruction after variable expansion, e.g. `LABEL version=2`.
    pub instruction: String,
}

impl MetadataOp {
    /// What feeds the (legacy) key.
    pub fn inputs(&self) -> Vec<KeyInput> {
        vec![KeyInput::new("instruction", &self.instruction)]
    }
}

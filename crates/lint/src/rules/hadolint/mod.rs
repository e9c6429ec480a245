//! hadolint's DL rules: `instructions/` for rules about Dockerfile instructions, `shell/` for
//! rules that read `RUN` bodies through `slipway-shell`.

pub(crate) mod instructions;
pub(crate) mod packages;
pub(crate) mod shell;

//! Cache keys of the build's vertices (DESIGN.md §8) from `slipway-cache`'s key functions.
//!
//! [`step_key`] is the one place the engine turns an operation into a key. It adds what the
//! pure key functions cannot know: the RUN executor backend, since an emulated step and a
//! real one give different results.

pub use slipway_cache::keys::{
    normalize_image_ref, CacheKey, CopyFrom, CopyOp, CopySource, EnvOrigin, EnvVar, FromOp, MountFrom, MountInput,
    RunHeredoc, RunOp, StepOp, WorkdirOp,
};

/// The key of `op` on top of `parent`; `backend` names the RUN executor.
pub fn step_key(parent: Option<&CacheKey>, op: &StepOp, backend: &str) -> CacheKey {
    let key = op.key(parent);
    match op {
        StepOp::Run(_) => CacheKey::of(format!("{key} backend={backend}").as_bytes()),
        _ => key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_keys_depend_on_the_backend() {
        let run = StepOp::Run(RunOp {
            argv: vec!["/bin/sh".into(), "-c".into(), "true".into()],
            heredocs: Vec::new(),
            env: Vec::new(),
            workdir: "/".into(),
            user: String::new(),
            network: "default".into(),
            security: "sandbox".into(),
            mounts: Vec::new(),
            devices: Vec::new(),
        });
        assert_eq!(step_key(None, &run, "emulate"), step_key(None, &run, "emulate"));
        assert_ne!(step_key(None, &run, "emulate"), step_key(None, &run, "linux"));
        let workdir = StepOp::Workdir(WorkdirOp { path: "/app".into(), user: String::new(), source_date_epoch: None });
        assert_eq!(step_key(None, &workdir, "emulate"), workdir.key(None));
    }
}

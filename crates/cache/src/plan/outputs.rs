//! Checksums of files produced by other stages (`COPY --from=<stage>`, `RUN
//! --mount=from=<stage>`).

use crate::keys::CacheKey;

/// Supplies the content checksum of a path in a stage's final filesystem.
///
/// BuildKit keys `COPY --from=<stage>` by the checksums of the copied files as that stage
/// produced them, so the copy hits when the files are unchanged even if the stage re-ran.
/// A plan without a build cannot know them; the build engine implements this trait to
/// supply the real checksums after building the stage.
pub trait StageOutputs {
    /// The checksum of `path` in stage `stage` whose last step has key `stage_key`, or
    /// `None` to fall back to [`derived_checksum`].
    fn checksum(&self, stage: usize, stage_key: &CacheKey, path: &str) -> Option<String>;
}

/// The planner's approximation when no real checksum is known: a deterministic function
/// of the stage's (or image's) key and the path. It changes whenever the stage's last key
/// changes, so a plan reports `COPY --from` as missed whenever the source stage reran —
/// the build engine's real checksums (see [`StageOutputs`]) remove that pessimism.
pub fn derived_checksum(origin: &str, path: &str) -> String {
    let mut bytes = b"slipway-derived-output\0".to_vec();
    bytes.extend_from_slice(origin.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(crate::path::normalize(path).as_bytes());
    CacheKey::of(&bytes).to_string()
}

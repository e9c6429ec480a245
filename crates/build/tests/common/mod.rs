//! Shared helpers: a memory store with a tiny base image tagged `diamol/base:latest`, and a
//! build function with the emulated executor.

#![allow(dead_code)]

use slipway_build::emulate::Emulator;
use slipway_build::fetch::Offline;
use slipway_build::progress::{NoStopwatch, Recorder};
use slipway_build::{build, BuildOptions, BuildOutput, Engine, Result};
use slipway_cache::context::MemoryContext;
use slipway_layers::image::{read_image, rootfs};
use slipway_layers::{BlobStore, MemoryStore, Tree};

/// The seed example, as shipped.
pub const SEED: &str = include_str!("../../../../examples/multistage/Dockerfile");

/// Builds `options` with the emulated executor; returns the output and the progress events.
pub fn run_build(
    store: &dyn BlobStore,
    context: &MemoryContext,
    options: &BuildOptions,
) -> Result<(BuildOutput, Recorder)> {
    let engine = Engine { store, executor: &Emulator, fetcher: &Offline, stopwatch: &NoStopwatch };
    let mut recorder = Recorder::default();
    let output = build(&engine, context, options, &mut recorder)?;
    Ok((output, recorder))
}

/// `diamol/base` is not in any store the tests can reach (no pulling), so the tests build a
/// tiny stand-in with the engine itself — a scratch stage holding `/etc/passwd`, `/etc/group`
/// and `/tmp` — and tag it `diamol/base:latest`. The seed Dockerfile is then built unchanged.
pub fn store_with_base() -> MemoryStore {
    let store = MemoryStore::new();
    let mut context = MemoryContext::new();
    context
        .add_file("rootfs/etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n", 0o644)
        .unwrap();
    context.add_file("rootfs/etc/group", "root:x:0:\napp:x:1000:\n", 0o644).unwrap();
    context.add_dir("rootfs/tmp", 0o1777).unwrap();
    let mut options = BuildOptions::new("FROM scratch\nCOPY rootfs/ /\n");
    options.tags = vec!["diamol/base".into()];
    options.now = 1_700_000_000;
    run_build(&store, &context, &options).expect("base image builds");
    store
}

/// The root file system of a built image.
pub fn image_rootfs(store: &dyn BlobStore, output: &BuildOutput) -> Tree {
    let image = read_image(store, &output.manifest).unwrap();
    rootfs(store, &image).unwrap()
}

/// Options for `dockerfile` at a fixed time.
pub fn options(dockerfile: &str) -> BuildOptions {
    let mut options = BuildOptions::new(dockerfile);
    options.now = 1_750_000_000;
    options
}

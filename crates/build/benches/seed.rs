//! Cold build and no-op rebuild of the seed example (`examples/multistage/Dockerfile`), in a
//! memory store and in an on-disk store (what `slipway build` uses). The target for the
//! no-op rebuild is under 30 ms.
//!
//! Run: `cargo bench -p slipway-build --bench seed`.

use criterion::{criterion_main, Criterion};
use slipway_build::emulate::Emulator;
use slipway_build::fetch::Offline;
use slipway_build::progress::{NoProgress, NoStopwatch};
use slipway_build::{build, BuildOptions, Engine};
use slipway_cache::context::MemoryContext;
use slipway_layers::native::DiskStore;
use slipway_layers::{BlobStore, MemoryStore};

const SEED: &str = include_str!("../../../examples/multistage/Dockerfile");

fn run(store: &dyn BlobStore, context: &MemoryContext, options: &BuildOptions) {
    let engine = Engine { store, executor: &Emulator, fetcher: &Offline, stopwatch: &NoStopwatch };
    build(&engine, context, options, &mut NoProgress).expect("the seed builds");
}

/// Tags a tiny stand-in for `diamol/base` (built from scratch) in `store`.
fn add_base(store: &dyn BlobStore) {
    let mut context = MemoryContext::new();
    context.add_file("rootfs/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", 0o644).unwrap();
    let mut options = BuildOptions::new("FROM scratch\nCOPY rootfs/ /\n");
    options.tags = vec!["diamol/base".into()];
    run(store, &context, &options);
}

fn seed(c: &mut Criterion) {
    let context = MemoryContext::new();
    let options = BuildOptions::new(SEED);
    let mut group = c.benchmark_group("seed");
    group.bench_function("cold build (memory store)", |b| {
        b.iter_batched(
            || {
                let store = MemoryStore::new();
                add_base(&store);
                store
            },
            |store| run(&store, &context, &options),
            criterion::BatchSize::SmallInput,
        );
    });
    let memory = MemoryStore::new();
    add_base(&memory);
    run(&memory, &context, &options);
    group.bench_function("no-op rebuild (memory store)", |b| b.iter(|| run(&memory, &context, &options)));

    let dir = tempfile::tempdir().unwrap();
    let disk = DiskStore::open(dir.path().join("store")).unwrap();
    add_base(&disk);
    let mut cold = 0;
    group.bench_function("cold build (disk store)", |b| {
        b.iter(|| {
            // A different time each round, so nothing is cached.
            let mut fresh = options.clone();
            fresh.no_cache = true;
            cold += 1;
            fresh.now = cold;
            run(&disk, &context, &fresh)
        });
    });
    run(&disk, &context, &options);
    group.bench_function("no-op rebuild (disk store)", |b| b.iter(|| run(&disk, &context, &options)));
    group.finish();
}

/// Private, so that the generated `pub fn benches` needs no doc comment.
mod group {
    criterion::criterion_group!(benches, super::seed);
}
criterion_main!(group::benches);

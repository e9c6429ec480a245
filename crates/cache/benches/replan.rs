//! Re-planning a Dockerfile after a one-file edit on a large context: the stat cache keeps
//! the checksumming to one file read; the walk, planning and simulation are the rest.
//!
//! A context of `SLIPWAY_BENCH_FILES` files (default 100 000) of `SLIPWAY_BENCH_FILE_SIZE`
//! bytes (default 100) is generated in a temporary directory, planned once cold, then one
//! file is rewritten before each measured re-plan:
//! `cargo bench -p slipway-cache --bench replan`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_main, BatchSize, Criterion};
use slipway_cache::context::DiskContext;
use slipway_cache::plan::{plan, ContextSnapshot, PlanRequest};
use slipway_cache::simulate::{simulate, CacheState, Outcome};
use slipway_cache::stat_cache::StatCache;
use slipway_syntax::Analysis;

const DOCKERFILE: &str = "FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn file_path(root: &Path, i: usize) -> PathBuf {
    root.join(format!("src{}/dir{}/file{i}.js", (i / 100) % 10, i / 100))
}

fn generate(root: &Path, files: usize, size: usize) {
    let body = vec![b'x'; size];
    for i in 0..files {
        let path = file_path(root, i);
        if i % 100 == 0 {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
        }
        fs::write(path, &body).unwrap();
    }
    fs::write(root.join("package.json"), "{}").unwrap();
}

/// Checksums (through the stat cache), plans and simulates once.
fn replan(ctx: &DiskContext, analysis: &Analysis, cache: &mut StatCache, state: &CacheState) -> (usize, usize) {
    let snapshot = ContextSnapshot::load(ctx, None, Some(cache)).unwrap();
    let read = snapshot.hashes().stats().files_read;
    let planned = plan(analysis, &PlanRequest { context: Some(snapshot), ..PlanRequest::default() }).unwrap();
    (read, simulate(state, &planned).count(Outcome::Miss))
}

fn bench(c: &mut Criterion) {
    let files = env_usize("SLIPWAY_BENCH_FILES", 100_000);
    let size = env_usize("SLIPWAY_BENCH_FILE_SIZE", 100);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("context");
    generate(&root, files, size);
    let ctx = DiskContext::new(&root).unwrap();
    let analysis = Analysis::of_bytes(DOCKERFILE.as_bytes());

    let t = Instant::now();
    let mut cache = StatCache::new();
    let snapshot = ContextSnapshot::load(&ctx, None, Some(&mut cache)).unwrap();
    let mut state = CacheState::new();
    state.record(&plan(&analysis, &PlanRequest { context: Some(snapshot), ..PlanRequest::default() }).unwrap());
    eprintln!("cold plan of {files} files: {:?}", t.elapsed());

    let edited = file_path(&root, files / 2);
    let mut generation = 0u64;
    let mut phases = Vec::new();
    for _ in 0..7 {
        generation += 1;
        fs::write(&edited, format!("edit {generation}")).unwrap();
        let t = Instant::now();
        let snapshot = ContextSnapshot::load(&ctx, None, Some(&mut cache)).unwrap();
        let hashed = t.elapsed();
        let planned = plan(&analysis, &PlanRequest { context: Some(snapshot), ..PlanRequest::default() }).unwrap();
        let planned_at = t.elapsed();
        let misses = simulate(&state, &planned).count(Outcome::Miss);
        let total = t.elapsed();
        assert_eq!(misses, 2);
        phases.push((total, hashed, planned_at - hashed, total - planned_at));
    }
    phases.sort();
    let (total, hashed, planned, simulated) = phases[0];
    eprintln!(
        "re-plan after one edit: best {total:?} (walk+checksum {hashed:?} + plan {planned:?} + simulate {simulated:?}); median {:?}",
        phases[3].0
    );

    // The same edit when the changed path is known (editor, watcher, `whatif --edit`): no walk.
    let mut snapshot = ContextSnapshot::load(&ctx, None, Some(&mut cache)).unwrap();
    let changed = [edited.strip_prefix(&root).unwrap().to_string_lossy().into_owned()];
    let mut incremental = Vec::new();
    for _ in 0..7 {
        generation += 1;
        fs::write(&edited, format!("edit {generation}")).unwrap();
        let t = Instant::now();
        snapshot = snapshot.refresh(&ctx, &changed, &mut cache).unwrap();
        let hashed = t.elapsed();
        let planned =
            plan(&analysis, &PlanRequest { context: Some(snapshot.clone()), ..PlanRequest::default() }).unwrap();
        let planned_at = t.elapsed();
        let misses = simulate(&state, &planned).count(Outcome::Miss);
        let total = t.elapsed();
        assert_eq!((snapshot.hashes().stats().files_read, misses), (1, 2));
        incremental.push((total, hashed, planned_at - hashed, total - planned_at));
    }
    incremental.sort();
    let (total, hashed, planned, simulated) = incremental[0];
    eprintln!(
        "incremental re-plan after one edit: best {total:?} (refresh {hashed:?} + plan {planned:?} + simulate {simulated:?}); median {:?}",
        incremental[3].0
    );

    let mut group = c.benchmark_group(format!("replan/{files}files"));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("edit_one_file_then_replan_and_simulate", |b| {
        b.iter_batched(
            || {
                generation += 1;
                fs::write(&edited, format!("edit {generation}")).unwrap();
            },
            |()| {
                let (read, misses) = replan(&ctx, &analysis, &mut cache, &state);
                assert_eq!((read, misses), (1, 2));
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("edit_one_file_then_refresh_replan_and_simulate", |b| {
        b.iter_batched(
            || {
                generation += 1;
                fs::write(&edited, format!("edit {generation}")).unwrap();
            },
            |()| {
                snapshot = snapshot.refresh(&ctx, &changed, &mut cache).unwrap();
                let planned =
                    plan(&analysis, &PlanRequest { context: Some(snapshot.clone()), ..PlanRequest::default() })
                        .unwrap();
                assert_eq!(simulate(&state, &planned).count(Outcome::Miss), 2);
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

mod group {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(group::benches);

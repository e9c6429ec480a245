//! Checksums a generated context cold, then re-plans after a one-file edit with the stat cache.
//!
//! The context is generated into a temporary directory when the benchmark starts:
//! `SLIPWAY_BENCH_FILES` files (default 100 000) of `SLIPWAY_BENCH_FILE_SIZE` bytes each
//! (default 10 000, so 1 GB in total), 100 files per directory under 10 top-level
//! directories. Scale it down for a quick run, e.g.
//! `SLIPWAY_BENCH_FILES=5000 cargo bench -p slipway-cache --bench checksum`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_main, BatchSize, Criterion, Throughput};
use slipway_cache::checksum::{ChecksumOptions, ContentHashes};
use slipway_cache::context::DiskContext;
use slipway_cache::ignore::PatternMatcher;
use slipway_cache::stat_cache::StatCache;
use slipway_cache::walk;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn file_path(root: &Path, i: usize) -> PathBuf {
    root.join(format!("top{}/dir{}/file{i}.dat", (i / 100) % 10, i / 100))
}

/// Writes `files` files of `size` pseudo-random bytes each.
fn generate(root: &Path, files: usize, size: usize) {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut buf = vec![0u8; size];
    for i in 0..files {
        for chunk in buf.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let bytes = state.to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        let path = file_path(root, i);
        if i % 100 == 0 {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
        }
        fs::write(path, &buf).unwrap();
    }
}

fn checksum(c: &mut Criterion) {
    let files = env_usize("SLIPWAY_BENCH_FILES", 100_000);
    let size = env_usize("SLIPWAY_BENCH_FILE_SIZE", 10_000);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("context");
    generate(&root, files, size);
    let ctx = DiskContext::new(&root).unwrap();
    let ignore = PatternMatcher::default();
    let options = ChecksumOptions::default();
    let total = (files * size) as u64;

    report_phases(&ctx, &root, &dir.path().join("phases.cache"), files, total);

    let mut group = c.benchmark_group(format!("checksum/{files}x{size}B"));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(40));
    group.throughput(Throughput::Bytes(total));
    group.bench_function("cold", |b| {
        b.iter(|| {
            let hashes = ContentHashes::of_context(&ctx, &ignore, &options, None).unwrap();
            assert_eq!(hashes.stats().files_read, files);
            hashes.root()
        })
    });

    let cache_file = dir.path().join("stat.cache");
    let mut cache = StatCache::new();
    ContentHashes::of_context(&ctx, &ignore, &options, Some(&mut cache)).unwrap();
    cache.save(&cache_file).unwrap();
    let edited = file_path(&root, files / 2);
    let mut generation = 0u64;
    group.throughput(Throughput::Elements(1));
    group.bench_function("replan_after_one_edit", |b| {
        b.iter_batched(
            || {
                generation += 1;
                fs::write(&edited, format!("edit {generation}")).unwrap();
            },
            |()| {
                let mut cache = StatCache::load(&cache_file).unwrap();
                let hashes = ContentHashes::of_context(&ctx, &ignore, &options, Some(&mut cache)).unwrap();
                assert_eq!(hashes.stats().files_read, 1);
                cache.save(&cache_file).unwrap();
                hashes.root()
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// Times each phase a few times and prints the best and median runs, so the criterion
/// totals can be read in context (the best run is the least disturbed by other processes).
fn report_phases(ctx: &DiskContext, root: &Path, cache_file: &Path, files: usize, total: u64) {
    let ignore = PatternMatcher::default();
    let options = ChecksumOptions::default();
    let mut cold = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let entries = walk(ctx, &ignore).unwrap();
        let walked = t.elapsed();
        let mut cache = StatCache::new();
        ContentHashes::compute(ctx, entries, &options, Some(&mut cache)).unwrap();
        cold.push((t.elapsed(), walked));
        cache.save(cache_file).unwrap();
    }
    cold.sort();
    let (best, walked) = cold[0];
    eprintln!(
        "cold: best {best:?} (walk {walked:?}) = {:.2} GB/s; median {:?}",
        total as f64 / best.as_secs_f64() / 1e9,
        cold[1].0
    );

    let mut replans = Vec::new();
    for round in 0..7 {
        fs::write(file_path(root, files / 3), format!("edit {round}")).unwrap();
        let t = Instant::now();
        let mut cache = StatCache::load(cache_file).unwrap();
        let load = t.elapsed();
        let entries = walk(ctx, &ignore).unwrap();
        let walked = t.elapsed();
        let hashes = ContentHashes::compute(ctx, entries, &options, Some(&mut cache)).unwrap();
        let hashed = t.elapsed();
        cache.save(cache_file).unwrap();
        let saved = t.elapsed();
        assert_eq!(hashes.stats().files_read, 1);
        replans.push((saved, load, walked - load, hashed - walked, saved - hashed));
    }
    replans.sort();
    let (total, load, walked, hashed, saved) = replans[0];
    eprintln!(
        "re-plan after one edit: best {total:?} (load {load:?} + walk {walked:?} + hash {hashed:?} + save {saved:?}); median {:?}",
        replans[3].0
    );
    let plain = DiskContext::new(root).unwrap().without_xattrs();
    let mut walks: Vec<_> = (0..5)
        .map(|_| {
            let t = Instant::now();
            walk(&plain, &ignore).unwrap();
            t.elapsed()
        })
        .collect();
    walks.sort();
    eprintln!("walk without reading xattrs: best {:?}", walks[0]);
}

mod group {
    criterion::criterion_group!(benches, super::checksum);
}
criterion_main!(group::benches);

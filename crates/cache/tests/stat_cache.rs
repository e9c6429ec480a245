//! The stat cache re-reads only files whose stat changed.

use std::io::Read;
use std::sync::Mutex;

use slipway_cache::checksum::{ChecksumOptions, ContentHashes};
use slipway_cache::context::{BuildContext, ContextError, DirEntry, DiskContext, MemoryContext, Stat};
use slipway_cache::ignore::PatternMatcher;
use slipway_cache::stat_cache::StatCache;

/// Wraps a context and records every file opened through the trait.
struct Counting<C> {
    inner: C,
    opened: Mutex<Vec<String>>,
}

impl<C> Counting<C> {
    fn new(inner: C) -> Self {
        Self { inner, opened: Mutex::new(Vec::new()) }
    }

    fn take(&self) -> Vec<String> {
        let mut v = std::mem::take(&mut *self.opened.lock().unwrap());
        v.sort();
        v
    }
}

impl<C: BuildContext> BuildContext for Counting<C> {
    fn read_dir(&self, path: &str) -> Result<Vec<DirEntry>, ContextError> {
        self.inner.read_dir(path)
    }
    fn stat(&self, path: &str) -> Result<Stat, ContextError> {
        self.inner.stat(path)
    }
    fn open(&self, path: &str) -> Result<Box<dyn Read + Send + '_>, ContextError> {
        self.opened.lock().unwrap().push(path.to_string());
        self.inner.open(path)
    }
}

fn run(ctx: &dyn BuildContext, cache: &mut StatCache) -> ContentHashes {
    ContentHashes::of_context(ctx, &PatternMatcher::default(), &ChecksumOptions::default(), Some(cache)).unwrap()
}

fn memory(n: usize) -> MemoryContext {
    let mut ctx = MemoryContext::new();
    for i in 0..n {
        ctx.add_file(&format!("dir{}/file{i}", i % 7), format!("content {i}"), 0o644).unwrap();
    }
    ctx
}

#[test]
fn memory_context_rehash_reads_only_the_edited_file() {
    let mut cache = StatCache::new();
    let mut ctx = Counting::new(memory(200));
    let cold = run(&ctx, &mut cache);
    assert_eq!(ctx.take().len(), 200);
    assert_eq!(cold.stats().files_read, 200);
    assert_eq!(cache.len(), 200);

    let warm = run(&ctx, &mut cache);
    assert!(ctx.take().is_empty());
    assert_eq!(warm.stats().cache_hits, 200);
    assert_eq!(warm.root(), cold.root());

    ctx.inner.add_file("dir3/file10", "edited", 0o644).unwrap();
    let edited = run(&ctx, &mut cache);
    assert_eq!(ctx.take(), ["dir3/file10"]);
    assert_ne!(edited.root(), cold.root());
    // Matches a cold run of the edited tree.
    let fresh = run(&ctx, &mut StatCache::new());
    ctx.take();
    assert_eq!(edited.root(), fresh.root());

    // Mode change: re-read (the mode is part of the key).
    ctx.inner.set_mode("dir1/file1", 0o600).unwrap();
    run(&ctx, &mut cache);
    assert_eq!(ctx.take(), ["dir1/file1"]);

    // Owner change with reset_owner: the header is unchanged, nothing is read.
    ctx.inner.set_owner("dir2/file2", 5, 5).unwrap();
    run(&ctx, &mut cache);
    assert!(ctx.take().is_empty());

    // Deleted files leave the cache.
    ctx.inner.remove("dir0").unwrap();
    run(&ctx, &mut cache);
    assert_eq!(cache.len(), 200 - 29);
}

#[test]
fn persisted_cache_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ctx");
    for i in 0..50 {
        let d = root.join(format!("d{}", i % 5));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join(format!("f{i}")), format!("{i}").repeat(100)).unwrap();
    }
    let cache_file = dir.path().join("stat.cache");
    let ctx = Counting::new(DiskContext::new(&root).unwrap());

    let mut cache = StatCache::load(&cache_file).unwrap();
    assert!(cache.is_empty());
    let cold = run(&ctx, &mut cache);
    assert_eq!(ctx.take().len(), 50);
    cache.save(&cache_file).unwrap();

    std::fs::write(root.join("d3/f13"), "changed").unwrap();
    let mut cache = StatCache::load(&cache_file).unwrap();
    assert_eq!(cache.len(), 50);
    let warm = run(&ctx, &mut cache);
    assert_eq!(ctx.take(), ["d3/f13"]);
    assert_ne!(warm.root(), cold.root());
    assert_eq!(warm.stats().cache_hits, 49);

    // A corrupt file is treated as an empty cache.
    std::fs::write(&cache_file, b"garbage").unwrap();
    assert!(StatCache::load(&cache_file).unwrap().is_empty());
}

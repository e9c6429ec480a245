//! Layer tar + gzip throughput on a generated ~200 MB in-memory tree.
//!
//! `cargo bench -p slipway-layers --bench layer`. Set `SLIPWAY_BENCH_DUMP=DIR` to also write
//! the generated tree to `DIR` (which must be empty or absent), so that the same bytes can be
//! timed with `tar c DIR | gzip -1`.

use criterion::{criterion_main, Criterion, Throughput};
use slipway_layers::{diff, encode_layer, Compression, Node, TarOptions, Tree, TreePath};

/// Total bytes of file contents.
const TOTAL: usize = 200 << 20;
/// Bytes per file.
const FILE_SIZE: usize = 128 << 10;

/// Deterministic, moderately compressible contents: words from a small vocabulary, numbers and
/// runs of pseudo-random bytes, roughly like a mix of text and binaries.
fn contents(seed: u64, len: usize) -> Vec<u8> {
    const WORDS: [&str; 16] = [
        "layer", "tar", "image", "config", "the", "a", "digest", "sha256", "build", "run", "copy", "from", "alpine",
        "usr", "lib", "bin",
    ];
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = Vec::with_capacity(len + 64);
    while out.len() < len {
        let r = next();
        match r % 4 {
            0 | 1 => {
                out.extend_from_slice(WORDS[(r >> 8) as usize % WORDS.len()].as_bytes());
                out.push(b' ');
            }
            2 => out.extend_from_slice(format!("{} ", (r >> 16) % 100_000).as_bytes()),
            _ => out.extend_from_slice(&next().to_le_bytes()),
        }
    }
    out.truncate(len);
    out
}

fn generate() -> Tree {
    let mut tree = Tree::new();
    for i in 0..TOTAL / FILE_SIZE {
        let path = TreePath::new(&format!("usr/lib/pkg{:02}/file{i:05}.bin", i % 64)).unwrap();
        let node = Node::file(contents(i as u64, FILE_SIZE), 0o644).with_mtime(1_700_000_000);
        tree.insert_with_parents(path, node).unwrap();
    }
    tree
}

fn bench(c: &mut Criterion) {
    let tree = generate();
    if let Ok(dir) = std::env::var("SLIPWAY_BENCH_DUMP") {
        slipway_layers::native::write_tree(&tree, dir.as_ref(), &Default::default()).unwrap();
    }
    let layer = diff(&Tree::new(), &tree);
    let options = TarOptions { source_date_epoch: Some(1_700_000_000) };
    let mut group = c.benchmark_group("layer");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(TOTAL as u64));
    for (name, compression) in [
        ("tar", Compression::None),
        ("tar+gzip1", Compression::Gzip { level: 1 }),
        ("tar+gzip6", Compression::Gzip { level: 6 }),
    ] {
        group.bench_function(name, |b| b.iter(|| encode_layer(&layer, &options, compression).unwrap()));
    }
    group.finish();
}

/// Private, so that the generated `pub fn benches` needs no doc comment.
mod group {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(group::benches);

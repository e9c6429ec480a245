//! Parse throughput of the syntax tree (and of the typed model on top) in bytes/second,
//! on a large generated Dockerfile and on the repository's examples.
#![allow(missing_docs)] // criterion_group! generates an undocumented public function

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use slipway_syntax::instructions::analyze;
use slipway_syntax::parse;

fn examples() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("examples directory") {
        let path = entry.expect("entry").path().join("Dockerfile");
        if let Ok(text) = std::fs::read_to_string(&path) {
            let name = path.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().to_string());
            files.push((name.unwrap_or_default(), text));
        }
    }
    files.sort();
    files
}

/// About 10 MB: the examples repeated, so the mix of instructions is realistic.
fn large(examples: &[(String, String)]) -> String {
    let unit: String = examples.iter().map(|(_, text)| text.as_str()).collect::<Vec<_>>().join("\n");
    let mut out = String::with_capacity(10 << 20);
    while out.len() < 10 << 20 {
        out.push_str(&unit);
        out.push('\n');
    }
    out
}

fn bench(c: &mut Criterion) {
    let examples = examples();
    let big = large(&examples);
    let mut group = c.benchmark_group("parse");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.bench_function("syntax_tree/generated_10MB", |b| b.iter(|| parse(black_box(&big))));
    group.bench_function("typed_model/generated_10MB", |b| b.iter(|| analyze(&parse(black_box(&big)))));
    for (name, text) in &examples {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("syntax_tree/{name}"), |b| b.iter(|| parse(black_box(text))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

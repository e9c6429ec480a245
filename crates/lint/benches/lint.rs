//! Library time of linting one file with every default rule: the official-image Dockerfiles
//! of the shell corpus, and a 200-line file made of them (target: under 1 ms).
#![allow(missing_docs)] // criterion_group! generates an undocumented public function

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use slipway_lint::{Config, Linter};

fn corpus() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shell/tests/corpus");
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("corpus directory")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let text = std::fs::read_to_string(&path).ok()?;
            Some((path.file_stem()?.to_string_lossy().into_owned(), text))
        })
        .collect();
    files.sort();
    files
}

/// The corpus files concatenated up to 200 lines.
fn two_hundred_lines(files: &[(String, String)]) -> String {
    let lines: Vec<&str> = files.iter().flat_map(|(_, text)| text.lines()).take(200).collect();
    lines.join("\n") + "\n"
}

fn bench(c: &mut Criterion) {
    let files = corpus();
    let config = Config::default();
    let linter = Linter::new(&config);
    let mut group = c.benchmark_group("lint");
    let big = two_hundred_lines(&files);
    group.bench_function("200_lines", |b| b.iter(|| linter.lint(black_box(&big))));
    for (name, text) in &files {
        group.bench_function(name.as_str(), |b| b.iter(|| linter.lint(black_box(text))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

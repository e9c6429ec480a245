//! Parses one Dockerfile many times, for profilers (`perf record`, `valgrind
//! --tool=callgrind`): `cargo run --release -p slipway-syntax --example profile_parse [FILE] [ROUNDS]`.
//! Without FILE it parses the repository's examples concatenated 300 times (about 2 MB).

fn main() {
    let mut args = std::env::args().skip(1);
    let text = match args.next() {
        Some(path) => std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}")),
        None => {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
            let mut unit = String::new();
            for entry in std::fs::read_dir(dir).expect("examples directory").flatten() {
                if let Ok(text) = std::fs::read_to_string(entry.path().join("Dockerfile")) {
                    unit.push_str(&text);
                }
            }
            unit.repeat(300)
        }
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    let start = std::time::Instant::now();
    let mut instructions = 0;
    for _ in 0..rounds {
        instructions += slipway_syntax::parse(&text).instructions.len();
    }
    let seconds = start.elapsed().as_secs_f64();
    let megabytes = (text.len() * rounds) as f64 / 1e6;
    println!("{instructions} instructions, {megabytes:.1} MB in {seconds:.3} s: {:.0} MB/s", megabytes / seconds);
}

//! Times parsing of adversarial inputs (deep nesting, long runs of operators, many heredocs)
//! to check that parse time stays roughly linear in the input size.
//!
//! Run with `cargo run --release -p slipway-shell --example adversarial`.

use std::time::Instant;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let cases: Vec<(&str, String)> = vec![
        ("nested $((", "$((".repeat(n)),
        ("sequential $((a) b)", "echo $((a) b) ".repeat(n / 8)),
        ("nested (", "(".repeat(n)),
        ("many heredocs", format!("cat {}\n{}", "<<A ".repeat(n / 4), "A\n".repeat(n / 4))),
        ("unterminated heredocs", format!("cat {}\nbody\n", "<<A ".repeat(n / 4))),
        ("long word", "a".repeat(n * 4)),
        ("many semicolons", "a;".repeat(n)),
        ("many pipes", "a|".repeat(n) + "a"),
        ("quotes", "'a'\"b\"".repeat(n / 2)),
        ("backticks", "`a` ".repeat(n / 2)),
        ("params", "${a:-${b}} ".repeat(n / 8)),
        ("continuations", "a\\\n".repeat(n)),
    ];
    for (name, src) in cases {
        let start = Instant::now();
        let ok = slipway_shell::parse(&src).is_ok();
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        println!("{name:>24}: {:>8} bytes, ok={ok:<5} {ms:>8.1} ms", src.len());
    }
}

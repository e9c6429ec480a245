fn main() {
    let text = std::fs::read_to_string("/tmp/big.Dockerfile").unwrap();
    let mut n = 0;
    for _ in 0..20 {
        n += slipway_syntax::parse(&text).instructions.len();
    }
    println!("{n}");
}

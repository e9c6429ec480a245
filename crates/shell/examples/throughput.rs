//! Measures parse throughput on a synthetic script built from official-image style RUN bodies.
//!
//! Run with `cargo run --release -p slipway-shell --example throughput`.

use std::time::Instant;

const BODY: &str = r#"set -eux; savedAptMark="$(apt-mark showmanual)"; apt-get update; apt-get install -y --no-install-recommends ca-certificates curl gnupg wget; rm -rf /var/lib/apt/lists/*; dpkgArch="$(dpkg --print-architecture)"; case "${dpkgArch##*-}" in amd64) ARCH='x64';; arm64) ARCH='arm64';; *) echo >&2 "unsupported architecture: $dpkgArch"; exit 1 ;; esac; export GNUPGHOME="$(mktemp -d)"; for key in A B C; do gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$key" || gpg --batch --keyserver keyserver.ubuntu.com --recv-keys "$key"; done; { echo '[global]'; echo 'daemonize = no'; } > /etc/php.conf; if [ -n "$tempDir" ]; then apt-get purge -y --auto-remove && rm -rf "$tempDir"; fi; find /usr/local -type f -executable -exec ldd '{}' ';' | awk '/=>/ { print $(NF-1) }' | sort -u | xargs -r apt-mark manual; make -j "$(( $(nproc) + 1 ))" "CFLAGS=${CFLAGS:-}"
"#;

fn main() {
    let script: String = BODY.repeat(2000);
    let mut best = f64::MAX;
    let mut best_query = f64::MAX;
    let mut commands = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let parsed = slipway_shell::parse(&script).expect("parses");
        best = best.min(start.elapsed().as_secs_f64());
        let start = Instant::now();
        commands = parsed.simple_commands().len();
        best_query = best_query.min(start.elapsed().as_secs_f64());
    }
    let mib = script.len() as f64 / (1024.0 * 1024.0);
    println!(
        "{mib:.2} MiB: parse best {:.1} ms ({:.1} MiB/s); simple_commands() found {commands} in {:.1} ms",
        best * 1000.0,
        mib / best,
        best_query * 1000.0
    );
}

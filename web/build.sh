#!/usr/bin/env bash
# Builds the browser playground into web/dist/ (static files only; no network needed at run time).
#
#   web/build.sh
#
# Needs rustup and cargo. Installs the wasm32 target and wasm-bindgen-cli (pinned to the
# wasm-bindgen crate version in Cargo.lock) when they are missing, and binaryen's wasm-opt (npm's
# build, pinned; needs npm, installed with apt-get when running as root) into the target dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bindgen_version="0.2.130"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
dist="$here/dist"
binaryen_version="132"
wasm_opt="$target_dir/binaryen/node_modules/.bin/wasm-opt"

rustup target add wasm32-unknown-unknown >/dev/null

if ! command -v wasm-bindgen >/dev/null 2>&1 || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$bindgen_version" ]; then
    echo "installing wasm-bindgen-cli $bindgen_version"
    # Not --locked: the CLI's own lock file pins webpki-roots 1.0.11, which this machine's
    # crates.io mirror does not have; the wasm-bindgen version itself is pinned exactly.
    cargo install wasm-bindgen-cli --version "=$bindgen_version"
fi

# Debian's binaryen (108) cannot read wasm-bindgen's output (table.fill); npm's build can.
if [ ! -x "$wasm_opt" ] || [ "$("$wasm_opt" --version | awk '{print $3}')" != "$binaryen_version" ]; then
    if ! command -v npm >/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
    fi
    if command -v npm >/dev/null; then
        echo "installing binaryen $binaryen_version (wasm-opt)"
        npm install --no-audit --no-fund --no-save --silent --prefix "$target_dir/binaryen" \
            "binaryen@$binaryen_version.0.0"
    else
        echo "warning: no npm, so no wasm-opt: the playground's wasm stays unoptimized (larger)" >&2
    fi
fi

cd "$root"
cargo build --profile web --target wasm32-unknown-unknown -p slipway-web

rm -rf "$dist"
mkdir -p "$dist"
if [ -x "$wasm_opt" ]; then
    wasm-bindgen --target web --no-typescript --out-dir "$dist" \
        "$target_dir/wasm32-unknown-unknown/web/slipway_web.wasm"
    # Smaller gzipped download: -O1 twice (-Oz and -O2 shrink the raw size but gzip worse), then
    # functions ordered by name so that look-alike code (one generic's instances) sits within
    # gzip's window; needs the name section the `web` profile keeps, which this strips.
    "$wasm_opt" -O1 -O1 --reorder-functions-by-name --strip-debug --strip-producers \
        "$dist/slipway_web_bg.wasm" -o "$dist/slipway_web_bg.wasm"
else
    wasm-bindgen --target web --no-typescript --remove-name-section --out-dir "$dist" \
        "$target_dir/wasm32-unknown-unknown/web/slipway_web.wasm"
fi
cp "$here/index.html" "$here/style.css" "$dist/"

total=0
for file in slipway_web_bg.wasm slipway_web.js style.css; do
    size=$(gzip -9 -c "$dist/$file" | wc -c)
    total=$((total + size))
    printf '%-22s %8d bytes gzipped\n' "$file" "$size"
done
printf '%-22s %8d bytes gzipped (budget 716800)\n' "total" "$total"
if [ "$total" -gt 716800 ]; then
    echo "warning: over the 700 KB budget" >&2
fi

#!/usr/bin/env bash
# Builds the browser playground into web/dist/ (static files only; no network needed at run time).
#
#   web/build.sh
#
# Needs rustup and cargo. Installs the wasm32 target and wasm-bindgen-cli (pinned to the
# wasm-bindgen crate version in Cargo.lock) when they are missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bindgen_version="0.2.130"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
dist="$here/dist"

rustup target add wasm32-unknown-unknown >/dev/null

if ! command -v wasm-bindgen >/dev/null 2>&1 || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$bindgen_version" ]; then
    echo "installing wasm-bindgen-cli $bindgen_version"
    cargo install --locked wasm-bindgen-cli --version "$bindgen_version"
fi

cd "$root"
cargo build --profile web --target wasm32-unknown-unknown -p slipway-web

rm -rf "$dist"
mkdir -p "$dist"
wasm-bindgen --target web --no-typescript --out-dir "$dist" \
    "$target_dir/wasm32-unknown-unknown/web/slipway_web.wasm"
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

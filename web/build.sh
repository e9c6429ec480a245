#!/usr/bin/env bash
# Builds the browser playground into web/dist/ (static files only; no network needed at run time).
#
#   web/build.sh
#
# Needs rustup and cargo. Installs the wasm32 target and wasm-bindgen-cli (pinned to the
# wasm-bindgen crate version in Cargo.lock) when they are missing, and two pinned npm tools into
# the target dir: binaryen's wasm-opt (npm's build) and terser, the JavaScript minifier for the
# wasm-bindgen glue (npm is installed with apt-get when missing and running as root).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
bindgen_version="0.2.130"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
dist="$here/dist"
# npm packages the build uses, pinned; installed once into the target dir.
web_tools=("binaryen@132.0.0" "terser@5.51.4")
tools_dir="$target_dir/web-tools"
wasm_opt="$tools_dir/node_modules/.bin/wasm-opt"
terser="$tools_dir/node_modules/.bin/terser"

rustup target add wasm32-unknown-unknown >/dev/null

if ! command -v wasm-bindgen >/dev/null 2>&1 || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$bindgen_version" ]; then
    echo "installing wasm-bindgen-cli $bindgen_version"
    # Not --locked: the CLI's own lock file pins webpki-roots 1.0.11, which this machine's
    # crates.io mirror does not have; the wasm-bindgen version itself is pinned exactly.
    cargo install wasm-bindgen-cli --version "=$bindgen_version"
fi

# Debian's binaryen (108) cannot read wasm-bindgen's output (table.fill); npm's build can.
if [ "$(cat "$tools_dir/installed" 2>/dev/null)" != "${web_tools[*]}" ]; then
    if ! command -v npm >/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
    fi
    if command -v npm >/dev/null; then
        echo "installing ${web_tools[*]}"
        npm install --no-audit --no-fund --no-save --silent --prefix "$tools_dir" "${web_tools[@]}"
        echo "${web_tools[*]}" >"$tools_dir/installed"
    else
        echo "warning: no npm, so no wasm-opt and no terser: the playground's download stays larger" >&2
    fi
fi

cd "$root"
cargo build --profile web --target wasm32-unknown-unknown -p slipway-web

rm -rf "$dist"
mkdir -p "$dist"
if [ -x "$wasm_opt" ]; then
    wasm-bindgen --target web --no-typescript --out-dir "$dist" \
        "$target_dir/wasm32-unknown-unknown/web/slipway_web.wasm"
    # Smaller gzipped download: -O1 passes with code folding (-Oz and -O2 shrink the raw size but
    # gzip worse), then functions ordered by name so that look-alike code (one generic's instances)
    # sits within gzip's window; needs the name section the `web` profile keeps, which this strips.
    "$wasm_opt" -O1 --code-folding -O1 -O1 --reorder-functions-by-name --strip-debug --strip-producers \
        "$dist/slipway_web_bg.wasm" -o "$dist/slipway_web_bg.wasm"
else
    wasm-bindgen --target web --no-typescript --remove-name-section --out-dir "$dist" \
        "$target_dir/wasm32-unknown-unknown/web/slipway_web.wasm"
fi
cp "$here/index.html" "$here/style.css" "$dist/"
if [ -x "$terser" ]; then
    "$terser" "$dist/slipway_web.js" --module --compress --mangle -o "$dist/slipway_web.js"
fi

# The gzip files `slipway playground` sends to browsers that accept gzip (crates/cli/build.rs
# embeds them): GNU gzip -9 compresses these ~1 % smaller than zlib's level 9.
for file in index.html slipway_web_bg.wasm slipway_web.js style.css; do
    gzip -9 -n -k -f "$dist/$file"
done

total=0
for file in slipway_web_bg.wasm slipway_web.js style.css; do
    size=$(wc -c <"$dist/$file.gz")
    total=$((total + size))
    printf '%-22s %8d bytes gzipped\n' "$file" "$size"
done
printf '%-22s %8d bytes gzipped (budget 716800)\n' "total" "$total"
if [ "$total" -gt 716800 ]; then
    echo "warning: over the 700 KB budget" >&2
fi

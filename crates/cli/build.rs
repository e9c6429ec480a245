//! Embeds the built playground (`web/dist`, made by `web/build.sh`) into the binary.
//!
//! Writes `$OUT_DIR/playground_assets.rs`: a table of (URL path, bytes, content type, gzip'd
//! bytes) with `include_bytes!`. When the dist directory has no `index.html` the table is empty
//! and `slipway playground` explains how to build it. `SLIPWAY_PLAYGROUND_DIST` names another
//! dist directory (for packagers, and for developing the server against a stand-in).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SLIPWAY_PLAYGROUND_DIST");
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let web = manifest_dir.join("../../web");
    let dist = match std::env::var_os("SLIPWAY_PLAYGROUND_DIST") {
        Some(dir) => PathBuf::from(dir),
        None => web.join("dist"),
    };
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let mut files = Vec::new();
    if dist.join("index.html").is_file() {
        let dist = dist.canonicalize().expect("the dist directory exists");
        println!("cargo:rerun-if-changed={}", dist.display());
        collect(&dist, &dist, &mut files);
        files.sort();
    } else if web.is_dir() {
        // Watching the web directory notices when web/build.sh creates the dist.
        println!("cargo:rerun-if-changed={}", web.display());
    }

    let mut table = String::from("&[\n");
    for (index, (url, path)) in files.iter().enumerate() {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let content_type = content_type(url);
        let precompressed = PathBuf::from(format!("{}.gz", path.display()));
        let gzip = if precompressed.is_file() {
            // web/build.sh's `gzip -9` output: smaller than what flate2 makes here.
            format!("Some(include_bytes!({:?}))", precompressed.display().to_string())
        } else if compressible(content_type) {
            let compressed = gzip(&bytes);
            if compressed.len() < bytes.len() {
                let gz_path = out_dir.join(format!("playground_asset_{index}.gz"));
                std::fs::write(&gz_path, compressed).expect("writing to OUT_DIR");
                format!("Some(include_bytes!({:?}))", gz_path.display().to_string())
            } else {
                "None".to_string()
            }
        } else {
            "None".to_string()
        };
        writeln!(
            table,
            "    Asset {{ path: {url:?}, bytes: include_bytes!({:?}), content_type: {content_type:?}, gzip: {gzip} }},",
            path.display().to_string()
        )
        .expect("writing to a String");
    }
    table.push(']');
    std::fs::write(out_dir.join("playground_assets.rs"), table).expect("writing to OUT_DIR");
}

/// Every regular file under `dir`, as (URL path, file path).
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("reading a directory entry").path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if path.is_file() && !is_precompressed_copy(&path) {
            let relative = path.strip_prefix(root).expect("collected under the root");
            let url = relative.components().fold(String::new(), |mut url, part| {
                url.push('/');
                url.push_str(&part.as_os_str().to_string_lossy());
                url
            });
            files.push((url, path));
        }
    }
}

/// Whether `path` is `X.gz` next to an `X`: web/build.sh's gzip of `X`, served for `X`, not on its own.
fn is_precompressed_copy(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "gz") && path.with_extension("").is_file()
}

/// The Content-Type header for a file name (the wasm one matters: streaming compilation needs it).
fn content_type(url: &str) -> &'static str {
    let extension = url.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || matches!(content_type, "application/wasm" | "application/json" | "image/svg+xml")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("compressing in memory");
    encoder.finish().expect("compressing in memory")
}

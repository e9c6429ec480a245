//! `slipway playground`: the embedded static server, spoken to over plain HTTP/1.1.
//!
//! When the binary was built without `web/dist` the command must refuse with exit code 2;
//! when it was built with one, every file of that dist is served as it is on disk.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The dist directory the binary embedded (the same choice `build.rs` makes).
fn dist_dir() -> PathBuf {
    match option_env!("SLIPWAY_PLAYGROUND_DIST") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/dist"),
    }
}

/// The server, stopped when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `slipway playground --port 0`; `None` (with a note) when the dist was not embedded.
fn start() -> Option<Server> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_slipway"))
        .args(["playground", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("slipway runs");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    if line.is_empty() {
        let status = child.wait().unwrap();
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        assert_eq!(status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("the playground was not built into this binary; run web/build.sh, then rebuild"),
            "{stderr}"
        );
        assert!(!dist_dir().join("index.html").exists(), "a dist exists but was not embedded: {stderr}");
        eprintln!("note: web/dist was not built into this binary; the server tests only checked the refusal");
        return None;
    }
    let url = line.trim().strip_prefix("Slipway playground: ").expect("the first line names the URL");
    let address = url.strip_prefix("http://").and_then(|rest| rest.strip_suffix('/')).expect("http://HOST:PORT/");
    let port: u16 = address.rsplit_once(':').unwrap().1.parse().unwrap();
    assert_ne!(port, 0, "port 0 is replaced by the port actually bound");
    Some(Server { child, address: address.to_string() })
}

/// A parsed response.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

fn request(server: &Server, method: &str, path: &str, extra_headers: &[&str]) -> Reply {
    let mut stream = TcpStream::connect(&server.address).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", server.address);
    for header in extra_headers {
        head.push_str(header);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap();
        headers.push((name.to_string(), value.trim().to_string()));
    }
    let mut body = Vec::new();
    if method != "HEAD" {
        reader.read_to_end(&mut body).unwrap();
    }
    Reply { status, headers, body }
}

/// Every file of the dist, as (URL path, bytes); web/build.sh's `X.gz` copies are not served as
/// files of their own (they are the gzip encoding of `X`).
fn dist_files(dir: &Path, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        let path = entry.path();
        if path.is_dir() {
            dist_files(&path, &name, out);
        } else if !(path.extension().is_some_and(|ext| ext == "gz") && path.with_extension("").is_file()) {
            out.push((name, std::fs::read(entry.path()).unwrap()));
        }
    }
}

#[test]
fn serves_index_at_root_and_every_dist_file_with_its_type() {
    let Some(server) = start() else { return };
    let index = std::fs::read(dist_dir().join("index.html")).unwrap();
    let root = request(&server, "GET", "/", &[]);
    assert_eq!(root.status, 200);
    assert_eq!(root.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert_eq!(root.header("Content-Encoding"), None, "no gzip unless asked for");
    assert!(root.body == index, "/ is index.html");
    // A query string (cache busting) names the same file.
    assert!(request(&server, "GET", "/index.html?v=1", &[]).body == index);

    let mut files = Vec::new();
    dist_files(&dist_dir(), "", &mut files);
    let mut saw_wasm = false;
    for (path, bytes) in &files {
        let reply = request(&server, "GET", path, &[]);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("Content-Length"), Some(bytes.len().to_string().as_str()), "{path}");
        assert!(reply.body == *bytes, "{path}: the body differs from the file");
        let expected_type = match path.rsplit_once('.').map(|(_, ext)| ext) {
            Some("wasm") => "application/wasm",
            Some("js") => "text/javascript; charset=utf-8",
            Some("css") => "text/css; charset=utf-8",
            Some("html") => "text/html; charset=utf-8",
            _ => continue,
        };
        saw_wasm |= expected_type == "application/wasm";
        assert_eq!(reply.header("Content-Type"), Some(expected_type), "{path}");
    }
    assert!(saw_wasm, "the dist holds the playground's WebAssembly");
    for (path, _) in &files {
        if dist_dir().join(format!("{}.gz", &path[1..])).is_file() {
            let copy = format!("{path}.gz");
            assert_eq!(request(&server, "GET", &copy, &[]).status, 404, "{copy} is only the encoding of {path}");
        }
    }
}

#[test]
fn gzip_when_accepted_and_identical_after_decompression() {
    let Some(server) = start() else { return };
    let mut files = Vec::new();
    dist_files(&dist_dir(), "", &mut files);
    let (path, bytes) = files.iter().find(|(path, _)| path.ends_with(".wasm")).expect("a .wasm file");
    let reply = request(&server, "GET", path, &["Accept-Encoding: br, gzip;q=0.8"]);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("Content-Encoding"), Some("gzip"));
    assert_eq!(reply.header("Content-Type"), Some("application/wasm"));
    assert!(reply.body.len() < bytes.len());
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(reply.body.as_slice()).read_to_end(&mut decoded).unwrap();
    assert!(decoded == *bytes, "decompressed body differs from the file");
    if let Ok(precompressed) = std::fs::read(dist_dir().join(format!("{}.gz", &path[1..]))) {
        assert!(reply.body == precompressed, "web/build.sh's gzip -9 copy is what is sent");
    }
    // q=0 refuses gzip.
    let refused = request(&server, "GET", path, &["Accept-Encoding: gzip;q=0"]);
    assert_eq!(refused.header("Content-Encoding"), None);
    assert!(refused.body == *bytes, "identity body differs from the file");
}

#[test]
fn head_unknown_paths_and_other_methods() {
    let Some(server) = start() else { return };
    let index_len = std::fs::metadata(dist_dir().join("index.html")).unwrap().len();
    let head = request(&server, "HEAD", "/", &[]);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("Content-Length"), Some(index_len.to_string().as_str()));

    let missing = request(&server, "GET", "/no-such-file.js", &[]);
    assert_eq!(missing.status, 404);
    assert_eq!(request(&server, "GET", "/../Cargo.toml", &[]).status, 404);

    let post = request(&server, "POST", "/", &["Content-Length: 0"]);
    assert_eq!(post.status, 405);
    assert_eq!(post.header("Allow"), Some("GET, HEAD"));
}

#[test]
fn a_busy_port_is_a_usage_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_slipway")).args(["playground", "--port", &port]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Without an embedded dist the refusal comes first; with one, the bind error.
    assert!(
        stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")) || stderr.contains("was not built into"),
        "{stderr}"
    );
}

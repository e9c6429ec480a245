//! `slipway playground`: serves the browser playground embedded in the binary over HTTP.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use clap::Args;
use tiny_http::{Header, Method, Request, Response, Server};

use crate::playground_assets::{self, Asset};

/// Arguments of `slipway playground`.
#[derive(Args)]
pub struct PlaygroundArgs {
    /// Port to listen on; 0 picks a free one (the URL printed on start tells which).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
}

/// Runs `slipway playground` until the process is stopped.
pub fn run(args: &PlaygroundArgs) -> ExitCode {
    if !playground_assets::embedded() {
        eprintln!("slipway: the playground was not built into this binary; run web/build.sh, then rebuild");
        return ExitCode::from(2);
    }
    let server = match Server::http(SocketAddr::new(args.host, args.port)) {
        Ok(server) => server,
        Err(error) => {
            eprintln!("slipway: cannot listen on {}: {error}", SocketAddr::new(args.host, args.port));
            return ExitCode::from(2);
        }
    };
    let Some(address) = server.server_addr().to_ip() else {
        eprintln!("slipway: the server is not listening on an IP address");
        return ExitCode::from(2);
    };
    // The URL is the first line on stdout (scripts read it, e.g. after --port 0).
    println!("Slipway playground: http://{address}/");
    eprintln!("Press Ctrl-C to stop.");
    for request in server.incoming_requests() {
        let url = request.url().to_string();
        if let Err(error) = respond(request) {
            eprintln!("slipway: answering {url}: {error}");
        }
    }
    ExitCode::SUCCESS
}

fn respond(request: Request) -> std::io::Result<()> {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = Response::from_string("only GET and HEAD are served\n")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"))
            .with_header(header("Content-Type", "text/plain; charset=utf-8"));
        return request.respond(response);
    }
    let Some(asset) = playground_assets::lookup(request.url()) else {
        let response = Response::from_string(format!("not found: {}\n", request.url()))
            .with_status_code(404)
            .with_header(header("Content-Type", "text/plain; charset=utf-8"));
        return request.respond(response);
    };
    let response = asset_response(asset, accepts_gzip(&request));
    request.respond(response)
}

fn asset_response(asset: &Asset, gzip: bool) -> Response<&'static [u8]> {
    let (body, encoded) = match asset.gzip {
        Some(compressed) if gzip => (compressed, true),
        _ => (asset.bytes, false),
    };
    // A known length, never chunked: the browser can show the wasm download's progress.
    let mut response = Response::new(200.into(), Vec::new(), body, Some(body.len()), None)
        .with_chunked_threshold(usize::MAX)
        .with_header(header("Content-Type", asset.content_type))
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    if asset.gzip.is_some() {
        response.add_header(header("Vary", "Accept-Encoding"));
    }
    if encoded {
        response.add_header(header("Content-Encoding", "gzip"));
    }
    response
}

/// Whether the request's Accept-Encoding allows gzip (`gzip` or `*`, with a non-zero q).
fn accepts_gzip(request: &Request) -> bool {
    request.headers().iter().filter(|h| h.field.equiv("Accept-Encoding")).any(|h| {
        h.value.as_str().split(',').any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let quality =
                parts.find_map(|p| p.strip_prefix("q=").map(|q| q.trim().parse::<f32>().unwrap_or(0.0))).unwrap_or(1.0);
            (name.eq_ignore_ascii_case("gzip") || name == "*") && quality > 0.0
        })
    })
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header names and values are valid")
}

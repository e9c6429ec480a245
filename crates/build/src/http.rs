//! A small native HTTP/1.1 client for `ADD http://…` (native only; the browser build uses
//! [`crate::fetch::Offline`]). It follows up to five redirects and understands
//! `Content-Length`, chunked and close-delimited bodies. `https://` needs TLS, which this
//! build does not include: such URLs fail with a message saying so.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::fetch::Fetcher;

/// Downloads `http://` URLs over plain TCP.
#[derive(Clone, Copy, Debug)]
pub struct HttpFetcher {
    /// Connect, read and write timeout.
    pub timeout: Duration,
}

impl Default for HttpFetcher {
    fn default() -> Self {
        HttpFetcher { timeout: Duration::from_secs(30) }
    }
}

impl Fetcher for HttpFetcher {
    fn fetch(&self, url: &str) -> Result<Vec<u8>, String> {
        let mut current = url.to_owned();
        for _ in 0..6 {
            match self.get(&current)? {
                Response::Body(body) => return Ok(body),
                Response::Redirect(location) => {
                    current = if location.starts_with("http://") || location.starts_with("https://") {
                        location
                    } else {
                        let (host, _) = split_url(&current)?;
                        format!("http://{host}{location}")
                    };
                }
            }
        }
        Err(format!("{url}: too many redirects"))
    }
}

enum Response {
    Body(Vec<u8>),
    Redirect(String),
}

/// `http://host[:port]/path` → (`host[:port]`, `/path`).
fn split_url(url: &str) -> Result<(String, String), String> {
    if url.starts_with("https://") {
        return Err(format!(
            "cannot download {url}: https needs TLS, which this build does not include; \
             download the file into the build context and COPY it"
        ));
    }
    let rest = url.strip_prefix("http://").ok_or_else(|| format!("{url}: not an http URL"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let path = path.split('#').next().unwrap_or("/");
    Ok((host.to_owned(), path.to_owned()))
}

impl HttpFetcher {
    fn get(&self, url: &str) -> Result<Response, String> {
        let (host, path) = split_url(url)?;
        let address = if host.contains(':') { host.clone() } else { format!("{host}:80") };
        let fail = |e: std::io::Error| format!("downloading {url}: {e}");
        let addrs: Vec<_> = std::net::ToSocketAddrs::to_socket_addrs(&address).map_err(fail)?.collect();
        let first = addrs.first().ok_or_else(|| format!("downloading {url}: {host} does not resolve"))?;
        let mut stream = TcpStream::connect_timeout(first, self.timeout).map_err(fail)?;
        stream.set_read_timeout(Some(self.timeout)).map_err(fail)?;
        stream.set_write_timeout(Some(self.timeout)).map_err(fail)?;
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: slipway\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).map_err(fail)?;
        let mut reader = BufReader::new(stream);
        let mut status_line = String::new();
        reader.read_line(&mut status_line).map_err(fail)?;
        let status: u16 = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("downloading {url}: bad response {status_line:?}"))?;
        let mut length = None;
        let mut chunked = false;
        let mut location = None;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).map_err(fail)?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let Some((name, value)) = line.split_once(':') else { continue };
            let value = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.parse::<usize>().ok(),
                "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
                "location" => location = Some(value.to_owned()),
                _ => {}
            }
        }
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            return location.map(Response::Redirect).ok_or_else(|| format!("{url}: redirect without a Location"));
        }
        if status != 200 {
            return Err(format!("downloading {url}: HTTP status {status}"));
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                let mut size = String::new();
                reader.read_line(&mut size).map_err(fail)?;
                let size = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16)
                    .map_err(|_| format!("downloading {url}: bad chunk size"))?;
                if size == 0 {
                    break;
                }
                let start = body.len();
                body.resize(start + size, 0);
                reader.read_exact(&mut body[start..]).map_err(fail)?;
                let mut crlf = [0u8; 2];
                reader.read_exact(&mut crlf).map_err(fail)?;
            }
        } else if let Some(length) = length {
            body.resize(length, 0);
            reader.read_exact(&mut body).map_err(fail)?;
        } else {
            reader.read_to_end(&mut body).map_err(fail)?;
        }
        Ok(Response::Body(body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// Serves the given raw responses, one per connection.
    fn serve(responses: Vec<&'static str>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        std::thread::spawn(move || {
            for response in responses {
                let (mut stream, _) = listener.accept().unwrap();
                let mut request = [0u8; 1024];
                let _ = stream.read(&mut request);
                stream.write_all(response.as_bytes()).unwrap();
            }
        });
        address
    }

    #[test]
    fn downloads_follow_redirects_and_chunks() {
        let address = serve(vec![
            "HTTP/1.1 302 Found\r\nLocation: /real\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc",
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
        ]);
        let fetcher = HttpFetcher::default();
        assert_eq!(fetcher.fetch(&format!("http://{address}/start")).unwrap(), b"hello world");
        assert_eq!(fetcher.fetch(&format!("http://{address}/x")).unwrap(), b"abc");
        assert!(fetcher.fetch(&format!("http://{address}/y")).unwrap_err().contains("404"));
        assert!(fetcher.fetch("https://example.com/x").unwrap_err().contains("TLS"));
    }
}

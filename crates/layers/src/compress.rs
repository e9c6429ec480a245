//! Deterministic compression of layer blobs.

use std::io::{self, Read, Write};

use flate2::write::GzEncoder;
use flate2::{read::MultiGzDecoder, GzBuilder};

use crate::error::{Error, Result};
use crate::oci::media_type;

/// How a layer blob is compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Compression {
    /// A plain tar.
    None,
    /// gzip at a level from 0 (store) to 9 (best); the header has no file name, mtime 0 and
    /// OS byte 255, so the output depends only on the input and the level.
    Gzip {
        /// Compression level, 0–9.
        level: u32,
    },
}

impl Default for Compression {
    /// gzip at level 6, the usual default.
    fn default() -> Self {
        Compression::Gzip { level: 6 }
    }
}

impl Compression {
    /// The OCI media type of a layer compressed this way.
    pub fn layer_media_type(self) -> &'static str {
        match self {
            Compression::None => media_type::OCI_LAYER_TAR,
            Compression::Gzip { .. } => media_type::OCI_LAYER_GZIP,
        }
    }

    /// Guesses the compression of a blob from its magic bytes.
    pub fn detect(bytes: &[u8]) -> Self {
        if bytes.starts_with(&[0x1f, 0x8b]) {
            Compression::default()
        } else {
            Compression::None
        }
    }

    /// A writer that compresses into `inner`.
    pub fn encoder<W: Write>(self, inner: W) -> Encoder<W> {
        match self {
            Compression::None => Encoder::Plain(inner),
            Compression::Gzip { level } => {
                let level = flate2::Compression::new(level.min(9));
                let gzip = GzBuilder::new().mtime(0).operating_system(255).write(inner, level);
                Encoder::Gzip(Box::new(gzip))
            }
        }
    }
}

/// A compressing writer made by [`Compression::encoder`].
#[derive(Debug)]
pub enum Encoder<W: Write> {
    /// Pass-through.
    Plain(W),
    /// gzip (boxed: the deflate state is large).
    Gzip(Box<GzEncoder<W>>),
}

impl<W: Write> Encoder<W> {
    /// Flushes the compressed stream's trailer and returns the inner writer.
    pub fn finish(self) -> io::Result<W> {
        match self {
            Encoder::Plain(w) => Ok(w),
            Encoder::Gzip(gz) => gz.finish(),
        }
    }
}

impl<W: Write> Write for Encoder<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Encoder::Plain(w) => w.write(buf),
            Encoder::Gzip(gz) => gz.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Encoder::Plain(w) => w.flush(),
            Encoder::Gzip(gz) => gz.flush(),
        }
    }
}

/// Compresses `data` in one go.
pub fn compress(data: &[u8], compression: Compression) -> Result<Vec<u8>> {
    let mut encoder = compression.encoder(Vec::new());
    encoder.write_all(data).and_then(|()| encoder.finish()).map_err(|e| Error::io("compressing", e))
}

/// Decompresses a blob whose compression is detected from its magic bytes.
pub fn decompress(blob: &[u8]) -> Result<Vec<u8>> {
    match Compression::detect(blob) {
        Compression::None => Ok(blob.to_vec()),
        Compression::Gzip { .. } => {
            let mut out = Vec::new();
            MultiGzDecoder::new(blob).read_to_end(&mut out).map_err(|e| Error::io("decompressing gzip", e))?;
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_header_is_fixed() {
        let a = compress(b"abc", Compression::Gzip { level: 6 }).unwrap();
        let b = compress(b"abc", Compression::Gzip { level: 6 }).unwrap();
        assert_eq!(a, b);
        // magic, CM=deflate, FLG=0 (no name), MTIME=0, XFL=0, OS=255
        assert_eq!(&a[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
        assert_eq!(decompress(&a).unwrap(), b"abc");
    }
}

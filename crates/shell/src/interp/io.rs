//! File descriptors, in-memory streams and output sinks.
//!
//! Nothing runs concurrently: a pipeline's commands run one after the other, each writing
//! into a buffer that becomes the next one's standard input. Streams and buffers live in
//! arenas on the [`super::shell::Shell`] and are referred to by index.

/// Where an output descriptor writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sink {
    /// The script's standard output.
    Stdout,
    /// The script's standard error.
    Stderr,
    /// A capture buffer (pipe or command substitution), by index.
    Buffer(usize),
    /// A regular file (physical path); every write appends.
    File(String),
    /// `/dev/null`.
    Null,
}

/// One file descriptor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fd {
    /// Not open.
    Closed,
    /// Reads from an input stream, by index.
    In(usize),
    /// Writes to a sink.
    Out(Sink),
}

/// Descriptors 0 to 9 of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Io {
    pub fds: [Fd; 10],
}

impl Io {
    /// Standard input from stream `stdin`, output and error to the script's streams.
    pub fn top(stdin: usize) -> Io {
        let mut fds: [Fd; 10] = std::array::from_fn(|_| Fd::Closed);
        fds[0] = Fd::In(stdin);
        fds[1] = Fd::Out(Sink::Stdout);
        fds[2] = Fd::Out(Sink::Stderr);
        Io { fds }
    }

    /// The same descriptors with `fd` replaced.
    pub fn with(&self, fd: usize, value: Fd) -> Io {
        let mut io = self.clone();
        if let Some(slot) = io.fds.get_mut(fd) {
            *slot = value;
        }
        io
    }
}

/// An input stream: bytes and a read position.
#[derive(Debug, Clone, Default)]
pub struct Stream {
    pub data: Vec<u8>,
    pub pos: usize,
}

impl Stream {
    /// Everything not read yet; the stream is left at its end.
    pub fn read_all(&mut self) -> Vec<u8> {
        let rest = self.data.get(self.pos..).unwrap_or_default().to_vec();
        self.pos = self.data.len();
        rest
    }

    /// The next line without its newline, or `None` at the end.
    pub fn read_line(&mut self) -> Option<(Vec<u8>, bool)> {
        let rest = self.data.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                let line = rest[..i].to_vec();
                self.pos += i + 1;
                Some((line, true))
            }
            None => {
                let line = rest.to_vec();
                self.pos = self.data.len();
                Some((line, false))
            }
        }
    }
}

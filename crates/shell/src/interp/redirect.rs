//! Opening redirects: files through the [`super::Fs`], heredocs and here-strings as
//! in-memory streams, descriptor duplication.

use crate::ast::{Redirect, RedirectOp, RedirectTarget};

use super::fs::{FileType, WriteMode};
use super::io::{Fd, Io, Sink};
use super::shell::{Flow, Shell};

impl Shell<'_> {
    /// Applies `redirects` on top of `io`. `Ok(Err(status))` means a redirect failed (the
    /// message is already written) and the command must not run.
    pub fn open_redirects(&mut self, redirects: &[Redirect], io: &Io) -> Result<Result<Io, i32>, Flow> {
        let mut io = io.clone();
        for redirect in redirects {
            if let Err(status) = self.open_redirect(redirect, &mut io)? {
                return Ok(Err(status));
            }
        }
        Ok(Ok(io))
    }

    fn open_redirect(&mut self, redirect: &Redirect, io: &mut Io) -> Result<Result<(), i32>, Flow> {
        use RedirectOp::*;
        let default_fd = match redirect.op {
            Read | ReadWrite | DupRead | HereDoc | HereDocStrip | HereString => 0,
            _ => 1,
        };
        let fd = redirect.fd.map_or(default_fd, |fd| fd as usize);
        if fd > 9 {
            self.err(io, &format!("sh: {fd}: bad file descriptor"))?;
            return Ok(Err(1));
        }
        let target = match &redirect.target {
            RedirectTarget::HereDoc(doc) => {
                let body = if doc.quoted {
                    doc.body.literal().unwrap_or_default()
                } else {
                    self.expand_heredoc(&doc.body, io)?
                };
                let stream = self.push_stream(body.into_bytes());
                io.fds[fd] = Fd::In(stream);
                return Ok(Ok(()));
            }
            RedirectTarget::Word(word) => self.expand_single(word, io)?,
        };
        match redirect.op {
            HereString => {
                let stream = self.push_stream(format!("{target}\n").into_bytes());
                io.fds[fd] = Fd::In(stream);
            }
            Read | ReadWrite => {
                if redirect.op == ReadWrite {
                    if let Err(status) = self.open_output(io, &target, WriteMode::Append)? {
                        return Ok(Err(status));
                    }
                }
                match self.read_path(io, &target)? {
                    Some(data) => {
                        let stream = self.push_stream(data);
                        io.fds[fd] = Fd::In(stream);
                    }
                    None => return Ok(Err(1)),
                }
            }
            Write | Clobber | Append | WriteAll | AppendAll => {
                let mode =
                    if matches!(redirect.op, Append | AppendAll) { WriteMode::Append } else { WriteMode::Truncate };
                let sink = match self.open_output(io, &target, mode)? {
                    Ok(sink) => sink,
                    Err(status) => return Ok(Err(status)),
                };
                if matches!(redirect.op, WriteAll | AppendAll) {
                    io.fds[1] = Fd::Out(sink.clone());
                    io.fds[2] = Fd::Out(sink);
                } else {
                    io.fds[fd] = Fd::Out(sink);
                }
            }
            DupRead | DupWrite => {
                if target == "-" {
                    io.fds[fd] = Fd::Closed;
                } else if let Ok(source) = target.parse::<usize>() {
                    match io.fds.get(source) {
                        Some(source) => io.fds[fd] = source.clone(),
                        None => {
                            self.err(io, &format!("sh: {target}: bad file descriptor"))?;
                            return Ok(Err(1));
                        }
                    }
                } else if redirect.op == DupWrite && redirect.fd.is_none() {
                    // bash: `>& file` is `&> file`.
                    let sink = match self.open_output(io, &target, WriteMode::Truncate)? {
                        Ok(sink) => sink,
                        Err(status) => return Ok(Err(status)),
                    };
                    io.fds[1] = Fd::Out(sink.clone());
                    io.fds[2] = Fd::Out(sink);
                } else {
                    self.err(io, &format!("sh: {target}: bad file descriptor"))?;
                    return Ok(Err(1));
                }
            }
            HereDoc | HereDocStrip => {}
        }
        Ok(Ok(()))
    }

    /// Opens `target` for writing (creating or truncating it now).
    fn open_output(&mut self, io: &Io, target: &str, mode: WriteMode) -> Result<Result<Sink, i32>, Flow> {
        match target {
            "/dev/null" => return Ok(Ok(Sink::Null)),
            "/dev/stdout" | "/dev/fd/1" => return Ok(Ok(sink_of(&io.fds[1]))),
            "/dev/stderr" | "/dev/fd/2" => return Ok(Ok(sink_of(&io.fds[2]))),
            _ => {}
        }
        let attrs = self.attrs(0o644);
        let result = self.fs.resolve(&self.abs(target), true).and_then(|real| {
            if self.fs.lstat(&real).is_ok_and(|m| m.kind == FileType::Dir) {
                return Err(super::FsError::IsADirectory);
            }
            self.fs.write_file(&real, b"", mode, &attrs).map(|()| real)
        });
        match result {
            Ok(real) => Ok(Ok(Sink::File(real))),
            Err(e) => {
                self.err(io, &format!("sh: {target}: {e}"))?;
                Ok(Err(1))
            }
        }
    }

    /// Reads a whole file for `<` (and the text utilities); `None` after reporting an error.
    pub fn read_path(&mut self, io: &Io, target: &str) -> Result<Option<Vec<u8>>, Flow> {
        if target == "/dev/null" {
            return Ok(Some(Vec::new()));
        }
        if target == "/dev/stdin" || target == "-" {
            return Ok(Some(self.read_stdin(io)));
        }
        let result = self.fs.resolve(&self.abs(target), true).and_then(|real| self.fs.read_file(&real));
        match result {
            Ok(data) => Ok(Some(data)),
            Err(e) => {
                self.err(io, &format!("sh: {target}: {e}"))?;
                Ok(None)
            }
        }
    }
}

fn sink_of(fd: &Fd) -> Sink {
    match fd {
        Fd::Out(sink) => sink.clone(),
        _ => Sink::Null,
    }
}

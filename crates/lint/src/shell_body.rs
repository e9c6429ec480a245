//! The shell source of a `RUN` instruction, parsed once with `slipway-shell`, with a map from
//! shell offsets back to Dockerfile bytes, lines and columns.
//!
//! A shell-form `RUN` becomes one script: the joined logical line (continuations and comment
//! lines dropped, as BuildKit joins it) followed by its heredoc bodies and terminators, which is
//! exactly what the shell reads. `RUN <<EOF` alone makes the heredoc body itself the script, and
//! so does a line that only feeds the heredoc to a POSIX shell (`RUN <<EOF bash`,
//! `RUN sh -e <<EOF`): that shell runs the body.

use slipway_shell::{Command, RedirectOp, RedirectTarget, Script, Segment, SeparatorKind, SimpleCommand, SourceMap};
use slipway_syntax::tree::TriviaKind;
use slipway_syntax::{Arguments, Dockerfile, Instruction, Span};

/// A parsed shell script and its map into the Dockerfile.
#[derive(Debug)]
pub struct ShellBody {
    /// The syntax tree.
    pub script: Script,
    /// Shell offsets → Dockerfile positions.
    pub map: SourceMap,
    /// When the line feeds a heredoc to a shell that runs it (`RUN bash -o pipefail <<EOF`),
    /// that shell's command line (`["bash", "-o", "pipefail"]`) and the script is the heredoc
    /// body; empty when the script runs in the `RUN`'s own shell.
    pub interpreter: Vec<String>,
}

impl ShellBody {
    /// The shell source that was parsed.
    pub fn source(&self) -> &str {
        self.map.shell_source()
    }

    /// The Dockerfile byte span of a shell span (it includes any continuation text the shell
    /// source left out in between).
    pub fn span(&self, span: slipway_shell::Span) -> Span {
        let range = self.map.map_span(span).range();
        Span::new(range.start, range.end)
    }

    /// The shell text of a shell span.
    pub fn text(&self, span: slipway_shell::Span) -> &str {
        span.text(self.source()).unwrap_or("")
    }
}

/// Why a `RUN` body was not analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyError {
    /// Where (in the Dockerfile) the shell parser stopped.
    pub span: Span,
    /// The shell parser's message.
    pub message: String,
}

/// The shell source of a shell-form `RUN` and its (shell offset, Dockerfile offset) pairs.
/// `None` for exec form or an instruction that is not a `RUN`.
pub fn run_source(file: &Dockerfile, instruction: &Instruction) -> Option<(String, Vec<(usize, usize)>)> {
    let Arguments::Text(token) = &instruction.args else { return None };
    if let [heredoc] = instruction.heredocs.as_slice() {
        if is_lone_heredoc(&token.value) && !has_foreign_shebang(&heredoc.content) {
            return Some((heredoc.content.clone(), vec![(0, heredoc.body_span.start)]));
        }
    }
    let mut source = String::new();
    let mut pairs = Vec::new();
    for piece in joined_pieces(instruction, token.span) {
        pairs.push((source.len(), piece.start));
        source.push_str(file.text(piece));
    }
    if source != token.value.as_str() {
        source = token.value.to_string();
        pairs = vec![(0, token.span.start)];
    }
    for heredoc in &instruction.heredocs {
        source.push('\n');
        pairs.push((source.len(), heredoc.body_span.start));
        source.push_str(&heredoc.content);
        pairs.push((source.len(), heredoc.terminator_span.start));
        source.push_str(file.text(heredoc.terminator_span));
    }
    Some((source, pairs))
}

/// Parses the shell body of a `RUN`: `None` for exec form, else the script or the error.
pub fn parse_run(file: &Dockerfile, instruction: &Instruction) -> Option<Result<ShellBody, BodyError>> {
    let (source, pairs) = run_source(file, instruction)?;
    let parsed = parse_mapped(file, instruction, source, &pairs);
    if let (Ok(line), [heredoc]) = (&parsed, instruction.heredocs.as_slice()) {
        if let Some(interpreter) = heredoc_interpreter(&line.script) {
            let pairs = [(0, heredoc.body_span.start)];
            let body = parse_mapped(file, instruction, heredoc.content.clone(), &pairs);
            return Some(body.map(|body| ShellBody { interpreter, ..body }));
        }
    }
    Some(parsed)
}

/// Parses `source`, mapped into the file by its (shell offset, Dockerfile offset) `pairs`.
fn parse_mapped(
    file: &Dockerfile,
    instruction: &Instruction,
    source: String,
    pairs: &[(usize, usize)],
) -> Result<ShellBody, BodyError> {
    let map = source_map(&source, file, pairs);
    match slipway_shell::parse(&source) {
        Ok(script) => Ok(ShellBody { script, map, interpreter: Vec::new() }),
        Err(error) => {
            let at = map.location(error.offset).offset;
            let end = (at + 1).min(instruction.span.end.max(at));
            Err(BodyError { span: Span::new(at, end), message: error.to_string() })
        }
    }
}

/// The command line (name and options) when the script is one foreground command running a
/// POSIX shell (`sh`, `bash`, `ash`, `dash`, by any path) with options only, reading its script
/// from a heredoc on standard input: `<<EOF bash`, `sh -e <<EOF`,
/// `/bin/bash -o pipefail <<'EOF'`. Not `bash -c …`, not `bash script.sh <<EOF` (the heredoc
/// is then data), not `python3 <<EOF`.
fn heredoc_interpreter(script: &Script) -> Option<Vec<String>> {
    let [item] = script.body.items.as_slice() else { return None };
    if item.separator.as_ref().is_some_and(|s| s.kind == SeparatorKind::Amp) {
        return None;
    }
    let [pipeline] = item.and_or.pipelines.as_slice() else { return None };
    let [Command::Simple(command)] = pipeline.commands.as_slice() else { return None };
    if pipeline.bang || !runs_posix_shell(command) || !reads_one_heredoc(command) {
        return None;
    }
    command.words.iter().map(slipway_shell::Word::literal).collect()
}

/// `sh`/`bash`/`ash`/`dash` with only options (`-e`, `-eux`, `-o pipefail`, `+x`), no `-c`.
fn runs_posix_shell(command: &SimpleCommand) -> bool {
    let Some(name) = command.name_literal() else { return false };
    if !matches!(name.rsplit('/').next(), Some("sh" | "bash" | "ash" | "dash")) {
        return false;
    }
    let mut args = command.args().iter().map(slipway_shell::Word::literal);
    while let Some(arg) = args.next() {
        let Some(arg) = arg else { return false };
        match arg.as_bytes() {
            [b'-' | b'+', b'-', ..] => {}
            [b'-' | b'+', flags @ ..] if !flags.is_empty() && !flags.contains(&b'c') => {
                // `-o pipefail`, `-eo pipefail`, `-O extglob`: the option name follows.
                if matches!(flags.last(), Some(b'o' | b'O')) && args.next().flatten().is_none() {
                    return false;
                }
            }
            _ => return false,
        }
    }
    true
}

/// Whether the command's standard input is its one heredoc.
fn reads_one_heredoc(command: &SimpleCommand) -> bool {
    let mut heredocs = command.redirects.iter().filter(|r| matches!(r.target, RedirectTarget::HereDoc(_)));
    let stdin = |r: &slipway_shell::Redirect| {
        matches!(r.op, RedirectOp::HereDoc | RedirectOp::HereDocStrip) && matches!(r.fd, None | Some(0))
    };
    heredocs.next().is_some_and(stdin) && heredocs.next().is_none()
}

/// The map of `shell` from (shell offset, Dockerfile offset) pairs, positions looked up in the
/// file's line index (linear in the pieces, unlike a scan from the file start per piece).
fn source_map(shell: &str, file: &Dockerfile, pairs: &[(usize, usize)]) -> SourceMap {
    let index = file.line_index();
    let segments = pairs
        .iter()
        .map(|&(shell_offset, file_offset)| {
            let position = index.position(&file.source, file_offset);
            let line_start = index.line_start(position.line).unwrap_or(0);
            let prefix = file.source.get(line_start..file_offset).unwrap_or("");
            let utf16_column = 1 + prefix.encode_utf16().count();
            Segment::new(shell_offset, file_offset, to_u32(position.line), to_u32(position.column))
                .with_utf16_column(to_u32(utf16_column))
        })
        .collect();
    SourceMap::new(shell, segments)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The source ranges of `span` that BuildKit keeps when joining the logical line.
fn joined_pieces(instruction: &Instruction, span: Span) -> Vec<Span> {
    let mut pieces = Vec::new();
    let mut cursor = span.start;
    for trivia in &instruction.trivia {
        let kind_dropped =
            matches!(trivia.kind, TriviaKind::Continuation | TriviaKind::Comment | TriviaKind::EmptyLine);
        if !kind_dropped || trivia.span.end <= cursor || trivia.span.start >= span.end {
            continue;
        }
        if trivia.span.start > cursor {
            pieces.push(Span::new(cursor, trivia.span.start));
        }
        cursor = trivia.span.end;
    }
    if cursor < span.end {
        pieces.push(Span::new(cursor, span.end));
    }
    pieces
}

/// `<<EOF`, `<<-EOF`, `<<"EOF"`: a RUN whose command is only a heredoc runs the body as the
/// script.
fn is_lone_heredoc(line: &str) -> bool {
    let word = line.trim();
    !word.contains(char::is_whitespace) && slipway_syntax::heredoc::parse_heredoc_word(word).is_some()
}

/// A body starting with `#!` for something other than a POSIX-like shell (`#!/usr/bin/env python3`).
fn has_foreign_shebang(body: &str) -> bool {
    let Some(first) = body.lines().next().and_then(|l| l.strip_prefix("#!")) else { return false };
    let mut words = first.split_whitespace();
    let mut program = words.next().unwrap_or("").rsplit('/').next().unwrap_or("");
    if program == "env" {
        program = words.find(|w| !w.starts_with('-')).unwrap_or("");
    }
    !crate::context::is_posix_shell(program)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(src: &str) -> ShellBody {
        let file = slipway_syntax::parse(src);
        let run = file.instructions.iter().find(|i| i.name() == "run").unwrap();
        parse_run(&file, run).unwrap().unwrap()
    }

    #[test]
    fn continuation_lines_map_back_to_their_columns() {
        let src = "FROM a\nRUN apt-get update \\\n  # comment\n    && apt-get install curl\n";
        let body = body(src);
        assert_eq!(body.source(), "apt-get update     && apt-get install curl");
        let commands = body.script.simple_commands();
        let curl = commands[1].command.args()[1].span;
        let span = body.span(curl);
        assert_eq!(&src[span.start..span.end], "curl");
        let location = body.map.location(curl.start);
        assert_eq!((location.line, location.column), (4, 24));
    }

    #[test]
    fn heredoc_bodies_follow_the_line() {
        let src = "FROM a\nRUN <<EOF\napt-get install -y vim\nEOF\nRUN cat <<EOF > /x\nhello\nEOF\n";
        let file = slipway_syntax::parse(src);
        let lone = parse_run(&file, &file.instructions[1]).unwrap().unwrap();
        assert_eq!(lone.source(), "apt-get install -y vim\n");
        let vim = lone.script.simple_commands()[0].command.args()[2].span;
        assert_eq!(lone.map.location(vim.start).line, 3);
        let cat = parse_run(&file, &file.instructions[2]).unwrap().unwrap();
        assert_eq!(cat.source(), "cat <<EOF > /x\nhello\nEOF");
    }

    #[test]
    fn heredocs_fed_to_a_posix_shell_are_its_script() {
        let src = "FROM a\nRUN <<EOF bash\nset -e\n  apt-get install -y vim\nEOF\n";
        let run = body(src);
        assert_eq!(run.source(), "set -e\n  apt-get install -y vim\n");
        assert_eq!(run.interpreter, ["bash"]);
        let vim = run.script.simple_commands()[1].command.args()[2].span;
        let location = run.map.location(vim.start);
        assert_eq!((location.line, location.column), (4, 22));
        assert_eq!(&src[run.span(vim).start..run.span(vim).end], "vim");
        for (line, interpreter) in [
            ("RUN /bin/sh -e <<EOF", vec!["/bin/sh", "-e"]),
            ("RUN dash -eo pipefail <<-'EOF'", vec!["dash", "-eo", "pipefail"]),
            ("RUN FOO=1 ash +x --norc <<EOF", vec!["ash", "+x", "--norc"]),
            ("RUN <<EOF bash > /log", vec!["bash"]),
        ] {
            let run = body(&format!("FROM a\n{line}\necho hi\nEOF\n"));
            assert_eq!(run.source(), "echo hi\n", "{line}");
            assert_eq!(run.interpreter, interpreter, "{line}");
        }
    }

    #[test]
    fn other_heredoc_readers_keep_the_line_as_the_script() {
        for line in [
            "RUN python3 <<EOF",
            "RUN bash -c 'cat' <<EOF",
            "RUN bash script.sh <<EOF",
            "RUN bash <<EOF && echo done",
            "RUN bash <<EOF &",
            "RUN zsh <<EOF",
            "RUN bash 3<<EOF",
            "RUN cat <<EOF | bash",
            "RUN $SH <<EOF",
        ] {
            let run = body(&format!("FROM a\n{line}\necho hi\nEOF\n"));
            assert!(run.source().starts_with(&line[4..]), "{line}");
            assert!(run.interpreter.is_empty(), "{line}");
        }
    }

    #[test]
    fn utf16_columns_count_astral_characters_twice() {
        let body = body("FROM a\nRUN echo 😀 \\\n  && apt-get install x\n");
        let x = body.script.simple_commands()[1].command.args()[1].span;
        let location = body.map.location(x.start);
        assert_eq!((location.line, location.column, location.utf16_column), (3, 22, 22));
        let emoji = body.script.simple_commands()[0].command.args()[0].span;
        let end = body.map.map_span(emoji).end;
        assert_eq!((end.column, end.utf16_column), (11, 12));
    }

    #[test]
    fn exec_form_has_no_body_and_errors_are_located() {
        let file = slipway_syntax::parse("FROM a\nRUN [\"echo\"]\nRUN echo 'unterminated\n");
        assert!(parse_run(&file, &file.instructions[1]).is_none());
        assert!(parse_run(&file, &file.instructions[2]).unwrap().is_err());
    }
}

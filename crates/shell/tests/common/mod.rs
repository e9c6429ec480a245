//! Test helper: extracts the shell source of every `RUN` of a Dockerfile the way the
//! Dockerfile parser hands it over (continuation lines joined, comment lines inside the
//! continuation dropped; heredoc bodies verbatim), with a [`SourceMap`] back to the file.

use slipway_shell::{Piece, SourceMap};

/// One `RUN` instruction's shell source.
pub struct Run {
    /// 1-based line of the `RUN` keyword.
    pub line: u32,
    /// The shell source.
    pub source: String,
    /// Map from the shell source to the Dockerfile.
    pub map: SourceMap,
    /// The source with line continuations kept (comment lines still dropped), for
    /// continuation-free instructions equal to `source`.
    pub unjoined: String,
}

/// Physical lines of `text` with their byte offsets (without the newline).
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        out.push((offset, line.trim_end_matches('\n')));
        offset += line.len();
    }
    out
}

/// Extracts every `RUN` of `dockerfile`.
pub fn runs(dockerfile: &str) -> Vec<Run> {
    let lines = lines(dockerfile);
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (offset, line) = lines[i];
        let Some(rest) = line.strip_prefix("RUN ") else {
            i += 1;
            continue;
        };
        let mut rest_trimmed = rest.trim_start();
        // Flags (`--mount=…`) belong to the Dockerfile, not the shell.
        while rest_trimmed.starts_with("--") {
            let end = rest_trimmed.find([' ', '\t']).unwrap_or(rest_trimmed.len());
            rest_trimmed = rest_trimmed[end..].trim_start();
        }
        let rest_col = (line.len() - rest_trimmed.len()) as u32 + 1; // ASCII prefix
        let rest_offset = offset + line.len() - rest_trimmed.len();
        let run_line = i as u32 + 1;
        if let Some(spec) = rest_trimmed.find("<<") {
            // Heredoc: find the delimiter name, take the following lines through it.
            let after = &rest_trimmed[spec + 2..];
            let strip = after.starts_with('-');
            let name: String = after
                .trim_start_matches('-')
                .chars()
                .filter(|c| *c != '\'' && *c != '"')
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let mut j = i + 1;
            while j < lines.len() {
                let l = if strip { lines[j].1.trim_start_matches('\t') } else { lines[j].1 };
                if l == name {
                    break;
                }
                j += 1;
            }
            let end_line = j.min(lines.len() - 1);
            let body_start = lines.get(i + 1).map_or(dockerfile.len(), |l| l.0);
            let end = lines[end_line].0 + lines[end_line].1.len() + 1;
            let end = end.min(dockerfile.len());
            if spec == 0 {
                // `RUN <<EOF [prog]`: the body is the script.
                let body_end = lines.get(j).map_or(dockerfile.len(), |l| l.0);
                let source = dockerfile[body_start..body_end].to_string();
                let map = SourceMap::verbatim(&source, body_start, i as u32 + 2, 1);
                out.push(Run { line: run_line, unjoined: source.clone(), source, map });
            } else {
                let source = dockerfile[rest_offset..end].to_string();
                let map = SourceMap::verbatim(&source, rest_offset, run_line, rest_col);
                out.push(Run { line: run_line, unjoined: source.clone(), source, map });
            }
            i = j + 1;
            continue;
        }
        let mut pieces = Vec::new();
        let mut unjoined = String::new();
        let mut text = rest_trimmed;
        let mut text_offset = rest_offset;
        let mut col = rest_col;
        let mut j = i;
        loop {
            let trimmed = text.trim_end_matches([' ', '\t']);
            let continues = trimmed.ends_with('\\') && !trimmed.ends_with("\\\\");
            let piece = if continues { &trimmed[..trimmed.len() - 1] } else { text };
            pieces.push(Piece { text: piece, file_offset: text_offset, line: j as u32 + 1, column: col });
            unjoined.push_str(text);
            if !continues {
                break;
            }
            unjoined.push('\n');
            // Next non-comment, non-blank physical line.
            j += 1;
            while j < lines.len() {
                let t = lines[j].1.trim_start();
                if t.starts_with('#') || t.is_empty() {
                    j += 1;
                } else {
                    break;
                }
            }
            if j >= lines.len() {
                break;
            }
            text = lines[j].1;
            text_offset = lines[j].0;
            col = 1;
        }
        let (source, map) = SourceMap::join(pieces);
        out.push(Run { line: run_line, source, map, unjoined });
        i = j + 1;
    }
    out
}

//! Parser directives (`# syntax=…`, `# escape=…`, `# check=…`) with BuildKit's rules:
//! only at the top, names case-insensitive, each at most once, scanning stops at the
//! first line that is not a known directive.

use crate::span::Span;

/// Directives BuildKit knows.
pub const KNOWN_DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];

/// A match of BuildKit's directive pattern `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`
/// (with RE2's ASCII `\s`): byte ranges of the name and the value within the line.
pub fn match_directive(line: &str) -> Option<(Span, Span)> {
    let bytes = line.as_bytes();
    let is_ws = |b: u8| matches!(b, b'\t' | b'\n' | 0x0C | b'\r' | b' ');
    if bytes.first() != Some(&b'#') {
        return None;
    }
    let mut i = 1;
    while i < bytes.len() && is_ws(bytes[i]) {
        i += 1;
    }
    let name_start = i;
    if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name = Span::new(name_start, i);
    while i < bytes.len() && is_ws(bytes[i]) {
        i += 1;
    }
    if bytes.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    let rest_start = i;
    if rest_start == bytes.len() {
        return None;
    }
    while i < bytes.len() && is_ws(bytes[i]) {
        i += 1;
    }
    let mut end = bytes.len();
    while end > i && is_ws(bytes[end - 1]) {
        end -= 1;
    }
    if end == i {
        // Only blanks after `=`: the lazy `(.+?)` takes the last blank.
        return Some((name, Span::new(bytes.len() - 1, bytes.len())));
    }
    Some((name, Span::new(i, end)))
}

/// Validates an `escape` directive value.
pub fn escape_char(value: &str) -> Result<char, String> {
    match value {
        "\\" => Ok('\\'),
        "`" => Ok('`'),
        other => Err(format!("invalid escape token '{other}' does not match ` or \\")),
    }
}

/// Parsed `check` directive (`skip=A,B;error=true;experimental=C`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckDirective {
    /// Check names to skip (`all` skips every check).
    pub skip: Vec<String>,
    /// Whether check violations fail the build.
    pub error: bool,
    /// Experimental checks to enable.
    pub experimental: Vec<String>,
}

/// Parses the value of a `check` directive as BuildKit's linter does.
pub fn parse_check(value: &str) -> Result<CheckDirective, String> {
    let mut out = CheckDirective::default();
    for part in value.split(';') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (key, val) = part.split_once('=').ok_or_else(|| format!("invalid check directive: {part}"))?;
        let list = || val.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        match key.trim().to_ascii_lowercase().as_str() {
            "skip" => out.skip = list(),
            "experimental" => out.experimental = list(),
            "error" => {
                out.error = match val.trim().to_ascii_lowercase().as_str() {
                    "true" | "1" => true,
                    "false" | "0" => false,
                    other => return Err(format!("invalid boolean value for check error: {other}")),
                }
            }
            other => return Err(format!("invalid check directive key: {other}")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(line: &str) -> Option<(String, String)> {
        match_directive(line).map(|(n, v)| (line[n.start..n.end].to_string(), line[v.start..v.end].to_string()))
    }

    #[test]
    fn directive_pattern() {
        assert_eq!(parts("# escape=`"), Some(("escape".into(), "`".into())));
        assert_eq!(parts("#SYNTAX = docker/dockerfile:1  "), Some(("SYNTAX".into(), "docker/dockerfile:1".into())));
        assert_eq!(parts("# escape="), None);
        assert_eq!(parts("# escape=  "), Some(("escape".into(), " ".into())));
        assert_eq!(parts("#!/bin/sh"), None);
        assert_eq!(parts("# key-x=1"), None);
    }

    #[test]
    fn check_values() {
        let check = parse_check("skip=JSONArgsRecommended,StageNameCasing;error=true").unwrap();
        assert_eq!(check.skip, vec!["JSONArgsRecommended", "StageNameCasing"]);
        assert!(check.error);
        assert!(parse_check("error=maybe").is_err());
    }
}

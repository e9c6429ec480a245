//! `grep` and `sed` (the `s` command), with POSIX basic and extended regular expressions
//! translated to the `regex` crate's syntax (linear-time matching, no backreferences in
//! patterns).

#[cfg(not(target_arch = "wasm32"))]
use regex::{Regex, RegexBuilder};
// The playground's WebAssembly uses regex-lite (a much smaller download): the same syntax and
// leftmost-first semantics, but `\w`, `\b`, `\d`, `\s` and case folding are ASCII-only there,
// as in grep under a container's default C locale.
#[cfg(target_arch = "wasm32")]
use regex_lite::{self as regex, Regex, RegexBuilder};

use crate::interp::fs::WriteMode;
use crate::interp::io::Io;
use crate::interp::shell::{Shell, Status};

use super::text::read_input;
use super::{complain, Flags};

/// Compiled-size bound for one expression.
const SIZE_LIMIT: usize = 1 << 20;

/// Translates a POSIX regular expression (`extended` = ERE) to `regex` syntax; `None` for
/// constructs the crate cannot express (backreferences).
fn translate(pattern: &str, extended: bool) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    // Whether a `*` here would have nothing to repeat (BRE makes it literal).
    let mut at_start = true;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let was_start = at_start;
        at_start = false;
        match c {
            '\\' => {
                let Some(&e) = chars.get(i) else {
                    out.push_str("\\\\");
                    continue;
                };
                i += 1;
                match e {
                    '1'..='9' => return None,
                    '(' | ')' | '{' | '}' | '|' | '+' | '?' if !extended => {
                        out.push(e);
                        at_start = e == '(' || e == '|';
                    }
                    '<' | '>' => out.push_str("\\b"),
                    'w' | 'W' | 's' | 'S' | 'b' | 'B' => {
                        out.push('\\');
                        out.push(e);
                    }
                    'n' => out.push_str("\\n"),
                    't' => out.push_str("\\t"),
                    _ => out.push_str(&regex::escape(&e.to_string())),
                }
            }
            '[' => {
                let (class, next) = bracket(&chars, i)?;
                out.push_str(&class);
                i = next;
            }
            '*' if was_start => out.push_str("\\*"),
            '^' => {
                out.push('^');
                at_start = true;
            }
            '(' | ')' | '{' | '}' | '|' | '+' | '?' if !extended => out.push_str(&regex::escape(&c.to_string())),
            '(' | '|' if extended => {
                out.push(c);
                at_start = true;
            }
            '.' | '*' | '$' | ')' | '{' | '}' | '+' | '?' => out.push(c),
            _ => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    Some(out)
}

/// Translates a bracket expression whose `[` is just before `chars[start]`.
fn bracket(chars: &[char], start: usize) -> Option<(String, usize)> {
    let mut i = start;
    let mut out = String::from("[");
    if chars.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        if c == ']' && !first {
            out.push(']');
            return Some((out, i + 1));
        }
        first = false;
        if c == '[' && matches!(chars.get(i + 1), Some(':' | '.' | '=')) {
            let close = chars.get(i + 1).copied()?;
            let rest: String = chars[i + 2..].iter().collect();
            let end = rest.find(&format!("{close}]"))?;
            if close == ':' {
                out.push_str(&format!("[:{}:]", &rest[..end]));
            } else {
                out.push_str(&regex::escape(&rest[..end]));
            }
            i += 2 + rest[..end].chars().count() + 2;
            continue;
        }
        match c {
            '\\' | '[' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '-' if chars.get(i + 1) == Some(&']') || out.ends_with('[') || out.ends_with("[^") => out.push_str("\\-"),
            _ => out.push(c),
        }
        i += 1;
    }
}

fn compile(pattern: &str, extended: bool, fixed: bool, ignore_case: bool) -> Option<Regex> {
    let source = if fixed { regex::escape(pattern) } else { translate(pattern, extended)? };
    build(&source, ignore_case)
}

/// Compiles translated regex syntax within the size bounds; `None` when it does not compile.
fn build(source: &str, ignore_case: bool) -> Option<Regex> {
    let mut builder = RegexBuilder::new(source);
    builder.case_insensitive(ignore_case).size_limit(SIZE_LIMIT);
    // regex-lite has no lazy DFA to bound.
    #[cfg(not(target_arch = "wasm32"))]
    builder.dfa_size_limit(SIZE_LIMIT);
    builder.build().ok()
}

/// Whether `text` matches the extended regular expression `pattern` (`[[ =~ ]]`); `None`
/// when the pattern is not supported.
pub fn ere_matches(pattern: &str, text: &str) -> Option<bool> {
    compile(pattern, true, false, false).map(|re| re.is_match(text))
}

/// `grep [-qvicnlhsxwEFe…] pattern [files…]`.
pub fn grep(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let long = [("quiet", 'q'), ("silent", 'q'), ("invert-match", 'v'), ("ignore-case", 'i'), ("count", 'c')];
    let Some(mut flags) = Flags::parse(&argv[1..], "qvicnlhHsxwEFG", "e", &long) else {
        return sh.not_emulated(io, argv);
    };
    let mut patterns: Vec<String> = flags.all_values('e').into_iter().map(str::to_string).collect();
    if patterns.is_empty() {
        if flags.operands.is_empty() {
            complain(sh, io, "grep", "no pattern given")?;
            return Ok(2);
        }
        patterns.push(flags.operands.remove(0));
    }
    let extended = flags.has("E");
    let fixed = flags.has("F");
    let mut sources = Vec::new();
    for pattern in patterns.iter().flat_map(|p| p.split('\n')) {
        let body = if fixed {
            regex::escape(pattern)
        } else {
            match translate(pattern, extended) {
                Some(t) => t,
                None => return sh.not_emulated(io, argv),
            }
        };
        let body = if flags.has("x") {
            format!("^(?:{body})$")
        } else if flags.has("w") {
            format!("\\b(?:{body})\\b")
        } else {
            body
        };
        sources.push(format!("(?:{body})"));
    }
    let Some(re) = build(&sources.join("|"), flags.has("i")) else {
        return sh.not_emulated(io, argv);
    };
    let operands = if flags.operands.is_empty() { vec!["-".to_string()] } else { flags.operands.clone() };
    let show_names = (operands.len() > 1 || flags.has("H")) && !flags.has("h");
    let mut any = false;
    let mut error = false;
    let mut text = String::new();
    for operand in &operands {
        let data = if flags.has("s") {
            let quiet_io = io.with(2, crate::interp::io::Fd::Out(crate::interp::io::Sink::Null));
            read_input(sh, &quiet_io, "grep", operand)?
        } else {
            read_input(sh, io, "grep", operand)?
        };
        let Some(data) = data else {
            error = true;
            continue;
        };
        let content = String::from_utf8_lossy(&data);
        let name = if operand == "-" { "(standard input)" } else { operand };
        let mut count = 0;
        for (n, line) in content.lines().enumerate() {
            if re.is_match(line) == flags.has("v") {
                continue;
            }
            count += 1;
            any = true;
            if flags.has("qlc") {
                continue;
            }
            if show_names {
                text.push_str(name);
                text.push(':');
            }
            if flags.has("n") {
                text.push_str(&format!("{}:", n + 1));
            }
            text.push_str(line);
            text.push('\n');
        }
        if flags.has("l") && count > 0 {
            text.push_str(name);
            text.push('\n');
        } else if flags.has("c") && !flags.has("ql") {
            if show_names {
                text.push_str(&format!("{name}:"));
            }
            text.push_str(&format!("{count}\n"));
        }
        if flags.has("q") && any {
            break;
        }
    }
    if !flags.has("q") {
        sh.out(io, &text)?;
    }
    Ok(if any && (flags.has("q") || !error) {
        0
    } else if error {
        2
    } else {
        1
    })
}

/// One `s/regex/replacement/flags` command.
struct Substitute {
    re: Regex,
    replacement: String,
    global: bool,
    occurrence: usize,
}

/// Parses `s/…/…/flags` commands separated by `;` or newlines.
fn parse_script(script: &str, extended: bool) -> Option<Vec<Substitute>> {
    let chars: Vec<char> = script.chars().collect();
    let mut commands = Vec::new();
    let mut i = 0;
    loop {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ';') {
            i += 1;
        }
        if i >= chars.len() {
            return Some(commands);
        }
        if chars[i] != 's' {
            return None;
        }
        let delim = *chars.get(i + 1)?;
        if delim == '\\' || delim == '\n' {
            return None;
        }
        i += 2;
        let mut fields = [String::new(), String::new()];
        for field in &mut fields {
            loop {
                let c = *chars.get(i)?;
                i += 1;
                if c == delim {
                    break;
                }
                if c == '\\' {
                    let e = *chars.get(i)?;
                    i += 1;
                    if e == delim {
                        field.push(e);
                    } else {
                        field.push('\\');
                        field.push(e);
                    }
                } else {
                    field.push(c);
                }
            }
        }
        let mut global = false;
        let mut occurrence = 1;
        let mut ignore_case = false;
        while let Some(&c) = chars.get(i) {
            match c {
                'g' => global = true,
                'i' | 'I' => ignore_case = true,
                '0'..='9' => occurrence = c.to_digit(10).map(|d| d as usize)?.max(1),
                ';' | '\n' | ' ' | '}' => break,
                _ => return None,
            }
            i += 1;
        }
        let [pattern, replacement] = fields;
        let re = compile(&pattern, extended, false, ignore_case)?;
        commands.push(Substitute { re, replacement, global, occurrence });
    }
}

/// Expands `&`, `\1`…`\9`, `\n` and escapes in a replacement.
fn expand_replacement(template: &str, caps: &regex::Captures<'_>, out: &mut String) {
    let mut chars = template.chars();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str(caps.get(0).map_or("", |m| m.as_str())),
            '\\' => match chars.next() {
                Some(d @ '0'..='9') => {
                    let n = d.to_digit(10).unwrap_or(0) as usize;
                    out.push_str(caps.get(n).map_or("", |m| m.as_str()));
                }
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            _ => out.push(c),
        }
    }
}

fn substitute_line(line: &str, commands: &[Substitute]) -> String {
    let mut current = line.to_string();
    for command in commands {
        let mut out = String::new();
        let mut last = 0;
        for (k, caps) in command.re.captures_iter(&current).enumerate() {
            let Some(m) = caps.get(0) else { continue };
            if k + 1 < command.occurrence {
                continue;
            }
            out.push_str(&current[last..m.start()]);
            expand_replacement(&command.replacement, &caps, &mut out);
            last = m.end();
            if !command.global {
                break;
            }
        }
        out.push_str(&current[last..]);
        current = out;
    }
    current
}

fn apply(data: &[u8], commands: &[Substitute]) -> Vec<u8> {
    let text = String::from_utf8_lossy(data);
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive('\n') {
        let (line, newline) = match piece.strip_suffix('\n') {
            Some(l) => (l, true),
            None => (piece, false),
        };
        out.push_str(&substitute_line(line, commands));
        if newline {
            out.push('\n');
        }
    }
    out.into_bytes()
}

/// `sed [-i] [-E|-r] [-e] 's/re/rep/flags' [files…]`: only the substitute command.
pub fn sed(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let long = [("in-place", 'i'), ("regexp-extended", 'E'), ("expression", 'e')];
    let Some(mut flags) = Flags::parse(&argv[1..], "iErs", "e", &long) else { return sh.not_emulated(io, argv) };
    let mut scripts: Vec<String> = flags.all_values('e').into_iter().map(str::to_string).collect();
    if scripts.is_empty() {
        if flags.operands.is_empty() {
            complain(sh, io, "sed", "no script specified")?;
            return Ok(1);
        }
        scripts.push(flags.operands.remove(0));
    }
    let extended = flags.has("Er");
    let mut commands = Vec::new();
    for script in &scripts {
        match parse_script(script, extended) {
            Some(c) => commands.extend(c),
            None => return sh.not_emulated(io, argv),
        }
    }
    let in_place = flags.has("i");
    let operands = if flags.operands.is_empty() { vec!["-".to_string()] } else { flags.operands.clone() };
    let mut status = 0;
    for operand in &operands {
        let Some(data) = read_input(sh, io, "sed", operand)? else {
            status = if in_place { 4 } else { 2 };
            continue;
        };
        let result = apply(&data, &commands);
        if in_place && operand != "-" {
            let attrs = sh.attrs(0o644);
            let written = sh
                .fs
                .resolve(&sh.abs(operand), true)
                .and_then(|real| sh.fs.write_file(&real, &result, WriteMode::Truncate, &attrs));
            if let Err(e) = written {
                complain(sh, io, "sed", &format!("{operand}: {e}"))?;
                status = 4;
            }
        } else {
            sh.write(io, 1, &result)?;
        }
    }
    Ok(status)
}

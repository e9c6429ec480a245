//! Text utilities: `echo`, `cat`, `head`, `tail`, `wc`, `tee`, `basename`, `dirname`, `seq`.

use crate::interp::fs::{FileType, WriteMode};
use crate::interp::io::Io;
use crate::interp::path;
use crate::interp::shell::{Flow, Shell, Status};

use super::printf::unescape_into;
use super::{complain, name_of, Flags};

/// Reads an operand (`-` is standard input); `None` after reporting `name: file: error`.
pub fn read_input(sh: &mut Shell<'_>, io: &Io, name: &str, operand: &str) -> Result<Option<Vec<u8>>, Flow> {
    if operand == "-" || operand == "/dev/stdin" {
        return Ok(Some(sh.read_stdin(io)));
    }
    if operand == "/dev/null" {
        return Ok(Some(Vec::new()));
    }
    let result = sh.fs.resolve(&sh.abs(operand), true).and_then(|real| sh.fs.read_file(&real));
    match result {
        Ok(data) => Ok(Some(data)),
        Err(e) => {
            complain(sh, io, name, &format!("{operand}: {e}"))?;
            Ok(None)
        }
    }
}

/// The operands, or `-` (standard input) when there are none.
fn operands_or_stdin(flags: &Flags) -> Vec<String> {
    if flags.operands.is_empty() {
        vec!["-".to_string()]
    } else {
        flags.operands.clone()
    }
}

/// `echo [-neE] args…` (bash/busybox behaviour: escapes only with `-e`).
pub fn echo(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let mut newline = true;
    let mut escapes = false;
    let mut i = 1;
    while let Some(arg) = argv.get(i) {
        let Some(letters) = arg.strip_prefix('-') else { break };
        if letters.is_empty() || !letters.chars().all(|c| matches!(c, 'n' | 'e' | 'E')) {
            break;
        }
        for c in letters.chars() {
            match c {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        i += 1;
    }
    let text = argv[i..].join(" ");
    let mut out = Vec::new();
    if escapes {
        if unescape_into(&text, &mut out, true) {
            newline = false;
        }
    } else {
        out.extend_from_slice(text.as_bytes());
    }
    if newline {
        out.push(b'\n');
    }
    sh.write(io, 1, &out)?;
    Ok(0)
}

/// `cat [files…]`.
pub fn cat(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let Some(flags) = Flags::parse(&argv[1..], "u", "", &[]) else { return sh.not_emulated(io, argv) };
    let mut status = 0;
    for operand in operands_or_stdin(&flags) {
        match read_input(sh, io, "cat", &operand)? {
            Some(data) => sh.write(io, 1, &data)?,
            None => status = 1,
        }
    }
    Ok(status)
}

/// How a `head`/`tail` count was signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    /// `N`.
    Plain,
    /// `+N` (tail: from line N).
    Plus,
    /// `-N` (head: all but the last N).
    Minus,
}

/// Parses the count of `head`/`tail`: `-n N`, `-N`, `-c N`. Returns (flags, count, bytes, sign).
fn count_flags(argv: &[String]) -> Option<(Flags, usize, bool, Sign)> {
    // `-5` is an obsolete spelling of `-n 5`.
    let mut args: Vec<String> = Vec::with_capacity(argv.len());
    for a in &argv[1..] {
        let after_option = matches!(args.last().map(String::as_str), Some("-n" | "-c" | "--lines" | "--bytes"));
        if !after_option && a.len() > 1 && a.starts_with('-') && a[1..].bytes().all(|b| b.is_ascii_digit()) {
            args.push(format!("-n{}", &a[1..]));
        } else {
            args.push(a.clone());
        }
    }
    let flags = Flags::parse(&args, "qv", "nc", &[("lines", 'n'), ("bytes", 'c'), ("quiet", 'q'), ("silent", 'q')])?;
    let bytes = flags.seen.iter().rev().find(|c| matches!(c, 'n' | 'c')) == Some(&'c');
    let raw = if bytes { flags.value('c') } else { flags.value('n') }.unwrap_or("10");
    let sign = match raw.as_bytes().first() {
        Some(b'+') => Sign::Plus,
        Some(b'-') => Sign::Minus,
        _ => Sign::Plain,
    };
    let count: u64 = raw.trim_start_matches(['+', '-']).parse().ok()?;
    Some((flags, usize::try_from(count).unwrap_or(usize::MAX), bytes, sign))
}

/// The byte offset where line `k` (0-based) of `data` starts, or `data.len()`.
fn line_start(data: &[u8], k: usize) -> usize {
    if k == 0 {
        return 0;
    }
    data.iter().enumerate().filter(|(_, &b)| b == b'\n').nth(k - 1).map_or(data.len(), |(i, _)| i + 1)
}

fn count_lines(data: &[u8]) -> usize {
    let newlines = data.iter().filter(|&&b| b == b'\n').count();
    newlines + usize::from(!data.is_empty() && !data.ends_with(b"\n"))
}

fn head_tail(sh: &mut Shell<'_>, io: &Io, argv: &[String], head: bool) -> Status {
    let name = name_of(argv).to_string();
    let Some((flags, n, bytes, sign)) = count_flags(argv) else { return sh.not_emulated(io, argv) };
    if (head && sign == Sign::Plus) || (!head && sign == Sign::Minus && n == 0) {
        return sh.not_emulated(io, argv);
    }
    let operands = operands_or_stdin(&flags);
    let headers = operands.len() > 1 && !flags.has("q");
    let mut status = 0;
    for (k, operand) in operands.iter().enumerate() {
        let Some(data) = read_input(sh, io, &name, operand)? else {
            status = 1;
            continue;
        };
        if headers {
            let shown = if operand == "-" { "standard input" } else { operand };
            sh.out(io, &format!("{}==> {shown} <==\n", if k > 0 { "\n" } else { "" }))?;
        }
        let len = data.len();
        let units = if bytes { len } else { count_lines(&data) };
        let offset = |unit: usize| if bytes { unit.min(len) } else { line_start(&data, unit) };
        let range = match (head, sign) {
            (true, Sign::Minus) => 0..offset(units.saturating_sub(n)),
            (true, _) => 0..offset(n),
            (false, Sign::Plus) => offset(n.saturating_sub(1))..len,
            (false, _) => offset(units.saturating_sub(n))..len,
        };
        sh.write(io, 1, &data[range])?;
    }
    Ok(status)
}

/// `head [-n N | -N | -c N] [files…]`.
pub fn head(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    head_tail(sh, io, argv, true)
}

/// `tail [-n [+]N | -N | -c [+]N] [files…]` (no `-f`).
pub fn tail(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    head_tail(sh, io, argv, false)
}

/// `wc [-lwcm] [files…]`.
pub fn wc(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let long = [("lines", 'l'), ("words", 'w'), ("bytes", 'c'), ("chars", 'm')];
    let Some(flags) = Flags::parse(&argv[1..], "lwcm", "", &long) else { return sh.not_emulated(io, argv) };
    let selected: Vec<char> = if flags.seen.is_empty() {
        vec!['l', 'w', 'c']
    } else {
        ['l', 'w', 'm', 'c'].into_iter().filter(|c| flags.seen.contains(c)).collect()
    };
    let mut rows: Vec<(Vec<usize>, Option<String>)> = Vec::new();
    let mut status = 0;
    let mut totals = vec![0; selected.len()];
    for operand in operands_or_stdin(&flags) {
        let Some(data) = read_input(sh, io, "wc", &operand)? else {
            status = 1;
            continue;
        };
        let text = String::from_utf8_lossy(&data);
        let counts: Vec<usize> = selected
            .iter()
            .map(|c| match c {
                'l' => data.iter().filter(|&&b| b == b'\n').count(),
                'w' => text.split_whitespace().count(),
                'm' => text.chars().count(),
                _ => data.len(),
            })
            .collect();
        for (t, c) in totals.iter_mut().zip(&counts) {
            *t += c;
        }
        rows.push((counts, (operand != "-").then_some(operand)));
    }
    if rows.len() > 1 {
        rows.push((totals.clone(), Some("total".to_string())));
    }
    let from_stdin = flags.operands.is_empty();
    let width = if selected.len() == 1 && rows.len() == 1 {
        0
    } else if from_stdin {
        7
    } else {
        totals.iter().max().map_or(1, |m| m.to_string().len())
    };
    let mut text = String::new();
    for (counts, name) in rows {
        let cols: Vec<String> = counts.iter().map(|c| format!("{c:>width$}")).collect();
        text.push_str(&cols.join(" "));
        if let Some(name) = name {
            text.push(' ');
            text.push_str(&name);
        }
        text.push('\n');
    }
    sh.out(io, &text)?;
    Ok(status)
}

/// `tee [-a] [files…]`.
pub fn tee(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let Some(flags) = Flags::parse(&argv[1..], "ai", "", &[("append", 'a')]) else { return sh.not_emulated(io, argv) };
    let data = sh.read_stdin(io);
    let mode = if flags.has("a") { WriteMode::Append } else { WriteMode::Truncate };
    let mut status = 0;
    for operand in &flags.operands {
        if operand == "/dev/null" {
            continue;
        }
        let attrs = sh.attrs(0o644);
        let result = sh.fs.resolve(&sh.abs(operand), true).and_then(|real| {
            if sh.fs.lstat(&real).is_ok_and(|m| m.kind == FileType::Dir) {
                return Err(crate::interp::FsError::IsADirectory);
            }
            sh.fs.write_file(&real, &data, mode, &attrs)
        });
        if let Err(e) = result {
            complain(sh, io, "tee", &format!("{operand}: {e}"))?;
            status = 1;
        }
    }
    sh.write(io, 1, &data)?;
    Ok(status)
}

/// `basename name [suffix]`.
pub fn basename(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let Some(name) = argv.get(1) else {
        complain(sh, io, "basename", "missing operand")?;
        return Ok(1);
    };
    if argv.len() > 3 || name.starts_with('-') && name.len() > 1 {
        return sh.not_emulated(io, argv);
    }
    let mut base = path::file_name(name).to_string();
    if let Some(suffix) = argv.get(2) {
        if base != *suffix {
            if let Some(stripped) = base.strip_suffix(suffix.as_str()) {
                base = stripped.to_string();
            }
        }
    }
    sh.out(io, &format!("{base}\n"))?;
    Ok(0)
}

/// `dirname names…`.
pub fn dirname(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    if argv.len() < 2 {
        complain(sh, io, "dirname", "missing operand")?;
        return Ok(1);
    }
    let mut text = String::new();
    for name in &argv[1..] {
        let trimmed = name.trim_end_matches('/');
        let dir = match trimmed.rfind('/') {
            None if name.starts_with('/') => "/",
            None => ".",
            Some(i) => {
                let d = trimmed[..i].trim_end_matches('/');
                if d.is_empty() {
                    "/"
                } else {
                    d
                }
            }
        };
        text.push_str(dir);
        text.push('\n');
    }
    sh.out(io, &text)?;
    Ok(0)
}

/// `seq [-s sep] [-w] [first [incr]] last` over integers.
pub fn seq(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let args: Vec<String> = argv[1..].to_vec();
    let mut sep = "\n".to_string();
    let mut width = false;
    let mut nums = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-s" => {
                i += 1;
                sep = args.get(i).cloned().unwrap_or_default();
            }
            "-w" => width = true,
            a if a.starts_with("-s") => sep = a[2..].to_string(),
            a => match a.parse::<i64>() {
                Ok(n) => nums.push(n),
                Err(_) => return sh.not_emulated(io, argv),
            },
        }
        i += 1;
    }
    let (first, incr, last) = match nums.as_slice() {
        [l] => (1, 1, *l),
        [f, l] => (*f, 1, *l),
        [f, s, l] => (*f, *s, *l),
        _ => {
            complain(sh, io, "seq", "missing operand")?;
            return Ok(1);
        }
    };
    if incr == 0 {
        complain(sh, io, "seq", "invalid Zero increment value: '0'")?;
        return Ok(1);
    }
    let pad = if width { first.to_string().len().max(last.to_string().len()) } else { 0 };
    let mut value = first;
    let mut started = false;
    let mut chunk = String::new();
    while (incr > 0 && value <= last) || (incr < 0 && value >= last) {
        if started {
            chunk.push_str(&sep);
        }
        started = true;
        chunk.push_str(&format!("{value:0pad$}"));
        if chunk.len() > 4096 {
            sh.out(io, &std::mem::take(&mut chunk))?;
        }
        let Some(next) = value.checked_add(incr) else { break };
        value = next;
    }
    if started {
        chunk.push('\n');
    }
    sh.out(io, &chunk)?;
    Ok(0)
}

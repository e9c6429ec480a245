//! Line filters: `sort`, `uniq`, `cut`, `tr`.

use crate::interp::io::Io;
use crate::interp::shell::{Shell, Status};

use super::text::read_input;
use super::{complain, Flags};

/// The concatenated input of the operands (or standard input); `None` if one failed.
fn gather(
    sh: &mut Shell<'_>,
    io: &Io,
    name: &str,
    operands: &[String],
) -> Result<Option<String>, crate::interp::shell::Flow> {
    let operands = if operands.is_empty() { vec!["-".to_string()] } else { operands.to_vec() };
    let mut text = String::new();
    for operand in &operands {
        match read_input(sh, io, name, operand)? {
            Some(data) => text.push_str(&String::from_utf8_lossy(&data)),
            None => return Ok(None),
        }
    }
    Ok(Some(text))
}

fn joined(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// `sort [-rnu] [files…]` (whole-line keys, byte order).
pub fn sort(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let long = [("reverse", 'r'), ("numeric-sort", 'n'), ("unique", 'u')];
    let Some(flags) = Flags::parse(&argv[1..], "rnu", "", &long) else { return sh.not_emulated(io, argv) };
    let Some(text) = gather(sh, io, "sort", &flags.operands)? else { return Ok(2) };
    let mut lines: Vec<&str> = text.lines().collect();
    let number = |l: &str| {
        let t = l.trim_start();
        let end =
            t.char_indices().find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-'))).map_or(t.len(), |(i, _)| i);
        t[..end].parse::<i64>().unwrap_or(0)
    };
    if flags.has("n") {
        slipway_sort::sort_by(&mut lines, |a, b| number(a).cmp(&number(b)).then_with(|| a.cmp(b)));
    } else {
        slipway_sort::sort(&mut lines);
    }
    if flags.has("u") {
        if flags.has("n") {
            lines.dedup_by(|a, b| number(a) == number(b));
        } else {
            lines.dedup();
        }
    }
    if flags.has("r") {
        lines.reverse();
    }
    sh.out(io, &joined(&lines))?;
    Ok(0)
}

/// `uniq [-cdu] [file]`.
pub fn uniq(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let long = [("count", 'c'), ("repeated", 'd'), ("unique", 'u')];
    let Some(flags) = Flags::parse(&argv[1..], "cdu", "", &long) else { return sh.not_emulated(io, argv) };
    if flags.operands.len() > 1 {
        return sh.not_emulated(io, argv);
    }
    let Some(text) = gather(sh, io, "uniq", &flags.operands)? else { return Ok(1) };
    let mut groups: Vec<(&str, usize)> = Vec::new();
    for line in text.lines() {
        match groups.last_mut() {
            Some((last, count)) if *last == line => *count += 1,
            _ => groups.push((line, 1)),
        }
    }
    let mut out = String::new();
    for (line, count) in groups {
        if (flags.has("d") && count < 2) || (flags.has("u") && count > 1) {
            continue;
        }
        if flags.has("c") {
            out.push_str(&format!("{count:>7} "));
        }
        out.push_str(line);
        out.push('\n');
    }
    sh.out(io, &out)?;
    Ok(0)
}

/// Parses a `cut` list (`1,3-5,7-`) into inclusive 1-based ranges.
fn ranges(list: &str) -> Option<Vec<(usize, usize)>> {
    list.split(',')
        .map(|item| {
            let (a, b) = match item.split_once('-') {
                Some((a, b)) => (
                    if a.is_empty() { 1 } else { a.parse().ok()? },
                    if b.is_empty() { usize::MAX } else { b.parse().ok()? },
                ),
                None => {
                    let n = item.parse().ok()?;
                    (n, n)
                }
            };
            (a >= 1 && a <= b).then_some((a, b))
        })
        .collect()
}

/// `cut -d DELIM -f LIST [-s]` and `cut -c LIST`.
pub fn cut(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let long = [("delimiter", 'd'), ("fields", 'f'), ("characters", 'c'), ("bytes", 'b'), ("only-delimited", 's')];
    let Some(flags) = Flags::parse(&argv[1..], "s", "dfcb", &long) else { return sh.not_emulated(io, argv) };
    let (list, by_field) = match (flags.value('f'), flags.value('c').or(flags.value('b'))) {
        (Some(f), None) => (f, true),
        (None, Some(c)) => (c, false),
        _ => {
            complain(sh, io, "cut", "you must specify a list of bytes, characters, or fields")?;
            return Ok(1);
        }
    };
    let Some(ranges) = ranges(list) else {
        complain(sh, io, "cut", &format!("invalid field range '{list}'"))?;
        return Ok(1);
    };
    let delim = flags.value('d').unwrap_or("\t");
    let mut delim_chars = delim.chars();
    let (Some(delim), None) = (delim_chars.next(), delim_chars.next()) else {
        complain(sh, io, "cut", "the delimiter must be a single character")?;
        return Ok(1);
    };
    let Some(text) = gather(sh, io, "cut", &flags.operands)? else { return Ok(1) };
    let selected = |i: usize| ranges.iter().any(|&(a, b)| a <= i && i <= b);
    let mut out = String::new();
    for line in text.lines() {
        if by_field {
            if !line.contains(delim) {
                if !flags.has("s") {
                    out.push_str(line);
                    out.push('\n');
                }
                continue;
            }
            let fields: Vec<&str> =
                line.split(delim).enumerate().filter(|(i, _)| selected(i + 1)).map(|(_, f)| f).collect();
            out.push_str(&fields.join(&delim.to_string()));
        } else {
            out.extend(line.chars().enumerate().filter(|(i, _)| selected(i + 1)).map(|(_, c)| c));
        }
        out.push('\n');
    }
    sh.out(io, &out)?;
    Ok(0)
}

/// Expands a `tr` set: ranges, escapes and `[:class:]`.
fn tr_set(spec: &str) -> Option<Vec<char>> {
    let chars: Vec<char> = spec.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars[i + 2..].iter().collect();
            let end = rest.find(":]")?;
            let class: fn(&char) -> bool = match &rest[..end] {
                "upper" => char::is_ascii_uppercase,
                "lower" => char::is_ascii_lowercase,
                "digit" => char::is_ascii_digit,
                "alpha" => char::is_ascii_alphabetic,
                "alnum" => char::is_ascii_alphanumeric,
                "space" => |c: &char| c.is_ascii_whitespace() || *c == '\u{b}',
                "blank" => |c: &char| *c == ' ' || *c == '\t',
                "punct" => char::is_ascii_punctuation,
                _ => return None,
            };
            out.extend((0u8..128).map(char::from).filter(class));
            i += 2 + end + 2;
            continue;
        }
        let (c, width) = if chars[i] == '\\' && i + 1 < chars.len() {
            let e = match chars[i + 1] {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '0' => '\0',
                other => other,
            };
            (e, 2)
        } else {
            (chars[i], 1)
        };
        if chars.get(i + width) == Some(&'-') && i + width + 1 < chars.len() {
            let end = chars[i + width + 1];
            if end < c {
                return None;
            }
            out.extend(c..=end);
            i += width + 2;
        } else {
            out.push(c);
            i += width;
        }
    }
    Some(out)
}

/// `tr [-ds] set1 [set2]`.
pub fn tr(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let long = [("delete", 'd'), ("squeeze-repeats", 's')];
    let Some(flags) = Flags::parse(&argv[1..], "ds", "", &long) else { return sh.not_emulated(io, argv) };
    let sets: Option<Vec<Vec<char>>> = flags.operands.iter().map(|s| tr_set(s)).collect();
    let Some(sets) = sets else { return sh.not_emulated(io, argv) };
    let delete = flags.has("d");
    let squeeze = flags.has("s");
    let valid = match sets.len() {
        1 => delete || squeeze,
        2 => !delete || squeeze,
        _ => false,
    };
    if !valid {
        return sh.not_emulated(io, argv);
    }
    let input = String::from_utf8_lossy(&sh.read_stdin(io)).into_owned();
    let (set1, set2) = (&sets[0], sets.get(1));
    let mut out = String::with_capacity(input.len());
    // Squeezing applies to the last set given.
    let squeeze_set = set2.unwrap_or(set1);
    for c in input.chars() {
        let mapped = if delete {
            if set1.contains(&c) {
                continue;
            }
            c
        } else if let (Some(set2), Some(pos)) = (set2, set1.iter().position(|&x| x == c)) {
            set2.get(pos).or(set2.last()).copied().unwrap_or(c)
        } else {
            c
        };
        if squeeze && squeeze_set.contains(&mapped) && out.ends_with(mapped) {
            continue;
        }
        out.push(mapped);
    }
    sh.out(io, &out)?;
    Ok(0)
}

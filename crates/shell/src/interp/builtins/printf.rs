//! `printf` and the backslash escapes shared with `echo -e`.

use crate::interp::io::Io;
use crate::interp::shell::{Shell, Status};

use super::complain;

/// Widest field width or precision honoured, so `%999999999d` cannot exhaust memory.
const MAX_WIDTH: usize = 4096;

/// Appends `text` to `out` decoding backslash escapes. `echo_style` selects `\0NNN` octal
/// (echo, `%b`) rather than `\NNN` (format strings). Returns `true` when `\c` stopped the
/// output.
pub fn unescape_into(text: &str, out: &mut Vec<u8>, echo_style: bool) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '\\' || i >= chars.len() {
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let e = chars[i];
        i += 1;
        let byte = match e {
            '\\' => b'\\',
            'a' => 7,
            'b' => 8,
            'e' | 'E' => 27,
            'f' => 12,
            'n' => b'\n',
            'r' => b'\r',
            't' => b'\t',
            'v' => 11,
            '"' if !echo_style => b'"',
            'c' if echo_style => return true,
            'x' => {
                let digits: String = chars[i..].iter().take(2).take_while(|c| c.is_ascii_hexdigit()).collect();
                if digits.is_empty() {
                    out.extend_from_slice(b"\\x");
                    continue;
                }
                i += digits.len();
                u8::from_str_radix(&digits, 16).unwrap_or(0)
            }
            '0'..='7' if !echo_style || e == '0' => {
                let start = if echo_style { i } else { i - 1 };
                let digits: String = chars[start..].iter().take(3).take_while(|c| ('0'..='7').contains(c)).collect();
                i = start + digits.len();
                u32::from_str_radix(if digits.is_empty() { "0" } else { &digits }, 8).unwrap_or(0) as u8
            }
            other => {
                out.push(b'\\');
                let mut buf = [0; 4];
                out.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
                continue;
            }
        };
        out.push(byte);
    }
    false
}

/// A numeric argument as printf reads it: integers, `0x`, leading `'c` for a character code.
fn numeric(arg: &str) -> Option<i64> {
    let arg = arg.trim();
    if arg.is_empty() {
        return Some(0);
    }
    if let Some(rest) = arg.strip_prefix('\'').or_else(|| arg.strip_prefix('"')) {
        return Some(rest.chars().next().map_or(0, |c| c as i64));
    }
    let (neg, digits) = match arg.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, arg.strip_prefix('+').unwrap_or(arg)),
    };
    let value = if let Some(hex) = digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        i64::from_str_radix(hex, 16).ok()?
    } else if digits.len() > 1 && digits.starts_with('0') {
        i64::from_str_radix(&digits[1..], 8).ok()?
    } else {
        digits.parse().ok()?
    };
    Some(if neg { -value } else { value })
}

fn pad(text: String, width: usize, left: bool, zero: bool) -> String {
    let len = text.chars().count();
    if len >= width {
        return text;
    }
    let fill = width - len;
    if left {
        format!("{text}{}", " ".repeat(fill))
    } else if zero {
        let (sign, digits) = if text.starts_with(['-', '+']) { text.split_at(1) } else { ("", text.as_str()) };
        format!("{sign}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{text}", " ".repeat(fill))
    }
}

/// `printf format [args…]`: `%s %b %c %d %i %u %x %X %o %%` with flags, width and
/// precision; the format is reused while arguments remain.
pub fn printf(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let Some(format) = argv.get(1) else {
        complain(sh, io, "printf", "usage: printf format [arg ...]")?;
        return Ok(2);
    };
    if format == "-v" {
        return sh.not_emulated(io, argv);
    }
    let format: Vec<char> = format.chars().collect();
    let args = &argv[2..];
    let mut next = 0;
    let mut out = Vec::new();
    let mut status = 0;
    loop {
        let mut i = 0;
        let mut consumed = false;
        while i < format.len() {
            let c = format[i];
            if c == '\\' {
                let end = (i + 5).min(format.len());
                // Decode one escape: find how many chars it spans by decoding progressively.
                let mut span = 2.min(format.len() - i);
                if i + 1 < format.len() {
                    match format[i + 1] {
                        'x' => {
                            span += format[i + 2..end.min(i + 4)].iter().take_while(|c| c.is_ascii_hexdigit()).count()
                        }
                        '0'..='7' => {
                            span += format[i + 2..end.min(i + 4)].iter().take_while(|c| ('0'..='7').contains(c)).count()
                        }
                        _ => {}
                    }
                }
                let piece: String = format[i..i + span].iter().collect();
                unescape_into(&piece, &mut out, false);
                i += span;
                continue;
            }
            if c != '%' {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                i += 1;
                continue;
            }
            i += 1;
            let mut flags = String::new();
            while i < format.len() && "-+ 0#".contains(format[i]) {
                flags.push(format[i]);
                i += 1;
            }
            let mut width = String::new();
            while i < format.len() && (format[i].is_ascii_digit() || format[i] == '*') {
                width.push(format[i]);
                i += 1;
            }
            let mut precision: Option<String> = None;
            if i < format.len() && format[i] == '.' {
                i += 1;
                let mut p = String::new();
                while i < format.len() && (format[i].is_ascii_digit() || format[i] == '*') {
                    p.push(format[i]);
                    i += 1;
                }
                precision = Some(p);
            }
            let Some(&conv) = format.get(i) else {
                out.push(b'%');
                break;
            };
            i += 1;
            if conv == '%' {
                out.push(b'%');
                continue;
            }
            let mut take = || {
                consumed = true;
                let arg = args.get(next).cloned();
                next += 1;
                arg
            };
            let width: usize = if width == "*" {
                take().and_then(|a| numeric(&a)).unwrap_or(0).unsigned_abs() as usize
            } else {
                width.parse().unwrap_or(0)
            }
            .min(MAX_WIDTH);
            let precision: Option<usize> = match precision.as_deref() {
                Some("*") => Some(take().and_then(|a| numeric(&a)).unwrap_or(0).max(0) as usize),
                Some(p) => Some(p.parse().unwrap_or(0)),
                None => None,
            }
            .map(|p| p.min(MAX_WIDTH));
            let left = flags.contains('-');
            let zero = flags.contains('0') && !left;
            let arg = take().unwrap_or_default();
            let text = match conv {
                's' => {
                    let s: String = match precision {
                        Some(p) => arg.chars().take(p).collect(),
                        None => arg,
                    };
                    pad(s, width, left, false)
                }
                'b' => {
                    let mut bytes = Vec::new();
                    let stop = unescape_into(&arg, &mut bytes, true);
                    let s = String::from_utf8_lossy(&bytes).into_owned();
                    out.extend_from_slice(pad(s, width, left, false).as_bytes());
                    if stop {
                        sh.write(io, 1, &out)?;
                        return Ok(status);
                    }
                    continue;
                }
                'c' => pad(arg.chars().next().map(String::from).unwrap_or_default(), width, left, false),
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                    let n = match numeric(&arg) {
                        Some(n) => n,
                        None => {
                            complain(sh, io, "printf", &format!("{arg}: invalid number"))?;
                            status = 1;
                            0
                        }
                    };
                    let alternate = flags.contains('#') && n != 0;
                    let mut digits = match conv {
                        'x' if alternate => format!("{n:#x}"),
                        'X' => format!("{}{n:X}", if alternate { "0X" } else { "" }),
                        'x' => format!("{n:x}"),
                        'o' => format!("{}{n:o}", if alternate { "0" } else { "" }),
                        _ => n.unsigned_abs().to_string(),
                    };
                    if let Some(p) = precision {
                        if digits.len() < p {
                            digits = format!("{}{digits}", "0".repeat(p - digits.len()));
                        }
                    }
                    let sign = if matches!(conv, 'd' | 'i') && n < 0 {
                        "-"
                    } else if matches!(conv, 'd' | 'i') && flags.contains('+') {
                        "+"
                    } else if matches!(conv, 'd' | 'i') && flags.contains(' ') {
                        " "
                    } else {
                        ""
                    };
                    pad(format!("{sign}{digits}"), width, left, zero && precision.is_none())
                }
                _ => return sh.not_emulated(io, argv),
            };
            out.extend_from_slice(text.as_bytes());
            if out.len() > sh.env.limits.max_output {
                break;
            }
        }
        if !consumed || next >= args.len() || out.len() > sh.env.limits.max_output {
            break;
        }
    }
    sh.write(io, 1, &out)?;
    Ok(status)
}

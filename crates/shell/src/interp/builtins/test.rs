//! `test` / `[` and bash's `[[ … ]]`.

use crate::interp::fs::FileType;
use crate::interp::io::Io;
use crate::interp::pattern;
use crate::interp::shell::{Shell, Status};

/// `test expr` / `[ expr ]`: 0 true, 1 false, 2 on a malformed expression.
pub fn test(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let mut args: Vec<String> = argv[1..].to_vec();
    if argv[0].ends_with('[') {
        if args.last().map(String::as_str) != Some("]") {
            sh.err(io, "sh: [: missing ]")?;
            return Ok(2);
        }
        args.pop();
    }
    evaluate(sh, io, &args, false)
}

/// `[[ words ]]`: like `test` plus `&&`, `||`, pattern `==`/`!=` and `<`/`>`.
pub fn double_bracket(sh: &mut Shell<'_>, io: &Io, args: &[String]) -> Status {
    let mapped: Vec<String> = args
        .iter()
        .map(|a| match a.as_str() {
            "&&" => "-a".to_string(),
            "||" => "-o".to_string(),
            _ => a.clone(),
        })
        .collect();
    evaluate(sh, io, &mapped, true)
}

fn evaluate(sh: &mut Shell<'_>, io: &Io, args: &[String], extended: bool) -> Status {
    let mut parser = Parser { args, pos: 0, extended };
    match parser.or(sh) {
        Ok(value) if parser.pos == args.len() => Ok(i32::from(!value)),
        Ok(_) => {
            sh.err(io, &format!("sh: test: unexpected argument `{}`", args[parser.pos]))?;
            Ok(2)
        }
        Err(message) => {
            sh.err(io, &format!("sh: test: {message}"))?;
            Ok(2)
        }
    }
}

struct Parser<'a> {
    args: &'a [String],
    pos: usize,
    extended: bool,
}

const UNARY: &[&str] = &[
    "-e", "-f", "-d", "-s", "-x", "-r", "-w", "-L", "-h", "-z", "-n", "-b", "-c", "-p", "-S", "-g", "-u", "-k", "-O",
    "-G", "-t",
];
const BINARY: &[&str] =
    &["=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "<", ">", "-nt", "-ot", "-ef", "=~"];

impl Parser<'_> {
    fn peek(&self, offset: usize) -> Option<&str> {
        self.args.get(self.pos + offset).map(String::as_str)
    }

    fn or(&mut self, sh: &mut Shell<'_>) -> Result<bool, String> {
        let mut value = self.and(sh)?;
        while self.peek(0) == Some("-o") {
            self.pos += 1;
            let rhs = self.and(sh)?;
            value = value || rhs;
        }
        Ok(value)
    }

    fn and(&mut self, sh: &mut Shell<'_>) -> Result<bool, String> {
        let mut value = self.not(sh)?;
        while self.peek(0) == Some("-a") {
            self.pos += 1;
            let rhs = self.not(sh)?;
            value = value && rhs;
        }
        Ok(value)
    }

    fn not(&mut self, sh: &mut Shell<'_>) -> Result<bool, String> {
        if self.peek(0) == Some("!") && self.peek(1).is_some() {
            self.pos += 1;
            return Ok(!self.not(sh)?);
        }
        self.primary(sh)
    }

    fn primary(&mut self, sh: &mut Shell<'_>) -> Result<bool, String> {
        let Some(first) = self.peek(0).map(str::to_string) else {
            return Ok(false);
        };
        if first == "(" && self.args[self.pos..].iter().any(|a| a == ")") {
            self.pos += 1;
            let value = self.or(sh)?;
            if self.peek(0) != Some(")") {
                return Err("missing `)`".to_string());
            }
            self.pos += 1;
            return Ok(value);
        }
        if let Some(op) = self.peek(1).filter(|op| BINARY.contains(op)).map(str::to_string) {
            if let Some(rhs) = self.peek(2).map(str::to_string) {
                self.pos += 3;
                return binary(sh, &first, &op, &rhs, self.extended);
            }
        }
        if UNARY.contains(&first.as_str()) {
            if let Some(operand) = self.peek(1).map(str::to_string) {
                self.pos += 2;
                return Ok(unary(sh, &first, &operand));
            }
        }
        self.pos += 1;
        Ok(!first.is_empty())
    }
}

fn unary(sh: &mut Shell<'_>, op: &str, operand: &str) -> bool {
    match op {
        "-z" => return operand.is_empty(),
        "-n" => return !operand.is_empty(),
        "-t" => return false,
        _ => {}
    }
    let abs = sh.abs(operand);
    if matches!(op, "-L" | "-h") {
        return sh.fs.resolve(&abs, false).and_then(|p| sh.fs.lstat(&p)).is_ok_and(|m| m.kind == FileType::Symlink);
    }
    let Ok(meta) = sh.fs.stat(&abs) else { return false };
    let uid = sh.env.uid;
    let allowed = |bit: u32| {
        uid == 0 && bit != 0o1 || {
            let shift = if meta.uid == uid {
                6
            } else if meta.gid == sh.env.gid {
                3
            } else {
                0
            };
            meta.mode >> shift & bit != 0
        }
    };
    match op {
        "-e" => true,
        "-f" => meta.kind == FileType::File,
        "-d" => meta.kind == FileType::Dir,
        "-s" => meta.size > 0,
        "-r" => allowed(0o4),
        "-w" => allowed(0o2),
        "-x" => {
            if uid == 0 {
                meta.mode & 0o111 != 0 || meta.kind == FileType::Dir
            } else {
                allowed(0o1)
            }
        }
        "-u" => meta.mode & 0o4000 != 0,
        "-g" => meta.mode & 0o2000 != 0,
        "-k" => meta.mode & 0o1000 != 0,
        "-O" => meta.uid == uid,
        "-G" => meta.gid == sh.env.gid,
        _ => false,
    }
}

fn binary(sh: &mut Shell<'_>, lhs: &str, op: &str, rhs: &str, extended: bool) -> Result<bool, String> {
    let int = |s: &str| s.trim().parse::<i64>().map_err(|_| format!("{s}: integer expression expected"));
    Ok(match op {
        "=~" if extended => super::regexp::ere_matches(rhs, lhs).unwrap_or(false),
        "=" | "==" if extended => pattern::matches(rhs, lhs),
        "!=" if extended => !pattern::matches(rhs, lhs),
        "=" | "==" => lhs == rhs,
        "!=" => lhs != rhs,
        "<" => lhs < rhs,
        ">" => lhs > rhs,
        "-eq" => int(lhs)? == int(rhs)?,
        "-ne" => int(lhs)? != int(rhs)?,
        "-lt" => int(lhs)? < int(rhs)?,
        "-le" => int(lhs)? <= int(rhs)?,
        "-gt" => int(lhs)? > int(rhs)?,
        "-ge" => int(lhs)? >= int(rhs)?,
        _ => {
            let (a, b) = (sh.fs.stat(&sh.abs(lhs)), sh.fs.stat(&sh.abs(rhs)));
            match (op, a, b) {
                ("-nt", Ok(a), Ok(b)) => a.mtime > b.mtime,
                ("-nt", Ok(_), Err(_)) => true,
                ("-ot", Ok(a), Ok(b)) => a.mtime < b.mtime,
                ("-ot", Err(_), Ok(_)) => true,
                ("-ef", Ok(_), Ok(_)) => {
                    sh.fs.resolve(&sh.abs(lhs), true).ok() == sh.fs.resolve(&sh.abs(rhs), true).ok()
                }
                _ => false,
            }
        }
    })
}

//! `chmod`, `chown`, `chgrp`, and mode parsing.

use crate::interp::fs::{FileType, FsError};
use crate::interp::io::Io;
use crate::interp::path;
use crate::interp::shell::{Shell, Status};

use super::files::UMASK;
use super::users::{group_id, user_entry};
use super::{complain, name_of};

/// Applies a mode given as octal (`755`) or symbolically (`u+x,go-w`, `+x`, `a=rX`) to
/// `current`. Returns `None` when `spec` is malformed.
pub fn parse_mode(spec: &str, current: u32, is_dir: bool) -> Option<u32> {
    if !spec.is_empty() && spec.chars().all(|c| ('0'..='7').contains(&c)) {
        return u32::from_str_radix(spec, 8).ok().filter(|m| *m <= 0o7777);
    }
    let mut mode = current;
    for clause in spec.split(',') {
        let chars: Vec<char> = clause.chars().collect();
        let mut i = 0;
        let mut who = 0;
        while i < chars.len() && "ugoa".contains(chars[i]) {
            who |= match chars[i] {
                'u' => 0o4700,
                'g' => 0o2070,
                'o' => 0o1007,
                _ => 0o7777,
            };
            i += 1;
        }
        let masked = who == 0;
        if masked {
            who = 0o7777;
        }
        if i >= chars.len() {
            return None;
        }
        while i < chars.len() {
            let op = chars[i];
            if !"+-=".contains(op) {
                return None;
            }
            i += 1;
            let mut bits = 0;
            while i < chars.len() && !"+-=".contains(chars[i]) {
                bits |= match chars[i] {
                    'r' => 0o444,
                    'w' => 0o222,
                    'x' => 0o111,
                    'X' if is_dir || mode & 0o111 != 0 => 0o111,
                    'X' => 0,
                    's' => 0o6000,
                    't' => 0o1000,
                    c @ ('u' | 'g' | 'o') => {
                        let shift = match c {
                            'u' => 6,
                            'g' => 3,
                            _ => 0,
                        };
                        let perm = (mode >> shift) & 0o7;
                        perm * 0o111
                    }
                    _ => return None,
                };
                i += 1;
            }
            let mut effective = bits & who;
            if masked {
                effective &= !UMASK | 0o7000;
            }
            match op {
                '+' => mode |= effective,
                '-' => mode &= !effective,
                _ => {
                    let cleared = if masked { 0o7777 } else { who & !(if is_dir { 0o6000 } else { 0 }) };
                    mode = (mode & !cleared) | effective;
                }
            }
        }
    }
    Some(mode & 0o7777)
}

/// The nodes to act on for `-R`: `root` and, for a directory, everything below it
/// (symbolic links inside the tree are listed but not followed).
fn walk(sh: &mut Shell<'_>, root: &str, recursive: bool) -> Result<Vec<String>, FsError> {
    let mut out = vec![root.to_string()];
    if !recursive {
        return Ok(out);
    }
    let mut stack = vec![root.to_string()];
    while let Some(dir) = stack.pop() {
        if sh.fs.lstat(&dir)?.kind != FileType::Dir {
            continue;
        }
        for name in sh.fs.read_dir(&dir)? {
            let child = path::child(&dir, &name);
            stack.push(child.clone());
            out.push(child);
        }
    }
    Ok(out)
}

/// `chmod [-Rvcf] mode files…`.
pub fn chmod(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let mut recursive = false;
    let mut mode_spec: Option<String> = None;
    let mut files = Vec::new();
    for arg in &argv[1..] {
        match arg.as_str() {
            "-R" | "--recursive" => recursive = true,
            "-v" | "-c" | "-f" | "--verbose" | "--changes" | "--silent" | "--quiet" => {}
            a if mode_spec.is_none()
                && (!a.starts_with('-') || a[1..].chars().all(|c| "rwxXstugoa+-=,".contains(c))) =>
            {
                mode_spec = Some(a.to_string());
            }
            a if a.starts_with('-') && a.len() > 1 => return sh.not_emulated(io, argv),
            a => files.push(a.to_string()),
        }
    }
    let Some(spec) = mode_spec else {
        complain(sh, io, "chmod", "missing operand")?;
        return Ok(1);
    };
    if parse_mode(&spec, 0, false).is_none() {
        complain(sh, io, "chmod", &format!("invalid mode: '{spec}'"))?;
        return Ok(1);
    }
    let mut status = 0;
    for file in &files {
        let result = sh.fs.resolve(&sh.abs(file), true).and_then(|real| {
            for node in walk(sh, &real, recursive)? {
                let meta = sh.fs.lstat(&node)?;
                if meta.kind == FileType::Symlink {
                    continue;
                }
                let mode = parse_mode(&spec, meta.mode, meta.kind == FileType::Dir).unwrap_or(meta.mode);
                sh.fs.set_mode(&node, mode)?;
            }
            Ok(())
        });
        if let Err(e) = result {
            complain(sh, io, "chmod", &format!("cannot access '{file}': {e}"))?;
            status = 1;
        }
    }
    Ok(status)
}

/// `chown [-Rhv] owner[:group] files…` and `chgrp [-Rhv] group files…`; names are looked up
/// in the filesystem's `/etc/passwd` and `/etc/group`.
pub fn chown(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let name = name_of(argv).to_string();
    let mut recursive = false;
    let mut no_deref = false;
    let mut operands = Vec::new();
    for arg in &argv[1..] {
        match arg.as_str() {
            "-R" | "--recursive" => recursive = true,
            "-h" | "--no-dereference" => no_deref = true,
            "-v" | "-c" | "-f" | "--verbose" | "--changes" | "--silent" | "--quiet" => {}
            "-Rh" | "-hR" => {
                recursive = true;
                no_deref = true;
            }
            a if a.starts_with('-') && a.len() > 1 => return sh.not_emulated(io, argv),
            a => operands.push(a.to_string()),
        }
    }
    let Some((spec, files)) = operands.split_first() else {
        complain(sh, io, &name, "missing operand")?;
        return Ok(1);
    };
    let (user, group) = if name == "chgrp" {
        (None, Some(spec.as_str()))
    } else {
        match spec.split_once([':', '.']) {
            Some((u, g)) => (Some(u).filter(|u| !u.is_empty()), Some(g)),
            None => (Some(spec.as_str()), None),
        }
    };
    let mut uid = None;
    let mut gid = None;
    if let Some(user) = user {
        match user.parse::<u32>().ok().or_else(|| user_entry(sh, user).map(|e| e.uid)) {
            Some(u) => uid = Some(u),
            None => {
                complain(sh, io, &name, &format!("invalid user: '{spec}'"))?;
                return Ok(1);
            }
        }
    }
    match group {
        Some("") => gid = user.and_then(|u| user_entry(sh, u)).map(|e| e.gid),
        Some(group) => match group.parse::<u32>().ok().or_else(|| group_id(sh, group)) {
            Some(g) => gid = Some(g),
            None => {
                complain(sh, io, &name, &format!("invalid group: '{spec}'"))?;
                return Ok(1);
            }
        },
        None => {}
    }
    let mut status = 0;
    for file in files {
        let result = sh.fs.resolve(&sh.abs(file), !no_deref).and_then(|real| {
            for node in walk(sh, &real, recursive)? {
                let meta = sh.fs.lstat(&node)?;
                sh.fs.set_owner(&node, uid.unwrap_or(meta.uid), gid.unwrap_or(meta.gid))?;
            }
            Ok(())
        });
        if let Err(e) = result {
            complain(sh, io, &name, &format!("cannot access '{file}': {e}"))?;
            status = 1;
        }
    }
    Ok(status)
}

//! File utilities over the [`crate::interp::Fs`]: `mkdir`, `rmdir`, `touch`, `rm`, `cp`,
//! `mv`, `ln`, `ls`, `mktemp`, `readlink`/`realpath`. New files get mode 0644 and
//! directories 0755 (umask 022), owned by the running user.

use crate::interp::fs::{FileType, FsError, Metadata, WriteMode};
use crate::interp::io::Io;
use crate::interp::path;
use crate::interp::shell::{Flow, Shell, Status};

use super::{complain, name_of, Flags};

/// The umask applied to created nodes.
pub const UMASK: u32 = 0o022;

/// Most nodes one `cp` may create (symbolic-link loops followed with `-L` end here).
const MAX_COPY_NODES: usize = 100_000;

fn fail(sh: &mut Shell<'_>, io: &Io, name: &str, message: String) -> Result<i32, Flow> {
    complain(sh, io, name, &message)?;
    Ok(1)
}

/// `mkdir [-p] [-m mode] dirs…`.
pub fn mkdir(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let long = [("parents", 'p'), ("mode", 'm'), ("verbose", 'v')];
    let Some(flags) = Flags::parse(&argv[1..], "pv", "m", &long) else { return sh.not_emulated(io, argv) };
    let mode = match flags.value('m') {
        Some(spec) => match super::perms::parse_mode(spec, 0o777, false) {
            Some(m) => Some(m),
            None => return fail(sh, io, "mkdir", format!("invalid mode '{spec}'")),
        },
        None => None,
    };
    let mut status = 0;
    for operand in &flags.operands {
        let abs = sh.abs(operand);
        let attrs = sh.attrs(mode.unwrap_or(0o777 & !UMASK));
        let result = if flags.has("p") {
            let dir_attrs = sh.attrs(0o755);
            sh.fs.create_dir_all(&abs, &dir_attrs).and_then(|()| match mode {
                Some(m) => sh.fs.resolve(&abs, true).and_then(|real| sh.fs.set_mode(&real, m)),
                None => Ok(()),
            })
        } else {
            sh.fs.resolve(&abs, false).and_then(|real| sh.fs.create_dir(&real, &attrs))
        };
        if let Err(e) = result {
            status = fail(sh, io, "mkdir", format!("cannot create directory '{operand}': {e}"))?;
        }
    }
    Ok(status)
}

/// `rmdir [-p] dirs…`.
pub fn rmdir(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let Some(flags) = Flags::parse(&argv[1..], "p", "", &[("parents", 'p')]) else { return sh.not_emulated(io, argv) };
    let mut status = 0;
    for operand in &flags.operands {
        let mut current = sh.abs(operand);
        loop {
            let result = sh.fs.resolve(&current, false).and_then(|real| match sh.fs.lstat(&real)?.kind {
                FileType::Dir => sh.fs.remove(&real),
                _ => Err(FsError::NotADirectory),
            });
            if let Err(e) = result {
                status = fail(sh, io, "rmdir", format!("failed to remove '{operand}': {e}"))?;
                break;
            }
            current = path::parent(&current).to_string();
            if !flags.has("p") || current == "/" {
                break;
            }
        }
    }
    Ok(status)
}

/// `touch [-c] files…` (times come from the environment; `-d`/`-t`/`-r` are not emulated).
pub fn touch(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let Some(flags) = Flags::parse(&argv[1..], "camh", "", &[("no-create", 'c')]) else {
        return sh.not_emulated(io, argv);
    };
    let mut status = 0;
    for operand in &flags.operands {
        let attrs = sh.attrs(0o666 & !UMASK);
        let mtime = sh.env.mtime;
        let result = sh.fs.resolve(&sh.abs(operand), true).and_then(|real| match sh.fs.lstat(&real) {
            Ok(_) => sh.fs.set_mtime(&real, mtime),
            Err(FsError::NotFound) if flags.has("c") => Ok(()),
            Err(FsError::NotFound) => sh.fs.write_file(&real, b"", WriteMode::Append, &attrs),
            Err(e) => Err(e),
        });
        if let Err(e) = result {
            status = fail(sh, io, "touch", format!("cannot touch '{operand}': {e}"))?;
        }
    }
    Ok(status)
}

/// `rm [-rfRd] paths…` (refuses `/`, `.` and `..`).
pub fn rm(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let long = [("recursive", 'r'), ("force", 'f'), ("dir", 'd'), ("verbose", 'v')];
    let Some(flags) = Flags::parse(&argv[1..], "rRfdv", "", &long) else { return sh.not_emulated(io, argv) };
    let recursive = flags.has("rR");
    let mut status = 0;
    for operand in &flags.operands {
        if matches!(path::file_name(operand), "." | "..") {
            status = fail(sh, io, "rm", format!("refusing to remove '.' or '..' directory: skipping '{operand}'"))?;
            continue;
        }
        let abs = sh.abs(operand);
        let real = match sh.fs.resolve(&abs, false) {
            Ok(r) => r,
            Err(e) => {
                if !(flags.has("f") && e == FsError::NotFound) {
                    status = fail(sh, io, "rm", format!("cannot remove '{operand}': {e}"))?;
                }
                continue;
            }
        };
        if real == "/" && recursive {
            status = fail(sh, io, "rm", "it is dangerous to operate recursively on '/'".to_string())?;
            continue;
        }
        let result = match sh.fs.lstat(&real) {
            Ok(m) if m.kind == FileType::Dir && recursive => sh.fs.remove_all(&real),
            Ok(m) if m.kind == FileType::Dir && !flags.has("d") => Err(FsError::IsADirectory),
            Ok(_) => sh.fs.remove(&real),
            Err(FsError::NotFound) if flags.has("f") => Ok(()),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            status = fail(sh, io, "rm", format!("cannot remove '{operand}': {e}"))?;
        }
    }
    Ok(status)
}

/// Options of one copy.
#[derive(Debug, Clone, Copy)]
struct CopyOptions {
    /// Copy symbolic links as links instead of following them.
    no_deref: bool,
    /// Keep mode, owner and mtime.
    preserve: bool,
}

/// Copies `src` (physical) to `dst` (physical) recursively, without recursion on the Rust
/// stack.
fn copy_tree(sh: &mut Shell<'_>, src: &str, dst: &str, options: CopyOptions) -> Result<(), FsError> {
    let mut stack = vec![(src.to_string(), dst.to_string())];
    let mut copied = 0;
    while let Some((from, to)) = stack.pop() {
        copied += 1;
        if copied > MAX_COPY_NODES {
            return Err(FsError::Other(format!("more than {MAX_COPY_NODES} files to copy")));
        }
        if to.len() > crate::interp::MAX_PATH_LEN {
            return Err(FsError::NameTooLong);
        }
        let meta = if options.no_deref { sh.fs.lstat(&from)? } else { sh.fs.stat(&from)? };
        let from = if meta.kind != FileType::Symlink { sh.fs.resolve(&from, !options.no_deref)? } else { from };
        match meta.kind {
            FileType::Symlink => {
                let target = sh.fs.read_link(&from)?;
                if sh.fs.lstat(&to).is_ok_and(|m| m.kind != FileType::Dir) {
                    sh.fs.remove(&to)?;
                }
                let attrs = sh.attrs(0o777);
                sh.fs.symlink(&target, &to, &attrs)?;
            }
            FileType::File => {
                let data = sh.fs.read_file(&from)?;
                let to = sh.fs.resolve(&to, true)?;
                if sh.fs.lstat(&to).is_ok_and(|m| m.kind == FileType::Dir) {
                    return Err(FsError::IsADirectory);
                }
                let mode = if options.preserve { meta.mode } else { meta.mode & !UMASK };
                let attrs = sh.attrs(mode);
                sh.fs.write_file(&to, &data, WriteMode::Truncate, &attrs)?;
                preserve(sh, &to, &meta, options)?;
            }
            FileType::Dir => {
                match sh.fs.stat(&to) {
                    Ok(m) if m.kind == FileType::Dir => {}
                    Ok(_) => return Err(FsError::NotADirectory),
                    Err(FsError::NotFound) => {
                        let mode = if options.preserve { meta.mode } else { meta.mode & !UMASK };
                        let attrs = sh.attrs(mode);
                        sh.fs.create_dir(&to, &attrs)?;
                    }
                    Err(e) => return Err(e),
                }
                let real_to = sh.fs.resolve(&to, true)?;
                preserve(sh, &real_to, &meta, options)?;
                for name in sh.fs.read_dir(&from)?.into_iter().rev() {
                    stack.push((path::child(&from, &name), path::child(&real_to, &name)));
                }
            }
        }
    }
    Ok(())
}

fn preserve(sh: &mut Shell<'_>, to: &str, meta: &Metadata, options: CopyOptions) -> Result<(), FsError> {
    if options.preserve {
        sh.fs.set_mode(to, meta.mode)?;
        sh.fs.set_mtime(to, meta.mtime)?;
        if sh.env.uid == 0 {
            sh.fs.set_owner(to, meta.uid, meta.gid)?;
        }
    }
    Ok(())
}

/// Where `src` goes for `cp`/`mv`/`ln` given the destination operand: inside it when it
/// is a directory.
fn destination(sh: &mut Shell<'_>, src: &str, dest: &str, dest_is_dir: bool) -> String {
    let dest_abs = sh.abs(dest);
    if !dest_is_dir {
        return dest_abs;
    }
    let trimmed = src.trim_end_matches('/');
    if trimmed == "." || trimmed.ends_with("/.") {
        return dest_abs;
    }
    path::child(&dest_abs, path::file_name(src))
}

fn is_dir(sh: &mut Shell<'_>, operand: &str) -> bool {
    sh.fs.stat(&sh.abs(operand)).is_ok_and(|m| m.kind == FileType::Dir)
}

/// `cp [-rRapPLdfnvT] sources… dest`.
pub fn cp(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let long = [
        ("recursive", 'R'),
        ("archive", 'a'),
        ("force", 'f'),
        ("verbose", 'v'),
        ("no-dereference", 'P'),
        ("dereference", 'L'),
    ];
    let Some(flags) = Flags::parse(&argv[1..], "rRapPLdfvTH", "", &long) else { return sh.not_emulated(io, argv) };
    let Some((dest, sources)) = flags.operands.split_last() else {
        return fail(sh, io, "cp", "missing file operand".to_string());
    };
    if sources.is_empty() {
        return fail(sh, io, "cp", format!("missing destination file operand after '{dest}'"));
    }
    let recursive = flags.has("rRa");
    let options =
        CopyOptions { no_deref: flags.has("Pda") || (recursive && !flags.has("LH")), preserve: flags.has("pa") };
    let dest_is_dir = is_dir(sh, dest) && !flags.has("T");
    if sources.len() > 1 && !dest_is_dir {
        return fail(sh, io, "cp", format!("target '{dest}' is not a directory"));
    }
    let mut status = 0;
    for src in sources {
        let src_abs = sh.abs(src);
        let meta = sh.fs.resolve(&src_abs, !options.no_deref).and_then(|real| sh.fs.lstat(&real));
        let meta = match meta {
            Ok(m) => m,
            Err(e) => {
                status = fail(sh, io, "cp", format!("cannot stat '{src}': {e}"))?;
                continue;
            }
        };
        if meta.kind == FileType::Dir && !recursive {
            status = fail(sh, io, "cp", format!("-r not specified; omitting directory '{src}'"))?;
            continue;
        }
        let target = destination(sh, src, dest, dest_is_dir);
        let result = sh.fs.resolve(&src_abs, !options.no_deref).and_then(|real_src| {
            let real_target = sh.fs.resolve(&target, meta.kind != FileType::Symlink)?;
            if real_src == real_target && meta.kind != FileType::Dir {
                return Err(FsError::Other(format!("'{src}' and '{dest}' are the same file")));
            }
            if meta.kind == FileType::Dir && path::is_within(&real_target, &real_src) {
                return Err(FsError::Other(format!("cannot copy a directory, '{src}', into itself, '{dest}'")));
            }
            copy_tree(sh, &real_src, &real_target, options)
        });
        if let Err(e) = result {
            let message = match e {
                FsError::Other(m) => m,
                e => format!("cannot copy '{src}' to '{dest}': {e}"),
            };
            status = fail(sh, io, "cp", message)?;
        }
    }
    Ok(status)
}

/// `mv [-fnvT] sources… dest`.
pub fn mv(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let Some(flags) = Flags::parse(&argv[1..], "fivnT", "", &[("force", 'f'), ("verbose", 'v')]) else {
        return sh.not_emulated(io, argv);
    };
    let Some((dest, sources)) = flags.operands.split_last() else {
        return fail(sh, io, "mv", "missing file operand".to_string());
    };
    if sources.is_empty() {
        return fail(sh, io, "mv", format!("missing destination file operand after '{dest}'"));
    }
    let dest_is_dir = is_dir(sh, dest) && !flags.has("T");
    if sources.len() > 1 && !dest_is_dir {
        return fail(sh, io, "mv", format!("target '{dest}' is not a directory"));
    }
    let mut status = 0;
    for src in sources {
        let target = destination(sh, src, dest, dest_is_dir);
        let src_abs = sh.abs(src);
        let result = sh.fs.resolve(&src_abs, false).and_then(|from| {
            sh.fs.lstat(&from)?;
            let to = sh.fs.resolve(&target, false)?;
            if flags.has("n") && sh.fs.lstat(&to).is_ok() {
                return Ok(());
            }
            sh.fs.rename(&from, &to)
        });
        if let Err(e) = result {
            status = fail(sh, io, "mv", format!("cannot move '{src}' to '{dest}': {e}"))?;
        }
    }
    Ok(status)
}

/// `ln [-sfnTv] target [link]` / `ln [-s] targets… dir`.
pub fn ln(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let long = [("symbolic", 's'), ("force", 'f'), ("no-dereference", 'n'), ("verbose", 'v')];
    let Some(flags) = Flags::parse(&argv[1..], "sfnTvr", "", &long) else { return sh.not_emulated(io, argv) };
    if flags.has("r") {
        return sh.not_emulated(io, argv);
    }
    let (targets, dest): (Vec<String>, String) = match flags.operands.as_slice() {
        [] => return fail(sh, io, "ln", "missing file operand".to_string()),
        [one] => (vec![one.clone()], ".".to_string()),
        [rest @ .., last] => (rest.to_vec(), last.clone()),
    };
    let dest_abs = sh.abs(&dest);
    let dest_is_link =
        sh.fs.resolve(&dest_abs, false).and_then(|r| sh.fs.lstat(&r)).is_ok_and(|m| m.kind == FileType::Symlink);
    let dest_is_dir = is_dir(sh, &dest) && !flags.has("T") && !(flags.has("n") && dest_is_link);
    if targets.len() > 1 && !dest_is_dir {
        return fail(sh, io, "ln", format!("target '{dest}' is not a directory"));
    }
    let mut status = 0;
    for target in &targets {
        let link = destination(sh, target, &dest, dest_is_dir);
        let attrs = sh.attrs(0o777);
        let result = sh.fs.resolve(&link, false).and_then(|link_real| {
            if let Ok(existing) = sh.fs.lstat(&link_real) {
                if !flags.has("f") {
                    return Err(FsError::AlreadyExists);
                }
                if existing.kind == FileType::Dir {
                    return Err(FsError::IsADirectory);
                }
                sh.fs.remove(&link_real)?;
            }
            if flags.has("s") {
                sh.fs.symlink(target, &link_real, &attrs)
            } else {
                let existing = sh.fs.resolve(&sh.abs(target), true)?;
                sh.fs.hard_link(&existing, &link_real)
            }
        });
        if let Err(e) = result {
            let kind = if flags.has("s") { "symbolic link" } else { "hard link" };
            status = fail(sh, io, "ln", format!("failed to create {kind} '{}': {e}", path::file_name(&link)))?;
        }
    }
    Ok(status)
}

/// `ls [-1aAdF…] [paths…]`: names only, one per line (as when the output is not a
/// terminal). Long listings are not emulated.
pub fn ls(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let Some(flags) = Flags::parse(&argv[1..], "1aAdC", "", &[("all", 'a'), ("almost-all", 'A'), ("directory", 'd')])
    else {
        return sh.not_emulated(io, argv);
    };
    let operands = if flags.operands.is_empty() { vec![".".to_string()] } else { flags.operands.clone() };
    let mut status = 0;
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for operand in &operands {
        match sh.fs.stat(&sh.abs(operand)) {
            Ok(m) if m.kind == FileType::Dir && !flags.has("d") => dirs.push(operand.clone()),
            Ok(_) => files.push(operand.clone()),
            Err(_) if sh.fs.resolve(&sh.abs(operand), false).and_then(|r| sh.fs.lstat(&r)).is_ok() => {
                files.push(operand.clone())
            }
            Err(e) => {
                complain(sh, io, "ls", &format!("cannot access '{operand}': {e}"))?;
                status = 2;
            }
        }
    }
    slipway_sort::sort(&mut files);
    slipway_sort::sort(&mut dirs);
    let mut text: String = files.iter().map(|f| format!("{f}\n")).collect();
    let headers = operands.len() > 1;
    for (k, dir) in dirs.iter().enumerate() {
        if headers {
            if k > 0 || !files.is_empty() {
                text.push('\n');
            }
            text.push_str(&format!("{dir}:\n"));
        }
        let real = sh.fs.resolve(&sh.abs(dir), true);
        let mut names = match real.and_then(|r| sh.fs.read_dir(&r)) {
            Ok(n) => n,
            Err(e) => {
                complain(sh, io, "ls", &format!("cannot open directory '{dir}': {e}"))?;
                status = 2;
                continue;
            }
        };
        if flags.has("a") {
            names.splice(0..0, [".".to_string(), "..".to_string()]);
        } else if !flags.has("A") {
            names.retain(|n| !n.starts_with('.'));
        }
        for name in names {
            text.push_str(&name);
            text.push('\n');
        }
    }
    sh.out(io, &text)?;
    Ok(status)
}

/// `mktemp [-d] [-p dir] [-t] [template]`: names are deterministic (`tmp.aaaaaaaaa1`, …).
pub fn mktemp(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let long = [("directory", 'd'), ("tmpdir", 'p'), ("quiet", 'q')];
    let Some(flags) = Flags::parse(&argv[1..], "dtqu", "p", &long) else { return sh.not_emulated(io, argv) };
    let template = flags.operands.first().cloned().unwrap_or_else(|| "tmp.XXXXXXXXXX".to_string());
    let xs = template.len() - template.trim_end_matches('X').len();
    if xs < 3 {
        return fail(sh, io, "mktemp", format!("too few X's in template '{template}'"));
    }
    let dir = match flags.value('p') {
        Some(p) => Some(p.to_string()),
        None if flags.has("t") || flags.operands.is_empty() => Some(sh.st.get("TMPDIR").unwrap_or("/tmp").to_string()),
        None => None,
    };
    let stem = &template[..template.len() - xs];
    for _ in 0..1000 {
        sh.temp_counter += 1;
        let suffix = format!("{:a>xs$}", base36(sh.temp_counter));
        let name = format!("{stem}{suffix}");
        let full = match &dir {
            Some(d) if !name.contains('/') => path::child(d, &name),
            _ => name,
        };
        let abs = sh.abs(&full);
        let result = sh.fs.resolve(&abs, false).and_then(|real| {
            if flags.has("d") {
                let attrs = sh.attrs(0o700);
                sh.fs.create_dir(&real, &attrs)
            } else {
                if sh.fs.lstat(&real).is_ok() {
                    return Err(FsError::AlreadyExists);
                }
                let attrs = sh.attrs(0o600);
                sh.fs.write_file(&real, b"", WriteMode::Truncate, &attrs)
            }
        });
        match result {
            Ok(()) => {
                sh.out(io, &format!("{full}\n"))?;
                return Ok(0);
            }
            Err(FsError::AlreadyExists) => continue,
            Err(e) => return fail(sh, io, "mktemp", format!("failed to create '{full}': {e}")),
        }
    }
    fail(sh, io, "mktemp", "no unused name found".to_string())
}

fn base36(mut n: u32) -> String {
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(digits[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// `readlink [-f|-e|-m] path…` and `realpath path…`.
pub fn readlink(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let name = name_of(argv).to_string();
    let Some(flags) = Flags::parse(&argv[1..], "femnqsz", "", &[("canonicalize", 'f')]) else {
        return sh.not_emulated(io, argv);
    };
    let canonical = name == "realpath" || flags.has("fem");
    let mut status = 0;
    let mut text = String::new();
    for operand in &flags.operands {
        let abs = sh.abs(operand);
        let result = if canonical {
            sh.fs.resolve(&abs, true).and_then(|real| {
                if name == "realpath" || flags.has("e") {
                    sh.fs.lstat(&real)?;
                }
                Ok(real)
            })
        } else {
            sh.fs.resolve(&abs, false).and_then(|real| sh.fs.read_link(&real))
        };
        match result {
            Ok(p) => {
                text.push_str(&p);
                text.push('\n');
            }
            Err(e) => {
                status = 1;
                if name == "realpath" {
                    complain(sh, io, &name, &format!("{operand}: {e}"))?;
                }
            }
        }
    }
    sh.out(io, &text)?;
    Ok(status)
}

/// `install [-dD] [-m mode] [-o owner] [-g group] [-t dir] sources… dest`: copies files (or
/// creates directories with `-d`) and sets their mode (default 0755) and owner.
pub fn install(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let long = [
        ("directory", 'd'),
        ("mode", 'm'),
        ("owner", 'o'),
        ("group", 'g'),
        ("target-directory", 't'),
        ("verbose", 'v'),
    ];
    let Some(flags) = Flags::parse(&argv[1..], "dDcvCp", "mogt", &long) else { return sh.not_emulated(io, argv) };
    let mode = match flags.value('m') {
        Some(spec) => match super::perms::parse_mode(spec, 0o755, false) {
            Some(m) => m,
            None => return fail(sh, io, "install", format!("invalid mode '{spec}'")),
        },
        None => 0o755,
    };
    let owner = match flags.value('o') {
        Some(o) => match o.parse::<u32>().ok().or_else(|| super::users::user_entry(sh, o).map(|e| e.uid)) {
            Some(uid) => Some(uid),
            None => return fail(sh, io, "install", format!("invalid user '{o}'")),
        },
        None => None,
    };
    let group = match flags.value('g') {
        Some(g) => match g.parse::<u32>().ok().or_else(|| super::users::group_id(sh, g)) {
            Some(gid) => Some(gid),
            None => return fail(sh, io, "install", format!("invalid group '{g}'")),
        },
        None => None,
    };
    let finish = |sh: &mut Shell<'_>, real: &str| -> Result<(), FsError> {
        sh.fs.set_mode(real, mode)?;
        if owner.is_some() || group.is_some() {
            let meta = sh.fs.lstat(real)?;
            sh.fs.set_owner(real, owner.unwrap_or(meta.uid), group.unwrap_or(meta.gid))?;
        }
        Ok(())
    };
    let mut status = 0;
    if flags.has("d") {
        for operand in &flags.operands {
            let abs = sh.abs(operand);
            let attrs = sh.attrs(0o755);
            let result = sh.fs.create_dir_all(&abs, &attrs).and_then(|()| {
                let real = sh.fs.resolve(&abs, true)?;
                finish(sh, &real)
            });
            if let Err(e) = result {
                status = fail(sh, io, "install", format!("cannot create directory '{operand}': {e}"))?;
            }
        }
        return Ok(status);
    }
    let (dest, sources): (String, Vec<String>) = match flags.value('t') {
        Some(t) => (t.to_string(), flags.operands.clone()),
        None => match flags.operands.split_last() {
            Some((d, s)) if !s.is_empty() => (d.clone(), s.to_vec()),
            _ => return fail(sh, io, "install", "missing destination file operand".to_string()),
        },
    };
    if flags.has("D") {
        let dir = if flags.value('t').is_some() { sh.abs(&dest) } else { path::parent(&sh.abs(&dest)).to_string() };
        let attrs = sh.attrs(0o755);
        if let Err(e) = sh.fs.create_dir_all(&dir, &attrs) {
            return fail(sh, io, "install", format!("cannot create directory '{dir}': {e}"));
        }
    }
    let dest_is_dir = flags.value('t').is_some() || is_dir(sh, &dest);
    if sources.len() > 1 && !dest_is_dir {
        return fail(sh, io, "install", format!("target '{dest}' is not a directory"));
    }
    for src in &sources {
        let target = destination(sh, src, &dest, dest_is_dir);
        let result = sh.fs.resolve(&sh.abs(src), true).and_then(|real_src| {
            let data = sh.fs.read_file(&real_src)?;
            let real = sh.fs.resolve(&target, false)?;
            if sh.fs.lstat(&real).is_ok() {
                sh.fs.remove(&real)?;
            }
            let attrs = sh.attrs(mode);
            sh.fs.write_file(&real, &data, WriteMode::Truncate, &attrs)?;
            finish(sh, &real)
        });
        if let Err(e) = result {
            status = fail(sh, io, "install", format!("cannot install '{src}' to '{dest}': {e}"))?;
        }
    }
    Ok(status)
}

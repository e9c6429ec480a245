//! Shell builtins: control flow, variables, options, `cd`, `eval`/`.`, `sh -c`, `env`,
//! `command`, `read`.

use std::collections::BTreeMap;

use crate::interp::fs::FileType;
use crate::interp::io::{Fd, Io};
use crate::interp::path;
use crate::interp::shell::{Flow, Shell, Status};
use crate::interp::state::{is_name, Opts, State, Var};

use super::{lookup, Flags};

/// `:`, `true`.
pub fn true_(_: &mut Shell<'_>, _: &Io, _: &[String]) -> Status {
    Ok(0)
}

/// `false`.
pub fn false_(_: &mut Shell<'_>, _: &Io, _: &[String]) -> Status {
    Ok(1)
}

/// Builtins with nothing to emulate: `trap`, `wait`, `hash`, `umask`, `sleep`.
pub fn noop(_: &mut Shell<'_>, _: &Io, _: &[String]) -> Status {
    Ok(0)
}

fn number_arg(sh: &mut Shell<'_>, io: &Io, argv: &[String], default: i64) -> Result<Option<i64>, Flow> {
    match argv.get(1) {
        None => Ok(Some(default)),
        Some(a) => match a.parse::<i64>() {
            Ok(n) => Ok(Some(n)),
            Err(_) => {
                sh.err(io, &format!("sh: {}: Illegal number: {a}", argv[0]))?;
                Ok(None)
            }
        },
    }
}

/// `exit [n]`.
pub fn exit(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let last = i64::from(sh.st.last_status);
    match number_arg(sh, io, argv, last)? {
        Some(n) => Err(Flow::Exit((n & 0xff) as i32)),
        None => Err(Flow::Exit(2)),
    }
}

/// `return [n]`.
pub fn return_(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let last = i64::from(sh.st.last_status);
    match number_arg(sh, io, argv, last)? {
        Some(n) => Err(Flow::Return((n & 0xff) as i32)),
        None => Ok(2),
    }
}

/// `break [n]`.
pub fn break_(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    match number_arg(sh, io, argv, 1)? {
        Some(n) if n >= 1 => Err(Flow::Break(n as usize)),
        _ => Ok(1),
    }
}

/// `continue [n]`.
pub fn continue_(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    match number_arg(sh, io, argv, 1)? {
        Some(n) if n >= 1 => Err(Flow::Continue(n as usize)),
        _ => Ok(1),
    }
}

fn print_vars(sh: &mut Shell<'_>, io: &Io, prefix: &str, exported_only: bool) -> Status {
    let lines: String = sh
        .st
        .vars
        .iter()
        .filter(|(_, v)| v.exported || !exported_only)
        .map(|(k, v)| format!("{prefix}{k}='{}'\n", v.value.replace('\'', "'\\''")))
        .collect();
    sh.out(io, &lines)?;
    Ok(0)
}

/// `export [-p] [name[=value]…]`.
pub fn export(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let args: Vec<&String> = argv[1..].iter().filter(|a| *a != "-p" && *a != "--").collect();
    if args.is_empty() {
        return print_vars(sh, io, "export ", true);
    }
    let mut status = 0;
    for arg in args {
        let (name, value) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (arg.as_str(), None),
        };
        if !sh.check_name(io, "export", name)? {
            status = 1;
            continue;
        }
        if let Some(v) = &value {
            sh.assign(name, v.clone(), io)?;
        }
        sh.st.export(name, value);
    }
    Ok(status)
}

/// `readonly name[=value]…` (values are assigned; read-only-ness is not enforced).
pub fn readonly(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    for arg in argv[1..].iter().filter(|a| !a.starts_with('-')) {
        if let Some((name, value)) = arg.split_once('=') {
            if sh.check_name(io, "readonly", name)? {
                sh.assign(name, value.to_string(), io)?;
            }
        }
    }
    Ok(0)
}

/// `local name[=value]…`: restored when the function returns.
pub fn local(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    if sh.locals.is_empty() {
        sh.err(io, "sh: local: not in a function")?;
        return Ok(2);
    }
    for arg in argv[1..].iter().filter(|a| !a.starts_with('-')) {
        let (name, value) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (arg.as_str(), None),
        };
        if !sh.check_name(io, "local", name)? {
            continue;
        }
        let old = sh.st.vars.get(name).cloned();
        if let Some(frame) = sh.locals.last_mut() {
            if !frame.iter().any(|(n, _)| n == name) {
                frame.push((name.to_string(), old));
            }
        }
        if let Some(v) = value {
            sh.assign(name, v, io)?;
        }
    }
    Ok(0)
}

/// `unset [-v|-f] name…`.
pub fn unset(sh: &mut Shell<'_>, _: &Io, argv: &[String]) -> Status {
    let functions = argv.get(1).is_some_and(|a| a == "-f");
    for name in argv[1..].iter().filter(|a| !a.starts_with('-')) {
        if functions {
            sh.st.functions.remove(name);
        } else {
            sh.st.vars.remove(name);
        }
    }
    Ok(0)
}

/// `set [-+eux…] [-o name] [--] [args…]`.
pub fn set(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    if argv.len() == 1 {
        return print_vars(sh, io, "", false);
    }
    let mut i = 1;
    while i < argv.len() {
        let arg = &argv[i];
        i += 1;
        if arg == "--" {
            sh.st.positional = argv[i..].to_vec();
            return Ok(0);
        }
        let (on, letters) = match (arg.strip_prefix('-'), arg.strip_prefix('+')) {
            (Some(l), _) if !l.is_empty() => (true, l),
            (_, Some(l)) if !l.is_empty() => (false, l),
            _ => {
                sh.st.positional = argv[i - 1..].to_vec();
                return Ok(0);
            }
        };
        for letter in letters.chars() {
            let ok = if letter == 'o' {
                match argv.get(i) {
                    Some(name) => {
                        i += 1;
                        sh.st.opts.set_long(name, on)
                    }
                    None => {
                        let text: String = long_options(&sh.st.opts);
                        sh.out(io, &text)?;
                        true
                    }
                }
            } else {
                sh.st.opts.set_short(letter, on)
            };
            if !ok {
                sh.err(io, &format!("sh: set: illegal option {arg}"))?;
                return Ok(2);
            }
        }
    }
    Ok(0)
}

fn long_options(opts: &Opts) -> String {
    [
        ("errexit", opts.errexit),
        ("noglob", opts.noglob),
        ("nounset", opts.nounset),
        ("pipefail", opts.pipefail),
        ("xtrace", opts.xtrace),
    ]
    .iter()
    .map(|(n, on)| format!("{n:<16}{}\n", if *on { "on" } else { "off" }))
    .collect()
}

/// `shift [n]`.
pub fn shift(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let Some(n) = number_arg(sh, io, argv, 1)? else { return Ok(2) };
    let n = usize::try_from(n).unwrap_or(usize::MAX);
    if n > sh.st.positional.len() {
        sh.err(io, "sh: shift: can't shift that many")?;
        return Ok(1);
    }
    sh.st.positional.drain(..n);
    Ok(0)
}

/// `cd [-L|-P] [dir|-]`.
pub fn cd(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let args: Vec<&String> = argv[1..].iter().filter(|a| *a != "-L" && *a != "-P").collect();
    let mut print = false;
    let target = match args.first().map(|s| s.as_str()) {
        None => sh.st.home(sh.env.uid),
        Some("-") => {
            print = true;
            sh.st.get("OLDPWD").unwrap_or(&sh.st.cwd).to_string()
        }
        Some(dir) => dir.to_string(),
    };
    let new = path::normalize(&path::absolute(&sh.st.cwd, &target));
    match sh.fs.stat(&new) {
        Ok(meta) if meta.kind == FileType::Dir => {}
        Ok(_) => {
            sh.err(io, &format!("sh: cd: {target}: Not a directory"))?;
            return Ok(1);
        }
        Err(e) => {
            sh.err(io, &format!("sh: cd: {target}: {e}"))?;
            return Ok(1);
        }
    }
    let old = std::mem::replace(&mut sh.st.cwd, new.clone());
    sh.st.set("OLDPWD", old);
    sh.st.set("PWD", new.clone());
    if print {
        sh.out(io, &format!("{new}\n"))?;
    }
    Ok(0)
}

/// `pwd`.
pub fn pwd(sh: &mut Shell<'_>, io: &Io, _: &[String]) -> Status {
    let cwd = sh.st.cwd.clone();
    sh.out(io, &format!("{cwd}\n"))?;
    Ok(0)
}

/// `eval args…`.
pub fn eval(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let source = argv[1..].join(" ");
    sh.exec_source(&source, io)
}

/// `. file [args…]` / `source file [args…]`.
pub fn source(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let Some(file) = argv.get(1) else {
        sh.err(io, "sh: .: filename argument required")?;
        return Ok(2);
    };
    let Some(data) = sh.read_path(io, file)? else { return Ok(1) };
    let source = String::from_utf8_lossy(&data).into_owned();
    if argv.len() > 2 {
        let saved = std::mem::replace(&mut sh.st.positional, argv[2..].to_vec());
        let result = sh.exec_source(&source, io);
        sh.st.positional = saved;
        return result;
    }
    sh.exec_source(&source, io)
}

/// `exec [command args…]`: runs the command, then leaves the shell with its status.
/// (`exec` with only redirects does not make them permanent.)
pub fn exec(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    if argv.len() == 1 {
        return Ok(0);
    }
    let status = sh.dispatch(&argv[1..], io)?;
    Err(Flow::Exit(status))
}

/// `sh`/`bash [options] -c script [name args…]`, `sh file [args…]`, or `sh` reading the
/// script from standard input: runs in a new process that sees only exported variables.
pub fn sh(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let mut opts = Opts::default();
    let mut command = false;
    let mut i = 1;
    while i < argv.len() {
        let arg = &argv[i];
        if arg == "--" {
            i += 1;
            break;
        }
        let (on, letters) = match (arg.strip_prefix('-'), arg.strip_prefix('+')) {
            (Some(l), _) if !l.is_empty() && !l.starts_with('-') => (true, l),
            (_, Some(l)) if !l.is_empty() => (false, l),
            _ => break,
        };
        i += 1;
        for letter in letters.chars() {
            let ok = match letter {
                'c' => {
                    command = true;
                    true
                }
                'o' => {
                    i += 1;
                    argv.get(i - 1).is_some_and(|name| opts.set_long(name, on))
                }
                // Login / interactive / stdin flags change nothing here.
                'l' | 'i' | 's' => true,
                _ => opts.set_short(letter, on),
            };
            if !ok {
                return sh.not_emulated(io, argv);
            }
        }
    }
    let name = argv[0].clone();
    let (source, arg0, positional) = if command {
        let Some(script) = argv.get(i) else {
            sh.err(io, &format!("{name}: -c: option requires an argument"))?;
            return Ok(2);
        };
        let arg0 = argv.get(i + 1).cloned().unwrap_or_else(|| name.clone());
        (script.clone(), arg0, argv.get(i + 2..).unwrap_or_default().to_vec())
    } else if let Some(file) = argv.get(i) {
        let Some(data) = sh.read_path(io, file)? else { return Ok(127) };
        (String::from_utf8_lossy(&data).into_owned(), file.clone(), argv[i + 1..].to_vec())
    } else {
        let data = sh.read_stdin(io);
        (String::from_utf8_lossy(&data).into_owned(), name.clone(), Vec::new())
    };
    // extend, not collect: collecting into a BTreeMap sorts first, one more sort routine in the playground's wasm
    let mut vars = BTreeMap::new();
    vars.extend(sh.st.vars.iter().filter(|(_, v)| v.exported).map(|(k, v)| (k.clone(), v.clone())));
    let fresh = State {
        vars,
        functions: Default::default(),
        arg0,
        positional,
        cwd: sh.st.cwd.clone(),
        opts,
        last_status: 0,
        last_background: None,
        bash: super::name_of(argv) == "bash",
    };
    let cond = std::mem::take(&mut sh.cond);
    let result = sh.subshell(|sh| {
        sh.st = fresh;
        sh.locals.clear();
        sh.exec_source(&source, io)
    });
    sh.cond = cond;
    result
}

/// `env [-i] [-u name] [name=value…] [command args…]`.
pub fn env(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let mut i = 1;
    let mut clear = false;
    let mut removed = Vec::new();
    while let Some(arg) = argv.get(i) {
        match arg.as_str() {
            "-i" | "-" => clear = true,
            "-u" => {
                i += 1;
                removed.extend(argv.get(i).cloned());
            }
            "--" => {
                i += 1;
                break;
            }
            a if a.starts_with('-') => return sh.not_emulated(io, argv),
            _ => break,
        }
        i += 1;
    }
    let mut set = Vec::new();
    while let Some((name, value)) = argv.get(i).and_then(|a| a.split_once('=')) {
        set.push((name.to_string(), value.to_string()));
        i += 1;
    }
    let saved = sh.st.vars.clone();
    if clear {
        sh.st.vars.retain(|_, v| !v.exported);
    }
    for name in &removed {
        sh.st.vars.remove(name);
    }
    for (name, value) in set {
        sh.st.vars.insert(name, Var { value, exported: true });
    }
    let result = if i < argv.len() {
        let command = &argv[i..];
        match lookup(&command[0]) {
            Some(builtin) => builtin(sh, io, command),
            None => sh.not_emulated(io, command),
        }
    } else {
        let text: String = sh.st.exported().into_iter().map(|(k, v)| format!("{k}={v}\n")).collect();
        sh.out(io, &text).map(|()| 0)
    };
    sh.st.vars = saved;
    result
}

/// `command [-v|-V] name [args…]`: runs a builtin bypassing functions, or tells whether a
/// command exists (builtins and functions, plus executables found on `$PATH` in the
/// filesystem).
pub fn command(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let Some(flags) = Flags::parse(&argv[1..2.min(argv.len())], "vVp", "", &[]) else {
        return sh.not_emulated(io, argv);
    };
    let start = if flags.operands.is_empty() { 2 } else { 1 };
    let rest = argv.get(start..).unwrap_or_default();
    if !flags.has("vV") {
        if rest.is_empty() {
            return Ok(0);
        }
        return match lookup(&rest[0]) {
            Some(builtin) => builtin(sh, io, rest),
            None => sh.not_emulated(io, rest),
        };
    }
    let mut status = 0;
    for name in rest {
        if sh.st.functions.contains_key(name) || lookup(name).is_some() && !name.contains('/') {
            sh.out(io, &format!("{name}\n"))?;
            continue;
        }
        let path_var =
            sh.st.get("PATH").unwrap_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").to_string();
        let candidates: Vec<String> = if name.contains('/') {
            vec![sh.abs(name)]
        } else {
            path_var.split(':').filter(|d| !d.is_empty()).map(|d| path::child(d, name)).collect()
        };
        let found = candidates
            .into_iter()
            .find(|c| sh.fs.stat(c).is_ok_and(|m| m.kind == FileType::File && m.mode & 0o111 != 0));
        match found {
            Some(p) => sh.out(io, &format!("{p}\n"))?,
            None => status = 1,
        }
    }
    Ok(status)
}

/// `read [-r] [-p prompt] name…`.
pub fn read(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let Some(flags) = Flags::parse(&argv[1..], "rs", "p", &[]) else {
        return sh.not_emulated(io, argv);
    };
    let raw = flags.has("r");
    let mut names = flags.operands.clone();
    if names.is_empty() {
        names.push("REPLY".to_string());
    }
    let Some(Fd::In(stream)) = io.fds.first().cloned() else { return Ok(1) };
    let mut line = String::new();
    let mut eof = true;
    while let Some((bytes, newline)) = sh.streams.get_mut(stream).and_then(|s| s.read_line()) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        eof = !newline;
        if !raw && text.ends_with('\\') && newline {
            line.push_str(&text[..text.len() - 1]);
            continue;
        }
        line.push_str(&text);
        break;
    }
    if !raw {
        line = unescape_read(&line);
    }
    let ifs = sh.st.ifs();
    let mut rest = line.trim_matches(|c: char| ifs.contains(c) && c.is_whitespace()).to_string();
    for (k, name) in names.iter().enumerate() {
        if !is_name(name) {
            continue;
        }
        let value = if k + 1 == names.len() {
            std::mem::take(&mut rest)
        } else {
            let cut = rest.find(|c: char| ifs.contains(c)).unwrap_or(rest.len());
            let word = rest[..cut].to_string();
            rest = rest[cut..].trim_start_matches(|c: char| ifs.contains(c)).to_string();
            word
        };
        sh.assign(name, value, io)?;
    }
    Ok(i32::from(eof))
}

fn unescape_read(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}

/// A shell script in the filesystem that running `name` would execute: `name` itself when
/// it holds a `/`, else the first match on `$PATH`. Only files whose first line is a
/// `#!` line naming `sh`, `bash`, `dash` or `ash` (directly or through `env`), or that have
/// no `#!` line and are text, count; binaries stay not emulated. Returns the path as found.
pub fn script_in_fs(sh: &mut Shell<'_>, name: &str) -> Option<String> {
    let candidates: Vec<String> = if name.contains('/') {
        vec![name.to_string()]
    } else {
        let path_var =
            sh.st.get("PATH").unwrap_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").to_string();
        path_var.split(':').filter(|d| !d.is_empty()).map(|d| path::child(d, name)).collect()
    };
    candidates.into_iter().find(|candidate| {
        let abs = sh.abs(candidate);
        let Ok(real) = sh.fs.resolve(&abs, true) else { return false };
        if !sh.fs.lstat(&real).is_ok_and(|m| m.kind == FileType::File) {
            return false;
        }
        let head: Vec<u8> = sh.fs.read_file(&real).unwrap_or_default().into_iter().take(256).collect();
        match head.strip_prefix(b"#!") {
            Some(rest) => {
                let line = String::from_utf8_lossy(rest);
                let line = line.lines().next().unwrap_or_default();
                let mut words = line.split_whitespace();
                let mut interpreter = words.next().unwrap_or_default().rsplit('/').next().unwrap_or_default();
                if interpreter == "env" {
                    interpreter = words.next().unwrap_or_default();
                }
                matches!(interpreter, "sh" | "bash" | "dash" | "ash")
            }
            None => !head.is_empty() && std::str::from_utf8(&head).is_ok_and(|t| !t.contains('\0')),
        }
    })
}

/// Runs the script file `script` (found by [`script_in_fs`]) for `argv`: status 126 when it
/// is not executable, otherwise as `sh script args…` (or `bash` for a bash `#!` line).
pub fn run_script_file(sh: &mut Shell<'_>, io: &Io, script: &str, argv: &[String]) -> Status {
    let meta = sh.fs.stat(&sh.abs(script));
    if !meta.as_ref().is_ok_and(|m| m.mode & 0o111 != 0) {
        sh.err(io, &format!("sh: {}: Permission denied", argv[0]))?;
        return Ok(126);
    }
    let head = sh.fs.resolve(&sh.abs(script), true).and_then(|p| sh.fs.read_file(&p)).unwrap_or_default();
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let shell = if String::from_utf8_lossy(first_line).contains("bash") { "bash" } else { "sh" };
    let mut args = vec![shell.to_string(), script.to_string()];
    args.extend(argv[1..].iter().cloned());
    self::sh(sh, io, &args)
}

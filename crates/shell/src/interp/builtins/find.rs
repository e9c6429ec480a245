//! `find` for the common cleanup and listing idioms: start paths followed by an implicit
//! `-a` chain of `-name`, `-iname`, `-path`, `-type`, `-maxdepth`, `-mindepth`, `-empty`,
//! `!`/`-not`, and the actions `-print`, `-delete`, `-exec … {} ;` and `-exec … {} +`.
//! Entries are visited in sorted order; anything else is not emulated.

use crate::interp::fs::FileType;
use crate::interp::io::Io;
use crate::interp::pattern;
use crate::interp::shell::{Flow, Shell, Status};

use super::complain;

/// Most entries one `find` visits.
const MAX_ENTRIES: usize = 200_000;

#[derive(Debug, Clone)]
enum Test {
    Name(String, bool),
    Path(String),
    Type(FileType),
    Empty,
    Not(Box<Test>),
}

#[derive(Debug, Clone)]
enum Action {
    Print,
    Delete,
    Exec(Vec<String>),
    ExecPlus(Vec<String>),
}

#[derive(Debug, Default)]
struct Query {
    tests: Vec<Test>,
    actions: Vec<Action>,
    min_depth: usize,
    max_depth: Option<usize>,
}

fn parse(args: &[String]) -> Option<Query> {
    let mut q = Query::default();
    let mut i = 0;
    let mut negate = false;
    while let Some(arg) = args.get(i) {
        i += 1;
        let mut value = || {
            i += 1;
            args.get(i - 1).cloned()
        };
        let test = match arg.as_str() {
            "!" | "-not" => {
                negate = !negate;
                continue;
            }
            "-a" | "-and" => continue,
            "-name" => Test::Name(value()?, false),
            "-iname" => Test::Name(value()?.to_lowercase(), true),
            "-path" | "-wholename" => Test::Path(value()?),
            "-type" => Test::Type(match value()?.as_str() {
                "f" => FileType::File,
                "d" => FileType::Dir,
                "l" => FileType::Symlink,
                _ => return None,
            }),
            "-empty" => Test::Empty,
            "-maxdepth" => {
                q.max_depth = Some(value()?.parse().ok()?);
                continue;
            }
            "-mindepth" => {
                q.min_depth = value()?.parse().ok()?;
                continue;
            }
            "-print" => {
                q.actions.push(Action::Print);
                continue;
            }
            "-delete" => {
                q.actions.push(Action::Delete);
                continue;
            }
            "-exec" => {
                let start = i;
                let end = start + args[start..].iter().position(|a| a == ";" || a == "+")?;
                let command = args[start..end].to_vec();
                if command.is_empty() {
                    return None;
                }
                q.actions.push(if args[end] == "+" { Action::ExecPlus(command) } else { Action::Exec(command) });
                i = end + 1;
                continue;
            }
            _ => return None,
        };
        q.tests.push(if std::mem::take(&mut negate) { Test::Not(Box::new(test)) } else { test });
    }
    if q.actions.is_empty() {
        q.actions.push(Action::Print);
    }
    Some(q)
}

/// `find [paths…] [expression]`.
pub fn find(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let split = argv[1..].iter().position(|a| a.starts_with('-') || a == "!").map_or(argv.len(), |p| p + 1);
    let mut starts: Vec<String> = argv[1..split].to_vec();
    if starts.is_empty() {
        starts.push(".".to_string());
    }
    let Some(query) = parse(&argv[split..]) else { return sh.not_emulated(io, argv) };
    let delete = query.actions.iter().any(|a| matches!(a, Action::Delete));
    let mut status = 0;
    let mut batch: Vec<String> = Vec::new();
    let mut visited = 0;
    for start in &starts {
        let abs = sh.abs(start);
        let Ok(real) = sh.fs.resolve(&abs, false) else {
            complain(sh, io, "find", &format!("'{start}': No such file or directory"))?;
            status = 1;
            continue;
        };
        if sh.fs.lstat(&real).is_err() {
            complain(sh, io, "find", &format!("'{start}': No such file or directory"))?;
            status = 1;
            continue;
        }
        // Pre-order list of (display path, physical path, depth); `-delete` walks it backwards.
        let mut entries = Vec::new();
        let mut stack = vec![(start.clone(), real, 0usize)];
        while let Some((shown, real, depth)) = stack.pop() {
            visited += 1;
            if visited > MAX_ENTRIES {
                complain(sh, io, "find", "too many entries")?;
                return Ok(1);
            }
            let is_dir = sh.fs.lstat(&real).is_ok_and(|m| m.kind == FileType::Dir);
            if is_dir && query.max_depth.is_none_or(|m| depth < m) {
                let names = sh.fs.read_dir(&real).unwrap_or_default();
                for name in names.into_iter().rev() {
                    let child_shown =
                        if shown.ends_with('/') { format!("{shown}{name}") } else { format!("{shown}/{name}") };
                    stack.push((child_shown, crate::interp::path::child(&real, &name), depth + 1));
                }
            }
            entries.push((shown, real, depth));
        }
        if delete {
            entries.reverse();
        }
        for (shown, real, depth) in entries {
            if depth < query.min_depth || query.max_depth.is_some_and(|m| depth > m) {
                continue;
            }
            if !query.tests.iter().all(|t| matches(sh, t, &shown, &real)) {
                continue;
            }
            for action in &query.actions {
                let ok = run_action(sh, io, action, &shown, &real, &mut batch)?;
                if !ok {
                    status = 1;
                    break;
                }
            }
        }
    }
    for action in &query.actions {
        if let Action::ExecPlus(command) = action {
            if !batch.is_empty() {
                let mut full: Vec<String> = command.iter().filter(|a| *a != "{}").cloned().collect();
                full.extend(batch.iter().cloned());
                if sh.dispatch(&full, io)? != 0 {
                    status = 1;
                }
            }
        }
    }
    Ok(status)
}

fn matches(sh: &mut Shell<'_>, test: &Test, shown: &str, real: &str) -> bool {
    match test {
        Test::Name(p, fold) => {
            let name = crate::interp::path::file_name(shown);
            if *fold {
                pattern::matches(p, &name.to_lowercase())
            } else {
                pattern::matches(p, name)
            }
        }
        Test::Path(p) => pattern::matches(p, shown),
        Test::Type(t) => sh.fs.lstat(real).is_ok_and(|m| m.kind == *t),
        Test::Empty => match sh.fs.lstat(real) {
            Ok(m) if m.kind == FileType::Dir => sh.fs.read_dir(real).is_ok_and(|n| n.is_empty()),
            Ok(m) => m.kind == FileType::File && m.size == 0,
            Err(_) => false,
        },
        Test::Not(inner) => !matches(sh, inner, shown, real),
    }
}

/// Runs one action; `false` when it failed (or an `-exec` returned non-zero).
fn run_action(
    sh: &mut Shell<'_>,
    io: &Io,
    action: &Action,
    shown: &str,
    real: &str,
    batch: &mut Vec<String>,
) -> Result<bool, Flow> {
    match action {
        Action::Print => {
            sh.out(io, &format!("{shown}\n"))?;
            Ok(true)
        }
        Action::Delete => match sh.fs.remove(real) {
            Ok(()) => Ok(true),
            Err(e) => {
                complain(sh, io, "find", &format!("cannot delete '{shown}': {e}"))?;
                Ok(false)
            }
        },
        Action::Exec(command) => {
            sh.step()?;
            let full: Vec<String> = command.iter().map(|a| a.replace("{}", shown)).collect();
            Ok(sh.dispatch(&full, io)? == 0)
        }
        Action::ExecPlus(_) => {
            batch.push(shown.to_string());
            Ok(true)
        }
    }
}

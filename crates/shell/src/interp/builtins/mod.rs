//! Built-in commands: shell builtins and emulations of common utilities over the
//! [`crate::interp::Fs`], one module per family.

mod files;
mod filters;
mod find;
mod flags;
mod perms;
mod printf;
mod regexp;
mod shell;
pub mod test;
mod text;
mod users;

use super::io::Io;
use super::shell::{Shell, Status};

pub use flags::Flags;
pub use shell::{run_script_file, script_in_fs};

/// A built-in command: gets the shell, the descriptors and the whole argv (name first).
pub type Builtin = fn(&mut Shell<'_>, &Io, &[String]) -> Status;

/// Every command name the interpreter emulates (shell builtins included), sorted.
pub const EMULATED_COMMANDS: &[&str] = &[
    ".", ":", "[", "addgroup", "adduser", "ash", "basename", "bash", "break", "cat", "cd", "chgrp", "chmod", "chown",
    "command", "continue", "cp", "cut", "dash", "dirname", "echo", "env", "eval", "exec", "exit", "export", "false",
    "find", "grep", "groupadd", "hash", "head", "id", "install", "ln", "local", "ls", "mkdir", "mktemp", "mv",
    "printf", "pwd", "read", "readlink", "readonly", "realpath", "return", "rm", "rmdir", "sed", "seq", "set", "sh",
    "shift", "sleep", "sort", "source", "tail", "tee", "test", "touch", "tr", "trap", "true", "umask", "uname", "uniq",
    "unset", "useradd", "wait", "wc", "whoami",
];

/// Special builtins, whose prefix assignments persist (POSIX).
pub fn is_special(name: &str) -> bool {
    matches!(
        name,
        ":" | "."
            | "break"
            | "continue"
            | "eval"
            | "exec"
            | "exit"
            | "export"
            | "readonly"
            | "return"
            | "set"
            | "shift"
            | "trap"
            | "unset"
            | "source"
            | "local"
    )
}

/// The builtin for `name`; a path such as `/bin/cat` or `/usr/bin/env` finds the builtin
/// for its last component.
pub fn lookup(name: &str) -> Option<Builtin> {
    let base = match name.rsplit_once('/') {
        Some(("/bin" | "/usr/bin" | "/sbin" | "/usr/sbin" | "/usr/local/bin" | "/usr/local/sbin", base)) => base,
        Some(_) => return None,
        None => name,
    };
    Some(match base {
        ":" | "true" => shell::true_,
        "false" => shell::false_,
        "exit" => shell::exit,
        "return" => shell::return_,
        "break" => shell::break_,
        "continue" => shell::continue_,
        "export" => shell::export,
        "readonly" => shell::readonly,
        "local" => shell::local,
        "unset" => shell::unset,
        "set" => shell::set,
        "shift" => shell::shift,
        "cd" => shell::cd,
        "pwd" => shell::pwd,
        "eval" => shell::eval,
        "." | "source" => shell::source,
        "exec" => shell::exec,
        "sh" | "bash" | "dash" | "ash" => shell::sh,
        "env" => shell::env,
        "command" => shell::command,
        "read" => shell::read,
        "trap" | "wait" | "hash" | "umask" | "sleep" => shell::noop,
        "test" | "[" => test::test,
        "echo" => text::echo,
        "printf" => printf::printf,
        "cat" => text::cat,
        "head" => text::head,
        "tail" => text::tail,
        "wc" => text::wc,
        "tee" => text::tee,
        "basename" => text::basename,
        "dirname" => text::dirname,
        "seq" => text::seq,
        "grep" => regexp::grep,
        "sort" => filters::sort,
        "uniq" => filters::uniq,
        "cut" => filters::cut,
        "tr" => filters::tr,
        "sed" => regexp::sed,
        "mkdir" => files::mkdir,
        "rmdir" => files::rmdir,
        "touch" => files::touch,
        "rm" => files::rm,
        "cp" => files::cp,
        "mv" => files::mv,
        "ln" => files::ln,
        "ls" => files::ls,
        "mktemp" => files::mktemp,
        "install" => files::install,
        "find" => find::find,
        "readlink" | "realpath" => files::readlink,
        "chmod" => perms::chmod,
        "chown" | "chgrp" => perms::chown,
        "id" => users::id,
        "whoami" => users::whoami,
        "uname" => users::uname,
        "adduser" | "useradd" => users::adduser,
        "addgroup" | "groupadd" => users::addgroup,
        _ => return None,
    })
}

/// `name: message` on standard error.
fn complain(sh: &mut Shell<'_>, io: &Io, name: &str, message: &str) -> Result<(), super::shell::Flow> {
    sh.err(io, &format!("{name}: {message}"))
}

/// The last component of the command name (`/bin/cat` → `cat`), for messages.
fn name_of(argv: &[String]) -> &str {
    let name = argv.first().map(String::as_str).unwrap_or_default();
    name.rsplit('/').next().unwrap_or(name)
}

//! Per-instruction validation: flags, argument counts and forms, with BuildKit's errors.

use serde::Serialize;

use super::duration::{format_millis, parse_duration};
use super::flags::{FlagKind, FlagSpec, Flags};
use super::mount::{parse_mount, Mount};
use crate::diagnostic::Diagnostic;
use crate::gocompat::quote;
use crate::heredoc::parse_heredoc_word;
use crate::span::Span;
use crate::tree::{Arguments, Instruction, Token};

/// A command line in exec (JSON) or shell form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "form", content = "value", rename_all = "snake_case")]
pub enum CommandLine {
    /// `["executable", "arg"]`.
    Exec(Vec<String>),
    /// Run through the stage's shell.
    Shell(String),
}

/// A heredoc used as a COPY/ADD source or as a RUN script.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeredocSource {
    /// The heredoc name (COPY/ADD: the file name).
    pub name: String,
    /// The body, tabs stripped for `<<-`.
    pub content: String,
    /// Whether variables in the body are expanded.
    pub expand: bool,
}

/// HEALTHCHECK settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Healthcheck {
    /// `["NONE"]`, `["CMD", …]` or `["CMD-SHELL", "…"]`.
    pub test: Vec<String>,
    /// Interval in nanoseconds (0 = default).
    pub interval: i128,
    /// Timeout in nanoseconds.
    pub timeout: i128,
    /// Start period in nanoseconds.
    pub start_period: i128,
    /// Start interval in nanoseconds.
    pub start_interval: i128,
    /// Retries (0 = default).
    pub retries: i64,
}

/// A validated instruction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "instruction", rename_all = "snake_case")]
pub enum Command {
    /// `ADD`.
    Add {
        /// Source paths or URLs, unexpanded.
        sources: Vec<String>,
        /// Heredoc sources.
        heredocs: Vec<HeredocSource>,
        /// Destination, unexpanded.
        dest: String,
        /// `--chown`.
        chown: Option<String>,
        /// `--chmod`.
        chmod: Option<String>,
        /// `--link`.
        link: bool,
        /// `--keep-git-dir`.
        keep_git_dir: bool,
        /// `--checksum`.
        checksum: Option<String>,
        /// `--unpack`.
        unpack: Option<bool>,
        /// `--exclude` patterns.
        excludes: Vec<String>,
    },
    /// `ARG name[=default] …`.
    Arg {
        /// Names and optional defaults (quotes unprocessed).
        args: Vec<(String, Option<String>)>,
    },
    /// `CMD`.
    Cmd {
        /// The command.
        command: CommandLine,
    },
    /// `COPY`.
    Copy {
        /// Source paths, unexpanded.
        sources: Vec<String>,
        /// Heredoc sources.
        heredocs: Vec<HeredocSource>,
        /// Destination, unexpanded.
        dest: String,
        /// `--from`.
        from: Option<String>,
        /// `--chown`.
        chown: Option<String>,
        /// `--chmod`.
        chmod: Option<String>,
        /// `--link`.
        link: bool,
        /// `--parents`.
        parents: bool,
        /// `--exclude` patterns.
        excludes: Vec<String>,
    },
    /// `ENTRYPOINT`.
    Entrypoint {
        /// The command.
        command: CommandLine,
    },
    /// `ENV`.
    Env {
        /// Key/value pairs, unexpanded.
        pairs: Vec<(String, String)>,
    },
    /// `EXPOSE`.
    Expose {
        /// Port specs, unexpanded.
        ports: Vec<String>,
    },
    /// `FROM`.
    From {
        /// Image or stage reference, unexpanded.
        image: String,
        /// `--platform`.
        platform: Option<String>,
        /// Lower-cased `AS` name.
        stage_name: Option<String>,
    },
    /// `HEALTHCHECK`.
    Healthcheck(Healthcheck),
    /// `LABEL`.
    Label {
        /// Key/value pairs, unexpanded.
        pairs: Vec<(String, String)>,
    },
    /// `MAINTAINER`.
    Maintainer {
        /// The maintainer text.
        name: String,
    },
    /// `ONBUILD`.
    Onbuild {
        /// The trigger instruction name, upper case.
        trigger: String,
        /// The trigger text as it will run.
        expression: String,
    },
    /// `RUN`.
    Run {
        /// The command.
        command: CommandLine,
        /// Heredoc scripts and files.
        heredocs: Vec<HeredocSource>,
        /// `--mount`s.
        mounts: Vec<Mount>,
        /// `--network`.
        network: Option<String>,
        /// `--security`.
        security: Option<String>,
        /// `--device`s.
        devices: Vec<String>,
    },
    /// `SHELL`.
    Shell {
        /// The shell argv.
        shell: Vec<String>,
    },
    /// `STOPSIGNAL`.
    Stopsignal {
        /// The signal, unexpanded.
        signal: String,
    },
    /// `USER`.
    User {
        /// user[:group], unexpanded.
        user: String,
    },
    /// `VOLUME`.
    Volume {
        /// Paths, unexpanded.
        paths: Vec<String>,
    },
    /// `WORKDIR`.
    Workdir {
        /// The path, unexpanded.
        path: String,
    },
}

const ADD_FLAGS: FlagSpec = &[
    ("chown", FlagKind::String),
    ("chmod", FlagKind::String),
    ("link", FlagKind::Bool),
    ("keep-git-dir", FlagKind::Bool),
    ("checksum", FlagKind::String),
    ("unpack", FlagKind::Bool),
    ("exclude", FlagKind::Strings),
];
const COPY_FLAGS: FlagSpec = &[
    ("from", FlagKind::String),
    ("chown", FlagKind::String),
    ("chmod", FlagKind::String),
    ("link", FlagKind::Bool),
    ("parents", FlagKind::Bool),
    ("exclude", FlagKind::Strings),
];
const RUN_FLAGS: FlagSpec = &[
    ("mount", FlagKind::Strings),
    ("network", FlagKind::String),
    ("security", FlagKind::String),
    ("device", FlagKind::Strings),
];
const FROM_FLAGS: FlagSpec = &[("platform", FlagKind::String)];
const HEALTHCHECK_FLAGS: FlagSpec = &[
    ("interval", FlagKind::String),
    ("timeout", FlagKind::String),
    ("start-period", FlagKind::String),
    ("start-interval", FlagKind::String),
    ("retries", FlagKind::String),
];
const NO_FLAGS: FlagSpec = &[];

/// Parses one known instruction (`name` is lower case).
pub(super) fn parse(name: &str, node: &Instruction, source: &str) -> Result<Command, Diagnostic> {
    let whole = node.keyword.span.cover(node.span);
    let err = |message: String| Diagnostic::error(message, whole);
    let flags = |spec: FlagSpec| Flags::parse(&node.flags, spec).map_err(|e| Diagnostic::error(e.message, e.span));
    let args = node.arg_values();
    let upper = name.to_ascii_uppercase();
    let exactly_one = || {
        if args.len() == 1 {
            Ok(args[0].clone())
        } else {
            Err(err(format!("{upper} requires exactly one argument")))
        }
    };
    let at_least_one = || {
        if args.is_empty() {
            Err(err(format!("{upper} requires at least one argument")))
        } else {
            Ok(())
        }
    };
    match name {
        "from" => {
            let stage_name = match args.len() {
                3 if args[1].eq_ignore_ascii_case("as") => {
                    let lower = args[2].to_lowercase();
                    if !valid_stage_name(&lower) {
                        return Err(err(format!(
                            "invalid name for build stage: {}, name can't start with a number or contain symbols",
                            quote(&args[2])
                        )));
                    }
                    Some(lower)
                }
                1 => None,
                _ => return Err(err("FROM requires either one or three arguments".into())),
            };
            let flags = flags(FROM_FLAGS)?;
            Ok(Command::From { image: args[0].clone(), platform: flags.string("platform"), stage_name })
        }
        "run" => {
            let flags = flags(RUN_FLAGS)?;
            let mut mounts = Vec::new();
            for value in flags.all("mount") {
                mounts.push(parse_mount(&value.value).map_err(|m| Diagnostic::error(m, value.span))?);
            }
            if let Some(network) = flags.get("network") {
                if !matches!(network.value.as_str(), "default" | "none" | "host") {
                    return Err(Diagnostic::error(
                        format!("unsupported network mode {}", quote(&network.value)),
                        network.span,
                    ));
                }
            }
            if let Some(security) = flags.get("security") {
                if !matches!(security.value.as_str(), "sandbox" | "insecure") {
                    return Err(Diagnostic::error(
                        format!("unsupported security mode {}", quote(&security.value)),
                        security.span,
                    ));
                }
            }
            Ok(Command::Run {
                command: command_line(node),
                heredocs: heredoc_sources(node),
                mounts,
                network: flags.string("network"),
                security: flags.string("security"),
                devices: flags.all("device").into_iter().map(|v| v.value.clone()).collect(),
            })
        }
        "cmd" | "entrypoint" => {
            flags(NO_FLAGS)?;
            let command = command_line(node);
            Ok(if name == "cmd" { Command::Cmd { command } } else { Command::Entrypoint { command } })
        }
        "shell" => {
            flags(NO_FLAGS)?;
            if !node.is_json() {
                return Err(err("SHELL requires the arguments to be in JSON form".into()));
            }
            if args.is_empty() {
                return Err(err("SHELL requires at least one argument".into()));
            }
            Ok(Command::Shell { shell: args })
        }
        "env" | "label" => {
            at_least_one()?;
            flags(NO_FLAGS)?;
            let pairs = key_values(node, &upper)?;
            Ok(if name == "env" { Command::Env { pairs } } else { Command::Label { pairs } })
        }
        "maintainer" => {
            let value = exactly_one()?;
            flags(NO_FLAGS)?;
            Ok(Command::Maintainer { name: value })
        }
        "workdir" => {
            let value = exactly_one()?;
            flags(NO_FLAGS)?;
            Ok(Command::Workdir { path: value })
        }
        "user" => {
            let value = exactly_one()?;
            flags(NO_FLAGS)?;
            Ok(Command::User { user: value })
        }
        "stopsignal" => Ok(Command::Stopsignal { signal: exactly_one()? }),
        "expose" => {
            at_least_one()?;
            flags(NO_FLAGS)?;
            Ok(Command::Expose { ports: args })
        }
        "volume" => {
            at_least_one()?;
            flags(NO_FLAGS)?;
            if args.iter().any(|v| v.trim().is_empty()) {
                return Err(err("VOLUME specified can not be an empty string".into()));
            }
            Ok(Command::Volume { paths: args })
        }
        "arg" => {
            at_least_one()?;
            let mut pairs = Vec::new();
            for arg in &args {
                match arg.split_once('=') {
                    Some(("", _)) => return Err(err("ARG names can not be blank".into())),
                    Some((k, v)) => pairs.push((k.to_string(), Some(v.to_string()))),
                    None => pairs.push((arg.clone(), None)),
                }
            }
            Ok(Command::Arg { args: pairs })
        }
        "copy" | "add" => copy_or_add(name, node, &args, whole),
        "healthcheck" => healthcheck(node, &args, whole),
        "onbuild" => {
            at_least_one()?;
            flags(NO_FLAGS)?;
            let trigger = args[0].trim().to_ascii_uppercase();
            match trigger.as_str() {
                "ONBUILD" => return Err(err("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".into())),
                "MAINTAINER" | "FROM" => return Err(err(format!("{trigger} isn't allowed as an ONBUILD trigger"))),
                _ => {}
            }
            let mut expression = match &node.args {
                Arguments::Onbuild(inner) => inner.original(source).trim().to_string(),
                _ => String::new(),
            };
            for heredoc in &node.heredocs {
                expression.push('\n');
                expression.push_str(&heredoc.content);
                expression.push_str(&heredoc.name);
            }
            Ok(Command::Onbuild { trigger, expression })
        }
        _ => Err(err(format!("unknown instruction: {}", node.keyword.value))),
    }
}

/// Stage names: `^[a-z][a-z0-9-_.]*$`.
fn valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

fn command_line(node: &Instruction) -> CommandLine {
    if node.is_json() {
        CommandLine::Exec(node.arg_values())
    } else {
        CommandLine::Shell(node.arg_values().join(" "))
    }
}

fn heredoc_sources(node: &Instruction) -> Vec<HeredocSource> {
    node.heredocs
        .iter()
        .map(|h| HeredocSource { name: h.name.clone(), content: h.effective_content(), expand: h.expand })
        .collect()
}

fn key_values(node: &Instruction, upper: &str) -> Result<Vec<(String, String)>, Diagnostic> {
    let Arguments::KeyValues(pairs) = &node.args else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(pairs.len());
    for pair in pairs {
        if pair.key.value.is_empty() {
            return Err(Diagnostic::error(
                format!("{upper} names can not be blank"),
                pair.key.span.cover(pair.value.span),
            ));
        }
        out.push((pair.key.value.to_string(), pair.value.value.to_string()));
    }
    Ok(out)
}

fn word_tokens(node: &Instruction) -> Vec<&Token> {
    match &node.args {
        Arguments::Json(tokens) | Arguments::Words(tokens) => tokens.iter().collect(),
        _ => Vec::new(),
    }
}

fn copy_or_add(name: &str, node: &Instruction, args: &[String], whole: Span) -> Result<Command, Diagnostic> {
    let upper = name.to_ascii_uppercase();
    if args.len() < 2 {
        return Err(Diagnostic::error(
            format!("{upper} requires at least two arguments, but only one was provided. Destination could not be determined"),
            whole,
        ));
    }
    let spec = if name == "copy" { COPY_FLAGS } else { ADD_FLAGS };
    let flags = Flags::parse(&node.flags, spec).map_err(|e| Diagnostic::error(e.message, e.span))?;
    let tokens = word_tokens(node);
    let (dest, sources) = args.split_last().expect("at least two arguments");
    let allow_heredocs = !node.is_json();
    if allow_heredocs && parse_heredoc_word(dest).is_some() {
        let span = tokens.last().map_or(whole, |t| t.span);
        return Err(Diagnostic::error(format!("{upper} cannot accept a heredoc as a destination"), span));
    }
    let mut paths = Vec::new();
    let mut heredocs = Vec::new();
    for source in sources {
        match allow_heredocs.then(|| parse_heredoc_word(source)).flatten() {
            Some(start) => {
                let content = node
                    .heredocs
                    .iter()
                    .find(|h| h.name == start.name)
                    .map(|h| h.effective_content())
                    .unwrap_or_default();
                heredocs.push(HeredocSource { name: start.name, content, expand: start.expand });
            }
            None => paths.push(source.clone()),
        }
    }
    let excludes = flags.all("exclude").into_iter().map(|v| v.value.clone()).collect();
    if name == "copy" {
        if let Some(from) = flags.get("from") {
            if from.value.contains('$') {
                return Err(Diagnostic::error("variable expansion is not supported for --from", from.span));
            }
        }
        Ok(Command::Copy {
            sources: paths,
            heredocs,
            dest: dest.clone(),
            from: flags.string("from"),
            chown: flags.string("chown"),
            chmod: flags.string("chmod"),
            link: flags.bool("link"),
            parents: flags.bool("parents"),
            excludes,
        })
    } else {
        Ok(Command::Add {
            sources: paths,
            heredocs,
            dest: dest.clone(),
            chown: flags.string("chown"),
            chmod: flags.string("chmod"),
            link: flags.bool("link"),
            keep_git_dir: flags.bool("keep-git-dir"),
            checksum: flags.string("checksum"),
            unpack: flags.optional_bool("unpack"),
            excludes,
        })
    }
}

fn healthcheck(node: &Instruction, args: &[String], whole: Span) -> Result<Command, Diagnostic> {
    let err = |message: String| Diagnostic::error(message, whole);
    let Some(first) = args.first() else {
        return Err(err("HEALTHCHECK requires at least one argument".into()));
    };
    let kind = first.to_ascii_uppercase();
    let rest = &args[1..];
    if kind == "NONE" {
        if !rest.is_empty() {
            return Err(err("HEALTHCHECK NONE takes no arguments".into()));
        }
        return Ok(Command::Healthcheck(Healthcheck {
            test: vec!["NONE".into()],
            interval: 0,
            timeout: 0,
            start_period: 0,
            start_interval: 0,
            retries: 0,
        }));
    }
    let flags = Flags::parse(&node.flags, HEALTHCHECK_FLAGS).map_err(|e| Diagnostic::error(e.message, e.span))?;
    if kind != "CMD" {
        return Err(err(format!("Unknown type {} in HEALTHCHECK (try CMD)", quote(&kind))));
    }
    if rest.is_empty() {
        return Err(err("Missing command after HEALTHCHECK CMD".into()));
    }
    let mut test = vec![if node.is_json() { "CMD".to_string() } else { "CMD-SHELL".to_string() }];
    test.extend(rest.iter().cloned());
    let interval = |name: &'static str| -> Result<i128, Diagnostic> {
        let Some(flag) = flags.get(name) else {
            return Ok(0);
        };
        let nanos = parse_duration(&flag.value).map_err(|m| Diagnostic::error(m, flag.span))?;
        if nanos != 0 && nanos < 1_000_000 {
            return Err(Diagnostic::error(
                format!("Interval {} cannot be less than {}", quote(name), format_millis(1_000_000)),
                flag.span,
            ));
        }
        Ok(nanos)
    };
    let retries = match flags.get("retries") {
        Some(flag) if !flag.value.is_empty() => {
            let value: i64 = match flag.value.parse::<i32>() {
                Ok(v) => v.into(),
                Err(e) => {
                    let reason = if matches!(
                        e.kind(),
                        std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow
                    ) {
                        "value out of range"
                    } else {
                        "invalid syntax"
                    };
                    return Err(Diagnostic::error(
                        format!("strconv.ParseInt: parsing {}: {reason}", quote(&flag.value)),
                        flag.span,
                    ));
                }
            };
            if value < 0 {
                return Err(Diagnostic::error(format!("--retries cannot be negative ({value})"), flag.span));
            }
            value
        }
        _ => 0,
    };
    Ok(Command::Healthcheck(Healthcheck {
        test,
        interval: interval("interval")?,
        timeout: interval("timeout")?,
        start_period: interval("start-period")?,
        start_interval: interval("start-interval")?,
        retries,
    }))
}

//! Realistic `RUN` bodies in the style of the official images parse, and specific commands are
//! found with the right Dockerfile positions.

mod common;

use common::{runs, Run};
use slipway_shell::{parse, AndOrOp, CommandInfo, CompoundKind, Nesting, RedirectOp, Script, Span};

const FILES: &[(&str, &str)] = &[
    ("python", include_str!("corpus/python.Dockerfile")),
    ("php", include_str!("corpus/php.Dockerfile")),
    ("golang", include_str!("corpus/golang.Dockerfile")),
    ("postgres", include_str!("corpus/postgres.Dockerfile")),
    ("nginx", include_str!("corpus/nginx.Dockerfile")),
    ("node", include_str!("corpus/node.Dockerfile")),
    ("redis", include_str!("corpus/redis.Dockerfile")),
    ("httpd", include_str!("corpus/httpd.Dockerfile")),
    ("heredoc", include_str!("corpus/heredoc.Dockerfile")),
    ("alpine", include_str!("corpus/alpine.Dockerfile")),
];

fn file(name: &str) -> &'static str {
    FILES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).unwrap()
}

fn parsed(run: &Run) -> Script {
    parse(&run.source).unwrap_or_else(|e| {
        panic!(
            "RUN at line {} failed: {e}\n{}",
            run.line,
            &run.source[e.offset.saturating_sub(40)..(e.offset + 40).min(run.source.len())]
        )
    })
}

/// The commands whose literal name and leading literal arguments match `words`.
fn find<'a>(script: &'a Script, words: &[&str]) -> Vec<CommandInfo<'a>> {
    script
        .simple_commands()
        .into_iter()
        .filter(|c| {
            c.command.words.len() >= words.len()
                && words.iter().zip(&c.command.words).all(|(w, word)| word.literal().as_deref() == Some(*w))
        })
        .collect()
}

/// (start line, start column, end line, end column) of a span in the Dockerfile.
fn pos(run: &Run, span: Span) -> (u32, u32, u32, u32) {
    let m = run.map.map_span(span);
    (m.start.line, m.start.column, m.end.line, m.end.column)
}

#[test]
fn every_run_parses_joined_and_unjoined() {
    let mut count = 0;
    for (name, text) in FILES {
        for run in runs(text) {
            let joined = parsed(&run);
            let unjoined =
                parse(&run.unjoined).unwrap_or_else(|e| panic!("{name}: unjoined RUN at line {}: {e}", run.line));
            let names =
                |s: &Script| -> Vec<Option<String>> { s.simple_commands().iter().map(|c| c.name_literal()).collect() };
            assert_eq!(names(&joined), names(&unjoined), "{name} line {}", run.line);
            assert!(!joined.simple_commands().is_empty());
            count += 1;
        }
    }
    assert_eq!(count, 33, "RUN instructions found");
}

#[test]
fn python_configure_spans_continuation_lines() {
    let runs = runs(file("python"));
    let run = &runs[0];
    let script = parsed(run);
    let configure = find(&script, &["./configure"]);
    assert_eq!(configure.len(), 1);
    let c = &configure[0];
    // `\t./configure \` on line 26 through `\t\t--with-ensurepip \` on line 29.
    assert_eq!(pos(run, c.command.span), (26, 2, 29, 19));
    assert_eq!(c.command.args().len(), 3);
    assert_eq!(c.command.args()[0].literal(), None); // --build="$gnuArch"
    assert_eq!(c.command.args()[1].literal().as_deref(), Some("--enable-optimizations"));
    assert_eq!(pos(run, c.command.args()[1].span), (28, 3, 28, 25));
    assert!(c.nesting.is_empty());

    // savedAptMark="$(apt-mark showmanual)" on line 7.
    let mark = find(&script, &["apt-mark", "showmanual"]);
    assert_eq!(mark.len(), 1);
    assert_eq!(mark[0].nesting, [Nesting::CommandSubstitution]);
    assert_eq!(pos(run, mark[0].command.span), (7, 18, 7, 37));

    // `apt-get update; apt-get install` are separate chains here.
    let update = &find(&script, &["apt-get", "update"])[0];
    let install = &find(&script, &["apt-get", "install"])[0];
    assert_ne!(update.and_or_id, install.and_or_id);
    assert_eq!(pos(run, update.command.span), (8, 2, 8, 16));
    // The package list spans lines 9..16; `zlib1g-dev` is the last word.
    let last = install.command.words.last().unwrap();
    assert_eq!(last.literal().as_deref(), Some("zlib1g-dev"));
    assert_eq!(pos(run, last.span), (16, 3, 16, 13));

    // The ldd | awk | sort … pipeline has 7 stages; `xargs -r apt-mark manual` is last.
    let xargs = find(&script, &["xargs", "-r", "apt-mark"]);
    assert_eq!(xargs.len(), 1);
    assert!(xargs[0].in_pipeline());
    assert!(xargs[0].is_last_in_pipeline());
    assert_eq!(xargs[0].pipeline.commands.len(), 7);
    assert_eq!(xargs[0].pipeline_index, 6);

    // `${PYTHON_VERSION%%[a-z]*}` inside the wget URL is quoted.
    let wget = &find(&script, &["wget"])[0];
    let url = &wget.command.args()[2];
    let expansions = url.expansions();
    assert_eq!(expansions.len(), 2);
    assert!(expansions.iter().all(|e| e.quoted));
    // `apt-mark manual $savedAptMark` has an unquoted expansion (SC2086).
    let manual = find(&script, &["apt-mark", "manual"]);
    assert_eq!(manual[0].command.args()[1].unquoted_expansions().len(), 1);
}

#[test]
fn python_second_run_for_loop() {
    let runs = runs(file("python"));
    let run = &runs[1];
    let script = parsed(run);
    let ln = find(&script, &["ln", "-svT"]);
    assert_eq!(ln.len(), 1);
    assert_eq!(ln[0].nesting, [Nesting::LoopBody]);
    // `\t\tln -svT "$src" "/usr/local/bin/$dst"; \` on line 73.
    assert_eq!(pos(run, ln[0].command.span), (73, 3, 73, 39));
    let tr = find(&script, &["tr", "-d", "3"]);
    assert_eq!(tr[0].nesting, [Nesting::LoopBody, Nesting::CommandSubstitution]);
    assert!(tr[0].in_pipeline());
}

#[test]
fn php_brace_group_redirect_and_dropped_comment() {
    let runs = runs(file("php"));
    let run = &runs[0];
    let script = parsed(run);
    let group = script.body.items[1].and_or.pipelines[0].commands[0].clone();
    let slipway_shell::Command::Compound(group) = group else {
        panic!("expected a brace group");
    };
    assert!(matches!(group.kind, CompoundKind::BraceGroup(_)));
    assert_eq!(group.redirects.len(), 1);
    assert_eq!(group.redirects[0].op, RedirectOp::Write);
    assert_eq!(group.redirects[0].word().unwrap().literal().as_deref(), Some("/etc/apt/preferences.d/no-debian-php"));
    let echoes = find(&script, &["echo"]);
    assert_eq!(echoes.len(), 3);
    assert_eq!(echoes[0].nesting, [Nesting::BraceGroup]);
    assert_eq!(echoes[0].command.args()[0].literal().as_deref(), Some("Package: php*"));
    assert_eq!(pos(run, echoes[0].command.span), (15, 3, 15, 23));

    // Line 33 is a comment inside the continuation: dropped, the next command is on line 34.
    let run = &runs[2];
    let script = parsed(run);
    let test = find(&script, &["[", "!", "-d"]);
    assert_eq!(test.len(), 1);
    assert_eq!(pos(run, test[0].command.span), (34, 2, 34, 24));
    assert!(script.comments.is_empty());
}

#[test]
fn php_if_else_and_for() {
    let runs = runs(file("php"));
    let script = parsed(&runs[3]);
    let gpg = find(&script, &["gpg", "--batch", "--keyserver"]);
    assert_eq!(gpg[0].nesting, [Nesting::IfBody, Nesting::LoopBody]);
    let sha = find(&script, &["sha256sum", "-c", "-"]);
    assert_eq!(sha[0].pipeline_index, 1);
    let export = find(&script, &["export"]);
    assert_eq!(export[0].command.args()[0].literal(), None);

    let script = parsed(&runs[4]);
    let mkdir = find(&script, &["mkdir", "php-fpm.d"]);
    assert_eq!(mkdir[0].nesting, [Nesting::IfBody]);
    let tees: Vec<_> = find(&script, &["tee"]);
    assert_eq!(tees.len(), 4);
}

#[test]
fn golang_case_arms() {
    let runs = runs(file("golang"));
    let run = &runs[0];
    let script = parsed(run);
    let case = script
        .body
        .items
        .iter()
        .find_map(|i| match &i.and_or.pipelines[0].commands[0] {
            slipway_shell::Command::Compound(c) => match &c.kind {
                CompoundKind::Case(c) => Some(c.clone()),
                _ => None,
            },
            _ => None,
        })
        .expect("case");
    assert_eq!(case.arms.len(), 9);
    assert_eq!(case.arms[0].patterns[0].literal().as_deref(), Some("amd64"));
    assert!(case.arms[0].patterns[0].is_fully_quoted());
    assert_eq!(case.arms[8].patterns[0].literal().as_deref(), Some("*"));
    let echo = find(&script, &["echo"]);
    let err = echo.iter().find(|c| c.nesting == [Nesting::CaseArm]).expect("echo in the default arm");
    assert_eq!(err.command.redirects[0].op, RedirectOp::DupWrite);
    assert_eq!(err.command.redirects[0].word().unwrap().literal().as_deref(), Some("2"));
    // `*) echo >&2 "error: …"; exit 1 ;; \` is line 40.
    let m = run.map.map_span(err.command.span);
    assert_eq!((m.start.line, m.start.column), (40, 6));

    // `\tarch="$(dpkg --print-architecture)"; arch="${arch##*-}"` on line 8.
    let dpkg = find(&script, &["dpkg", "--print-architecture"]);
    assert_eq!(pos(run, dpkg[0].command.span), (8, 10, 8, 35));

    // The last command runs `sh -c '…'` with a single-quoted script.
    let find_cmd = find(&script, &["find", "/target"]);
    assert_eq!(find_cmd[0].command.args()[6].literal().as_deref(), Some("ls -ld \"$@\" && exit \"$#\""));
}

#[test]
fn nginx_and_chains_and_subshells() {
    let runs = runs(file("nginx"));
    let run = &runs[0];
    let script = parsed(run);
    let update = find(&script, &["apt-get", "update"]);
    let install = find(&script, &["apt-get", "install"]);
    // The first update and install are in the same `&&` chain.
    assert_eq!(update[0].and_or_id, install[0].and_or_id);
    assert_eq!(install[0].op_before(), Some(AndOrOp::And));
    assert_eq!(pos(run, update[0].command.span), (10, 8, 10, 22));

    // `for target in …; do make rules-$target; … done` inside `( … )` in the `*)` arm.
    let make = find(&script, &["make"]);
    let rules = make.iter().find(|c| c.command.args()[0].literal().is_none()).expect("make rules-$target");
    assert_eq!(rules.nesting, [Nesting::CaseArm, Nesting::Subshell, Nesting::LoopBody]);
    let scan = find(&script, &["dpkg-scanpackages", "."]);
    assert_eq!(scan[0].nesting, [Nesting::CaseArm, Nesting::Subshell]);
    assert_eq!(scan[0].command.redirects[0].op, RedirectOp::Write);

    // `{ [ -z "$savedAptMark" ] || apt-mark manual $savedAptMark; }`
    let manual = find(&script, &["apt-mark", "manual"]);
    assert_eq!(manual[0].op_before(), Some(AndOrOp::Or));
    assert_eq!(manual[0].nesting, [Nesting::CaseArm, Nesting::BraceGroup]);

    // The multi-line quoted nginxPackages value keeps its newlines and indentation.
    let assign = script
        .simple_commands()
        .into_iter()
        .flat_map(|c| c.command.assignments.iter())
        .find(|a| a.name == "nginxPackages")
        .expect("nginxPackages");
    let m = run.map.map_span(assign.span);
    assert_eq!((m.start.line, m.start.column), (31, 8));
    assert_eq!((m.end.line, m.end.column), (35, 6));
}

#[test]
fn node_comment_lines_and_gpg_fallbacks() {
    let runs = runs(file("node"));
    let run = &runs[0];
    let script = parsed(run);
    let node = find(&script, &["node", "--version"]);
    assert_eq!(node.len(), 1);
    // `  # smoke tests` (line 45) is dropped; `  && node --version \` is line 46.
    assert_eq!(pos(run, node[0].command.span), (46, 6, 46, 20));
    let gpg = find(&script, &["gpg", "--batch", "--keyserver"]);
    assert_eq!(gpg.len(), 2);
    assert_eq!(gpg[1].op_before(), Some(AndOrOp::Or));
    assert_eq!(gpg[0].and_or_id, gpg[1].and_or_id);
    // `ARCH=` is an empty assignment, alone before `&&`.
    let first = &script.simple_commands()[0];
    assert_eq!(first.command.assignments[0].name, "ARCH");
    assert!(first.command.words.is_empty());
}

#[test]
fn redis_nested_quotes_in_sed_and_sh_c() {
    let runs = runs(file("redis"));
    let run = &runs[3];
    let script = parsed(run);
    let sed = find(&script, &["sed", "-ri"]);
    // 's!cd jemalloc && ./configure !&'"$extraJemallocConfigureFlags"' !'
    let arg = &sed[1].command.args()[1];
    assert_eq!(arg.parts.len(), 3);
    assert_eq!(arg.expansions().len(), 1);
    assert!(arg.unquoted_expansions().is_empty());
    let md5 = find(&script, &["md5sum", "/usr/local/bin/redis-server"]);
    assert_eq!(md5[0].nesting, [Nesting::CommandSubstitution]);
    assert_eq!(md5[0].pipeline.commands.len(), 2);
}

#[test]
fn httpd_functions() {
    let runs = runs(file("httpd"));
    let run = &runs[2];
    let script = parsed(run);
    let local = find(&script, &["local"]);
    assert_eq!(local.len(), 6);
    assert_eq!(local[0].nesting, [Nesting::Function, Nesting::BraceGroup]);
    let wget = find(&script, &["wget", "-O"]);
    assert_eq!(wget[0].nesting, [Nesting::Function, Nesting::BraceGroup, Nesting::LoopBody, Nesting::IfCondition]);
    let patch = find(&script, &["patch", "-p0"]);
    assert_eq!(patch[0].command.redirects[0].op, RedirectOp::Read);
    let funcs: Vec<_> = script
        .body
        .items
        .iter()
        .filter_map(|i| match &i.and_or.pipelines[0].commands[0] {
            slipway_shell::Command::Function(f) => Some(f.name.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(funcs, ["ddist", "patches"]);
}

#[test]
fn heredoc_runs() {
    let runs = runs(file("heredoc"));
    assert_eq!(runs.len(), 3);

    // RUN <<EOF: the body is the script, starting on line 5.
    let script = parsed(&runs[0]);
    let echo = find(&script, &["echo", "jq missing"]);
    assert_eq!(echo[0].nesting, [Nesting::IfBody]);
    assert_eq!(echo[0].command.redirects[0].op, RedirectOp::DupWrite);
    assert_eq!(pos(&runs[0], echo[0].command.span), (8, 3, 8, 24));

    // RUN cat <<'CONF' > /etc/app.conf && chmod …
    let run = &runs[1];
    let script = parsed(run);
    let cat = &find(&script, &["cat"])[0];
    let heredoc = cat.command.redirects[0].heredoc().expect("heredoc");
    assert!(heredoc.quoted);
    assert_eq!(heredoc.delimiter, "CONF");
    assert_eq!(heredoc.body.literal().as_deref(), Some("[server]\nlisten = ${PORT:-8080}\n"));
    assert_eq!(pos(run, heredoc.body.span), (14, 1, 16, 1));
    let chmod = &find(&script, &["chmod"])[0];
    assert_eq!(chmod.and_or_id, cat.and_or_id);
    assert_eq!(pos(run, chmod.command.span), (13, 37, 13, 61));

    // RUN <<-SCRIPT bash: tab-indented body with unicode.
    let run = &runs[2];
    let script = parsed(run);
    let echo = &find(&script, &["echo"])[0];
    let word = &echo.command.args()[0];
    assert_eq!(word.literal().as_deref(), Some("✓ installed ünïcode"));
    let m = run.map.map_span(word.span);
    assert_eq!((m.start.line, m.start.column, m.end.column), (22, 7, 28));
    assert_eq!(m.end.utf16_column, 28);
    assert_eq!(m.range().len(), 25);
    let curl = &find(&script, &["curl", "-fsSL"])[0];
    assert!(curl.in_pipeline());
    let uname = &find(&script, &["uname", "-m"])[0];
    assert_eq!(uname.nesting, [Nesting::CommandSubstitution]);
}

#[test]
fn alpine_bashisms() {
    let runs = runs(file("alpine"));
    assert_eq!(runs.len(), 4);

    let script = parsed(&runs[0]);
    let scanelf = &find(&script, &["scanelf"])[0];
    assert_eq!(scanelf.nesting, [Nesting::CommandSubstitution]);
    assert_eq!(scanelf.pipeline.commands.len(), 4);
    assert_eq!(scanelf.command.args()[3].literal().as_deref(), Some("%n#p"));
    let apk = find(&script, &["apk", "add", "--no-network"]);
    assert_eq!(apk[0].command.args()[4].unquoted_expansions().len(), 1);
    assert!(script.comments.is_empty());

    let run = &runs[1];
    let script = parsed(run);
    let read = &find(&script, &["read", "-r"])[0];
    assert_eq!(read.command.assignments[0].name, "IFS");
    assert_eq!(read.command.redirects[0].op, RedirectOp::HereString);
    let declare = &find(&script, &["declare", "-A"])[0];
    assert_eq!(declare.command.args()[1].literal().as_deref(), Some("seen=()"));
    let printf = &find(&script, &["printf", "%s\\n"])[0];
    assert_eq!(printf.nesting, [Nesting::LoopBody]);
    let Some(slipway_shell::word::ParamOp::Case { upper: true, all: true, .. }) =
        &printf.command.args()[1].as_param().unwrap().op
    else {
        panic!("expected ${{name^^}}")
    };
    // `done 2>/dev/null | sort > /tmp/confs`: the loop is the first stage of a pipeline.
    let sort = &find(&script, &["sort"])[0];
    assert_eq!(sort.pipeline_index, 1);
    let slipway_shell::Command::Compound(for_loop) = &sort.pipeline.commands[0] else {
        panic!("expected the for loop");
    };
    assert_eq!(for_loop.redirects[0].fd, Some(2));
    let m = run.map.map_span(for_loop.span);
    assert_eq!((m.start.line, m.start.column), (39, 2));
    assert_eq!((m.end.line, m.end.column), (43, 18));
    let test = &find(&script, &["test", "-n"])[0];
    let param = test.command.args()[1].as_param().unwrap();
    assert!(matches!(param.op, Some(slipway_shell::word::ParamOp::Substring { .. })));

    let script = parsed(&runs[2]);
    let su = &find(&script, &["su-exec", "app", "sh", "-c"])[0];
    assert_eq!(su.command.args()[3].literal().as_deref(), Some("echo \"hello from $(whoami)\" > /home/app/hello"));
    let sed = &find(&script, &["sed", "-i", "-E"])[0];
    assert_eq!(sed.command.args()[2].literal().as_deref(), Some("s/^(#\\s*)?(listen)\\s*=.*/\\2 = 0.0.0.0/"));

    let run = &runs[3];
    let script = parsed(run);
    let apk = &find(&script, &["apk", "add", "curl"])[0];
    assert_eq!(pos(run, apk.command.span), (57, 2, 57, 14));
}

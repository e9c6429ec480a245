//! Hard cases of the shell grammar, checked against shell semantics.

use slipway_shell::word::{ParamOp, ReplaceKind, SubstitutionSyntax};
use slipway_shell::{
    parse, AndOrOp, AssignValue, CaseTerminator, Command, CompoundKind, Nesting, PipeOp, RedirectOp, Script,
    SeparatorKind, SimpleCommand, Span, Word, WordPart,
};

fn ok(src: &str) -> Script {
    parse(src).unwrap_or_else(|e| panic!("{src:?}: {e}"))
}

/// Names of all simple commands with their source text.
fn commands(src: &str) -> Vec<String> {
    ok(src).simple_commands().iter().map(|c| c.command.span.text(src).unwrap().to_string()).collect()
}

fn first_simple(script: &Script) -> &SimpleCommand {
    match &script.body.items[0].and_or.pipelines[0].commands[0] {
        Command::Simple(c) => c,
        other => panic!("not a simple command: {other:?}"),
    }
}

fn first_compound(script: &Script) -> &CompoundKind {
    match &script.body.items[0].and_or.pipelines[0].commands[0] {
        Command::Compound(c) => &c.kind,
        other => panic!("not a compound command: {other:?}"),
    }
}

fn lit(w: &Word) -> String {
    w.literal().unwrap_or_else(|| panic!("not literal: {w:?}"))
}

#[test]
fn set_eux_chain_after_line_joining() {
    let src = "set -eux;     apt-get update;     apt-get install -y foo;";
    let script = ok(src);
    assert_eq!(commands(src), ["set -eux", "apt-get update", "apt-get install -y foo"]);
    let items = &script.body.items;
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|i| i.separator.map(|s| s.kind) == Some(SeparatorKind::Semi)));
    let cmds = script.simple_commands();
    assert_eq!(cmds[1].command.span, Span::new(14, 28));
    assert_eq!(cmds[2].command.span, Span::new(34, 56));
    assert_eq!(cmds[2].command.args()[1].span, Span::new(50, 52));
    assert_ne!(cmds[1].and_or_id, cmds[2].and_or_id);
}

#[test]
fn and_or_chain() {
    let script = ok("apt-get update && apt-get install -y x || echo failed; rm -rf /var/lib/apt/lists/*");
    let cmds = script.simple_commands();
    assert_eq!(cmds[0].and_or_id, cmds[1].and_or_id);
    assert_eq!(cmds[1].and_or_id, cmds[2].and_or_id);
    assert_ne!(cmds[2].and_or_id, cmds[3].and_or_id);
    assert_eq!(cmds[0].op_after(), Some(AndOrOp::And));
    assert_eq!(cmds[2].op_before(), Some(AndOrOp::Or));
    assert_eq!(cmds[3].op_before(), None);
    assert_eq!(cmds[3].command.arg_literals(), [Some("-rf".into()), Some("/var/lib/apt/lists/*".into())]);
}

#[test]
fn nested_quotes_and_substitutions() {
    let src = r#"echo "a 'b' \"c\" $(echo "d $(echo 'e')")""#;
    let script = ok(src);
    let cmds = script.simple_commands();
    assert_eq!(cmds.len(), 3);
    let arg = &cmds[0].command.args()[0];
    let WordPart::DoubleQuoted(dq) = &arg.parts[0] else { panic!("{arg:?}") };
    assert_eq!(dq.parts.len(), 2);
    let WordPart::Literal(l) = &dq.parts[0] else { panic!() };
    assert_eq!(l.value, "a 'b' \"c\" ");
    assert_eq!(cmds[1].command.span.text(src), Some(r#"echo "d $(echo 'e')""#));
    assert_eq!(cmds[2].command.span.text(src), Some("echo 'e'"));
    assert_eq!(cmds[2].command.args()[0].literal().as_deref(), Some("e"));
    assert_eq!(cmds[2].nesting, [Nesting::CommandSubstitution, Nesting::CommandSubstitution]);
}

#[test]
fn command_substitution_in_double_quotes_with_quotes_inside() {
    let src = r#"ID="$(grep "^ID=" /etc/os-release | cut -d= -f2 | tr -d '"')""#;
    let script = ok(src);
    let c = first_simple(&script);
    assert_eq!(c.assignments[0].name, "ID");
    assert!(c.words.is_empty());
    let cmds = script.simple_commands();
    assert_eq!(cmds.len(), 4);
    assert_eq!(cmds[1].command.args()[0].literal().as_deref(), Some("^ID="));
    assert_eq!(cmds[3].command.args()[1].literal().as_deref(), Some("\""));
    assert_eq!(cmds[3].pipeline_index, 2);
}

#[test]
fn backticks() {
    let src = "echo `date +%s` \"`echo \\\"hi\\\"`\" `echo \\`uname\\``";
    let script = ok(src);
    let cmds = script.simple_commands();
    let texts: Vec<_> = cmds.iter().map(|c| c.command.span.text(src).unwrap()).collect();
    assert_eq!(texts, [src, "date +%s", "echo \\\"hi\\\"", "echo \\`uname\\`", "uname"]);
    assert_eq!(cmds[2].command.args()[0].literal().as_deref(), Some("hi"));
    let WordPart::CommandSub(sub) = &cmds[0].command.args()[0].parts[0] else { panic!() };
    assert_eq!(sub.syntax, SubstitutionSyntax::Backtick);
    assert_eq!(sub.span, Span::new(5, 15));
    assert_eq!(cmds[4].nesting.len(), 2);
}

#[test]
fn heredoc_with_command_after_on_the_line() {
    let src = "cat <<EOF > /etc/motd && echo written\nHello $USER\n  from `hostname`\nEOF\necho after\n";
    let script = ok(src);
    assert_eq!(
        commands(src),
        // Pre-order: the heredoc body belongs to `cat`, so `hostname` comes before the
        // next pipeline of the chain.
        ["cat <<EOF > /etc/motd", "hostname", "echo written", "echo after"]
    );
    let cmds = script.simple_commands();
    let cat = cmds[0].command;
    assert_eq!(cat.redirects.len(), 2);
    let doc = cat.redirects[0].heredoc().unwrap();
    assert_eq!(doc.delimiter, "EOF");
    assert!(!doc.quoted && !doc.strip_tabs);
    assert_eq!(doc.body.span.text(src), Some("Hello $USER\n  from `hostname`\n"));
    assert_eq!(doc.body.parts.len(), 5);
    assert!(matches!(&doc.body.parts[1], WordPart::Param(p) if p.name == "USER"));
    assert_eq!(cmds[2].and_or_id, cmds[0].and_or_id);
    assert_eq!(cat.redirects[1].op, RedirectOp::Write);
}

#[test]
fn several_heredocs_per_line_and_quoted_delimiters() {
    let src = "cat <<A <<-'B' | sh\nline a $x\nA\n\t\tline b $y\n\tB\necho done";
    let script = ok(src);
    let cmds = script.simple_commands();
    assert_eq!(cmds.len(), 3);
    let a = cmds[0].command.redirects[0].heredoc().unwrap();
    let b = cmds[0].command.redirects[1].heredoc().unwrap();
    assert_eq!((a.delimiter.as_str(), a.quoted), ("A", false));
    assert_eq!((b.delimiter.as_str(), b.quoted, b.strip_tabs), ("B", true, true));
    assert_eq!(a.body.literal(), None);
    assert_eq!(b.body.literal().as_deref(), Some("line b $y\n"));
    assert_eq!(cmds[1].command.span.text(src), Some("sh"));
    assert_eq!(cmds[2].command.span.text(src), Some("echo done"));
}

#[test]
fn heredoc_inside_command_substitution_and_strip_tabs_unquoted() {
    let src = "x=$(cat <<EOF\n\tone\nEOF\n); cat <<-END\n\t\tv=$x\n\tEND\n";
    let script = ok(src);
    let cmds = script.simple_commands();
    let inner = cmds[1].command.redirects[0].heredoc().unwrap();
    assert_eq!(inner.body.literal().as_deref(), Some("\tone\n"));
    let strip = cmds[2].command.redirects[0].heredoc().unwrap();
    let WordPart::Literal(l) = &strip.body.parts[0] else { panic!() };
    assert_eq!(l.value, "v=");
    assert!(matches!(&strip.body.parts[1], WordPart::Param(p) if p.name == "x"));
}

#[test]
fn heredoc_without_terminator_runs_to_end() {
    let script = ok("cat <<EOF\nabc\n");
    let doc = first_simple(&script).redirects[0].heredoc().unwrap().clone();
    assert_eq!(doc.body.literal().as_deref(), Some("abc\n"));
}

#[test]
fn case_patterns_and_terminators() {
    let src = "case \"$dpkgArch\" in\n  amd64|x86_64) arch=x64 ;;\n  (arm64) arch=arm64 ;&\n  armhf | armel ) arch=arm ;;&\n  *) echo unsupported; exit 1\nesac";
    let script = ok(src);
    let CompoundKind::Case(case) = first_compound(&script) else { panic!() };
    assert_eq!(case.word.literal(), None);
    assert_eq!(case.arms.len(), 4);
    let pats: Vec<Vec<String>> = case.arms.iter().map(|a| a.patterns.iter().map(lit).collect()).collect();
    assert_eq!(pats, [vec!["amd64", "x86_64"], vec!["arm64"], vec!["armhf", "armel"], vec!["*"]]);
    let terms: Vec<_> = case.arms.iter().map(|a| a.terminator).collect();
    assert_eq!(
        terms,
        [Some(CaseTerminator::Break), Some(CaseTerminator::FallThrough), Some(CaseTerminator::Continue), None]
    );
    assert_eq!(case.arms[0].span.text(src), Some("amd64|x86_64) arch=x64 ;;"));
    let cmds = script.simple_commands();
    assert_eq!(cmds[0].command.assignments[0].name, "arch");
    assert_eq!(cmds.last().unwrap().command.span.text(src), Some("exit 1"));
}

#[test]
fn case_inside_command_substitution() {
    let src = "x=$(case $a in b) echo b;; esac)";
    assert_eq!(commands(src), ["x=$(case $a in b) echo b;; esac)", "echo b"]);
}

#[test]
fn functions() {
    let src = "f() { echo f; }; function g { echo g; }\nfunction h() ( echo h )\nk ()\n{\n  echo k\n}";
    let script = ok(src);
    let names: Vec<_> = script
        .body
        .items
        .iter()
        .map(|i| match &i.and_or.pipelines[0].commands[0] {
            Command::Function(f) => (f.name.clone(), f.keyword, f.name_span.text(src).unwrap().to_string()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        names,
        [
            ("f".to_string(), false, "f".to_string()),
            ("g".to_string(), true, "g".to_string()),
            ("h".to_string(), true, "h".to_string()),
            ("k".to_string(), false, "k".to_string())
        ]
    );
    let cmds = script.simple_commands();
    assert_eq!(cmds[2].nesting, [Nesting::Function, Nesting::Subshell]);
    let Command::Function(f) = &script.body.items[0].and_or.pipelines[0].commands[0] else { panic!() };
    assert_eq!(f.span.text(src), Some("f() { echo f; }"));
}

#[test]
fn if_bang_elif_else() {
    let src = "if ! command -v curl >/dev/null 2>&1; then apt-get install -y curl; elif [ -x /bin/wget ]; then :; else exit 1; fi";
    let script = ok(src);
    let CompoundKind::If(clause) = first_compound(&script) else { panic!() };
    let cond = &clause.condition.items[0].and_or.pipelines[0];
    assert!(cond.bang);
    assert_eq!(cond.span.text(src), Some("! command -v curl >/dev/null 2>&1"));
    assert_eq!(clause.elifs.len(), 1);
    assert!(clause.else_body.is_some());
    let cmds = script.simple_commands();
    let nest: Vec<_> = cmds.iter().map(|c| c.nesting[0]).collect();
    assert_eq!(nest, [Nesting::IfCondition, Nesting::IfBody, Nesting::IfCondition, Nesting::IfBody, Nesting::IfBody]);
    let redirects = &cmds[0].command.redirects;
    assert_eq!(redirects[1].fd, Some(2));
    assert_eq!(redirects[1].op, RedirectOp::DupWrite);
    assert_eq!(redirects[1].span.text(src), Some("2>&1"));
}

#[test]
fn redirect_forms() {
    let src = "cmd 2>&1 >>log <in &>all &>>both <<<\"s $x\" 3<>rw >|clob <&0 2>&- > 'q f'";
    let script = ok(src);
    let c = first_simple(&script);
    let ops: Vec<_> = c.redirects.iter().map(|r| (r.fd, r.op)).collect();
    assert_eq!(
        ops,
        [
            (Some(2), RedirectOp::DupWrite),
            (None, RedirectOp::Append),
            (None, RedirectOp::Read),
            (None, RedirectOp::WriteAll),
            (None, RedirectOp::AppendAll),
            (None, RedirectOp::HereString),
            (Some(3), RedirectOp::ReadWrite),
            (None, RedirectOp::Clobber),
            (None, RedirectOp::DupRead),
            (Some(2), RedirectOp::DupWrite),
            (None, RedirectOp::Write),
        ]
    );
    let targets: Vec<_> = c.redirects.iter().map(|r| r.word().unwrap().literal()).collect();
    assert_eq!(targets[5], None);
    assert_eq!(targets[9].as_deref(), Some("-"));
    assert_eq!(targets[10].as_deref(), Some("q f"));
    assert_eq!(c.words.len(), 1);
    // A digit word not touching the operator is an argument.
    let c2 = ok("echo 2 > f");
    assert_eq!(first_simple(&c2).words.len(), 2);
    assert_eq!(first_simple(&c2).redirects[0].fd, None);
    // Redirect before the command name.
    let c3 = ok(">/dev/null 2>&1 command -v x");
    assert_eq!(first_simple(&c3).name_literal().as_deref(), Some("command"));
}

#[test]
fn comments_only_at_word_start() {
    let src = "echo a#b '#c' \"#d\" $# ${#V} # trailing comment\n# full line\necho y #";
    let script = ok(src);
    let cmds = script.simple_commands();
    assert_eq!(cmds.len(), 2);
    let args = cmds[0].command.args();
    assert_eq!(args.len(), 5);
    assert_eq!(lit(&args[0]), "a#b");
    assert_eq!(lit(&args[1]), "#c");
    assert_eq!(lit(&args[2]), "#d");
    assert_eq!(args[3].as_param().unwrap().name, "#");
    assert!(args[4].as_param().unwrap().length);
    let comments: Vec<_> = script.comments.iter().map(|c| c.text(src).unwrap()).collect();
    assert_eq!(comments, ["# trailing comment", "# full line", "#"]);
}

#[test]
fn ansi_c_strings() {
    let script = ok(r"printf $'a\nb\t\x41\101\u00e9\'q' $'\c[x'");
    let args = first_simple(&script).args().to_vec();
    assert_eq!(lit(&args[0]), "a\nb\tAAé'q");
    assert_eq!(lit(&args[1]), "\u{1b}x");
    assert!(args[0].is_fully_quoted());
    // In double quotes, `$'` is not special.
    let s2 = ok(r#"echo "$'x'""#);
    assert_eq!(lit(&first_simple(&s2).args()[0]), "$'x'");
}

#[test]
fn unicode_words_and_spans() {
    let src = "echo \"héllo wörld\" ✓ 日本語=1";
    let script = ok(src);
    let c = first_simple(&script);
    assert_eq!(lit(&c.args()[0]), "héllo wörld");
    assert_eq!(c.args()[0].span, Span::new(5, 20));
    assert_eq!(c.args()[1].span.text(src), Some("✓"));
    // Not a valid name: an ordinary argument.
    assert_eq!(lit(&c.args()[2]), "日本語=1");
    assert!(c.assignments.is_empty());
}

#[test]
fn arithmetic() {
    let src = "echo $(( (1 + 2) * ${n:-3} )) $((x<<2)) $( (echo sub) ); (( i += 1 )); for ((i=0; i<3; i++)); do echo $i; done";
    let script = ok(src);
    let args = first_simple(&script).args();
    assert!(matches!(&args[0].parts[0], WordPart::Arith(_)));
    assert_eq!(args[0].span.text(src), Some("$(( (1 + 2) * ${n:-3} ))"));
    assert!(matches!(&args[1].parts[0], WordPart::Arith(_)));
    assert!(matches!(&args[2].parts[0], WordPart::CommandSub(_)));
    let cmds = script.simple_commands();
    assert_eq!(cmds[1].nesting, [Nesting::CommandSubstitution, Nesting::Subshell]);
    assert!(matches!(
        &script.body.items[1].and_or.pipelines[0].commands[0],
        Command::Compound(c) if matches!(c.kind, CompoundKind::Arithmetic(_))
    ));
    assert_eq!(cmds[2].nesting, [Nesting::LoopBody]);
}

#[test]
fn parameter_expansions() {
    let src = r#"echo $V ${V} ${V:-x y} ${V-d} ${V:=a} ${V:?msg} ${V:+alt} ${#V} ${V#p} ${V##*/} ${V%.*} ${V%%[a-z]*} ${V/a/b} ${V//a} ${V/#a/b} ${V:1:2} ${V^^} ${!V} ${arr[@]} ${V@Q} $1 $@ $? $$ ${10} "${V:-"q w"}""#;
    let script = ok(src);
    let params: Vec<_> =
        first_simple(&script).args().iter().map(|w| w.as_param().unwrap_or_else(|| panic!("{w:?}")).clone()).collect();
    assert_eq!(params.len(), 26);
    assert!(params[0].is_plain() && !params[0].braced);
    assert!(params[1].is_plain() && params[1].braced);
    let Some(ParamOp::Default { colon: true, word }) = &params[2].op else { panic!() };
    assert_eq!(lit(word), "x y");
    assert!(matches!(&params[3].op, Some(ParamOp::Default { colon: false, .. })));
    assert!(matches!(&params[4].op, Some(ParamOp::Assign { colon: true, .. })));
    assert!(matches!(&params[5].op, Some(ParamOp::Error { colon: true, .. })));
    assert!(matches!(&params[6].op, Some(ParamOp::Alternative { colon: true, .. })));
    assert!(params[7].length && params[7].name == "V");
    assert!(matches!(&params[8].op, Some(ParamOp::RemovePrefix { longest: false, .. })));
    let Some(ParamOp::RemovePrefix { longest: true, pattern }) = &params[9].op else { panic!() };
    assert_eq!(lit(pattern), "*/");
    assert!(matches!(&params[10].op, Some(ParamOp::RemoveSuffix { longest: false, .. })));
    assert!(matches!(&params[11].op, Some(ParamOp::RemoveSuffix { longest: true, .. })));
    let Some(ParamOp::Replace { kind: ReplaceKind::First, pattern, replacement: Some(r) }) = &params[12].op else {
        panic!()
    };
    assert_eq!((lit(pattern), lit(r)), ("a".to_string(), "b".to_string()));
    assert!(matches!(&params[13].op, Some(ParamOp::Replace { kind: ReplaceKind::All, replacement: None, .. })));
    assert!(matches!(&params[14].op, Some(ParamOp::Replace { kind: ReplaceKind::Prefix, .. })));
    let Some(ParamOp::Substring { offset, length: Some(len) }) = &params[15].op else { panic!() };
    assert_eq!((lit(offset), lit(len)), ("1".to_string(), "2".to_string()));
    assert!(matches!(&params[16].op, Some(ParamOp::Case { upper: true, all: true, .. })));
    assert!(params[17].indirect);
    assert_eq!(params[18].name, "arr[@]");
    assert_eq!(params[19].op, Some(ParamOp::Transform('Q')));
    let names: Vec<_> = params[20..25].iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["1", "@", "?", "$", "10"]);
    let Some(ParamOp::Default { word, .. }) = &params[25].op else { panic!() };
    assert_eq!(lit(word), "q w");
}

#[test]
fn dollar_without_expansion_is_literal() {
    let script = ok("echo $ a$ \"$\" 'x'$");
    let args: Vec<_> = first_simple(&script).args().iter().map(lit).collect();
    assert_eq!(args, ["$", "a$", "$", "x$"]);
}

#[test]
fn assignments() {
    let src = "A=1 B=\"x y\" C+=z D= arr=(a \"b c\") env E=2 cmd";
    let script = ok(src);
    let c = first_simple(&script);
    let names: Vec<_> = c.assignments.iter().map(|a| (a.name.as_str(), a.append)).collect();
    assert_eq!(names, [("A", false), ("B", false), ("C", true), ("D", false), ("arr", false)]);
    let AssignValue::Scalar(b) = &c.assignments[1].value else { panic!() };
    assert_eq!(lit(b), "x y");
    assert_eq!(b.span.text(src), Some("\"x y\""));
    assert_eq!(c.assignments[1].name_span.text(src), Some("B"));
    assert_eq!(c.assignments[1].span.text(src), Some("B=\"x y\""));
    let AssignValue::Scalar(d) = &c.assignments[3].value else { panic!() };
    assert!(d.parts.is_empty());
    let AssignValue::Array(items) = &c.assignments[4].value else { panic!() };
    assert_eq!(items.iter().map(lit).collect::<Vec<_>>(), ["a", "b c"]);
    assert_eq!(c.assignments[4].span.text(src), Some("arr=(a \"b c\")"));
    // After the command name, NAME=value is an argument.
    assert_eq!(c.words.iter().map(lit).collect::<Vec<_>>(), ["env", "E=2", "cmd"]);
}

#[test]
fn line_continuations_inside_words_and_operators() {
    let src = "ech\\\no hi &\\\n& ls \\\n  -l";
    let script = ok(src);
    let cmds = script.simple_commands();
    assert_eq!(cmds.len(), 2);
    assert_eq!(cmds[0].name_literal().as_deref(), Some("echo"));
    assert_eq!(cmds[0].op_after(), Some(AndOrOp::And));
    assert_eq!(cmds[1].command.arg_literals(), [Some("-l".to_string())]);
    // In single quotes a backslash-newline stays.
    let s = ok("echo 'a\\\nb'");
    assert_eq!(lit(&first_simple(&s).args()[0]), "a\\\nb");
}

#[test]
fn test_and_pipelines_and_background() {
    let src = "[[ -n $a && $b == x* ]] && { sleep 1 & wait; } ; ! a | b |& c";
    let script = ok(src);
    let CompoundKind::Test(words) = first_compound(&script) else { panic!() };
    assert_eq!(words.len(), 6);
    assert_eq!(lit(&words[2]), "&&");
    let cmds = script.simple_commands();
    assert_eq!(cmds[0].separator().map(|s| s.kind), Some(SeparatorKind::Amp));
    let last = &script.body.items[1].and_or.pipelines[0];
    assert!(last.bang);
    assert_eq!(last.ops, [PipeOp::Pipe, PipeOp::PipeAll]);
}

#[test]
fn loops() {
    let src = "for f in *.txt \"$@\"; do cat \"$f\"; done\nfor x\ndo :; done; while read -r line; do echo \"$line\"; done < file; until false; do break; done";
    let script = ok(src);
    let CompoundKind::For(f) = first_compound(&script) else { panic!() };
    assert_eq!(f.variable, "f");
    assert_eq!(f.words.as_ref().unwrap().len(), 2);
    let kinds: Vec<_> = script
        .body
        .items
        .iter()
        .map(|i| match &i.and_or.pipelines[0].commands[0] {
            Command::Compound(c) => match &c.kind {
                CompoundKind::For(f) => format!("for {}", f.words.is_some()),
                CompoundKind::While(w) => format!("while until={} redirects={}", w.until, c.redirects.len()),
                _ => "other".into(),
            },
            _ => "simple".into(),
        })
        .collect();
    assert_eq!(kinds, ["for true", "for false", "while until=false redirects=1", "while until=true redirects=0"]);
}

#[test]
fn errors_have_offsets() {
    let cases: &[(&str, usize)] = &[
        ("echo \"abc", 5),
        ("echo 'abc", 5),
        ("if true; then echo", 18),
        ("echo )", 5),
        ("fi", 0),
        ("for x in a; do echo", 19),
        ("echo $(ls", 5),
        ("echo ${a", 5),
        ("a && ", 5),
        ("| b", 0),
        ("case x in a) echo; b", 20),
        ("echo `ls", 5),
        ("cat <", 5),
        ("f() echo", 4),
    ];
    for (src, offset) in cases {
        let err = parse(src).expect_err(src);
        assert_eq!(err.offset, *offset, "{src:?}: {err}");
        assert!(!err.message.is_empty());
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let inputs = [
        "$(".repeat(5000),
        "(".repeat(5000),
        "{ ".repeat(5000),
        "${a:-".repeat(5000),
        "\"$(".repeat(3000),
        "if ".repeat(5000),
        "$((".repeat(3000),
    ];
    // Run with a small stack, like a browser's WebAssembly one.
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || inputs.iter().all(|input| parse(input).is_err()))
        .unwrap();
    assert!(handle.join().unwrap());
    // Reasonable nesting is fine.
    let src = format!("{}echo{}", "$(".repeat(20), ")".repeat(20));
    assert_eq!(ok(&src).simple_commands().len(), 21);
}

#[test]
fn empty_and_blank_sources() {
    for src in ["", "   ", "\n\n", "# only a comment", " \\\n "] {
        let script = ok(src);
        assert!(script.body.items.is_empty());
    }
}

#[test]
fn keywords_only_in_command_position() {
    let src = "echo if then fi done { }; { echo in; }";
    let script = ok(src);
    let cmds = script.simple_commands();
    assert_eq!(cmds[0].command.args().len(), 6);
    assert_eq!(cmds[1].nesting, [Nesting::BraceGroup]);
}

#[test]
fn crlf_line_endings() {
    let src = "apt-get update \\\r\n  && apt-get install -y curl\r\ncat <<EOF\r\nbody\r\nEOF\r\necho done\r\n";
    let script = ok(src);
    let cmds = script.simple_commands();
    let names: Vec<_> = cmds.iter().map(|c| c.command.span.text(src).unwrap()).collect();
    assert_eq!(names, ["apt-get update", "apt-get install -y curl", "cat <<EOF", "echo done"]);
    assert_eq!(cmds[1].command.words.last().unwrap().literal().as_deref(), Some("curl"));
    let doc = cmds[2].command.redirects[0].heredoc().unwrap();
    assert_eq!(doc.body.literal().as_deref(), Some("body\r\n"));
}

#[test]
fn set_options_and_pipelines_for_pipefail_rules() {
    let src = "set -eux -o pipefail; curl -fsSL https://x | tar -xz; set +e -o nounset; wget -qO- y | sh";
    let script = ok(src);
    let cmds = script.simple_commands();
    assert_eq!(cmds[0].command.enabled_shell_options(), ["errexit", "nounset", "xtrace", "pipefail"]);
    assert_eq!(cmds[3].command.enabled_shell_options(), ["nounset"]);
    assert!(cmds[1].command.enabled_shell_options().is_empty());
    let pipes: Vec<_> = script
        .pipelines()
        .into_iter()
        .filter(|p| p.pipeline.commands.len() > 1)
        .map(|p| p.pipeline.span.text(src).unwrap())
        .collect();
    assert_eq!(pipes, ["curl -fsSL https://x | tar -xz", "wget -qO- y | sh"]);
    // Which `set` commands precede the second pipeline?
    let second = script.pipelines()[3].pipeline.span.start;
    let sets_before = cmds.iter().filter(|c| c.command.is("set") && c.command.span.end <= second).count();
    assert_eq!(sets_before, 2);
}

#[test]
fn compound_assignment_arguments() {
    let src = "declare -a arr=(one \"two three\") local_only=x; local -A m=()";
    let script = ok(src);
    let cmds = script.simple_commands();
    let args = cmds[0].command.args();
    assert_eq!(args.len(), 3);
    assert_eq!(lit(&args[1]), "arr=(one two three)");
    assert_eq!(args[1].span.text(src), Some("arr=(one \"two three\")"));
    assert_eq!(lit(&args[2]), "local_only=x");
    assert_eq!(lit(&cmds[1].command.args()[1]), "m=()");
}

#[test]
fn command_at_offset() {
    let src = "echo \"$(date +%s)\" && ls";
    let script = ok(src);
    let name = |at: usize| script.command_at(at).and_then(|c| c.name_literal());
    assert_eq!(name(0).as_deref(), Some("echo"));
    assert_eq!(name(9).as_deref(), Some("date"));
    assert_eq!(name(17).as_deref(), Some("echo"));
    assert_eq!(name(19), None);
    assert_eq!(name(23).as_deref(), Some("ls"));
}

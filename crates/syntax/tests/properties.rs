//! Property tests: the parser never panics, the elements cover the source exactly (so
//! the text round-trips), and every token span lies inside its instruction's lines on
//! character boundaries.

use proptest::prelude::*;
use slipway_syntax::instructions::analyze;
use slipway_syntax::{parse, parse_bytes, Arguments, ElementKind, Instruction, Span};

/// Dockerfile-shaped text: instruction names, flags, quotes, escapes, heredocs, comments.
fn dockerfile_like() -> impl Strategy<Value = String> {
    let fragments = prop::sample::select(vec![
        "FROM ",
        "from ",
        "RUN ",
        "COPY ",
        "ADD ",
        "ENV ",
        "LABEL ",
        "ARG ",
        "CMD ",
        "ENTRYPOINT ",
        "HEALTHCHECK ",
        "ONBUILD ",
        "SHELL ",
        "EXPOSE ",
        "USER ",
        "WORKDIR ",
        "VOLUME ",
        "MAINTAINER ",
        "STOPSIGNAL ",
        "AS ",
        "NONE ",
        "alpine",
        "a=b",
        "x",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\\\n",
        "\\ \n",
        "\\\\\n",
        "`\n",
        "#",
        "# escape=`\n",
        "# syntax=x\n",
        "\"",
        "'",
        "[",
        "]",
        ",",
        "\"a\"",
        "1",
        "--",
        "--mount=type=cache,target=/x",
        "--from=",
        "=",
        "<<EOF",
        "<<-EOF",
        "<<'EOF'",
        "EOF",
        "\tEOF",
        "$V",
        "${V:-x}",
        "é",
        "世",
        "\u{FEFF}",
        "\u{a0}",
        "\0",
    ]);
    prop::collection::vec(fragments, 0..60).prop_map(|parts| parts.concat())
}

fn check_span(source: &str, outer: Span, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: inverted span {span:?}");
    assert!(outer.start <= span.start && span.end <= outer.end, "{what}: {span:?} outside {outer:?}");
    assert!(source.is_char_boundary(span.start) && source.is_char_boundary(span.end), "{what}: not on a char boundary");
}

fn check_args(source: &str, outer: Span, args: &Arguments) {
    match args {
        Arguments::Empty | Arguments::Ignored => {}
        Arguments::Json(tokens) | Arguments::Words(tokens) => {
            tokens.iter().for_each(|t| check_span(source, outer, t.span, "argument"))
        }
        Arguments::Text(t) => check_span(source, outer, t.span, "text"),
        Arguments::KeyValues(pairs) => pairs.iter().for_each(|p| {
            check_span(source, outer, p.key.span, "key");
            check_span(source, outer, p.value.span, "value");
        }),
        Arguments::Healthcheck { kind, command } => {
            check_span(source, outer, kind.span, "healthcheck type");
            check_args(source, outer, command);
        }
        Arguments::Onbuild(inner) => check_instruction(source, outer, inner),
    }
}

fn check_instruction(source: &str, outer: Span, node: &Instruction) {
    check_span(source, outer, node.keyword.span, "keyword");
    check_span(source, outer, node.span, "instruction");
    node.flags.iter().for_each(|f| check_span(source, outer, f.span, "flag"));
    node.trivia.iter().for_each(|t| check_span(source, outer, t.span, "trivia"));
    for heredoc in &node.heredocs {
        check_span(source, outer, heredoc.body_span, "heredoc body");
        check_span(source, outer, heredoc.terminator_span, "heredoc terminator");
        assert_eq!(&source[heredoc.body_span.start..heredoc.body_span.end], heredoc.content);
    }
    check_args(source, outer, &node.args);
}

fn check_lossless(source: &str) {
    let file = parse(source);
    let mut rebuilt = String::new();
    let mut next = 0;
    for element in &file.elements {
        assert_eq!(element.span.start, next, "elements must be contiguous");
        rebuilt.push_str(&source[element.span.start..element.span.end]);
        next = element.span.end;
        if let ElementKind::Instruction { index } = element.kind {
            check_instruction(source, element.span, &file.instructions[index]);
        }
    }
    assert_eq!(rebuilt, source, "elements must round-trip the source");
    for diagnostic in &file.diagnostics {
        assert!(diagnostic.span.end <= source.len() + 3);
    }
    let _ = analyze(&file);
    let _ = file.dump();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn dockerfile_like_text_round_trips(source in dockerfile_like()) {
        check_lossless(&source);
    }

    #[test]
    fn arbitrary_text_round_trips(source in "\\PC{0,200}") {
        check_lossless(&source);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let file = parse_bytes(&bytes);
        let _ = analyze(&file);
    }
}

#[test]
fn invalid_utf8_is_an_error_with_a_position() {
    let file = parse_bytes(b"FROM x\nRUN echo \xff\xfe\n");
    let error = file.diagnostics.iter().find(|d| d.message == "invalid UTF-8 byte sequence").expect("utf-8 error");
    let position = file.line_index().position(&file.source, error.span.start);
    assert_eq!((position.line, position.column), (2, 10));
}

#[test]
fn overlong_line_is_an_error_and_parsing_continues() {
    let source = format!("FROM x\nRUN echo {}\nRUN echo after\n", "a".repeat(70_000));
    let file = parse(&source);
    assert!(file.diagnostics.iter().any(|d| d.message == "dockerfile line greater than max allowed size of 65535"));
    assert_eq!(file.dump(), "(from \"x\")\n(run \"echo after\")\n");
    let exact = format!("FROM x\nRUN {}\n", "a".repeat(65535 - 4));
    assert!(!parse(&exact).has_errors(), "a 65535-byte line is accepted");
}

#[test]
fn large_inputs_parse_in_linear_time() {
    // A 10 MB single line and 10 MB of instructions must not take super-linear time;
    // this finishes in well under a second in release builds and a few seconds in debug.
    let line = format!("FROM x\nRUN {}\n", "echo a && ".repeat(1_000_000));
    let file = parse(&line);
    assert!(file.has_errors(), "over the line limit");
    let many = "FROM x\nRUN a \\\n  b\n".repeat(500_000);
    let file = parse(&many);
    assert_eq!(file.instructions.len(), 1_000_000);
}

#[test]
fn tokens_have_exact_positions() {
    let source = "FROM alpine\nRUN --mount=type=cache,target=/x \\\n    echo hi\nENV a=1 b=\"2\"\n";
    let file = parse(source);
    let pos = |span: Span| {
        let p = file.line_index().position(source, span.start);
        (p.line, p.column)
    };
    let run = &file.instructions[1];
    assert_eq!(pos(run.flags[0].span), (2, 5));
    let Arguments::Text(body) = &run.args else { panic!("shell form") };
    assert_eq!(body.value, "echo hi");
    assert_eq!(pos(body.span), (3, 5));
    let Arguments::KeyValues(pairs) = &file.instructions[2].args else { panic!("pairs") };
    assert_eq!(pos(pairs[1].key.span), (4, 9));
    assert_eq!(pos(pairs[1].value.span), (4, 11));
}

#[test]
fn heredoc_properties() {
    let source = "FROM x\nCOPY <<\"A\" <<-B /dst/\n$X\nA\n\tline\n\tB\nRUN 3<<EOF cat /proc/self/fd/3\nhi\nEOF\n";
    let file = parse(source);
    assert!(!file.has_errors());
    let copy = &file.instructions[1];
    assert_eq!(copy.heredocs.len(), 2);
    assert_eq!((copy.heredocs[0].name.as_str(), copy.heredocs[0].expand), ("A", false));
    assert_eq!(copy.heredocs[0].content, "$X\n");
    assert_eq!((copy.heredocs[1].name.as_str(), copy.heredocs[1].chomp), ("B", true));
    assert_eq!(copy.heredocs[1].content, "\tline\n");
    assert_eq!(copy.heredocs[1].effective_content(), "line\n");
    assert_eq!((copy.start_line, copy.end_line), (2, 6));
    let run = &file.instructions[2];
    assert_eq!(run.heredocs[0].file_descriptor, 3);
    assert!(run.heredocs[0].expand);
}

#[test]
fn original_is_the_joined_logical_line() {
    let source = "FROM x\n  RUN a \\\n  b\nONBUILD RUN c \\\n d\nCMD  e  \n";
    let file = parse(source);
    assert_eq!(file.instructions[0].original(source), "FROM x");
    assert_eq!(file.instructions[1].original(source), "RUN a   b");
    assert_eq!(file.instructions[3].original(source), "CMD  e  ");
    let Arguments::Onbuild(inner) = &file.instructions[2].args else { panic!("onbuild") };
    assert_eq!(inner.original(source), "RUN c  d");
    let model = analyze(&file);
    let onbuild = &model.stages[0].commands[1].command;
    assert!(
        matches!(onbuild, slipway_syntax::instructions::Command::Onbuild { expression, .. } if expression == "RUN c  d")
    );
}

proptest! {
    #[test]
    fn line_index_matches_a_fresh_index(source in "[a\\n\\r ]{0,40}") {
        let file = parse(&source);
        let fresh = slipway_syntax::LineIndex::new(&source);
        for offset in 0..=source.len() {
            prop_assert_eq!(file.line_index().position(&source, offset), fresh.position(&source, offset));
        }
    }
}

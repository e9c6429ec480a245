//! Property test over generated valid scripts: the parser finds exactly the simple commands the
//! generator wrote, in pre-order, with their literal arguments.

use proptest::prelude::*;
use slipway_shell::parse;

/// A generated command tree.
#[derive(Debug, Clone)]
enum Node {
    /// `name arg…`
    Cmd(String, Vec<Arg>),
    /// Items joined by a separator (`; `, `\n`, ` && `, ` || `, ` | `).
    Join(Vec<Node>, &'static str),
    Brace(Box<Node>),
    Subshell(Box<Node>),
    If(Box<Node>, Box<Node>),
    For(Box<Node>),
    Case(Box<Node>),
    While(Box<Node>, Box<Node>),
}

/// A generated argument.
#[derive(Debug, Clone)]
enum Arg {
    Plain(String),
    Single(String),
    Double(String),
    Param(String),
    Sub(Box<Node>),
    QuotedSub(Box<Node>),
    Backtick(Box<Node>),
}

impl Arg {
    fn render(&self) -> String {
        match self {
            Arg::Plain(s) => s.clone(),
            Arg::Single(s) => format!("'{s}'"),
            Arg::Double(s) => format!("\"{s}\""),
            Arg::Param(s) => format!("\"${{{s}:-x}}\""),
            // A space after `$(` keeps `$( (…) )` from reading as arithmetic `$((…))`.
            Arg::Sub(n) => format!("$( {})", n.render()),
            Arg::QuotedSub(n) => format!("\"$( {})\"", n.render()),
            Arg::Backtick(n) => format!("`{}`", n.render()),
        }
    }

    /// The literal value, if static.
    fn literal(&self) -> Option<String> {
        match self {
            Arg::Plain(s) | Arg::Single(s) | Arg::Double(s) => Some(s.clone()),
            _ => None,
        }
    }

    fn names(&self, out: &mut Vec<String>) {
        if let Arg::Sub(n) | Arg::QuotedSub(n) | Arg::Backtick(n) = self {
            n.names(out);
        }
    }
}

impl Node {
    fn render(&self) -> String {
        match self {
            Node::Cmd(name, args) => {
                let mut s = name.clone();
                for a in args {
                    s.push(' ');
                    s.push_str(&a.render());
                }
                s
            }
            Node::Join(items, sep) => items.iter().map(Node::render).collect::<Vec<_>>().join(sep),
            Node::Brace(n) => format!("{{ {}; }}", n.render()),
            Node::Subshell(n) => format!("( {} )", n.render()),
            Node::If(c, b) => format!("if {}; then {}; fi", c.render(), b.render()),
            Node::For(b) => format!("for v in a \"b c\"; do {}; done", b.render()),
            Node::Case(b) => format!("case \"$v\" in a|b) {} ;; *) ;; esac", b.render()),
            Node::While(c, b) => format!("while {}\ndo\n{}\ndone", c.render(), b.render()),
        }
    }

    /// Simple command names in pre-order.
    fn names(&self, out: &mut Vec<String>) {
        match self {
            Node::Cmd(name, args) => {
                out.push(name.clone());
                for a in args {
                    a.names(out);
                }
            }
            Node::Join(items, _) => items.iter().for_each(|n| n.names(out)),
            Node::Brace(n) | Node::Subshell(n) | Node::For(n) | Node::Case(n) => n.names(out),
            Node::If(c, b) | Node::While(c, b) => {
                c.names(out);
                b.names(out);
            }
        }
    }

    /// Literal arguments of each simple command in pre-order.
    fn literals(&self, out: &mut Vec<Vec<Option<String>>>) {
        match self {
            Node::Cmd(_, args) => {
                out.push(args.iter().map(Arg::literal).collect());
                for a in args {
                    if let Arg::Sub(n) | Arg::QuotedSub(n) | Arg::Backtick(n) = a {
                        n.literals(out);
                    }
                }
            }
            Node::Join(items, _) => items.iter().for_each(|n| n.literals(out)),
            Node::Brace(n) | Node::Subshell(n) | Node::For(n) | Node::Case(n) => n.literals(out),
            Node::If(c, b) | Node::While(c, b) => {
                c.literals(out);
                b.literals(out);
            }
        }
    }
}

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["echo", "apt-get", "ls", "rm", "cd", "make", "tar", "./configure", "ln"])
        .prop_map(str::to_string)
}

fn text() -> impl Strategy<Value = String> {
    "[a-z0-9_./=-]{1,8}"
}

fn leaf() -> impl Strategy<Value = Node> {
    let arg = prop_oneof![
        text().prop_map(Arg::Plain),
        "[a-z #|;&()$\"]{0,8}".prop_map(Arg::Single),
        "[a-z #|;&()'é]{0,8}".prop_map(Arg::Double),
        "[A-Z_]{1,6}".prop_map(Arg::Param),
    ];
    (name(), prop::collection::vec(arg, 0..4)).prop_map(|(n, a)| Node::Cmd(n, a))
}

fn tree() -> impl Strategy<Value = Node> {
    leaf().prop_recursive(5, 40, 4, |inner| {
        let sep = prop::sample::select(vec!["; ", "\n", " && ", " || ", " | ", " ;\n  "]);
        prop_oneof![
            (prop::collection::vec(inner.clone(), 2..4), sep).prop_map(|(v, s)| Node::Join(v, s)),
            inner.clone().prop_map(|n| Node::Brace(Box::new(n))),
            inner.clone().prop_map(|n| Node::Subshell(Box::new(n))),
            (inner.clone(), inner.clone()).prop_map(|(c, b)| Node::If(Box::new(c), Box::new(b))),
            inner.clone().prop_map(|n| Node::For(Box::new(n))),
            inner.clone().prop_map(|n| Node::Case(Box::new(n))),
            (inner.clone(), inner.clone()).prop_map(|(c, b)| Node::While(Box::new(c), Box::new(b))),
            (name(), leaf()).prop_map(|(n, sub)| Node::Cmd(n, vec![Arg::Backtick(Box::new(sub))])),
            (name(), inner.clone(), any::<bool>()).prop_map(|(n, sub, quoted)| {
                let arg = if quoted { Arg::QuotedSub(Box::new(sub)) } else { Arg::Sub(Box::new(sub)) };
                Node::Cmd(n, vec![Arg::Plain("-x".into()), arg])
            }),
        ]
    })
}

/// 1000 cases, or `PROPTEST_CASES` when set.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parser_finds_generated_commands(node in tree()) {
        let src = node.render();
        let script = parse(&src).map_err(|e| TestCaseError::fail(format!("{src:?}: {e}")))?;
        let cmds = script.simple_commands();
        let mut names = Vec::new();
        node.names(&mut names);
        let found: Vec<String> = cmds.iter().map(|c| c.name_literal().unwrap_or_default()).collect();
        prop_assert_eq!(&found, &names, "{}", src);
        let mut literals = Vec::new();
        node.literals(&mut literals);
        let found: Vec<Vec<Option<String>>> = cmds.iter().map(|c| c.command.arg_literals()).collect();
        prop_assert_eq!(found, literals, "{}", src);
        // Joined continuation lines parse the same.
        let continued = src.replace(" && ", " \\\n  && ");
        let again = parse(&continued).map_err(|e| TestCaseError::fail(format!("{continued:?}: {e}")))?;
        prop_assert_eq!(again.simple_commands().len(), cmds.len());
    }
}

//! Property tests: the interpreter never panics, always terminates within its limits and is
//! deterministic, on random scripts over a small filesystem.

use proptest::prelude::*;
use slipway_shell::interp::{run, ExecEnv, Limits, MemFs};

fn small_fs() -> MemFs {
    let mut fs = MemFs::new();
    fs.insert_file("/etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n", 0o644);
    fs.insert_file("/etc/group", b"root:x:0:\n", 0o644);
    fs.insert_file("/a/f", b"one\ntwo x\n", 0o644);
    fs.insert_file("/a/b/g", b"", 0o755);
    fs.insert_file("/s.sh", b"echo $1; x=$((x+1))\n", 0o755);
    fs
}

fn env() -> ExecEnv {
    ExecEnv {
        limits: Limits {
            max_output: 1 << 14,
            max_loop_iterations: 40,
            max_depth: 12,
            max_steps: 1500,
            max_word_len: 1 << 14,
        },
        ..ExecEnv::default()
    }
}

/// Runs `script` twice on fresh filesystems and checks both runs agree.
fn check(script: &str) {
    let (mut fs1, mut fs2) = (small_fs(), small_fs());
    let first = run(script, &mut fs1, &env());
    let second = run(script, &mut fs2, &env());
    assert_eq!(first, second, "non-deterministic: {script:?}");
    assert_eq!(fs1, fs2, "non-deterministic filesystem: {script:?}");
}

const WORDS: &[&str] = &[
    "echo",
    "printf",
    "cat",
    "mkdir",
    "-p",
    "touch",
    "rm",
    "-rf",
    "cp",
    "-r",
    "-a",
    "mv",
    "ln",
    "-s",
    "-sf",
    "chmod",
    "+x",
    "u+rw,go-w",
    "755",
    "chown",
    "1:1",
    "root:root",
    "-R",
    "cd",
    "pwd",
    "test",
    "[",
    "]",
    "-f",
    "-d",
    "-e",
    "=",
    "!=",
    "-eq",
    "-lt",
    "true",
    "false",
    "exit",
    "1",
    "export",
    "unset",
    "set",
    "-e",
    "-x",
    "-u",
    "env",
    "sh",
    "-c",
    "head",
    "-n",
    "tail",
    "wc",
    "-l",
    "grep",
    "-v",
    "x",
    "sed",
    "-i",
    "'s/o/0/g'",
    "tee",
    "basename",
    "dirname",
    "seq",
    "3",
    "id",
    "whoami",
    "uname",
    "-m",
    "adduser",
    "-D",
    "addgroup",
    "useradd",
    "mktemp",
    "-d",
    "ls",
    "read",
    "v",
    "eval",
    ".",
    "/s.sh",
    "apt-get",
    "install",
    "/a",
    "/a/f",
    "/a/b",
    "/a/*",
    "/a/b/../f",
    "/new",
    "/new/x",
    "~",
    "$v",
    "${v:-d}",
    "${#v}",
    "${v%/*}",
    "\"$@\"",
    "$?",
    "$((1+2))",
    "$((v/0))",
    "$(echo hi)",
    "`pwd`",
    "'q q'",
    "\"d $v\"",
    "*",
    "?",
    "[ab]",
    "local",
    "return",
    "shift",
    "break",
    "continue",
    "command",
    "-v",
    "readlink",
    "-f",
    "rmdir",
    "[[",
    "]]",
    "==",
    "=~",
    "((",
    "))",
    "v=1",
    "v=$v$v",
    "i=$((i+1))",
    "sort",
    "-u",
    "uniq",
    "-c",
    "cut",
    "-d:",
    "-f1-",
    "tr",
    "a-z",
    "[:upper:]",
    "-s",
    "find",
    "-name",
    "-delete",
    "-type",
    "-exec",
    "{}",
    "\\;",
    "+",
    "install",
    "-m",
];

const SEPS: &[&str] =
    &[" ", " ", " ", "; ", " && ", " || ", " | ", "\n", " > /o ", " >> /a/f ", " 2>&1 ", " < /a/f ", " <<< w "];

fn script_strategy() -> impl Strategy<Value = String> {
    let piece = (prop::sample::select(WORDS), prop::sample::select(SEPS)).prop_map(|(w, s)| format!("{w}{s}"));
    let flat = prop::collection::vec(piece, 1..24).prop_map(|p| p.concat());
    flat.prop_flat_map(|body| {
        prop::sample::select(vec![
            "{}".to_string(),
            "if {}; then {}; else {}; fi".to_string(),
            "for v in /a/* 1 2; do {}; done".to_string(),
            "while {}; do {}; done".to_string(),
            "f() { {}; }; f a b; f".to_string(),
            "( {} ); {}".to_string(),
            "x=$({}); echo \"$x\"".to_string(),
            "case $v in a*) {};; *) {};; esac".to_string(),
            "cat <<EOF\n$v {}\nEOF\n{}".to_string(),
        ])
        .prop_map(move |template| template.replace("{}", &body))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn generated_scripts_never_panic(script in script_strategy()) {
        check(&script);
    }

    #[test]
    fn arbitrary_text_never_panics(script in "[ -~\n\t]{0,80}") {
        check(&script);
    }

    #[test]
    fn metacharacter_soup_never_panics(script in "[a-z$(){}\\[\\]*?'\"`<>|&;=:%#@!~+/.\\- 0-9\n\\\\]{0,60}") {
        check(&script);
    }
}

#[test]
fn pathological_scripts_stay_bounded() {
    for script in [
        "v=x; while :; do v=$v$v; done",
        "f() { f | f; }; f",
        "f() { x=$(f); }; f",
        "f() { eval f; }; f",
        "s='sh -c \"$s\"'; export s; sh -c \"$s\"",
        "for i in $(seq 1 100000); do :; done",
        "seq 1 1000000000 | wc -l",
        "printf '%999999999d' 1",
        "mkdir -p /d; cd /d; while :; do mkdir d; cd d; done",
        "ln -s /l1 /l2; ln -s /l2 /l1; cat /l1; cd /l1; echo > /l1",
        "cp -r / /copy",
        "mkdir /l; ln -s /l /l/self; cp -rL /l /copy; ls /copy | head -n 1",
        "x=$((1<<62)); echo $((x*x)) $((-9223372036854775807-1 / -1))",
        "echo ${v:?boom}; echo after",
        "a=a; echo $((a))",
        "yes | head -n 1",
        "v=$(printf '%04096d' 0); v=$v$v$v$v$v; echo ${v%%*1}",
    ] {
        check(script);
    }
}

//! Interpreter behaviour on typical Dockerfile `RUN` bodies. Expected values follow POSIX
//! `sh` / bash (checked against dash and bash by hand; the tests do not run a real shell).

use slipway_shell::interp::{run, ExecEnv, FileType, Fs, MemFs, Outcome, RunErrorKind};

fn sh(script: &str) -> (Outcome, MemFs) {
    let mut fs = MemFs::new();
    let out = run(script, &mut fs, &ExecEnv::default());
    (out, fs)
}

fn sh_in(fs: &mut MemFs, script: &str) -> Outcome {
    run(script, fs, &ExecEnv::default())
}

fn stdout(script: &str) -> String {
    sh(script).0.stdout
}

#[test]
fn seed_example_writes_two_lines() {
    let (out, fs) = sh("echo 'Building...' > /build.txt\necho 'Testing...' >> /build.txt");
    assert_eq!(out.exit_status, 0);
    assert_eq!(out.stdout, "");
    assert_eq!(fs.text("/build.txt").as_deref(), Some("Building...\nTesting...\n"));
    let meta = fs.lstat("/build.txt").unwrap();
    assert_eq!((meta.kind, meta.mode, meta.uid), (FileType::File, 0o644, 0));
}

#[test]
fn set_eux_traces_and_stops() {
    let (out, fs) = sh("set -eux; mkdir -p /a; echo \"x y\" > /a/f; false; touch /a/never");
    assert_eq!(out.exit_status, 1);
    assert_eq!(out.stderr, "+ mkdir -p /a\n+ echo 'x y'\n+ false\n");
    assert!(fs.lstat("/a/never").is_err());
    assert_eq!(fs.text("/a/f").as_deref(), Some("x y\n"));
}

#[test]
fn set_u_fails_on_unset_variable() {
    let (out, _) = sh("set -u; echo \"$NOPE\"; echo after");
    assert_eq!(out.exit_status, 2);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("NOPE: parameter not set"), "{}", out.stderr);
}

#[test]
fn mkdir_cd_touch_ls() {
    let (out, fs) = sh("mkdir -p /a/b && cd /a/b && touch c && touch .hidden && ls && pwd && ls -a");
    assert_eq!(out.exit_status, 0);
    assert_eq!(out.stdout, "c\n/a/b\n.\n..\n.hidden\nc\n");
    assert_eq!(fs.lstat("/a/b").unwrap().mode, 0o755);
}

#[test]
fn cd_does_not_leak_out_of_subshells() {
    assert_eq!(stdout("mkdir /x; (cd /x; pwd); pwd; X=1; (X=2); echo $X"), "/x\n/\n1\n");
    assert_eq!(stdout("mkdir /x; { cd /x; }; pwd"), "/x\n");
}

#[test]
fn cp_recursive_semantics() {
    let (out, fs) = sh(concat!(
        "mkdir -p /src/sub && echo hi > /src/sub/f && echo top > /src/t\n",
        "cp -r /src /dst\n",                 // dst missing: becomes a copy
        "mkdir /into && cp -r /src /into\n", // dst exists: copied inside
        "cp /src/t /into/t2\n",
        "cp /src/t /into\n",
        "cp -r /src/. /merged\n",
        "cp /src /nope\n",
    ));
    assert_eq!(fs.text("/dst/sub/f").as_deref(), Some("hi\n"));
    assert_eq!(fs.text("/into/src/sub/f").as_deref(), Some("hi\n"));
    assert_eq!(fs.text("/into/t2").as_deref(), Some("top\n"));
    assert_eq!(fs.text("/into/t").as_deref(), Some("top\n"));
    assert_eq!(fs.text("/merged/t").as_deref(), Some("top\n"));
    assert_eq!(out.exit_status, 1);
    assert_eq!(out.stderr, "cp: -r not specified; omitting directory '/src'\n");
}

#[test]
fn cp_into_itself_is_refused() {
    let (out, _) = sh("mkdir -p /a/b; cp -r /a /a/b");
    assert_eq!(out.exit_status, 1);
    assert!(out.stderr.contains("into itself"), "{}", out.stderr);
}

#[test]
fn cp_preserves_with_a_and_p() {
    let mut fs = MemFs::new();
    fs.insert_file("/bin/tool", b"#!/bin/sh\n", 0o755);
    let out = sh_in(&mut fs, "chown 5:6 /bin/tool; cp -a /bin/tool /t1; cp /bin/tool /t2");
    assert_eq!(out.exit_status, 0, "{}", out.stderr);
    let (t1, t2) = (fs.lstat("/t1").unwrap(), fs.lstat("/t2").unwrap());
    assert_eq!((t1.mode, t1.uid, t1.gid), (0o755, 5, 6));
    assert_eq!((t2.mode, t2.uid, t2.gid), (0o755, 0, 0));
}

#[test]
fn ln_symbolic_and_hard() {
    let (out, fs) = sh(concat!(
        "mkdir -p /opt/app-1.2/bin && echo run > /opt/app-1.2/bin/app\n",
        "ln -s /opt/app-1.2 /opt/app\n",
        "mkdir -p /usr/local/bin\n",
        "ln -sf /opt/app/bin/app /usr/local/bin/app\n",
        "ln -sf /opt/app/bin/app /usr/local/bin/app\n",
        "cat /usr/local/bin/app\n",
        "ln /opt/app/bin/app /hard && echo more >> /hard && cat /opt/app-1.2/bin/app\n",
        "ln -s /x /usr/local/bin/app\n",
    ));
    assert_eq!(out.stdout, "run\nrun\nmore\n");
    assert_eq!(fs.read_link("/opt/app").unwrap(), "/opt/app-1.2");
    assert_eq!(fs.lstat("/usr/local/bin/app").unwrap().kind, FileType::Symlink);
    assert_eq!(fs.lstat("/hard").unwrap().nlink, 2);
    assert_eq!(out.exit_status, 1);
    assert!(out.stderr.contains("File exists"), "{}", out.stderr);
}

#[test]
fn chmod_octal_and_symbolic() {
    let (out, fs) = sh(concat!(
        "touch /a /b /c /d; mkdir -p /t/u; touch /t/u/f\n",
        "chmod +x /a; chmod 600 /b; chmod u+rw,go-w,o+x /c; chmod a=r /d; chmod -R g+w /t\n",
        "[ -x /a ] && echo a-exec\n",
    ));
    assert_eq!(out.stdout, "a-exec\n");
    let mode = |p: &str| fs.lstat(p).unwrap().mode;
    assert_eq!((mode("/a"), mode("/b"), mode("/c"), mode("/d")), (0o755, 0o600, 0o645, 0o444));
    assert_eq!((mode("/t"), mode("/t/u"), mode("/t/u/f")), (0o775, 0o775, 0o664));
}

#[test]
fn heredoc_into_a_file() {
    let (out, fs) = sh(concat!(
        "NAME=web\n",
        "mkdir -p /etc\n",
        "cat <<EOF > /etc/x.conf\n",
        "server $NAME {\n",
        "  listen ${PORT:-80};\n",
        "  root \\$document_root;\n",
        "}\n",
        "EOF\n",
        "cat <<'EOF' >> /etc/x.conf\n",
        "# $NOT_EXPANDED\n",
        "EOF\n",
        "cat <<-EOF\n",
        "\t\tindented $NAME\n",
        "\tEOF\n",
    ));
    assert_eq!(out.exit_status, 0, "{}", out.stderr);
    assert_eq!(
        fs.text("/etc/x.conf").as_deref(),
        Some("server web {\n  listen 80;\n  root $document_root;\n}\n# $NOT_EXPANDED\n")
    );
    assert_eq!(out.stdout, "indented web\n");
}

#[test]
fn adduser_then_chown() {
    let mut fs = MemFs::new();
    fs.insert_file("/etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n", 0o644);
    fs.insert_file("/etc/group", b"root:x:0:\n", 0o644);
    let out = sh_in(
        &mut fs,
        "addgroup -S app && adduser -S -D -G app app && mkdir /srv && touch /srv/data && chown -R app:app /srv && id -u app 2>/dev/null; ls -d /home/app",
    );
    assert_eq!(fs.text("/etc/group").as_deref(), Some("root:x:0:\napp:x:100:\n"));
    assert_eq!(
        fs.text("/etc/passwd").as_deref(),
        Some("root:x:0:0:root:/root:/bin/sh\napp:x:100:100::/home/app:/bin/sh\n")
    );
    let data = fs.lstat("/srv/data").unwrap();
    assert_eq!((data.uid, data.gid), (100, 100));
    assert_eq!(fs.lstat("/home/app").unwrap().uid, 100);
    // `id USER` is not emulated: recorded, status 0.
    assert_eq!(out.not_emulated.len(), 1);
    assert_eq!(out.stdout, "/home/app\n");
}

#[test]
fn useradd_debian_style() {
    let mut fs = MemFs::new();
    fs.insert_file("/etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n", 0o644);
    fs.insert_file("/etc/group", b"root:x:0:\n", 0o644);
    let out = sh_in(&mut fs, "groupadd -g 1001 appgrp && useradd -m -u 1001 -g appgrp -s /bin/bash appuser && chown appuser: /home/appuser && useradd appuser");
    assert_eq!(out.exit_status, 9);
    assert_eq!(fs.text("/etc/passwd").unwrap().lines().last(), Some("appuser:x:1001:1001::/home/appuser:/bin/bash"));
    assert_eq!(fs.lstat("/home/appuser").unwrap().gid, 1001);
}

#[test]
fn for_loop_over_a_glob() {
    let (out, _) = sh(concat!(
        "mkdir -p /a/d; touch /a/z.txt /a/b.txt /a/.h /a/c.md\n",
        "for f in /a/*; do echo \"got $f\"; done\n",
        "for f in /a/*.txt; do basename \"$f\" .txt; done\n",
        "echo /a/*.none '/a/*' /a/[bc].*\n",
    ));
    assert_eq!(
        out.stdout,
        "got /a/b.txt\ngot /a/c.md\ngot /a/d\ngot /a/z.txt\nb\nz\n/a/*.none /a/* /a/b.txt /a/c.md\n"
    );
}

#[test]
fn relative_globs_use_the_working_directory() {
    assert_eq!(stdout("mkdir /w; cd /w; touch b a; echo *; echo ./*"), "a b\n./a ./b\n");
}

#[test]
fn command_substitution_and_arithmetic() {
    let script = concat!(
        "n=$(echo 3); m=`echo 4`\n",
        "echo $((n * m + 2)) $(( (n + 1) % 3 )) $((n > m)) $((10 / 3)) $((-7 / 2)) $((2 ** 10)) $((0x10 + 010))\n",
        "i=0; while [ $i -lt 3 ]; do i=$((i + 1)); done; echo $i\n",
        "echo \"$(printf 'a\\n\\n\\n')\" end\n",
        "x=$(echo nested $(echo inner)); echo $x\n",
        ": $((j = 5)); echo $j\n",
    );
    assert_eq!(stdout(script), "14 1 0 3 -3 1024 24\n3\na end\nnested inner\n5\n");
}

#[test]
fn arithmetic_errors_stop_the_shell() {
    let (out, _) = sh("echo $((1 / 0)); echo after");
    assert_eq!(out.exit_status, 2);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("division by zero"));
}

#[test]
fn parameter_expansions() {
    let script = concat!(
        "f=/usr/lib/archive.tar.gz\n",
        "echo ${f%.*} ${f%%.*} ${f#*/} ${f##*/} ${#f}\n",
        "echo ${unset:-def} ${unset-def2} ${empty:-e} \"${empty-kept}\" ${f:+alt}\n",
        "empty=; echo \"[${empty-x}]\" \"[${empty:-y}]\"\n",
        "echo ${new:=assigned} $new\n",
        "v=hello; echo ${v/l/L} ${v//l/L} ${v:1:3} ${v^^} ${v#\"he\"}\n",
        "set -- a 'b c' d; echo $# $1 $3; for a in \"$@\"; do echo \"<$a>\"; done\n",
        "echo $0 $$ $?\n",
    );
    assert_eq!(
        stdout(script),
        concat!(
            "/usr/lib/archive.tar /usr/lib/archive usr/lib/archive.tar.gz archive.tar.gz 23\n",
            "def def2 e kept alt\n",
            "[] [y]\n",
            "assigned assigned\n",
            "heLlo heLLo ell HELLO llo\n",
            "3 a d\n<a>\n<b c>\n<d>\n",
            "/bin/sh 1 0\n",
        )
    );
}

#[test]
fn field_splitting_and_quoting() {
    let script = concat!(
        "v='a  b   c'; for w in $v; do echo \"[$w]\"; done\n",
        "for w in \"$v\"; do echo \"[$w]\"; done\n",
        "IFS=:; p=/bin:/usr/bin::/sbin; for d in $p; do echo \"<$d>\"; done; unset IFS\n",
        "e=; set -- $e \"$e\" x; echo $#\n",
        "echo 'single $v' \"double $v\" \\$v ~ ~/x\n",
    );
    assert_eq!(
        stdout(script),
        "[a]\n[b]\n[c]\n[a  b   c]\n</bin>\n</usr/bin>\n<>\n</sbin>\n2\nsingle $v double a  b   c $v /root /root/x\n"
    );
}

#[test]
fn set_e_stops_but_not_in_conditions() {
    let (out, fs) = sh(concat!(
        "set -e\n",
        "if false; then echo no; fi\n",
        "false || echo recovered\n",
        "false && echo no\n",
        "! false\n",
        "while false; do :; done\n",
        "echo reached > /r\n",
        "false\n",
        "echo unreachable > /u\n",
    ));
    assert_eq!(out.exit_status, 1);
    assert_eq!(out.stdout, "recovered\n");
    assert!(fs.lstat("/r").is_ok());
    assert!(fs.lstat("/u").is_err());
}

#[test]
fn or_recovery_and_and_chains() {
    let (out, _) = sh("cat /missing || echo fallback; [ -d / ] && echo dir; false; echo $?; true && false || echo x");
    assert_eq!(out.exit_status, 0);
    assert_eq!(out.stdout, "fallback\ndir\n1\nx\n");
    assert_eq!(out.stderr, "cat: /missing: No such file or directory\n");
}

#[test]
fn pipelines() {
    let (out, fs) = sh(concat!(
        "echo a b c | wc -w\n",
        "printf 'one\\ntwo x\\nthree x\\n' > /f\n",
        "cat /f | grep x\n",
        "cat /f | grep -c x\n",
        "grep -q two /f && echo found\n",
        "cat /f | head -n 2 | tail -n 1\n",
        "echo hi | tee /t | sed 's/h/H/'\n",
        "false | true; echo $?\n",
        "set -o pipefail; false | true; echo $?\n",
        "echo x | read v; echo \"[$v]\"\n",
        "wc -l < /f\n",
        "wc -l /f\n",
    ));
    assert_eq!(out.stdout, "3\ntwo x\nthree x\n2\nfound\ntwo x\nHi\n0\n1\n[]\n3\n3 /f\n");
    assert_eq!(fs.text("/t").as_deref(), Some("hi\n"));
}

#[test]
fn not_emulated_commands_are_recorded_with_spans() {
    let script = "apt-get update && apt-get install -y curl && echo done";
    let (out, _) = sh(script);
    assert_eq!(out.exit_status, 0);
    assert_eq!(out.stdout, "done\n");
    let names: Vec<_> = out.not_emulated.iter().map(|n| n.command.as_str()).collect();
    assert_eq!(names, ["apt-get", "apt-get"]);
    let second = &out.not_emulated[1];
    assert_eq!(second.argv, ["apt-get", "install", "-y", "curl"]);
    assert_eq!(second.span.text(script), Some("apt-get install -y curl"));
}

#[test]
fn strict_mode_fails_not_emulated_commands() {
    let mut fs = MemFs::new();
    let env = ExecEnv { strict: true, ..ExecEnv::default() };
    let out = run("set -e; apt-get install -y curl; echo no", &mut fs, &env);
    assert_eq!(out.exit_status, 127);
    assert_eq!(out.stderr, "sh: apt-get: not emulated\n");
    assert_eq!(out.stdout, "");
    assert_eq!(out.not_emulated.len(), 1);
}

#[test]
fn nested_shells_report_the_outer_span() {
    let script = "echo start; sh -c 'npm ci && echo in-sh'";
    let (out, _) = sh(script);
    assert_eq!(out.stdout, "start\nin-sh\n");
    assert_eq!(out.not_emulated[0].command, "npm");
    assert_eq!(out.not_emulated[0].span.text(script), Some("sh -c 'npm ci && echo in-sh'"));
}

#[test]
fn sh_c_sees_only_exported_variables() {
    let script = "A=1; export B=2; sh -c 'echo \"[$A][$B][$0][$1]\"' name arg; bash -c 'exit 3'; echo $?";
    assert_eq!(stdout(script), "[][2][name][arg]\n3\n");
}

#[test]
fn prefix_assignments_are_temporary() {
    assert_eq!(stdout("X=1; X=2 env | grep '^X='; echo $X; Y=5 true; echo \"[$Y]\""), "X=2\n1\n[]\n");
}

#[test]
fn case_and_functions() {
    let script = concat!(
        "arch=x86_64\n",
        "case \"$arch\" in aarch64|arm64) a=arm64;; x86_64) a=amd64;; *) a=other;; esac; echo $a\n",
        "case foo.tar.gz in *.zip) echo zip;; *.tar.*) echo tarball;; esac\n",
        "greet() { local who=${1:-world}; echo \"hello $who\"; return 3; }\n",
        "greet; echo $?; greet you; echo \"[$who]\"\n",
        "f() { echo in-f; exit 4; echo no; }; (f); echo after $?\n",
    );
    assert_eq!(stdout(script), "amd64\ntarball\nhello world\n3\nhello you\n[]\nin-f\nafter 4\n");
}

#[test]
fn loops_break_continue_and_until() {
    let script = concat!(
        "for i in 1 2 3 4 5; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done\n",
        "n=0; until [ $n -ge 3 ]; do n=$((n+1)); done; echo $n\n",
        "for i in a b; do for j in 1 2; do [ $j = 2 ] && continue 2; echo $i$j; done; done\n",
    );
    assert_eq!(stdout(script), "1\n3\n3\na1\nb1\n");
}

#[test]
fn infinite_loops_hit_the_iteration_limit() {
    let (out, _) = sh("while true; do :; done; echo never");
    assert_eq!(out.exit_status, 2);
    assert_eq!(out.error.unwrap().kind, RunErrorKind::LoopLimit);
    assert_eq!(out.stdout, "");
}

#[test]
fn recursion_hits_the_depth_limit() {
    let (out, _) = sh("f() { f; }; f");
    assert_eq!(out.error.unwrap().kind, RunErrorKind::DepthLimit);
    let (out, _) = sh("s='sh -c \"$s\"'; export s; sh -c \"$s\"");
    assert_eq!(out.error.unwrap().kind, RunErrorKind::DepthLimit);
}

#[test]
fn output_is_bounded() {
    let mut fs = MemFs::new();
    let mut env = ExecEnv::default();
    env.limits.max_output = 1000;
    let out = run("seq 1 100000", &mut fs, &env);
    assert_eq!(out.error.unwrap().kind, RunErrorKind::OutputLimit);
    assert!(out.stdout.len() <= 1000 + 4096);
}

#[test]
fn redirections() {
    let (out, fs) = sh(concat!(
        "cat /nope 2>/dev/null || echo quiet\n",
        "{ echo out; cat /nope; } > /both 2>&1\n",
        "ls /nope &> /all\n",
        "echo err >&2\n",
        "tr_in=$(cat < /both); echo \"$tr_in\" | head -n 1\n",
        "cat <<< 'here string'\n",
        "echo x > /dir_missing/f\n",
    ));
    assert_eq!(out.stdout, "quiet\nout\nhere string\n");
    assert_eq!(fs.text("/both").as_deref(), Some("out\ncat: /nope: No such file or directory\n"));
    assert_eq!(fs.text("/all").as_deref(), Some("ls: cannot access '/nope': No such file or directory\n"));
    assert_eq!(out.stderr, "err\nsh: /dir_missing/f: No such file or directory\n");
    assert_eq!(out.exit_status, 1);
}

#[test]
fn echo_and_printf() {
    let script = concat!(
        "echo -n a; echo b; echo -e 'c\\td'; echo 'e\\nf'\n",
        "printf '%s-%d|%5s|%-3s|%03d|%x|%%\\n' a 42 r l 7 255\n",
        "printf '%s\\n' one two three\n",
        "printf '%b' 'x\\ty\\n'\n",
    );
    assert_eq!(stdout(script), "ab\nc\td\ne\\nf\na-42|    r|l  |007|ff|%\none\ntwo\nthree\nx\ty\n");
}

#[test]
fn test_builtin() {
    let script = concat!(
        "touch /f; mkdir /d; echo x > /s\n",
        "for t in '-e /f' '-f /d' '-d /d' '-s /f' '-s /s' '-z \"\"' '-n x' 'a = a' 'a != a' '3 -lt 10' '3 -gt 10' '! -e /nope' '-f /f -a -d /d' '-f /nope -o -d /d'; do\n",
        "  eval \"[ $t ]\" && echo \"T $t\" || echo \"F $t\"\n",
        "done\n",
    );
    assert_eq!(
        stdout(script),
        concat!(
            "T -e /f\nF -f /d\nT -d /d\nF -s /f\nT -s /s\nT -z \"\"\nT -n x\nT a = a\nF a != a\nT 3 -lt 10\n",
            "F 3 -gt 10\nT ! -e /nope\nT -f /f -a -d /d\nT -f /nope -o -d /d\n",
        )
    );
}

#[test]
fn double_bracket_tests() {
    assert_eq!(
        stdout("v=file.tar.gz; [[ $v == *.tar.* && -n $v ]] && echo glob; [[ $v =~ ^file\\.(tar) ]] && echo re"),
        "glob\nre\n"
    );
}

#[test]
fn sed_in_place_and_grep_regex() {
    let mut fs = MemFs::new();
    fs.insert_file("/etc/app.conf", b"listen=80\n#debug=true\nname=app\n", 0o644);
    let out = sh_in(
        &mut fs,
        concat!(
            "sed -i 's/listen=80/listen=8080/g; s|^#\\(debug\\)=.*|\\1=false|' /etc/app.conf\n",
            "grep -n '^[a-z]*=' /etc/app.conf\n",
            "grep -E 'listen|name' /etc/app.conf | wc -l\n",
            "grep -v -F '=' /etc/app.conf; echo $?\n",
            "echo aaa | sed 's/a/b/2'\n",
            "echo 'path/to' | sed -e 's#/#\\\\#g' -e 's/to/&&/'\n",
        ),
    );
    assert_eq!(fs.text("/etc/app.conf").as_deref(), Some("listen=8080\ndebug=false\nname=app\n"));
    assert_eq!(out.stdout, "1:listen=8080\n2:debug=false\n3:name=app\n2\n1\naba\npath\\toto\n");
}

#[test]
fn mktemp_is_deterministic() {
    let script = "d=$(mktemp -d); f=$(mktemp); echo $d $f; [ -d $d ] && [ -f $f ] && echo ok";
    let (a, fs_a) = sh(&format!("mkdir /tmp; {script}"));
    let (b, fs_b) = sh(&format!("mkdir /tmp; {script}"));
    assert_eq!(a, b);
    assert_eq!(fs_a, fs_b);
    assert!(a.stdout.ends_with("ok\n"), "{a:?}");
}

#[test]
fn rm_variants() {
    let (out, fs) = sh("mkdir -p /a/b; touch /a/b/c /f; rm /f; rm -f /nope; rm /a; rm -rf /a; rm -rf /; ls /");
    assert!(fs.lstat("/a").is_err() && fs.lstat("/f").is_err());
    assert_eq!(
        out.stderr,
        "rm: cannot remove '/a': Is a directory\nrm: it is dangerous to operate recursively on '/'\n"
    );
    assert_eq!(out.stdout, "");
}

#[test]
fn mv_renames_and_moves_into_directories() {
    let (out, fs) = sh("mkdir /d; echo 1 > /a; mv /a /b; mv /b /d; mkdir -p /x/y; mv /x /d/; ls /d");
    assert_eq!(out.stdout, "b\nx\n");
    assert!(fs.lstat("/d/x/y").is_ok());
}

#[test]
fn uname_id_whoami_use_the_environment() {
    let mut fs = MemFs::new();
    fs.insert_file("/etc/passwd", b"root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n", 0o644);
    fs.insert_file("/etc/group", b"root:x:0:\nnode:x:1000:\n", 0o644);
    let env = ExecEnv { uid: 1000, gid: 1000, arch: "aarch64".to_string(), ..ExecEnv::default() };
    let out = run("uname -m; uname; id -u; id -g; id -un; whoami; id; touch /mine", &mut fs, &env);
    assert_eq!(out.stdout, "aarch64\nLinux\n1000\n1000\nnode\nnode\nuid=1000(node) gid=1000(node) groups=1000(node)\n");
    assert_eq!(fs.lstat("/mine").unwrap().uid, 1000);
}

#[test]
fn env_and_export() {
    let mut fs = MemFs::new();
    let mut env = ExecEnv::default();
    env.env.insert("PATH".to_string(), "/usr/bin:/bin".to_string());
    env.env.insert("HOME".to_string(), "/home/x".to_string());
    let out = run("export DEBIAN_FRONTEND=noninteractive; LOCAL=1; env; echo ~", &mut fs, &env);
    assert_eq!(out.stdout, "DEBIAN_FRONTEND=noninteractive\nHOME=/home/x\nPATH=/usr/bin:/bin\n/home/x\n");
}

#[test]
fn shell_options_from_the_shell_prefix() {
    let mut fs = MemFs::new();
    let env =
        ExecEnv { shell: ["/bin/bash", "-eo", "pipefail", "-c"].map(String::from).to_vec(), ..ExecEnv::default() };
    let out = run("false | true; echo no", &mut fs, &env);
    assert_eq!(out.exit_status, 1);
    assert_eq!(out.stdout, "");
}

#[test]
fn syntax_errors_are_reported() {
    let (out, _) = sh("if true; then echo x");
    assert_eq!(out.exit_status, 2);
    assert_eq!(out.error.unwrap().kind, RunErrorKind::Syntax);
}

#[test]
fn exit_status_and_exit_builtin() {
    assert_eq!(sh("exit 3; echo no").0.exit_status, 3);
    assert_eq!(sh("(exit 4); echo $?").0.stdout, "4\n");
    assert_eq!(sh("false").0.exit_status, 1);
    assert_eq!(sh("false; exit").0.exit_status, 1);
}

#[test]
fn scripts_from_the_filesystem_and_stdin() {
    let mut fs = MemFs::new();
    fs.insert_file("/setup.sh", b"#!/bin/sh\necho \"setup $1\"\nmkdir -p /made\n", 0o755);
    let out = sh_in(&mut fs, "sh /setup.sh one; echo 'echo piped' | sh; . /setup.sh two");
    assert_eq!(out.stdout, "setup one\npiped\nsetup two\n");
    assert!(fs.lstat("/made").is_ok());
}

#[test]
fn same_input_same_output() {
    let script = "mkdir -p /a; for i in $(seq 1 5); do echo $i >> /a/log; done; cat /a/log | wc -l; apt-get install x";
    let (a, fa) = sh(script);
    let (b, fb) = sh(script);
    assert_eq!(a, b);
    assert_eq!(fa, fb);
    assert_eq!(a.stdout, "5\n");
}

#[test]
fn default_depth_limit_fits_a_small_stack() {
    // Test threads have 2 MiB of stack; the worst nesting per level (function → `$(…)` →
    // `eval` → `sh -c`) must reach the depth limit long before overflowing it.
    for script in [
        "f() { x=$(eval 'sh -c \"f\"'; f); }; f",
        "f() { if true; then while true; do case a in a) { (x=$(f)); };; esac; done; fi; }; f",
        "s='eval \"$s\"'; eval \"$s\"",
        &format!("f() {{ {} f; {} }}; f", "{ ".repeat(30), "} ".repeat(30)),
        &format!("f() {{ {} x=$(f); {} }}; f", "if true; then ".repeat(14), "fi; ".repeat(14)),
    ] {
        let (out, _) = sh(script);
        assert_eq!(out.error.map(|e| e.kind), Some(RunErrorKind::DepthLimit), "{script}");
    }
}

#[test]
fn brace_expansion_only_in_bash() {
    let script = "echo a{1..3}b {x,y{1,2}} {a..e..2} {05..10..5} {a} {} \"{q,r}\" {3..1}; mkdir -p /p/{b,c}; ls /p";
    let mut fs = MemFs::new();
    let bash = ExecEnv { shell: vec!["/bin/bash".into(), "-c".into()], ..ExecEnv::default() };
    let out = run(script, &mut fs, &bash);
    assert_eq!(out.stdout, "a1b a2b a3b x y1 y2 a c e 05 10 {a} {} {q,r} 3 2 1\nb\nc\n");
    let (out, _) = sh("echo {a,b}; bash -c 'echo {a,b}'");
    assert_eq!(out.stdout, "{a,b}\na b\n");
}

#[test]
fn filters_sort_uniq_cut_tr() {
    let script = concat!(
        "printf 'b\\na\\nc\\na\\n10\\n9\\n' > /s\n",
        "sort -u /s | tr '\\n' ' '; echo; sort -n /s | tail -n 2 | tr '\\n' ' '; echo\n",
        "sort /s | uniq -c | head -n 2\n",
        "echo 'root:x:0:0:root:/root:/bin/bash' | cut -d: -f1,6; echo abcdef | cut -c2-4\n",
        "echo 'Mixed Case' | tr '[:upper:]' '[:lower:]'; echo 'a  b' | tr -s ' '; echo hello | tr -d l\n",
    );
    assert_eq!(stdout(script), "10 9 a b c \n9 10 \n      1 10\n      1 9\nroot:/root\nbcd\nmixed case\na b\nheo\n");
}

#[test]
fn emulated_command_list_is_sorted() {
    let names = slipway_shell::interp::EMULATED_COMMANDS;
    assert!(names.windows(2).all(|w| w[0] < w[1]));
    assert!(names.contains(&"cp") && !names.contains(&"apt-get"));
}

#[test]
fn shell_scripts_in_the_filesystem_run() {
    let mut fs = MemFs::new();
    fs.insert_file("/usr/local/bin/entry", b"#!/usr/bin/env bash\necho \"entry $1\" {a,b}\n", 0o755);
    fs.insert_file("/app/build.sh", b"#!/bin/sh\nset -e\necho building in $(pwd)\nexit 3\n", 0o755);
    fs.insert_file("/app/noexec.sh", b"#!/bin/sh\necho no\n", 0o644);
    fs.insert_file("/usr/bin/tool", b"\x7fELF\x00\x00binary", 0o755);
    let mut env = ExecEnv::default();
    env.env.insert("PATH".to_string(), "/usr/local/bin:/usr/bin".to_string());
    let out = run("entry one; cd /app && ./build.sh; echo $?; ./noexec.sh; echo $?; tool --version", &mut fs, &env);
    assert_eq!(out.stdout, "entry one a b\nbuilding in /app\n3\n126\n");
    assert_eq!(out.stderr, "sh: ./noexec.sh: Permission denied\n");
    assert_eq!(out.not_emulated.len(), 1);
    assert_eq!(out.not_emulated[0].command, "tool");
}

#[test]
fn functions_defined_by_eval_report_the_eval_span() {
    let script = "eval 'inst() { apt-get install -y \"$@\"; }'\ninst curl";
    let (out, _) = sh(script);
    assert_eq!(out.not_emulated[0].argv, ["apt-get", "install", "-y", "curl"]);
    assert_eq!(out.not_emulated[0].span.text(script), Some("eval 'inst() { apt-get install -y \"$@\"; }'"));
}

#[test]
fn positional_slices() {
    let script = "set -- a 'b c' d; for x in \"${@:2}\"; do echo \"<$x>\"; done; echo \"${@:1:1}\" \"${*:2}\"";
    assert_eq!(stdout(script), "<b c>\n<d>\na b c d\n");
}

#[test]
fn install_copies_with_mode_and_owner() {
    let mut fs = MemFs::new();
    fs.insert_file("/etc/passwd", b"root:x:0:0:root:/root:/bin/sh\napp:x:10:20::/app:/bin/sh\n", 0o644);
    fs.insert_file("/src/tool", b"bin", 0o600);
    let out = sh_in(&mut fs, "install -d -m 700 -o app /var/app/data; install -m 0755 /src/tool /usr/bin/; install -D /src/tool /opt/x/tool2");
    assert_eq!(out.stderr, "install: cannot install '/src/tool' to '/usr/bin/': No such file or directory\n");
    let data = fs.lstat("/var/app/data").unwrap();
    assert_eq!((data.mode, data.uid), (0o700, 10));
    assert_eq!(fs.lstat("/opt/x/tool2").unwrap().mode, 0o755);
    let out = sh_in(&mut fs, "mkdir -p /usr/bin && install -m 0750 /src/tool /usr/bin/ && ls /usr/bin");
    assert_eq!(out.stdout, "tool\n");
    assert_eq!(fs.lstat("/usr/bin/tool").unwrap().mode, 0o750);
}

#[test]
fn find_lists_deletes_and_execs() {
    let script = concat!(
        "mkdir -p /app/src/pkg /app/empty; touch /app/a.pyc /app/src/b.py /app/src/pkg/c.pyc /app/src/pkg/d.py\n",
        "find /app -name '*.pyc'\n",
        "find /app -maxdepth 1 -type d\n",
        "cd /app && find . -type f ! -name '*.pyc' -exec echo file {} \\;\n",
        "find /app -type d -empty\n",
        "find /app -name '*.pyc' -delete; find /app -type f | wc -l\n",
        "find /app/src -type f -exec ls {} +\n",
    );
    assert_eq!(
        stdout(script),
        concat!(
            "/app/a.pyc\n/app/src/pkg/c.pyc\n",
            "/app\n/app/empty\n/app/src\n",
            "file ./src/b.py\nfile ./src/pkg/d.py\n",
            "/app/empty\n",
            "2\n",
            "/app/src/b.py\n/app/src/pkg/d.py\n",
        )
    );
}

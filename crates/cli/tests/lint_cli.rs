//! End-to-end tests of `slipway lint`, `rules` and `explain` through the binary.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn slipway(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_slipway"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("xdg"))
        .env("XDG_CONFIG_DIRS", dir.join("xdg-dirs"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn codes(output: &Output) -> Vec<(String, String, u64)> {
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn directories_are_searched_honouring_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("a/.devcontainer")).unwrap();
    std::fs::create_dir_all(root.join("vendor")).unwrap();
    std::fs::write(root.join(".gitignore"), "vendor/\n").unwrap();
    for name in
        ["a/Dockerfile", "a/api.Dockerfile", "a/Dockerfile.prod", "a/.devcontainer/Containerfile", "vendor/Dockerfile"]
    {
        std::fs::write(root.join(name), "FROM ubuntu\n").unwrap();
    }
    std::fs::write(root.join("a/Dockerfile.dockerignore"), "*\n").unwrap();
    let output = slipway(root, &["lint", "--format", "json", "."], None);
    assert_eq!(output.status.code(), Some(1));
    let files: Vec<String> = codes(&output).into_iter().map(|(f, _, _)| f).collect();
    assert_eq!(
        files,
        ["./a/.devcontainer/Containerfile", "./a/Dockerfile", "./a/Dockerfile.prod", "./a/api.Dockerfile"]
    );
}

#[test]
fn exit_codes_threshold_and_no_fail() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("Dockerfile"), "FROM ubuntu\n").unwrap();
    assert_eq!(slipway(root, &["lint", "Dockerfile"], None).status.code(), Some(1));
    assert_eq!(slipway(root, &["lint", "-t", "error", "Dockerfile"], None).status.code(), Some(0));
    assert_eq!(slipway(root, &["lint", "--no-fail", "Dockerfile"], None).status.code(), Some(0));
    assert_eq!(slipway(root, &["lint", "--ignore", "DL3006", "Dockerfile"], None).status.code(), Some(0));
    assert_eq!(slipway(root, &["lint", "--style", "DL3006", "Dockerfile"], None).status.code(), Some(0));
    assert_eq!(slipway(root, &["lint", "--error", "DL3006", "-t", "error", "Dockerfile"], None).status.code(), Some(1));
    assert_eq!(slipway(root, &["lint", "missing"], None).status.code(), Some(2));
    assert_eq!(slipway(root, &["lint", "-t", "loud", "Dockerfile"], None).status.code(), Some(2));
    let tty = stdout(&slipway(root, &["lint", "Dockerfile"], None));
    assert!(tty.ends_with("Found 1 problem (1 warning) in 1 file.\n"), "{tty}");
}

#[test]
fn config_is_found_like_hadolint_and_flags_add_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("Dockerfile"), "FROM ubuntu\nWORKDIR app\nMAINTAINER x\n").unwrap();
    std::fs::create_dir_all(root.join("xdg")).unwrap();
    std::fs::write(root.join("xdg/hadolint.yaml"), "ignored: [DL3000]\n").unwrap();
    let found =
        |args: &[&str]| -> Vec<String> { codes(&slipway(root, args, None)).into_iter().map(|(_, c, _)| c).collect() };
    assert_eq!(found(&["lint", "-f", "json", "Dockerfile"]), ["DL3006", "DL4000"]);
    std::fs::write(root.join(".hadolint.yml"), "ignored: [MaintainerDeprecated]\nfailure-threshold: error\n").unwrap();
    assert_eq!(found(&["lint", "-f", "json", "Dockerfile"]), ["DL3006", "DL3000"]);
    assert_eq!(found(&["lint", "-f", "json", "--ignore", "DL3006", "Dockerfile"]), ["DL3000"]);
    assert_eq!(slipway(root, &["lint", "--ignore", "DL3000", "Dockerfile"], None).status.code(), Some(0));
    std::fs::write(root.join("other.yaml"), "format: gnu\n").unwrap();
    let gitlab = stdout(&slipway(root, &["lint", "--format", "gitlab_codeclimate", "Dockerfile"], None));
    assert!(gitlab.starts_with("[\n  {\n    \"check_name\": \"DL3006\""), "{gitlab}");
    let gnu = stdout(&slipway(root, &["lint", "--config", "other.yaml", "Dockerfile"], None));
    assert!(gnu.starts_with("slipway:Dockerfile:1.6-1.12: warning:"), "{gnu}");
    std::fs::write(root.join("bad.yaml"), "ignored: 3\n").unwrap();
    assert_eq!(slipway(root, &["lint", "--config", "bad.yaml", "Dockerfile"], None).status.code(), Some(2));
}

#[test]
fn fix_diff_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let original = "FROM ubuntu:24.04 as Build\nMAINTAINER x\nCMD run me\n";
    std::fs::write(root.join("Dockerfile"), original).unwrap();
    let diff = stdout(&slipway(root, &["lint", "--diff", "Dockerfile"], None));
    assert_eq!(
        diff,
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,3 @@\n-FROM ubuntu:24.04 as Build\n-MAINTAINER x\n+FROM ubuntu:24.04 AS build\n+LABEL maintainer=\"x\"\n CMD run me\n"
    );
    assert_eq!(std::fs::read_to_string(root.join("Dockerfile")).unwrap(), original);
    let output = slipway(root, &["lint", "--fix", "-f", "json", "Dockerfile"], None);
    assert_eq!(
        std::fs::read_to_string(root.join("Dockerfile")).unwrap(),
        "FROM ubuntu:24.04 AS build\nLABEL maintainer=\"x\"\nCMD run me\n"
    );
    assert_eq!(codes(&output), [("Dockerfile".to_string(), "DL3025".to_string(), 3)]);
    slipway(root, &["lint", "--fix", "--unsafe", "Dockerfile"], None);
    assert!(std::fs::read_to_string(root.join("Dockerfile")).unwrap().ends_with("CMD [\"run\", \"me\"]\n"));
    let piped = slipway(root, &["lint", "--fix", "-"], Some("FROM a:1 as b\n"));
    assert_eq!(stdout(&piped), "FROM a:1 AS b\n");
    let json = slipway(root, &["lint", "-f", "json", "-"], Some("FROM a:1\nWORKDIR x\n"));
    assert_eq!(codes(&json), [("-".to_string(), "DL3000".to_string(), 2)]);
}

#[test]
fn copy_of_an_ignored_file_uses_the_dockerfiles_directory_as_context() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("app")).unwrap();
    std::fs::write(root.join("app/.dockerignore"), "*.env\n").unwrap();
    std::fs::write(root.join("app/Dockerfile"), "FROM a:1\nCOPY prod.env /etc/\n").unwrap();
    let found = codes(&slipway(root, &["lint", "-f", "json", "app/Dockerfile"], None));
    assert_eq!(found, [("app/Dockerfile".to_string(), "CopyIgnoredFile".to_string(), 2)]);
    let elsewhere = codes(&slipway(root, &["lint", "-f", "json", "--context", ".", "app/Dockerfile"], None));
    assert!(elsewhere.is_empty());
}

#[test]
fn rules_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let rules = stdout(&slipway(dir.path(), &["rules"], None));
    assert!(rules.lines().any(|l| l.starts_with("DL3008 ")));
    let ko = stdout(&slipway(dir.path(), &["explain", "JSONArgsRecommended", "--lang", "ko"], None));
    assert!(ko.starts_with("DL3025 / JSONArgsRecommended"), "{ko}");
    assert!(ko.contains("## 무엇을 하나요"));
    assert_eq!(slipway(dir.path(), &["explain", "DL9999"], None).status.code(), Some(2));
}

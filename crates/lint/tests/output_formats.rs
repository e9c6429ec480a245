//! Snapshot tests of every output format over one fixture. Set `SLIPWAY_UPDATE_SNAPSHOTS=1`
//! to rewrite the expected files after an intended change.

use std::path::PathBuf;

use slipway_lint::output::{FileReport, Format};
use slipway_lint::{lint, Config};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn check(format: Format, name: &str) {
    let source = std::fs::read_to_string(dir().join("fixtures/formats.Dockerfile")).unwrap();
    let findings = lint(&source, &Config::default());
    let empty = Vec::new();
    let files = [
        FileReport { path: "docker/Dockerfile", source: &source, findings: &findings },
        FileReport { path: "clean/Dockerfile", source: "FROM a:1\n", findings: &empty },
    ];
    let actual = format.render(&files);
    let path = dir().join("snapshots").join(name);
    if std::env::var_os("SLIPWAY_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(actual, expected, "{name} differs (SLIPWAY_UPDATE_SNAPSHOTS=1 rewrites it)");
}

#[test]
fn json() {
    check(Format::Json, "json.txt");
}

#[test]
fn sarif() {
    check(Format::Sarif, "sarif.txt");
}

#[test]
fn checkstyle() {
    check(Format::Checkstyle, "checkstyle.txt");
}

#[test]
fn gnu() {
    check(Format::Gnu, "gnu.txt");
}

#[test]
fn codeclimate() {
    check(Format::Codeclimate, "codeclimate.txt");
}

#[test]
fn gitlab() {
    check(Format::Gitlab, "gitlab.txt");
}

#[test]
fn github() {
    check(Format::Github, "github.txt");
}

#[test]
fn json_keeps_hadolints_fields() {
    let findings = lint("FROM ubuntu\n", &Config::default());
    let files = [FileReport { path: "Dockerfile", source: "FROM ubuntu\n", findings: &findings }];
    let value: serde_json::Value = serde_json::from_str(&Format::Json.render(&files)).unwrap();
    let first = &value[0];
    for key in ["code", "file", "line", "column", "level", "message", "end_line", "end_column", "name", "fix"] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["code"], "DL3006");
    assert_eq!(first["level"], "warning");
}

#[test]
fn sarif_has_the_required_structure() {
    let source = "FROM a:1\nMAINTAINER x\n";
    let findings = lint(source, &Config::default());
    let files = [FileReport { path: "Dockerfile", source, findings: &findings }];
    let log: serde_json::Value = serde_json::from_str(&Format::Sarif.render(&files)).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "DL4000");
    let result = &run["results"][0];
    assert_eq!(result["ruleIndex"], 0);
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
    let replacement = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "LABEL maintainer=\"x\"");
    assert_eq!(replacement["deletedRegion"]["endColumn"], 13);
}

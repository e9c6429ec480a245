//! Diagnostics: lint findings and parse errors at exact ranges, docs in both languages, fixes.

use std::collections::BTreeMap;

use slipway_playground::diagnostics::{apply_fix, check, rule_doc, DiagnosticSeverity, DiagnosticView};
use slipway_playground::{Lang, Project};

fn project(dockerfile: &str) -> Project {
    Project { dockerfile: dockerfile.to_string(), ..Project::default() }
}

fn codes(diagnostics: &[DiagnosticView]) -> Vec<(&str, usize, usize)> {
    diagnostics.iter().map(|d| (d.code.as_str(), d.start, d.end)).collect()
}

/// `apt-get install curl` on an untagged ubuntu: the tag is missing (DL3006, on `ubuntu`), the
/// install has no `-y` (DL3014) and no `--no-install-recommends` (DL3015) and runs without an
/// `apt-get update` in the same RUN (SW1002), all on `apt-get install`; `curl` is not pinned
/// (DL3008, on the package word). No `apt-get update` means no apt lists to clean (no DL3009), and
/// it is `apt-get`, not `apt` (no DL3027).
const APT: &str = "FROM ubuntu\nRUN apt-get install curl\n";

#[test]
fn apt_install_findings_at_exact_ranges() {
    let diagnostics = check(&project(APT), Lang::En);
    assert_eq!(
        codes(&diagnostics),
        vec![("DL3006", 5, 11), ("DL3014", 16, 31), ("DL3015", 16, 31), ("SW1002", 16, 31), ("DL3008", 32, 36)]
    );
    let ids: Vec<usize> = diagnostics.iter().map(|d| d.id).collect();
    assert_eq!(ids, [0, 1, 2, 3, 4]);
    let curl = &diagnostics[4];
    assert_eq!(&APT[curl.start..curl.end], "curl");
    assert_eq!((curl.line, curl.column, curl.end_line, curl.end_column), (2, 21, 2, 25));
    assert_eq!(curl.severity, DiagnosticSeverity::Warning);
    assert_eq!(curl.doc_title, "Pin versions in apt get install");
    assert!(curl.doc.starts_with("## What it does"));
    assert!(curl.fixes.is_empty(), "the version to pin must be chosen by the author");
    let no_recommends = &diagnostics[2];
    assert_eq!(no_recommends.severity, DiagnosticSeverity::Info);
    assert_eq!(no_recommends.severity.css_class(), "sev-info");
    // Leaving out recommended packages changes what the image contains: not a safe fix.
    assert_eq!(no_recommends.fixes.len(), 1);
    assert!(!no_recommends.fixes[0].safe);
    // `-y` only answers the prompt: the image is the same.
    assert!(diagnostics[1].fixes[0].safe);
}

#[test]
fn buildkit_names_are_aliases() {
    let src = "FROM alpine:3.20\nCMD echo hi\n";
    let diagnostics = check(&project(src), Lang::En);
    let cmd = diagnostics.iter().find(|d| d.code == "DL3025").expect("shell-form CMD is reported");
    assert_eq!(cmd.aliases, ["JSONArgsRecommended"]);
    // The shell-form arguments are what the fix rewrites into a JSON array.
    assert_eq!(&src[cmd.start..cmd.end], "echo hi");
    assert_eq!((cmd.line, cmd.column), (2, 5));
}

#[test]
fn applying_a_fix_changes_the_text_and_the_finding_disappears() {
    let p = project(APT);
    let diagnostics = check(&p, Lang::En);
    let yes = diagnostics.iter().find(|d| d.code == "DL3014").unwrap();
    let fixed = apply_fix(&p, yes.id, yes.fixes[0].index).expect("the -y fix applies");
    assert_eq!(fixed, "FROM ubuntu\nRUN apt-get install -y curl\n");
    let after = check(&project(&fixed), Lang::En);
    assert!(after.iter().all(|d| d.code != "DL3014"));
    assert!(after.iter().any(|d| d.code == "DL3008"), "fixing -y does not pin curl");

    let update = diagnostics.iter().find(|d| d.code == "SW1002").unwrap();
    let fixed = apply_fix(&p, update.id, 0).unwrap();
    assert_eq!(fixed, "FROM ubuntu\nRUN apt-get update && apt-get install curl\n");
    assert!(check(&project(&fixed), Lang::En).iter().all(|d| d.code != "SW1002"));
}

#[test]
fn missing_fixes_give_none() {
    let p = project(APT);
    assert_eq!(apply_fix(&p, 4, 0), None, "DL3008 has no fix");
    assert_eq!(apply_fix(&p, 1, 1), None, "only one fix per finding");
    assert_eq!(apply_fix(&p, 99, 0), None);
}

#[test]
fn korean_docs() {
    let diagnostics = check(&project(APT), Lang::Ko);
    let curl = diagnostics.iter().find(|d| d.code == "DL3008").unwrap();
    assert!(curl.doc.starts_with("## 무엇을 하나요"));
    assert_eq!(
        curl.doc_title,
        "`apt-get install`에서 버전을 고정하지 않은 패키지(`curl=8.5.0-2` 대신 `curl`)를 하나하나 찾습니다."
    );
    let (title, body) = rule_doc("JSONArgsRecommended", Lang::Ko).unwrap();
    assert!(!title.is_ascii() && body.contains("## 왜 문제인가요?"));
    let (title, _) = rule_doc("dl3025", Lang::En).unwrap();
    assert_eq!(title, "Use arguments JSON notation for CMD and ENTRYPOINT arguments");
    assert_eq!(rule_doc("DL9999", Lang::En), None);
}

#[test]
fn parse_errors_are_errors_with_code_parse() {
    let src = "FROM alpine:3.20\nRUNN make\nCOPY --frm=a b c\n";
    let diagnostics = check(&project(src), Lang::En);
    let parse: Vec<&DiagnosticView> = diagnostics.iter().filter(|d| d.code == "parse").collect();
    assert_eq!(parse.len(), 2);
    assert_eq!(parse[0].message, "unknown instruction: RUNN (did you mean run?)");
    assert_eq!(&src[parse[0].start..parse[0].end], "RUNN");
    assert_eq!(parse[0].severity, DiagnosticSeverity::Error);
    assert_eq!(parse[0].aliases, ["DL1000"]);
    assert_eq!(parse[1].message, "unknown flag: frm (did you mean from?)");
    assert_eq!((parse[1].line, parse[1].column), (3, 6));
    let (title, _) = rule_doc("parse", Lang::En).unwrap();
    assert_eq!(parse[0].doc_title, title);
}

#[test]
fn stage_graph_errors_are_parse_errors() {
    let src = "FROM alpine:3.20 AS s0\nCOPY --from=5 /x /y\n";
    let diagnostics = check(&project(src), Lang::En);
    let bad = diagnostics.iter().find(|d| d.message == "invalid stage index 5").expect("BuildKit rejects index 5");
    assert_eq!(bad.code, "parse");
    assert_eq!(&src[bad.start..bad.end], "--from=5");
    assert_eq!(bad.severity, DiagnosticSeverity::Error);

    let cycle = "FROM busybox:1 AS a\nCOPY --from=b /x /x\nFROM busybox:1 AS b\nCOPY --from=a /y /y\n";
    let diagnostics = check(&project(cycle), Lang::En);
    assert!(diagnostics.iter().any(|d| d.code == "parse" && d.message == "circular dependency detected on stage: a"));
}

#[test]
fn the_build_context_feeds_context_aware_rules() {
    let src = "FROM alpine:3.20\nCOPY app.txt /app.txt\n";
    let mut files = BTreeMap::new();
    files.insert("app.txt".to_string(), "hello\n".to_string());
    let plain = Project { dockerfile: src.into(), files: files.clone(), ..Project::default() };
    assert!(check(&plain, Lang::En).iter().all(|d| d.code != "CopyIgnoredFile"));
    files.insert(".dockerignore".to_string(), "*.txt\n".to_string());
    let ignored = Project { dockerfile: src.into(), files, ..Project::default() };
    let diagnostics = check(&ignored, Lang::En);
    let copy = diagnostics.iter().find(|d| d.code == "CopyIgnoredFile").expect("app.txt is excluded");
    assert_eq!(&src[copy.start..copy.end], "app.txt");
}

#[test]
fn diagnostics_are_sorted_by_start() {
    let src = "FROM ubuntu\nMAINTAINER me\nRUN apt-get install curl\nWORKDIR app\nCMD run\n";
    let diagnostics = check(&project(src), Lang::En);
    assert!(diagnostics.windows(2).all(|w| w[0].start <= w[1].start));
    assert!(diagnostics.iter().enumerate().all(|(i, d)| d.id == i));
}

#[test]
fn checking_a_parsed_dockerfile_gives_the_same_diagnostics() {
    let src = "FROM ubuntu AS a\nRUN apt-get install curl\nCOPY --from=5 /x /x\nWORKDIR app\nFROB\n";
    let project = project(src);
    let analysis = slipway_syntax::Analysis::new(slipway_syntax::parse(src));
    let parsed = slipway_playground::diagnostics::check_analysis(&project, &analysis, Lang::Ko);
    // DL3006 (untagged), DL3008/DL3015/DL3009 family, the --from index, DL3000, the parse error.
    assert!(parsed.iter().any(|d| d.code == "parse" && &src[d.start..d.end] == "--from=5"));
    assert!(parsed.iter().any(|d| d.code == "DL3000"));
    assert_eq!(parsed, check(&project, Lang::Ko));
}

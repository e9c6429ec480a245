//! Runs the parser conformance cases in `tests/conformance/*.cases` (see its README):
//! BuildKit dumps and diagnostics expected for each Dockerfile snippet.

use std::fmt::Write as _;
use std::path::PathBuf;

use slipway_syntax::{Analysis, Severity};

struct Case {
    file: String,
    name: String,
    dockerfile: Vec<u8>,
    dump: String,
    diagnostics: String,
}

fn decode(text: &str) -> Vec<u8> {
    let mut text = text.to_string();
    if let Some(stripped) = text.strip_suffix("<NOEOL>\n") {
        text = stripped.strip_suffix('\n').unwrap_or(stripped).to_string();
    }
    text.replace("<TAB>", "\t")
        .replace("<SP>", " ")
        .replace("<CR>", "\r")
        .replace("<BOM>", "\u{FEFF}")
        .replace("<NUL>", "\0")
        .into_bytes()
}

fn load_cases() -> Vec<Case> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/conformance exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "cases"))
        .collect();
    paths.sort();
    let mut cases = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable case file");
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        for block in text.split("=== ").skip(1) {
            let (name, body) = block.split_once('\n').expect("case has a body");
            let mut sections = std::collections::HashMap::new();
            for section in body.split("--- ").skip(1) {
                let (title, content) = section.split_once('\n').unwrap_or((section, ""));
                sections.insert(title.trim().to_string(), content.trim_end_matches('\n').to_string() + "\n");
            }
            let dockerfile = sections.get("dockerfile").unwrap_or_else(|| panic!("{file}: {name}: no dockerfile"));
            cases.push(Case {
                file: file.clone(),
                name: name.trim().to_string(),
                dockerfile: decode(dockerfile),
                dump: sections.get("dump").cloned().unwrap_or_default().trim().to_string(),
                diagnostics: sections.get("diagnostics").cloned().unwrap_or_default().trim().to_string(),
            });
        }
    }
    cases
}

fn actual(dockerfile: &[u8]) -> (String, String) {
    let analysis = Analysis::of_bytes(dockerfile);
    let file = &analysis.file;
    let mut out = String::new();
    for d in analysis.diagnostics() {
        let p = file.line_index().position(&file.source, d.span.start);
        match (d.severity, d.code) {
            (Severity::Warning, Some(code)) => writeln!(out, "warning {}:{}: {code}: {}", p.line, p.column, d.message),
            (Severity::Warning, None) => {
                writeln!(out, "warning {}:{}: {}", p.line, p.column, d.message)
            }
            (Severity::Error, _) => writeln!(out, "error {}:{}: {}", p.line, p.column, d.message),
        }
        .unwrap();
    }
    (file.dump().trim().to_string(), out.trim().to_string())
}

#[test]
fn conformance_cases() {
    let cases = load_cases();
    assert!(cases.len() >= 50, "expected at least 50 cases, found {}", cases.len());
    let mut failures = String::new();
    for case in &cases {
        let (dump, diagnostics) = actual(&case.dockerfile);
        if dump != case.dump || diagnostics != case.diagnostics {
            writeln!(
                failures,
                "--- {} / {}\nexpected dump:\n{}\nactual dump:\n{}\nexpected diagnostics:\n{}\nactual diagnostics:\n{}\n",
                case.file, case.name, case.dump, dump, case.diagnostics, diagnostics
            )
            .unwrap();
        }
    }
    assert!(failures.is_empty(), "conformance failures:\n{failures}");
}

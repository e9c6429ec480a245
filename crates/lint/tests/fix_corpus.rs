//! Every fix of every rule over the repository's real Dockerfiles: applying them (safe only,
//! then unsafe too) converges, is idempotent, and leaves a file that still parses.

use std::path::{Path, PathBuf};

use slipway_lint::fix::fix_until_converged;
use slipway_lint::{Applicability, Config, Linter};

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["../shell/tests/corpus", "../../examples"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.push(path.join("Dockerfile"));
            } else if path.extension().is_some_and(|e| e == "Dockerfile") {
                files.push(path);
            }
        }
    }
    files.retain(|p| p.is_file());
    files.sort();
    files
}

#[test]
fn fixes_converge_and_keep_files_parsing() {
    let files = corpus();
    assert!(files.len() >= 10, "corpus not found");
    let config = Config::default();
    let linter = Linter::new(&config);
    let mut applied = 0;
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        let had_errors = slipway_syntax::parse(&source).has_errors();
        for level in [Applicability::Safe, Applicability::Unsafe] {
            let outcome = fix_until_converged(&linter, &source, level);
            applied += outcome.applied;
            assert!(outcome.passes < slipway_lint::fix::MAX_PASSES, "{}: fixes do not converge", path.display());
            let again = fix_until_converged(&linter, &outcome.output, level);
            assert_eq!(again.output, outcome.output, "{}: fixes are not idempotent", path.display());
            if !had_errors {
                let fixed = slipway_syntax::parse(&outcome.output);
                assert!(!fixed.has_errors(), "{}: a {level:?} fix broke the file:\n{}", path.display(), outcome.output);
            }
        }
    }
    assert!(applied > 0, "the corpus exercised no fix");
}

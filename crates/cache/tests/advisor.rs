//! The advisor's rewrite of a broad COPY before a dependency install, measured by simulation.

use slipway_cache::advisor::{advise, find_candidates, Applicability};
use slipway_cache::context::MemoryContext;
use slipway_cache::plan::PlanRequest;
use slipway_syntax::Analysis;

fn context(files: &[&str]) -> MemoryContext {
    let mut ctx = MemoryContext::new();
    for path in files {
        ctx.add_file(path, format!("content of {path}"), 0o644).unwrap();
    }
    ctx
}

const NODE: &str =
    "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD [\"node\", \"dist/index.js\"]\n";

#[test]
fn copy_all_before_npm_ci_is_rewritten_manifest_first() {
    let ctx = context(&["package.json", "package-lock.json", "src/index.js", "src/util.js", "README.md"]);
    let analysis = Analysis::of_bytes(NODE.as_bytes());
    let frequent = vec!["src/index.js".to_string(), "package.json".to_string()];
    let advice = advise(&analysis, &ctx, &PlanRequest::default(), Some(&frequent)).unwrap();
    assert_eq!(advice.len(), 1);
    let advice = &advice[0];
    assert_eq!((advice.copy_line, advice.install_line, advice.ecosystem), (3, 4, "npm"));
    assert_eq!(advice.manifests, ["package.json", "package-lock.json"]);
    assert_eq!(
        advice.rewrite.text,
        "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD [\"node\", \"dist/index.js\"]\n"
    );
    assert_eq!(advice.rewrite.applicability, Applicability::Unsafe);
    // Editing a source file: before, COPY . . + npm ci + build rerun (3); after, COPY . . +
    // build (2): the install is saved.
    let source = &advice.savings[0];
    assert_eq!(
        (source.path.as_str(), source.misses_before, source.misses_after, source.saved),
        ("src/index.js", 3, 2, 1)
    );
    // Editing a manifest reruns the install either way, and after the rewrite one more
    // COPY: nothing saved.
    let manifest = &advice.savings[1];
    assert_eq!((manifest.misses_before, manifest.misses_after, manifest.saved), (3, 4, 0));
}

#[test]
fn inferred_edits_and_other_ecosystems() {
    let dockerfile =
        "FROM python:3.12\nCOPY . /srv\nRUN pip install -r requirements.txt\nRUN python -m compileall /srv\n";
    let ctx = context(&["requirements.txt", "requirements-dev.txt", "app/main.py", "app/db.py"]);
    let analysis = Analysis::of_bytes(dockerfile.as_bytes());
    let advice = advise(&analysis, &ctx, &PlanRequest::default(), None).unwrap();
    assert_eq!(advice.len(), 1);
    assert_eq!(advice[0].manifests, ["requirements-dev.txt", "requirements.txt"]);
    assert!(advice[0].rewrite.text.contains(
        "COPY requirements-dev.txt requirements.txt /srv/\nRUN pip install -r requirements.txt\nCOPY . /srv\n"
    ));
    assert_eq!(
        advice[0].savings.iter().map(|s| (s.path.as_str(), s.saved)).collect::<Vec<_>>(),
        [("app/db.py", 1), ("app/main.py", 1)]
    );
}

#[test]
fn manifest_first_files_get_no_advice() {
    let dockerfile =
        "FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build ./...\n";
    let ctx = context(&["go.mod", "go.sum", "main.go"]);
    let analysis = Analysis::of_bytes(dockerfile.as_bytes());
    assert!(find_candidates(&analysis).is_empty());
    assert!(advise(&analysis, &ctx, &PlanRequest::default(), None).unwrap().is_empty());
}

#[test]
fn layers_between_make_the_rewrite_display_only() {
    let dockerfile = "FROM ruby:3\nCOPY . /app\nWORKDIR /app\nRUN bundle install\n";
    let ctx = context(&["Gemfile", "Gemfile.lock", "app.rb"]);
    let analysis = Analysis::of_bytes(dockerfile.as_bytes());
    let advice = advise(&analysis, &ctx, &PlanRequest::default(), None).unwrap();
    assert_eq!(advice[0].rewrite.applicability, Applicability::DisplayOnly);
    // Before: COPY, WORKDIR and the install rerun; after: only the final COPY.
    assert_eq!((advice[0].savings[0].misses_before, advice[0].savings[0].misses_after), (3, 1));
}

//! `BuildOptions::tolerate_emulation_gaps`: RUN failures after a command that was not
//! emulated are kept going with a warning, missing `COPY --from` sources of such stages become
//! placeholder files, and everything else still fails.

mod common;

use common::{image_rootfs, options, run_build};
use slipway_build::progress::{Event, Recorder};
use slipway_build::{BuildError, BuildOptions};
use slipway_cache::context::MemoryContext;
use slipway_layers::{MemoryStore, TreePath};

fn p(s: &str) -> TreePath {
    TreePath::new(s).unwrap()
}

fn tolerant(dockerfile: &str) -> BuildOptions {
    let mut options = options(dockerfile);
    options.tolerate_emulation_gaps = true;
    options
}

fn warnings(progress: &Recorder) -> Vec<String> {
    progress
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Warning { message, .. } => Some(message.clone()),
            _ => None,
        })
        .collect()
}

/// A Go-style multi-stage build: `go` is not emulated, so the builder makes no binary.
const GO_STYLE: &str = "FROM scratch AS builder
COPY main.go /src/main.go
RUN mkdir -p /out && go build -o /out/server /src/main.go

FROM scratch
COPY --from=builder /out/server /app/server
COPY --from=builder /out/lib/ /app/lib
COPY --from=builder /out/*.so /app/plugins/
CMD [\"/app/server\"]
";

fn go_context() -> MemoryContext {
    let mut context = MemoryContext::new();
    context.add_file("main.go", "package main\nfunc main() {}\n", 0o644).unwrap();
    context
}

fn placeholder_text(source: &str) -> String {
    format!(
        "Placeholder written by Slipway's emulated build.\n{source} was not found in stage builder, where `go` was not \
         emulated.\nA real build would copy what those commands produced.\n"
    )
}

#[test]
fn missing_sources_of_a_stage_with_gaps_become_placeholders() {
    let store = MemoryStore::new();
    let (output, progress) = run_build(&store, &go_context(), &tolerant(GO_STYLE)).unwrap();
    let tree = image_rootfs(&store, &output);

    let server = tree.get(&p("app/server")).unwrap();
    assert_eq!(server.data(), Some(placeholder_text("/out/server").as_bytes()));
    assert_eq!(server.meta.mode & 0o7777, 0o644);
    // A directory source and a glob give a placeholder inside the destination directory.
    let lib = tree.get(&p("app/lib/slipway-placeholder.txt")).unwrap();
    assert_eq!(lib.data(), Some(placeholder_text("/out/lib/").as_bytes()));
    assert!(tree.get(&p("app/lib")).unwrap().is_dir());
    let plugins = tree.get(&p("app/plugins/slipway-placeholder.txt")).unwrap();
    assert_eq!(plugins.data(), Some(placeholder_text("/out/*.so").as_bytes()));

    let warnings = warnings(&progress);
    assert!(warnings.contains(&"not emulated: go".to_owned()), "{warnings:?}");
    for (line, source, file) in [
        (6, "/out/server", "server"),
        (7, "/out/lib/", "slipway-placeholder.txt"),
        (8, "/out/*.so", "slipway-placeholder.txt"),
    ] {
        let expected = format!(
            "COPY at line {line}: `{source}` is missing from stage `builder` after `go` was not emulated; copied a \
             placeholder file `{file}` instead; a real build may differ"
        );
        assert!(warnings.contains(&expected), "{expected:?} not in {warnings:?}");
    }

    // The placeholders are cached content like any other: the same build executes nothing.
    let (again, progress) = run_build(&store, &go_context(), &tolerant(GO_STYLE)).unwrap();
    assert!(progress.executed().is_empty(), "{:?}", progress.executed());
    assert_eq!(again.manifest.digest, output.manifest.digest);
}

#[test]
fn without_the_option_a_missing_source_still_fails() {
    let store = MemoryStore::new();
    let error = run_build(&store, &go_context(), &options(GO_STYLE)).unwrap_err();
    match error {
        BuildError::Step { step, message } => {
            assert_eq!(step, "[stage-1 1/3] COPY --from=builder /out/server /app/server");
            assert_eq!(message, "\"/out/server\": not found");
        }
        other => panic!("unexpected error {other}"),
    }
}

#[test]
fn a_missing_source_of_a_stage_without_gaps_still_fails() {
    let dockerfile = "FROM scratch AS builder
RUN apt-get install -y gcc
FROM scratch AS clean
RUN echo built > /built
FROM scratch
COPY --from=builder /one /one
COPY --from=clean /missing /missing
";
    let store = MemoryStore::new();
    let error = run_build(&store, &MemoryContext::new(), &tolerant(dockerfile)).unwrap_err();
    match error {
        BuildError::Step { step, message } => {
            assert_eq!(step, "[stage-2 2/2] COPY --from=clean /missing /missing");
            assert_eq!(message, "\"/missing\": not found");
        }
        other => panic!("unexpected error {other}"),
    }
}

/// An nginx-style build: `apt-get install nginx` is not emulated, so `/var/www/html` is missing.
const NGINX_STYLE: &str = "FROM scratch
RUN apt-get update && apt-get install -y nginx
RUN mkdir -p /srv && echo kept > /srv/kept && echo hi > /var/www/html/index.html
RUN echo after > /after
";

#[test]
fn a_run_failing_after_a_gap_keeps_its_changes_and_the_build_goes_on() {
    let store = MemoryStore::new();
    let (output, progress) = run_build(&store, &MemoryContext::new(), &tolerant(NGINX_STYLE)).unwrap();
    let tree = image_rootfs(&store, &output);
    assert_eq!(tree.get(&p("srv/kept")).unwrap().data(), Some(&b"kept\n"[..]));
    assert_eq!(tree.get(&p("after")).unwrap().data(), Some(&b"after\n"[..]));
    assert!(!tree.contains(&p("var/www/html/index.html")));
    let expected = "RUN at line 3: `mkdir -p /srv && echo kept > /srv/kept && echo hi > /var/www/html/index.html` \
                    failed in emulation (No such file or directory) after `apt-get` was not emulated; a real build may \
                    differ";
    assert!(warnings(&progress).contains(&expected.to_owned()), "{:?}", warnings(&progress));
    let created_by: Vec<_> = output.config.history.iter().filter_map(|h| h.created_by.as_deref()).collect();
    assert_eq!(created_by.len(), 3);

    // The failed step is never cached; the others are, with what they did not emulate, so
    // the rebuild runs only the failed step again and tolerates it again.
    let (again, progress) = run_build(&store, &MemoryContext::new(), &tolerant(NGINX_STYLE)).unwrap();
    assert_eq!(
        progress.executed(),
        ["[2/3] RUN mkdir -p /srv && echo kept > /srv/kept && echo hi > /var/www/html/index.html"]
    );
    assert_eq!(again.manifest.digest, output.manifest.digest);

    // A build without the option does not find the failed step in the cache: it fails.
    let error = run_build(&store, &MemoryContext::new(), &options(NGINX_STYLE)).unwrap_err();
    assert!(matches!(error, BuildError::RunFailed { status: 1, .. }), "{error}");
}

#[test]
fn a_failure_with_no_gap_before_it_is_a_real_error() {
    let store = MemoryStore::new();
    let error = run_build(&store, &MemoryContext::new(), &tolerant("FROM scratch\nRUN false\n")).unwrap_err();
    match error {
        BuildError::RunFailed { step, status } => assert_eq!((step.as_str(), status), ("[1/1] RUN false", 1)),
        other => panic!("unexpected error {other}"),
    }
    // A gap in a stage the failing one does not depend on does not count.
    let dockerfile = "FROM scratch AS a
RUN apt-get install -y x && echo 1 > /one
FROM scratch AS b
RUN cat /nothing
FROM scratch
COPY --from=a /one /one
COPY --from=b / /
";
    let error = run_build(&store, &MemoryContext::new(), &tolerant(dockerfile)).unwrap_err();
    assert!(matches!(&error, BuildError::RunFailed { step, .. } if step == "[b 1/1] RUN cat /nothing"), "{error}");
    // A script the shell cannot parse fails even after a gap.
    let dockerfile = "FROM scratch\nRUN apt-get install -y x\nRUN if true; then echo\n";
    let error = run_build(&store, &MemoryContext::new(), &tolerant(dockerfile)).unwrap_err();
    assert!(matches!(error, BuildError::RunFailed { status: 2, .. }), "{error}");
}

#[test]
fn gaps_carry_over_through_copy_from() {
    // The app stage copies from the builder, so the builder's `go` gap covers its RUN too.
    let dockerfile = "FROM scratch AS builder
RUN mkdir /out && echo data > /out/data && go build -o /out/server
FROM scratch
COPY --from=builder /out/data /data
RUN cp /out/server /server
";
    let store = MemoryStore::new();
    let (output, progress) = run_build(&store, &MemoryContext::new(), &tolerant(dockerfile)).unwrap();
    let tree = image_rootfs(&store, &output);
    assert_eq!(tree.get(&p("data")).unwrap().data(), Some(&b"data\n"[..]));
    assert!(warnings(&progress)
        .iter()
        .any(|w| w.starts_with("RUN at line 5: `cp /out/server /server` failed in emulation")));
}

//! The seed example (`examples/multistage/Dockerfile`) built with the emulated executor.

mod common;

use common::{image_rootfs, options, run_build, store_with_base, SEED};
use slipway_cache::context::MemoryContext;
use slipway_layers::TreePath;

#[test]
fn final_image_holds_both_lines() {
    let store = store_with_base();
    let (output, progress) = run_build(&store, &MemoryContext::new(), &options(SEED)).unwrap();
    let tree = image_rootfs(&store, &output);
    let file = tree.get(&TreePath::new("build.txt").unwrap()).unwrap();
    assert_eq!(file.data(), Some(&b"Building...\nTesting...\n"[..]));
    assert!(tree.contains(&TreePath::new("etc/passwd").unwrap()), "the base image's files are there");
    assert!(output.not_emulated.is_empty());
    let names: Vec<String> = progress.executed();
    assert_eq!(
        names,
        [
            "[build-stage 1/2] FROM diamol/base",
            "[build-stage 2/2] RUN echo 'Building...' > /build.txt",
            "[test-stage 1/3] FROM diamol/base",
            "[test-stage 2/3] COPY --from=build-stage /build.txt /build.txt",
            "[test-stage 3/3] RUN echo 'Testing...' >> /build.txt",
            "[stage-2 1/2] FROM diamol/base",
            "[stage-2 2/2] COPY --from=test-stage /build.txt /build.txt",
        ]
        .iter()
        .filter(|n| !n.contains("FROM"))
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
    );
}

#[test]
fn history_and_config_match_buildkit() {
    let store = store_with_base();
    let (output, _) = run_build(&store, &MemoryContext::new(), &options(SEED)).unwrap();
    let config = &output.config;
    let history: Vec<(Option<&str>, bool)> =
        config.history.iter().map(|h| (h.created_by.as_deref(), h.empty_layer)).collect();
    assert_eq!(
        history,
        [
            (Some("COPY rootfs/ / # buildkit"), false),
            (Some("COPY /build.txt /build.txt # buildkit"), false),
            (Some(r#"CMD ["/bin/sh" "-c" "cat /build.txt"]"#), true),
        ]
    );
    assert!(config.history.iter().all(|h| h.comment.as_deref() == Some("buildkit.dockerfile.v0")));
    assert_eq!(config.rootfs.diff_ids.len(), 2);
    let c = &config.config;
    assert_eq!(c.cmd.as_deref(), Some(&["/bin/sh".to_owned(), "-c".to_owned(), "cat /build.txt".to_owned()][..]));
    assert_eq!(c.env, ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]);
    assert_eq!(c.working_dir.as_deref(), Some("/"));
    assert_eq!(c.args_escaped, Some(true));
    assert_eq!((config.os.as_str(), config.architecture.as_str()), ("linux", "amd64"));
    // The base image's entry keeps its time; the new ones get the time of the newest layer.
    assert_eq!(config.history[0].created.as_deref(), Some("2023-11-14T22:13:20Z"));
    assert_eq!(config.created.as_deref(), Some("2025-06-15T15:06:40Z"));
}

#[test]
fn rebuilds_execute_nothing_and_give_the_same_digest() {
    let store = store_with_base();
    let first = run_build(&store, &MemoryContext::new(), &options(SEED)).unwrap().0;
    let mut later = options(SEED);
    later.now += 3600;
    let (second, progress) = run_build(&store, &MemoryContext::new(), &later).unwrap();
    assert!(progress.executed().iter().all(|s| s.contains("FROM")), "executed: {:?}", progress.executed());
    assert_eq!(first.manifest.digest, second.manifest.digest);
    later.no_cache = true;
    let (third, progress) = run_build(&store, &MemoryContext::new(), &later).unwrap();
    assert_eq!(progress.executed().len(), 4, "every RUN and COPY runs again");
    assert_ne!(first.manifest.digest, third.manifest.digest, "--no-cache runs again at a later time");
}

#[test]
fn source_date_epoch_makes_cold_builds_identical() {
    let digest = |now: i64| {
        let store = store_with_base();
        let mut opts = options(SEED);
        opts.now = now;
        opts.build_args.push(("SOURCE_DATE_EPOCH".into(), "1000".into()));
        let output = run_build(&store, &MemoryContext::new(), &opts).unwrap().0;
        assert_eq!(output.config.created.as_deref(), Some("1970-01-01T00:16:40Z"));
        output.manifest.digest
    };
    assert_eq!(digest(1), digest(2));
}

#[test]
fn target_builds_only_the_stages_it_needs() {
    let store = store_with_base();
    let mut opts = options(SEED);
    opts.target = Some("build-stage".into());
    let (output, progress) = run_build(&store, &MemoryContext::new(), &opts).unwrap();
    assert!(progress.executed().iter().all(|s| s.starts_with("[build-stage")));
    let tree = image_rootfs(&store, &output);
    assert_eq!(tree.get(&TreePath::new("build.txt").unwrap()).unwrap().data(), Some(&b"Building...\n"[..]));
}

#[test]
fn a_missing_base_image_is_named() {
    let store = slipway_layers::MemoryStore::new();
    let error = run_build(&store, &MemoryContext::new(), &options(SEED)).unwrap_err().to_string();
    assert!(error.contains("\"diamol/base\" not found in the local store"), "{error}");
}

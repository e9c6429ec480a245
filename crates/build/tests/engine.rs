//! Engine behaviour beyond the seed: cache invalidation, secrets, COPY/ADD semantics,
//! metadata instructions, not-emulated commands, import/export round trips.

mod common;

use common::{image_rootfs, options, run_build, store_with_base, SEED};
use slipway_build::BuildError;
use slipway_cache::context::MemoryContext;
use slipway_layers::export::{write_docker_archive, write_oci_layout_tar};
use slipway_layers::import::import_archive;
use slipway_layers::{BlobStore, MemoryStore, NodeKind, TreePath};

fn p(s: &str) -> TreePath {
    TreePath::new(s).unwrap()
}

const APP: &str = "FROM scratch
COPY a.txt /a.txt
RUN cat /a.txt > /a.copy
COPY b.txt /b.txt
RUN cat /b.txt > /b.copy
";

fn app_context(b: &str) -> MemoryContext {
    let mut ctx = MemoryContext::new();
    ctx.add_file("a.txt", "alpha\n", 0o644).unwrap();
    ctx.add_file("b.txt", b, 0o644).unwrap();
    ctx
}

#[test]
fn a_one_file_edit_reexecutes_only_the_affected_steps() {
    let store = MemoryStore::new();
    let (first, progress) = run_build(&store, &app_context("beta\n"), &options(APP)).unwrap();
    assert_eq!(progress.executed().len(), 4);
    let (_, progress) = run_build(&store, &app_context("beta\n"), &options(APP)).unwrap();
    assert!(progress.executed().is_empty());
    let (second, progress) = run_build(&store, &app_context("BETA\n"), &options(APP)).unwrap();
    assert_eq!(progress.executed(), ["[3/4] COPY b.txt /b.txt", "[4/4] RUN cat /b.txt > /b.copy"]);
    assert_ne!(first.manifest.digest, second.manifest.digest);
    let tree = image_rootfs(&store, &second);
    assert_eq!(tree.get(&p("b.copy")).unwrap().data(), Some(&b"BETA\n"[..]));
    // Reverting the edit hits the cache kept from the first build.
    let (third, progress) = run_build(&store, &app_context("beta\n"), &options(APP)).unwrap();
    assert!(progress.executed().is_empty());
    assert_eq!(third.manifest.digest, first.manifest.digest);
}

#[test]
fn secrets_never_reach_the_store() {
    let store = MemoryStore::new();
    let dockerfile = "FROM scratch
RUN --mount=type=secret,id=tok if [ -s /run/secrets/tok ]; then echo seen > /seen; fi
RUN --mount=type=secret,id=tok,env=TOKEN,target=/etc/tok test -n \"$TOKEN\" && echo env-ok > /env
";
    let mut opts = options(dockerfile);
    opts.secrets.push(slipway_build::Secret { id: "tok".into(), value: b"s3cr3t-VALUE-42".to_vec() });
    let (output, _) = run_build(&store, &MemoryContext::new(), &opts).unwrap();
    let tree = image_rootfs(&store, &output);
    assert_eq!(tree.get(&p("seen")).unwrap().data(), Some(&b"seen\n"[..]));
    assert_eq!(tree.get(&p("env")).unwrap().data(), Some(&b"env-ok\n"[..]));
    assert!(!tree.contains(&p("run")) && !tree.contains(&p("etc")));
    for digest in store.list().unwrap() {
        let blob = store.get(&digest).unwrap();
        let plain = slipway_layers::compress::decompress(&blob).unwrap_or(blob);
        assert!(!plain.windows(15).any(|w| w == b"s3cr3t-VALUE-42"), "blob {digest} holds the secret");
    }
    for (name, descriptor) in store.refs().unwrap() {
        let text = format!("{name} {descriptor:?}");
        assert!(!text.contains("s3cr3t"), "reference {name} holds the secret");
    }
    assert!(!format!("{:?}", output.config).contains("s3cr3t"));
    // A changed secret value is not a reason to rebuild (it is not in any key).
    let mut other = opts.clone();
    other.secrets[0].value = b"another".to_vec();
    let (_, progress) = run_build(&store, &MemoryContext::new(), &other).unwrap();
    assert!(progress.executed().is_empty());
    // A required secret that is missing is a clear error.
    let missing = options("FROM scratch\nRUN --mount=type=secret,id=gone,required echo\n");
    let error = run_build(&store, &MemoryContext::new(), &missing).unwrap_err();
    assert!(matches!(error, BuildError::SecretNotFound(ref id) if id == "gone"), "{error}");
}

#[test]
fn not_emulated_commands_are_reported_and_strict_fails() {
    let store = MemoryStore::new();
    let dockerfile = "FROM scratch\nRUN apt-get update && echo done > /done\n";
    let (output, _) = run_build(&store, &MemoryContext::new(), &options(dockerfile)).unwrap();
    let step = "[1/1] RUN apt-get update && echo done > /done".to_owned();
    assert_eq!(output.not_emulated, [(step, vec!["apt-get".to_owned()])]);
    let mut strict = options(dockerfile);
    strict.strict = true;
    strict.no_cache = true;
    let error = run_build(&store, &MemoryContext::new(), &strict).unwrap_err().to_string();
    assert!(error.contains("not emulated: apt-get"), "{error}");
    let failing = options("FROM scratch\nRUN exit 3\n");
    let error = run_build(&store, &MemoryContext::new(), &failing).unwrap_err().to_string();
    assert!(error.contains("exit code: 3"), "{error}");
}

#[test]
fn metadata_instructions_write_buildkit_history() {
    let store = MemoryStore::new();
    let dockerfile = r#"ARG BASE=scratch
FROM ${BASE}
ARG VERSION=1.0
ENV APP_HOME=/srv/app PATH=/srv/bin:$PATH
LABEL org.example.version=$VERSION
WORKDIR $APP_HOME
USER 1000:1000
EXPOSE 8080 53/udp
VOLUME /data
STOPSIGNAL SIGTERM
SHELL ["/bin/sh", "-ec"]
HEALTHCHECK --interval=30s --retries=3 CMD wget -q localhost
RUN echo "$VERSION" > version
ENTRYPOINT ["/srv/bin/app"]
CMD serve --port 80
ONBUILD RUN echo child
"#;
    let mut opts = options(dockerfile);
    opts.build_args.push(("VERSION".into(), "2.0".into()));
    let (output, _) = run_build(&store, &MemoryContext::new(), &opts).unwrap();
    let history: Vec<(&str, bool)> =
        output.config.history.iter().map(|h| (h.created_by.as_deref().unwrap_or(""), h.empty_layer)).collect();
    let path = "/srv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    let env = format!("ENV APP_HOME=/srv/app PATH={path}");
    assert_eq!(
        history,
        [
            ("ARG VERSION=2.0", true),
            (env.as_str(), true),
            ("LABEL org.example.version=2.0", true),
            ("WORKDIR /srv/app", false),
            ("USER 1000:1000", true),
            ("EXPOSE [8080/tcp 53/udp]", true),
            ("VOLUME [/data]", true),
            ("STOPSIGNAL SIGTERM", true),
            ("SHELL [/bin/sh -ec]", true),
            (
                "HEALTHCHECK {Test:[CMD-SHELL wget -q localhost] Interval:30s Timeout:0s StartPeriod:0s StartInterval:0s Retries:3}",
                true
            ),
            (r#"RUN |1 VERSION=2.0 /bin/sh -ec echo "$VERSION" > version # buildkit"#, false),
            (r#"ENTRYPOINT ["/srv/bin/app"]"#, true),
            (r#"CMD ["/bin/sh" "-ec" "serve --port 80"]"#, true),
        ]
    );
    let c = &output.config.config;
    assert_eq!(c.working_dir.as_deref(), Some("/srv/app"));
    assert_eq!(c.user.as_deref(), Some("1000:1000"));
    assert!(c.exposed_ports.contains("8080/tcp") && c.exposed_ports.contains("53/udp"));
    assert_eq!(c.labels["org.example.version"], "2.0");
    assert_eq!(c.on_build, ["RUN echo child"]);
    assert_eq!(c.healthcheck.as_ref().unwrap().interval, Some(30_000_000_000));
    assert_eq!(c.env[0], format!("PATH={path}"));
    let tree = image_rootfs(&store, &output);
    let version = tree.get(&p("srv/app/version")).unwrap();
    assert_eq!(version.data(), Some(&b"2.0\n"[..]));
    assert_eq!((version.meta.uid, version.meta.gid), (1000, 1000));
}

const COPIES: &str = "FROM diamol/base
COPY src /app/
COPY --chown=app:app --chmod=640 src/*.c /globbed/
COPY --exclude=*.md src /excluded
COPY --parents src/sub/deep.c /parents/
ADD archive.tar /unpacked/
COPY archive.tar /kept/
COPY <<EOT /etc/motd
hello $HOSTNAME_UNSET!
EOT
COPY --link src/util.c /linked.c
";

#[test]
fn copy_and_add_semantics() {
    let store = store_with_base();
    let mut ctx = MemoryContext::new();
    ctx.add_file(".dockerignore", "secret.env\n", 0o644).unwrap();
    ctx.add_file("secret.env", "nope", 0o644).unwrap();
    ctx.add_file("src/main.c", "int main;", 0o600).unwrap();
    ctx.add_file("src/util.c", "int util;", 0o644).unwrap();
    ctx.add_file("src/notes.md", "notes", 0o644).unwrap();
    ctx.add_file("src/sub/deep.c", "deep", 0o644).unwrap();
    ctx.add_file("archive.tar", tar_with("inside/hello.txt", b"hello from tar"), 0o644).unwrap();
    let (output, _) = run_build(&store, &ctx, &options(COPIES)).unwrap();
    let tree = image_rootfs(&store, &output);
    assert!(tree.contains(&p("app/main.c")) && tree.contains(&p("app/sub/deep.c")), "directory contents copied");
    assert!(!tree.contains(&p("app/src")));
    let globbed = tree.get(&p("globbed/main.c")).unwrap();
    assert_eq!((globbed.meta.uid, globbed.meta.gid, globbed.meta.mode), (1000, 1000, 0o640));
    assert!(!tree.contains(&p("globbed/notes.md")));
    assert!(tree.contains(&p("excluded/util.c")) && !tree.contains(&p("excluded/notes.md")));
    assert!(tree.contains(&p("parents/src/sub/deep.c")));
    assert_eq!(tree.get(&p("unpacked/inside/hello.txt")).unwrap().data(), Some(&b"hello from tar"[..]));
    assert!(matches!(tree.get(&p("kept/archive.tar")).unwrap().kind, NodeKind::File(_)));
    assert_eq!(tree.get(&p("etc/motd")).unwrap().data(), Some(&b"hello !\n"[..]));
    assert_eq!(tree.get(&p("linked.c")).unwrap().data(), Some(&b"int util;"[..]));
    assert_eq!(tree.get(&p("app/main.c")).unwrap().meta.mode, 0o600);
    let created_by: Vec<&str> = output.config.history.iter().filter_map(|h| h.created_by.as_deref()).collect();
    assert!(created_by.contains(&"COPY --chown=app:app --chmod=640 src/*.c /globbed/ # buildkit"));
    assert!(created_by.contains(&"COPY <<EOT /etc/motd # buildkit"));
    assert!(created_by.contains(&"COPY --parents src/sub/deep.c /parents/ # buildkit"));

    for (dockerfile, expected) in [
        ("FROM scratch\nCOPY ../outside /x\n", "outside the build context"),
        ("FROM scratch\nCOPY secret.env /x\n", "not found"),
        ("FROM scratch\nCOPY src/main.c src/util.c /dir\n", "must be a directory and end with a /"),
        ("FROM scratch\nADD https://example.com/x.tar.gz /x/\n", "no network access"),
        ("FROM scratch\nCOPY --from=nowhere/image /a /b\n", "\"nowhere/image\" not found"),
    ] {
        let error = run_build(&store, &ctx, &options(dockerfile)).unwrap_err().to_string();
        assert!(error.contains(expected), "{dockerfile}: {error}");
    }
}

fn tar_with(path: &str, data: &[u8]) -> Vec<u8> {
    let mut tree = slipway_layers::Tree::new();
    tree.insert_with_parents(p(path), slipway_layers::Node::file(data.to_vec(), 0o644)).unwrap();
    slipway_layers::write_tree_tar(&tree, &slipway_layers::TarOptions::default(), Vec::new()).unwrap()
}

#[test]
fn exports_import_back_unchanged() {
    let store = store_with_base();
    let mut opts = options(SEED);
    opts.tags = vec!["seed:1".into()];
    let (output, _) = run_build(&store, &MemoryContext::new(), &opts).unwrap();
    let oci = write_oci_layout_tar(&store, &[("seed:1".into(), output.manifest.clone())], Vec::new()).unwrap();
    let fresh = MemoryStore::new();
    let imported = import_archive(oci.as_slice(), &fresh).unwrap();
    assert_eq!(imported[0].descriptor.digest, output.manifest.digest);
    assert_eq!(image_rootfs(&fresh, &output), image_rootfs(&store, &output));
    let docker = write_docker_archive(&store, &[(vec!["seed:1".into()], output.manifest.clone())], Vec::new()).unwrap();
    let again = MemoryStore::new();
    let imported = import_archive(docker.as_slice(), &again).unwrap();
    assert_eq!(imported[0].name.as_deref(), Some("seed:1"));
    let image = slipway_layers::image::read_image(&again, &imported[0].descriptor).unwrap();
    assert_eq!(image.config, output.config);
    // An imported image serves as a base: FROM by digest.
    let by_digest = format!("FROM seed@{}\nRUN cat /build.txt > /again\n", output.manifest.digest);
    let (rebuilt, _) = run_build(&fresh, &MemoryContext::new(), &options(&by_digest)).unwrap();
    let again = image_rootfs(&fresh, &rebuilt);
    assert_eq!(again.get(&p("again")).unwrap().data(), Some(&b"Building...\nTesting...\n"[..]));
}

#[test]
fn onbuild_triggers_of_the_base_image_run_first() {
    let store = MemoryStore::new();
    let mut parent = options("FROM scratch\nONBUILD RUN echo child > /child\nONBUILD COPY a.txt /from-context\n");
    parent.tags = vec!["parent".into()];
    let (built, _) = run_build(&store, &app_context("b"), &parent).unwrap();
    assert_eq!(built.config.config.on_build.len(), 2);
    let (output, progress) =
        run_build(&store, &app_context("b"), &options("FROM parent\nRUN echo own > /own\n")).unwrap();
    assert_eq!(
        progress.executed(),
        [
            "[2/4] ONBUILD RUN echo child > /child",
            "[3/4] ONBUILD COPY a.txt /from-context",
            "[4/4] RUN echo own > /own"
        ]
    );
    let tree = image_rootfs(&store, &output);
    assert_eq!(tree.get(&p("child")).unwrap().data(), Some(&b"child\n"[..]));
    assert_eq!(tree.get(&p("from-context")).unwrap().data(), Some(&b"alpha\n"[..]));
    assert!(output.config.config.on_build.is_empty(), "triggers do not carry over");
    let history: Vec<&str> = output.config.history.iter().filter_map(|h| h.created_by.as_deref()).collect();
    assert_eq!(
        history,
        [
            "RUN /bin/sh -c echo child > /child # buildkit",
            "COPY a.txt /from-context # buildkit",
            "RUN /bin/sh -c echo own > /own # buildkit"
        ]
    );
}

#[test]
fn missing_images_fail_unless_allowed_to_be_empty() {
    let dockerfile = "FROM python:3.12-slim\nENV APP=1\nCOPY --from=nginx:1 /etc/nginx /nginx\nCOPY a.txt /a.txt\n";
    let store = MemoryStore::new();
    let ctx = app_context("beta\n");
    match run_build(&store, &ctx, &options(dockerfile)) {
        Err(BuildError::ImageNotFound(name)) => assert_eq!(name, "python:3.12-slim"),
        other => panic!("expected ImageNotFound, got {other:?}"),
    }
    // Allowed: an empty base with scratch's config, a warning per missing image, and a
    // `COPY --from` of a missing image finds nothing to copy.
    let mut opts = options(dockerfile);
    opts.missing_images_empty = true;
    match run_build(&store, &ctx, &opts) {
        Err(BuildError::Step { step, message }) => {
            // FROM is step 1, ENV is no vertex, so the COPY --from is step 2 of 3.
            assert_eq!(step, "[2/3] COPY --from=nginx:1 /etc/nginx /nginx");
            assert!(message.contains("/etc/nginx"), "{message}");
        }
        other => panic!("expected the COPY --from to fail for want of /etc/nginx, got {other:?}"),
    }
    opts.dockerfile = "FROM python:3.12-slim\nENV APP=1\nCOPY a.txt /a.txt\n".into();
    let (output, recorder) = run_build(&store, &ctx, &opts).unwrap();
    let warnings: Vec<&str> = recorder
        .events
        .iter()
        .filter_map(|e| match e {
            slipway_build::progress::Event::Warning { message, .. } => Some(message.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(warnings, ["base image python:3.12-slim is not available offline; built on an empty filesystem"]);
    assert_eq!(
        output.config.config.env,
        ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "APP=1"]
    );
    assert_eq!(output.config.config.working_dir.as_deref(), Some("/"));
    let tree = image_rootfs(&store, &output);
    let paths: Vec<String> = tree.iter().map(|(path, _)| path.to_string()).collect();
    assert_eq!(paths, ["a.txt"]);
    assert_eq!(output.config.rootfs.diff_ids.len(), 1);
}

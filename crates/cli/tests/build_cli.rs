//! `slipway build` and the image commands end to end, with a store in a temporary directory.
//!
//! `diamol/base` (the seed example's base) is not in the store and cannot be pulled, so the
//! test first builds a tiny stand-in from a scratch stage and tags it `diamol/base`; the seed
//! Dockerfile is then built unchanged.

use std::path::Path;
use std::process::{Command, Output};

fn slipway(root: &Path, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_slipway"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("slipway runs");
    output
}

fn ok(root: &Path, args: &[&str]) -> String {
    let output = slipway(root, args);
    assert!(
        output.status.success(),
        "slipway {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

fn seed_dir() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/multistage")
}

/// A store with `diamol/base` in it.
fn setup(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("store");
    let base = dir.join("base");
    std::fs::create_dir_all(base.join("rootfs/etc")).unwrap();
    std::fs::write(base.join("rootfs/etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n").unwrap();
    std::fs::write(base.join("Dockerfile"), "FROM scratch\nCOPY rootfs/ /\n").unwrap();
    ok(&root, &["build", "-t", "diamol/base", "--progress", "plain", base.to_str().unwrap()]);
    root
}

#[test]
fn builds_the_seed_and_manages_images() {
    let dir = tempfile::tempdir().unwrap();
    let root = setup(dir.path());
    let out = dir.path().join("out");
    let tar = dir.path().join("seed.tar");
    let log = ok(
        &root,
        &[
            "build",
            "-t",
            "seed:1",
            "--progress",
            "plain",
            "-o",
            &format!("type=local,dest={}", out.display()),
            "-o",
            &format!("type=oci,dest={}", tar.display()),
            seed_dir(),
        ],
    );
    assert!(log.contains("[test-stage 3/3] RUN echo 'Testing...' >> /build.txt"), "{log}");
    assert_eq!(std::fs::read_to_string(out.join("build.txt")).unwrap(), "Building...\nTesting...\n");

    let again = ok(&root, &["build", "-t", "seed:1", "--progress", "plain", seed_dir()]);
    assert_eq!(again.matches("CACHED").count(), 7, "{again}");
    let digest = |log: &str| log.lines().find(|l| l.starts_with("image ")).map(str::to_owned);
    assert_eq!(digest(&log), digest(&again));

    let images = ok(&root, &["images"]);
    assert!(images.contains("seed") && images.contains("diamol/base"), "{images}");
    let history = ok(&root, &["history", "seed:1"]);
    assert!(history.contains(r#"CMD ["/bin/sh" "-c" "cat /build.txt"]"#), "{history}");
    assert!(history.contains("COPY /build.txt /build.txt # buildkit"), "{history}");
    let inspect: serde_json::Value = serde_json::from_str(&ok(&root, &["inspect", "seed:1"])).unwrap();
    assert_eq!(inspect[0]["Config"]["Cmd"][2], "cat /build.txt");
    assert_eq!(inspect[0]["RepoTags"][0], "seed:1");

    let saved = dir.path().join("saved.tar");
    ok(&root, &["save", "seed:1", "-o", saved.to_str().unwrap()]);
    ok(&root, &["rmi", "seed:1"]);
    assert!(!ok(&root, &["images"]).contains("seed"));
    let pruned = ok(&root, &["prune"]);
    assert!(pruned.contains("Deleted"), "{pruned}");
    let loaded = ok(&root, &["load", saved.to_str().unwrap()]);
    assert!(loaded.contains("Loaded image: seed:1"), "{loaded}");
    let reloaded: serde_json::Value = serde_json::from_str(&ok(&root, &["inspect", "seed:1"])).unwrap();
    assert_eq!(reloaded[0]["Id"], inspect[0]["Id"], "a docker-archive round trip keeps the config");
    ok(&root, &["prune", "--cache"]);

    if which("skopeo") && which("umoci") {
        let layout = dir.path().join("layout");
        std::fs::create_dir_all(&layout).unwrap();
        let status = Command::new("tar").arg("xf").arg(&tar).arg("-C").arg(&layout).status().unwrap();
        assert!(status.success());
        let inspect =
            Command::new("skopeo").arg("inspect").arg(format!("oci:{}:seed:1", layout.display())).output().unwrap();
        assert!(inspect.status.success(), "skopeo: {}", String::from_utf8_lossy(&inspect.stderr));
        let bundle = dir.path().join("bundle");
        let unpack = Command::new("umoci")
            .args(["unpack", "--rootless", "--image"])
            .arg(format!("{}:seed:1", layout.display()))
            .arg(&bundle)
            .output()
            .unwrap();
        assert!(unpack.status.success(), "umoci: {}", String::from_utf8_lossy(&unpack.stderr));
        assert_eq!(std::fs::read_to_string(bundle.join("rootfs/build.txt")).unwrap(), "Building...\nTesting...\n");
    } else {
        eprintln!("skipping the umoci/skopeo checks: the tools are not installed");
    }
}

#[test]
fn usage_and_build_errors_have_distinct_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("store");
    let missing = slipway(&root, &["build", "--progress", "plain", seed_dir()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("diamol/base"));
    let bad = slipway(&root, &["build", "--backend", "linux", seed_dir()]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn secrets_reach_run_steps_only() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("store");
    let ctx = dir.path().join("ctx");
    std::fs::create_dir_all(&ctx).unwrap();
    std::fs::write(
        ctx.join("Dockerfile"),
        "FROM scratch\nRUN --mount=type=secret,id=tok if [ -s /run/secrets/tok ]; then echo seen > /seen; fi\n",
    )
    .unwrap();
    let secret = dir.path().join("token");
    std::fs::write(&secret, "s3cr3t-VALUE-42").unwrap();
    let out = dir.path().join("out");
    ok(
        &root,
        &[
            "build",
            "--progress",
            "json",
            "--secret",
            &format!("id=tok,src={}", secret.display()),
            "-o",
            &format!("type=local,dest={}", out.display()),
            ctx.to_str().unwrap(),
        ],
    );
    assert_eq!(std::fs::read_to_string(out.join("seen")).unwrap(), "seen\n");
    assert!(!out.join("run").exists());
    for entry in walk(&root) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(!contains(&bytes, b"s3cr3t-VALUE-42"), "{} holds the secret", entry.display());
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn which(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success())
}

//! The emulated build as the image panel shows it: layers and their changes, trees per layer,
//! config, history, log, and the OCI layout tar.

use std::collections::BTreeMap;
use std::io::Read;

use sha2::{Digest, Sha256};
use slipway_playground::image_view::{build_image, FileEntry, Marker};
use slipway_playground::{Lang, Project};

fn project(dockerfile: &str, files: &[(&str, &str)]) -> Project {
    Project {
        dockerfile: dockerfile.into(),
        files: files.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect(),
        ..Project::default()
    }
}

fn summary(entries: &[FileEntry]) -> Vec<(&str, Marker)> {
    entries.iter().map(|e| (e.path.as_str(), e.marker)).collect()
}

#[test]
fn scratch_copy_env_cmd_makes_one_layer() {
    let image = build_image(
        &project("FROM scratch\nCOPY a.txt /a.txt\nENV X=1\nCMD [\"sh\"]\n", &[("a.txt", "hello\n")]),
        Lang::En,
    )
    .unwrap();
    assert_eq!(image.layers.len(), 1);
    let layer = &image.layers[0];
    assert_eq!(layer.entries.len(), 1);
    let a = &layer.entries[0];
    assert_eq!((a.path.as_str(), a.kind.as_str(), a.size, a.mode.as_str()), ("/a.txt", "file", 6, "-rw-r--r--"));
    assert_eq!(a.marker, Marker::Added);
    assert_eq!(layer.created_by, "COPY a.txt /a.txt # buildkit");
    assert!(layer.digest.starts_with("sha256:") && layer.size > 0);
    assert!(image.config.env.contains(&"X=1".to_string()));
    assert_eq!(image.config.env[0], "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    assert_eq!(image.config.cmd, Some(vec!["sh".to_string()]));
    assert_eq!(image.config.entrypoint, None);
    assert_eq!((image.config.os.as_str(), image.config.architecture.as_str()), ("linux", "amd64"));
    let history: Vec<(&str, u64, bool)> =
        image.history.iter().map(|h| (h.created_by.as_str(), h.size, h.empty_layer)).collect();
    assert_eq!(history, [("COPY a.txt /a.txt # buildkit", 6, false), ("ENV X=1", 0, true), ("CMD [\"sh\"]", 0, true)]);
    assert!(image.history.iter().all(|h| h.comment == "buildkit.dockerfile.v0"));
    assert!(image.manifest_digest.starts_with("sha256:"));
    // The same project builds the same image.
    let again = build_image(
        &project("FROM scratch\nCOPY a.txt /a.txt\nENV X=1\nCMD [\"sh\"]\n", &[("a.txt", "hello\n")]),
        Lang::En,
    )
    .unwrap();
    assert_eq!(again.manifest_digest, image.manifest_digest);
}

#[test]
fn layers_show_their_changes_and_trees_accumulate() {
    let dockerfile = "FROM scratch\nCOPY app/ /app/\nRUN rm /app/old.txt && echo v2 > /app/new.txt && mkdir -p /data && chmod 4755 /app/run.sh\n";
    let files =
        [("app/old.txt", "old"), ("app/run.sh", "#!/bin/sh\n"), (".dockerignore", "app/secret\n"), ("app/secret", "s")];
    let image = build_image(&project(dockerfile, &files), Lang::En).unwrap();
    assert_eq!(image.layers.len(), 2);
    assert_eq!(
        summary(&image.layers[0].entries),
        [("/app", Marker::Added), ("/app/old.txt", Marker::Added), ("/app/run.sh", Marker::Added)]
    );
    let second = summary(&image.layers[1].entries);
    for expected in [
        ("/app/old.txt", Marker::Deleted),
        ("/app/new.txt", Marker::Added),
        ("/data", Marker::Added),
        ("/app/run.sh", Marker::Changed),
    ] {
        assert!(second.contains(&expected), "{expected:?} not in {second:?}");
    }
    let run_sh = image.layers[1].entries.iter().find(|e| e.path == "/app/run.sh").unwrap();
    assert_eq!(run_sh.mode, "-rwsr-xr-x");

    let tree0 = image.tree_at(0);
    assert_eq!(
        summary(&tree0),
        [("/app", Marker::Added), ("/app/old.txt", Marker::Added), ("/app/run.sh", Marker::Added)]
    );
    let tree1 = image.tree_at(1);
    let tree1: BTreeMap<&str, Marker> = summary(&tree1).into_iter().collect();
    assert_eq!(tree1["/app/old.txt"], Marker::Deleted);
    assert_eq!(tree1["/app/new.txt"], Marker::Added);
    assert_eq!(tree1["/app/run.sh"], Marker::Changed);
    assert_eq!(tree1["/data"], Marker::Added);
    let dir = image.tree_at(1).into_iter().find(|e| e.path == "/data").unwrap();
    assert_eq!((dir.kind.as_str(), dir.mode.as_str()), ("dir", "drwxr-xr-x"));
    assert!(image.tree_at(2).is_empty());
}

#[test]
fn unknown_base_images_build_on_an_empty_filesystem_and_unemulated_runs_are_logged() {
    let dockerfile = "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\nWORKDIR /app\nCOPY app.py .\nUSER 1000\nEXPOSE 8000\nLABEL org.example=1\nENTRYPOINT [\"python\"]\nCMD [\"app.py\"]\n";
    let image = build_image(&project(dockerfile, &[("app.py", "print(1)\n")]), Lang::En).unwrap();
    let log = image.log.join("\n");
    assert!(
        log.contains("base image python:3.12-slim is not available offline; built on an empty filesystem"),
        "{log}"
    );
    assert!(log.contains("not emulated: apt-get"), "{log}");
    let tree: Vec<String> = image.tree_at(image.layers.len() - 1).into_iter().map(|e| e.path).collect();
    assert!(tree.contains(&"/app/app.py".to_string()), "{tree:?}");
    assert_eq!(image.config.working_dir, "/app");
    assert_eq!(image.config.user, "1000");
    assert_eq!(image.config.exposed_ports, ["8000/tcp"]);
    assert_eq!(image.config.labels, [("org.example".to_string(), "1".to_string())]);
    assert_eq!(image.config.entrypoint, Some(vec!["python".to_string()]));
}

#[test]
fn build_errors_are_reported_in_the_requested_language() {
    let missing = project("FROM scratch\nCOPY nothere.txt /\n", &[]);
    let en = build_image(&missing, Lang::En).unwrap_err();
    assert!(en.starts_with("build failed: ") && en.contains("nothere.txt"), "{en}");
    let ko = build_image(&missing, Lang::Ko).unwrap_err();
    assert!(ko.starts_with("빌드에 실패했습니다: "), "{ko}");
}

#[test]
fn the_target_selects_the_stage() {
    let dockerfile = "FROM scratch AS one\nCOPY a.txt /one\nFROM scratch AS two\nCOPY a.txt /two\n";
    let mut p = project(dockerfile, &[("a.txt", "a")]);
    p.target = Some("one".into());
    let image = build_image(&p, Lang::En).unwrap();
    assert_eq!(summary(&image.layers[0].entries), [("/one", Marker::Added)]);
}

#[test]
fn the_oci_tar_is_a_valid_image_layout() {
    let image = build_image(
        &project("FROM scratch\nCOPY a.txt /a.txt\nRUN echo hi > /b.txt\n", &[("a.txt", "hello\n")]),
        Lang::En,
    )
    .unwrap();
    let bytes = image.oci_tar();
    let mut archive = tar::Archive::new(bytes.as_slice());
    let mut files = BTreeMap::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        if entry.header().entry_type().is_file() {
            let path = entry.path().unwrap().to_string_lossy().into_owned();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            files.insert(path, data);
        }
    }
    let layout: serde_json::Value = serde_json::from_slice(&files["oci-layout"]).unwrap();
    assert_eq!(layout["imageLayoutVersion"], "1.0.0");
    let index: serde_json::Value = serde_json::from_slice(&files["index.json"]).unwrap();
    assert_eq!(index["schemaVersion"], 2);
    let manifest = &index["manifests"][0];
    assert_eq!(manifest["digest"], image.manifest_digest.as_str());
    assert_eq!(manifest["annotations"]["org.opencontainers.image.ref.name"], "latest");
    let mut blobs = 0;
    for (path, data) in &files {
        if let Some(hex) = path.strip_prefix("blobs/sha256/") {
            assert_eq!(hex, format!("{:x}", Sha256::digest(data)), "{path}");
            blobs += 1;
        }
    }
    // Manifest, config and two layers.
    assert_eq!(blobs, 4);
    let manifest_hex = image.manifest_digest.strip_prefix("sha256:").unwrap();
    let manifest: serde_json::Value = serde_json::from_slice(&files[&format!("blobs/sha256/{manifest_hex}")]).unwrap();
    let layer_digests: Vec<&str> =
        manifest["layers"].as_array().unwrap().iter().map(|l| l["digest"].as_str().unwrap()).collect();
    let view_digests: Vec<&str> = image.layers.iter().map(|l| l.digest.as_str()).collect();
    assert_eq!(layer_digests, view_digests);
}

#[test]
fn a_command_failing_after_an_unemulated_one_is_a_logged_gap_not_an_error() {
    // On the empty stand-in for debian, /srv does not exist; apt-get was not emulated, so the
    // failing redirection is an emulation gap, not the user's mistake.
    let dockerfile = "FROM debian:12\nRUN apt-get install -y nginx && echo hi > /srv/x\nCOPY a.txt /a.txt\n";
    let image = build_image(&project(dockerfile, &[("a.txt", "a")]), Lang::En).unwrap();
    let log = image.log.join("\n");
    assert!(log.contains("failed in emulation"), "{log}");
    let last = image.tree_at(image.layers.len() - 1);
    assert!(last.iter().any(|e| e.path == "/a.txt"));
}

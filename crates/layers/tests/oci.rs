//! The OCI model, layout and docker-archive exports, and imports.

mod common;

use std::collections::BTreeMap;
use std::fs;

use common::{p, put, sample_tree};
use slipway_layers::export::{write_docker_archive, write_oci_layout_tar};
use slipway_layers::image::{read_image, rootfs, write_image};
use slipway_layers::import::{import_archive, read_archive};
use slipway_layers::native::{write_oci_layout_dir, DirSource};
use slipway_layers::oci::{
    media_type, time::rfc3339, to_canonical_json, ContainerConfig, Descriptor, Healthcheck, History, ImageConfig,
    ImageIndex, ImageManifest,
};
use slipway_layers::{
    diff, encode_layer, BlobStore, Compression, Digest, LayerBlob, MemoryStore, Node, NodeKind, TarOptions, Tree,
    TreeSource,
};

fn full_config() -> ImageConfig {
    let mut config = ImageConfig::new("linux", "amd64");
    config.created = Some(rfc3339(0));
    config.config = ContainerConfig {
        user: Some("app".into()),
        exposed_ports: ["80/tcp".to_owned()].into(),
        env: vec!["PATH=/usr/bin:/bin".into()],
        entrypoint: Some(vec!["/bin/sh".into(), "-c".into()]),
        cmd: Some(vec!["run".into()]),
        volumes: ["/data".to_owned()].into(),
        working_dir: Some("/srv".into()),
        labels: BTreeMap::from([("a".to_owned(), "b".to_owned())]),
        stop_signal: Some("SIGTERM".into()),
        args_escaped: None,
        healthcheck: Some(Healthcheck {
            test: vec!["CMD-SHELL".into(), "true".into()],
            interval: Some(30_000_000_000),
            retries: Some(3),
            ..Healthcheck::default()
        }),
        on_build: vec!["RUN echo hi".into()],
        shell: vec!["/bin/sh".into(), "-c".into()],
    };
    config
}

#[test]
fn config_json_uses_the_spec_names_in_a_fixed_order() {
    let mut config = full_config();
    let diff_id = Digest::sha256(b"");
    config.rootfs.diff_ids = vec![diff_id.clone()];
    config.history = vec![
        History {
            created: Some(rfc3339(0)),
            created_by: Some("RUN /bin/sh -c make # buildkit".into()),
            comment: Some("buildkit.dockerfile.v0".into()),
            ..History::default()
        },
        History { created_by: Some("ENV A=1".into()), empty_layer: true, ..History::default() },
    ];
    config.validate().unwrap();
    let json = String::from_utf8(to_canonical_json(&config).unwrap()).unwrap();
    let expected = format!(
        concat!(
            r#"{{"created":"1970-01-01T00:00:00Z","architecture":"amd64","os":"linux","config":{{"#,
            r#""User":"app","ExposedPorts":{{"80/tcp":{{}}}},"Env":["PATH=/usr/bin:/bin"],"#,
            r#""Entrypoint":["/bin/sh","-c"],"Cmd":["run"],"Volumes":{{"/data":{{}}}},"#,
            r#""WorkingDir":"/srv","Labels":{{"a":"b"}},"StopSignal":"SIGTERM","#,
            r#""Healthcheck":{{"Test":["CMD-SHELL","true"],"Interval":30000000000,"Retries":3}},"#,
            r#""OnBuild":["RUN echo hi"],"Shell":["/bin/sh","-c"]}},"#,
            r#""rootfs":{{"type":"layers","diff_ids":["{}"]}},"#,
            r#""history":[{{"created":"1970-01-01T00:00:00Z","created_by":"RUN /bin/sh -c make # buildkit","comment":"buildkit.dockerfile.v0"}},"#,
            r#"{{"created_by":"ENV A=1","empty_layer":true}}]}}"#
        ),
        diff_id
    );
    assert_eq!(json, expected);
    let back: ImageConfig = serde_json::from_str(&json).unwrap();
    assert_eq!(back, config);

    config.history[1].empty_layer = false;
    assert!(config.validate().is_err(), "two layer entries for one diff id");
}

#[test]
fn reads_docker_configs_with_nulls() {
    let json = r#"{"architecture":"arm64","variant":"v8","os":"linux","config":{"Env":null,"Cmd":["/hello"],"Volumes":null,"Entrypoint":null,"OnBuild":null,"Labels":null,"ExposedPorts":null},"container_config":{},"rootfs":{"type":"layers","diff_ids":[]},"docker_version":"20.10.3"}"#;
    let config: ImageConfig = serde_json::from_str(json).unwrap();
    assert_eq!(config.config.cmd, Some(vec!["/hello".to_owned()]));
    assert!(config.config.env.is_empty());
    assert_eq!(config.variant.as_deref(), Some("v8"));
}

#[test]
fn wasi_platform() {
    let config = ImageConfig::new("wasip1", "wasm");
    let json = String::from_utf8(to_canonical_json(&config).unwrap()).unwrap();
    assert_eq!(json, r#"{"architecture":"wasm","os":"wasip1","config":{},"rootfs":{"type":"layers","diff_ids":[]}}"#);
}

/// A two-layer image in `store`; returns its manifest descriptor and final tree.
fn build_image<S: BlobStore>(store: &S) -> (Descriptor, Tree) {
    let base = sample_tree();
    let mut top = base.clone();
    top.remove(&p("home"));
    put(&mut top, "srv/app", Node::file(&b"#!/bin/sh\necho hi\n"[..], 0o755));
    let opts = TarOptions { source_date_epoch: Some(0) };
    let layers: Vec<LayerBlob> = [diff(&Tree::new(), &base), diff(&base, &top)]
        .iter()
        .map(|l| encode_layer(l, &opts, Compression::default()).unwrap())
        .collect();
    let mut config = full_config();
    config.rootfs.diff_ids = layers.iter().map(|l| l.diff_id.clone()).collect();
    let descriptor = write_image(store, &config, &layers).unwrap();
    // With SOURCE_DATE_EPOCH=0 every time is clamped to 0.
    let mut expected = top.clone();
    for (path, node) in top.iter() {
        let mut meta = node.meta.clone();
        meta.mtime = meta.mtime.min(0);
        expected.set_meta(path, meta);
    }
    (descriptor, expected)
}

fn tar_files(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in tar::Archive::new(bytes).entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().display().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        out.insert(name, data);
    }
    out
}

#[test]
fn oci_layout_tar_structure() {
    let store = MemoryStore::new();
    let (descriptor, _) = build_image(&store);
    let images = [("app:1.0".to_owned(), descriptor.clone())];
    let tar = write_oci_layout_tar(&store, &images, Vec::new()).unwrap();
    assert_eq!(tar, write_oci_layout_tar(&store, &images, Vec::new()).unwrap());
    let files = tar_files(&tar);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names[..2], ["blobs/", "blobs/sha256/"]);
    assert_eq!(names[names.len() - 2..], ["index.json", "oci-layout"]);
    assert_eq!(files["oci-layout"], br#"{"imageLayoutVersion":"1.0.0"}"#);
    let index: ImageIndex = serde_json::from_slice(&files["index.json"]).unwrap();
    assert_eq!(index.schema_version, 2);
    assert_eq!(index.media_type.as_deref(), Some(media_type::OCI_INDEX));
    assert_eq!(index.manifests.len(), 1);
    assert_eq!(index.manifests[0].annotations["org.opencontainers.image.ref.name"], "app:1.0");
    let platform = index.manifests[0].platform.as_ref().unwrap();
    assert_eq!((platform.os.as_str(), platform.architecture.as_str()), ("linux", "amd64"));
    // Every blob is named by its digest and everything referenced is there.
    for (name, data) in &files {
        if let Some(hex) = name.strip_prefix("blobs/sha256/").filter(|h| !h.is_empty()) {
            assert_eq!(Digest::sha256(data).hex(), hex);
        }
    }
    let blob = |d: &Digest| &files[&format!("blobs/sha256/{}", d.hex())];
    let manifest: ImageManifest = serde_json::from_slice(blob(&descriptor.digest)).unwrap();
    assert_eq!(manifest.media_type.as_deref(), Some(media_type::OCI_MANIFEST));
    assert_eq!(manifest.config.media_type, media_type::OCI_CONFIG);
    let config: ImageConfig = serde_json::from_slice(blob(&manifest.config.digest)).unwrap();
    for (layer, diff_id) in manifest.layers.iter().zip(&config.rootfs.diff_ids) {
        assert_eq!(layer.media_type, media_type::OCI_LAYER_GZIP);
        let tar = slipway_layers::compress::decompress(blob(&layer.digest)).unwrap();
        assert_eq!(&Digest::sha256(&tar), diff_id);
        assert_eq!(layer.size, blob(&layer.digest).len() as u64);
    }
    assert_eq!(files.len(), 2 + 2 + 4);
}

#[test]
fn oci_layout_round_trips_through_import() {
    let store = MemoryStore::new();
    let (descriptor, tree) = build_image(&store);
    let tar = write_oci_layout_tar(&store, &[("app:1.0".into(), descriptor.clone())], Vec::new()).unwrap();
    let imported_store = MemoryStore::new();
    let images = import_archive(tar.as_slice(), &imported_store).unwrap();
    assert_eq!(images.len(), 1);
    assert_eq!(images[0].name.as_deref(), Some("app:1.0"));
    assert_eq!(images[0].descriptor.digest, descriptor.digest);
    assert_eq!(imported_store.refs().unwrap()["app:1.0"].digest, descriptor.digest);
    let image = read_image(&imported_store, &images[0].descriptor).unwrap();
    assert_eq!(rootfs(&imported_store, &image).unwrap(), tree);
    assert!(imported_store.check().unwrap().is_ok());
}

#[test]
fn docker_archive_structure_and_round_trip() {
    let store = MemoryStore::new();
    let (descriptor, tree) = build_image(&store);
    let image = read_image(&store, &descriptor).unwrap();
    let tar =
        write_docker_archive(&store, &[(vec!["example/app:1.0".into()], descriptor.clone())], Vec::new()).unwrap();
    let files = tar_files(&tar);
    let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let config_name = format!("{}.json", image.manifest.config.digest.hex());
    let layer_names: Vec<String> =
        image.config.rootfs.diff_ids.iter().map(|d| format!("{}/layer.tar", d.hex())).collect();
    assert_eq!(
        manifest,
        serde_json::json!([{
            "Config": config_name,
            "RepoTags": ["example/app:1.0"],
            "Layers": layer_names,
        }])
    );
    let repositories: serde_json::Value = serde_json::from_slice(&files["repositories"]).unwrap();
    let top = image.config.rootfs.diff_ids.last().unwrap().hex().to_owned();
    assert_eq!(repositories, serde_json::json!({"example/app": {"1.0": top}}));
    for (name, diff_id) in layer_names.iter().zip(&image.config.rootfs.diff_ids) {
        assert_eq!(&Digest::sha256(&files[name]), diff_id, "layers are uncompressed");
    }
    assert_eq!(files[&config_name], store.get(&image.manifest.config.digest).unwrap());

    let imported = MemoryStore::new();
    let images = import_archive(tar.as_slice(), &imported).unwrap();
    assert_eq!(images[0].name.as_deref(), Some("example/app:1.0"));
    let image = read_image(&imported, &images[0].descriptor).unwrap();
    assert_eq!(image.manifest.layers[0].media_type, media_type::OCI_LAYER_TAR);
    assert_eq!(rootfs(&imported, &image).unwrap(), tree);
}

#[test]
fn oci_layout_directory_and_rootfs_directory() {
    let store = MemoryStore::new();
    let (descriptor, tree) = build_image(&store);
    let tmp = tempfile::tempdir().unwrap();
    let layout = tmp.path().join("layout");
    write_oci_layout_dir(&store, &[("app".into(), descriptor.clone())], &layout).unwrap();
    assert!(layout.join("oci-layout").is_file());
    assert!(layout.join("blobs/sha256").join(descriptor.digest.hex()).is_file());
    // Reading the directory back as a tree gives the same files as the tar export.
    let from_dir = DirSource::new(&layout).read_tree().unwrap();
    let tar = write_oci_layout_tar(&store, &[("app".into(), descriptor.clone())], Vec::new()).unwrap();
    let from_tar = read_archive(tar.as_slice()).unwrap();
    let files = |t: &Tree| -> Vec<(String, Vec<u8>)> {
        t.iter().filter_map(|(p, n)| n.data().map(|d| (p.to_string(), d.to_vec()))).collect()
    };
    assert_eq!(files(&from_dir), files(&from_tar));

    let image = read_image(&store, &descriptor).unwrap();
    let root = tmp.path().join("rootfs");
    // Owners and `security.capability` need root (CI runs as root).
    let root_user = std::os::unix::fs::MetadataExt::uid(&fs::metadata("/proc/self").unwrap()) == 0;
    let options = slipway_layers::native::WriteOptions { owners: root_user, xattrs: root_user, ..Default::default() };
    slipway_layers::native::write_rootfs_dir(&store, &image, &root, &options).unwrap();
    let back = DirSource::new(&root).read_tree().unwrap();
    let mut tree = tree;
    tree.normalize_hard_links();
    assert_eq!(back.len(), tree.len());
    for (path, node) in tree.iter() {
        let got = back.get(path).unwrap();
        assert_eq!(got.kind, node.kind, "{path}");
        assert_eq!(got.meta.mode, node.meta.mode, "{path}");
        if !matches!(node.kind, NodeKind::Symlink(_)) && root_user {
            assert_eq!(got.meta.mtime, node.meta.mtime, "{path}");
            assert_eq!((got.meta.uid, got.meta.gid), (node.meta.uid, node.meta.gid), "{path}");
            assert_eq!(got.meta.xattrs, node.meta.xattrs, "{path}");
        }
    }
    let cap = fs::metadata(root.join("bin/ping")).unwrap();
    assert_eq!(std::os::unix::fs::PermissionsExt::mode(&cap.permissions()) & 0o7777, 0o4755);
}

#[test]
fn imports_docker_archives_with_symlinked_layers() {
    // skopeo and old `docker save` write `<id>/layer.tar -> ../<diff id>.tar`.
    let mut layer = slipway_layers::Layer::new();
    layer.add(p("hello"), Node::file(&b"hi"[..], 0o644)).unwrap();
    let layer_tar = slipway_layers::write_layer_tar(&layer, &TarOptions::default(), Vec::new()).unwrap();
    let diff_id = Digest::sha256(&layer_tar);
    let mut config = ImageConfig::new("linux", "arm64");
    config.rootfs.diff_ids = vec![diff_id.clone()];
    let config_json = to_canonical_json(&config).unwrap();
    let manifest = r#"[{"Config":"cfg.json","RepoTags":null,"Layers":["abc/layer.tar"]}]"#;
    let mut archive = Vec::new();
    for (name, kind, link, data) in [
        (format!("{}.tar", diff_id.hex()), b'0', "".to_owned(), layer_tar.clone()),
        ("abc/".to_owned(), b'5', "".to_owned(), Vec::new()),
        ("abc/layer.tar".to_owned(), b'2', format!("../{}.tar", diff_id.hex()), Vec::new()),
        ("cfg.json".to_owned(), b'0', "".to_owned(), config_json),
        ("manifest.json".to_owned(), b'0', "".to_owned(), manifest.as_bytes().to_vec()),
    ] {
        archive.push(common::raw_entry(&name, kind, &link, &data, 0o644));
    }
    let archive = common::raw_tar(&archive);
    let store = MemoryStore::new();
    let images = import_archive(archive.as_slice(), &store).unwrap();
    assert_eq!(images.len(), 1);
    assert_eq!(images[0].name, None);
    let image = read_image(&store, &images[0].descriptor).unwrap();
    assert_eq!(image.config.architecture, "arm64");
    let tree = rootfs(&store, &image).unwrap();
    assert_eq!(tree.get(&p("hello")).unwrap().data(), Some(&b"hi"[..]));
}

#[test]
fn import_rejects_layers_that_do_not_match_their_diff_id() {
    let mut config = ImageConfig::new("linux", "amd64");
    config.rootfs.diff_ids = vec![Digest::sha256(b"something else")];
    let archive = common::raw_tar(&[
        common::raw_entry("l.tar", b'0', "", &common::raw_tar(&[]), 0o644),
        common::raw_entry("c.json", b'0', "", &to_canonical_json(&config).unwrap(), 0o644),
        common::raw_entry(
            "manifest.json",
            b'0',
            "",
            br#"[{"Config":"c.json","RepoTags":["x:y"],"Layers":["l.tar"]}]"#,
            0o644,
        ),
    ]);
    let err = import_archive(archive.as_slice(), &MemoryStore::new()).unwrap_err();
    assert!(err.to_string().contains("l.tar"), "{err}");
}

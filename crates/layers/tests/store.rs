//! Blob stores: verification, atomicity, check and prune.

use std::collections::BTreeSet;
use std::fs;

use slipway_layers::native::DiskStore;
use slipway_layers::oci::{media_type, Descriptor, ImageManifest};
use slipway_layers::store::check::{collect_garbage, reachable};
use slipway_layers::{BlobStore, Digest, Error, MemoryStore};

/// Stores a tiny image (config, one layer, manifest) and names it.
fn store_image<S: BlobStore>(store: &S, name: &str, layer: &[u8]) -> Descriptor {
    let layer_digest = store.put(layer).unwrap();
    let config = format!(
        r#"{{"architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":["{layer_digest}"]}}}}"#
    );
    let config_digest = store.put(config.as_bytes()).unwrap();
    let manifest = ImageManifest::new(
        Descriptor::new(media_type::OCI_CONFIG, config_digest, config.len() as u64),
        vec![Descriptor::new(media_type::OCI_LAYER_TAR, layer_digest, layer.len() as u64)],
    );
    let bytes = serde_json::to_vec(&manifest).unwrap();
    let descriptor = Descriptor::of(media_type::OCI_MANIFEST, &bytes);
    store.put_verified(&descriptor.digest, &bytes).unwrap();
    store.set_ref(name, &descriptor).unwrap();
    descriptor
}

fn exercise<S: BlobStore>(store: &S) {
    let d = store.put(b"hello").unwrap();
    assert_eq!(d, Digest::sha256(b"hello"));
    assert_eq!(store.get(&d).unwrap(), b"hello");
    assert!(store.contains(&d).unwrap());
    store.put(b"hello").unwrap();
    let wrong = Digest::sha256(b"other");
    assert!(matches!(store.put_verified(&wrong, b"hello"), Err(Error::DigestMismatch { .. })));
    assert!(!store.contains(&wrong).unwrap());
    assert!(matches!(store.get(&wrong), Err(Error::BlobNotFound(_))));

    let image = store_image(store, "app:1", b"layer one");
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.blobs, 4);
    assert_eq!(store.refs().unwrap()["app:1"].digest, image.digest);

    let keep = reachable(store).unwrap();
    assert_eq!(keep.len(), 3);
    assert_eq!(collect_garbage(store).unwrap(), vec![d.clone()]);
    assert!(!store.contains(&d).unwrap());
    assert!(store.check().unwrap().is_ok());

    // Dropping the reference and pruning with an explicit set.
    store.remove_ref("app:1").unwrap();
    let removed = store.prune(&BTreeSet::new()).unwrap();
    assert_eq!(removed.len(), 3);
    assert!(store.list().unwrap().is_empty());
}

#[test]
fn memory_store() {
    exercise(&MemoryStore::new());
}

#[test]
fn disk_store() {
    let tmp = tempfile::tempdir().unwrap();
    let store = DiskStore::open(tmp.path().join("store")).unwrap();
    exercise(&store);
    let root = store.root();
    assert_eq!(fs::read_to_string(root.join("oci-layout")).unwrap(), r#"{"imageLayoutVersion":"1.0.0"}"#);
    // Reopening keeps everything.
    let d = store.put(b"persistent").unwrap();
    drop(store);
    let store = DiskStore::open(tmp.path().join("store")).unwrap();
    assert_eq!(store.get(&d).unwrap(), b"persistent");
    assert!(store.blob_path(&d).ends_with(format!("blobs/sha256/{}", d.hex())));
    assert!(fs::read_dir(store.root().join("tmp")).unwrap().next().is_none());
}

#[test]
fn disk_store_survives_interrupted_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let store = DiskStore::open(tmp.path()).unwrap();
    let image = store_image(&store, "app:latest", b"some layer bytes");
    // A crash before the rename leaves a partial temporary file; one during an index update
    // leaves a temporary index. Neither is visible.
    fs::write(tmp.path().join("tmp/.tmp-999-0-partialblob"), b"half a bl").unwrap();
    fs::write(tmp.path().join("tmp/.tmp-999-1-index.json"), b"{\"schemaVer").unwrap();
    assert_eq!(store.list().unwrap().len(), 3);
    assert_eq!(store.refs().unwrap()["app:latest"], image);
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.temp_files_removed, 2);
    assert!(fs::read_dir(tmp.path().join("tmp")).unwrap().next().is_none());
    // Stray non-digest names in blobs/ are ignored.
    fs::write(tmp.path().join("blobs/sha256/README"), b"x").unwrap();
    assert_eq!(store.list().unwrap().len(), 3);
}

#[test]
fn disk_store_check_finds_corruption_and_missing_blobs() {
    let tmp = tempfile::tempdir().unwrap();
    let store = DiskStore::open(tmp.path()).unwrap();
    let layer = store.put(b"layer").unwrap();
    store_image(&store, "a", b"layer");
    fs::write(store.blob_path(&layer), b"bit rot").unwrap();
    let config = {
        let manifest: ImageManifest =
            serde_json::from_slice(&store.get(&store.refs().unwrap()["a"].digest).unwrap()).unwrap();
        manifest.config.digest
    };
    fs::remove_file(store.blob_path(&config)).unwrap();
    let report = store.check().unwrap();
    assert!(!report.is_ok());
    assert_eq!(report.corrupt, vec![layer]);
    assert_eq!(report.missing.len(), 1);
    assert_eq!(report.missing[0].digest, config);
}

#[test]
fn two_handles_share_a_store() {
    let tmp = tempfile::tempdir().unwrap();
    let a = DiskStore::open(tmp.path()).unwrap();
    let b = DiskStore::open(tmp.path()).unwrap();
    std::thread::scope(|s| {
        s.spawn(|| {
            for i in 0..40 {
                store_image(&a, &format!("a:{i}"), format!("layer a {i}").as_bytes());
            }
        });
        s.spawn(|| {
            for i in 0..40 {
                store_image(&b, &format!("b:{i}"), format!("layer b {i}").as_bytes());
                if i % 10 == 0 {
                    assert!(b.check().unwrap().is_ok());
                }
            }
        });
    });
    assert_eq!(a.refs().unwrap().len(), 80);
    let report = a.check().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.blobs, 80 * 3);
}

//! The docker-archive format read by `docker load`: `manifest.json`, `repositories`, the config
//! as `<hex>.json` and each layer uncompressed as `<diff id hex>/layer.tar`.

use std::collections::BTreeMap;
use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::export::add_file;
use crate::image::{layer_tars, read_image};
use crate::oci::{to_canonical_json, Descriptor};
use crate::store::BlobStore;
use crate::tar_write::{write_tree_tar, TarOptions};
use crate::tree::Tree;

/// One image in a docker archive's `manifest.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DockerManifestEntry {
    /// Path of the config JSON inside the archive.
    #[serde(rename = "Config")]
    pub config: String,
    /// `repository:tag` names.
    #[serde(rename = "RepoTags", default, deserialize_with = "null_as_empty")]
    pub repo_tags: Vec<String>,
    /// Paths of the layer tars inside the archive, base first.
    #[serde(rename = "Layers")]
    pub layers: Vec<String>,
}

fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<String>>::deserialize(d)?.unwrap_or_default())
}

/// Splits `name:tag` (a `:` inside a registry host's port does not count); no tag → `latest`.
pub fn split_repo_tag(name: &str) -> (&str, &str) {
    match name.rfind(':') {
        Some(i) if !name[i..].contains('/') => (&name[..i], &name[i + 1..]),
        _ => (name, "latest"),
    }
}

/// The files of a docker archive holding `images` (their `repo:tag` names and manifest
/// descriptors).
pub fn docker_archive_tree<S: BlobStore + ?Sized>(store: &S, images: &[(Vec<String>, Descriptor)]) -> Result<Tree> {
    let mut tree = Tree::new();
    let mut manifest = Vec::new();
    let mut repositories: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (tags, descriptor) in images {
        let image = read_image(store, descriptor)?;
        let config_path = format!("{}.json", image.manifest.config.digest.hex());
        if !tree.contains(&crate::path::TreePath::new(&config_path)?) {
            add_file(&mut tree, &config_path, store.get(&image.manifest.config.digest)?)?;
        }
        let mut layer_paths = Vec::new();
        for (tar, diff_id) in layer_tars(store, &image)?.into_iter().zip(&image.config.rootfs.diff_ids) {
            let path = format!("{}/layer.tar", diff_id.hex());
            if !tree.contains(&crate::path::TreePath::new(&path)?) {
                add_file(&mut tree, &path, tar)?;
            }
            layer_paths.push(path);
        }
        let top = image
            .config
            .rootfs
            .diff_ids
            .last()
            .map(|d| d.hex().to_owned())
            .ok_or_else(|| Error::InvalidImage("an image without layers".to_owned()))?;
        for tag in tags {
            let (repo, tag) = split_repo_tag(tag);
            repositories.entry(repo.to_owned()).or_default().insert(tag.to_owned(), top.clone());
        }
        manifest.push(DockerManifestEntry { config: config_path, repo_tags: tags.clone(), layers: layer_paths });
    }
    add_file(&mut tree, "manifest.json", to_canonical_json(&manifest)?)?;
    add_file(&mut tree, "repositories", to_canonical_json(&repositories)?)?;
    Ok(tree)
}

/// Writes a docker archive as a tar (`-o type=docker`).
pub fn write_docker_archive<S: BlobStore + ?Sized, W: Write>(
    store: &S,
    images: &[(Vec<String>, Descriptor)],
    out: W,
) -> Result<W> {
    let tree = docker_archive_tree(store, images)?;
    write_tree_tar(&tree, &TarOptions::default(), out)
}

#[cfg(test)]
mod tests {
    use super::split_repo_tag;

    #[test]
    fn splits_tags() {
        assert_eq!(split_repo_tag("app:1.0"), ("app", "1.0"));
        assert_eq!(split_repo_tag("localhost:5000/app"), ("localhost:5000/app", "latest"));
        assert_eq!(split_repo_tag("localhost:5000/app:v2"), ("localhost:5000/app", "v2"));
    }
}

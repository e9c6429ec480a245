//! The image panel: the emulated build and the resulting image's layers, file tree, config and history.
//!
//! [`build_image`] runs Slipway's build engine on the project with the emulated RUN executor
//! into an in-memory blob store; nothing touches the network. The playground has no registry,
//! so a base image (or `COPY --from` image) the store lacks — every one but `scratch` — is
//! built on as an empty image with `FROM scratch`'s config (`PATH`, working directory `/`), as
//! [`BuildOptions::missing_images_empty`] describes; the log says so for each. RUN commands the
//! emulator cannot run are reported in the log (`WARNING: not emulated: …`) and the build goes
//! on, as `slipway build` does without `--strict`; with
//! [`BuildOptions::tolerate_emulation_gaps`], what such a command would have made (a failing
//! later command, a missing `COPY --from` source) is also a warning, not a failure.
//!
//! The build reads `.dockerignore` at the context root only (the playground's Dockerfile is
//! not a context file, so there is no `Dockerfile.dockerignore`), like the linter and the
//! cache panel. Times are the epoch (the playground has no clock), so the same project always
//! gives the same digests.

use serde::Serialize;
use slipway_build::emulate::Emulator;
use slipway_build::fetch::Offline;
use slipway_build::progress::{plain_line, NoStopwatch, Recorder};
use slipway_build::{build, BuildOptions, Engine};
use slipway_layers::export::write_oci_layout_tar;
use slipway_layers::image::{layers, read_image};
use slipway_layers::{apply, changes, ChangeKind, DeviceKind, MemoryStore, Node, NodeKind, Tree, TreePath};

use crate::context::VirtualContext;
use crate::project::{Lang, Project};

/// How an entry differs from the layer before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Marker {
    /// New in this layer.
    Added,
    /// Replaced or with changed metadata in this layer.
    Changed,
    /// Removed by this layer (a whiteout).
    Deleted,
    /// As in the layer before.
    Unchanged,
}

impl Marker {
    /// `added`, `changed`, `deleted` or `unchanged` (the DOM's `data-marker`).
    pub fn label(self) -> &'static str {
        match self {
            Marker::Added => "added",
            Marker::Changed => "changed",
            Marker::Deleted => "deleted",
            Marker::Unchanged => "unchanged",
        }
    }
}

/// One file-system entry as the image panel lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileEntry {
    /// Absolute path in the image (`/etc/passwd`).
    pub path: String,
    /// `file`, `dir`, `symlink`, `hardlink`, `char`, `block` or `fifo`.
    pub kind: String,
    /// Bytes of a file's content or of a symlink's target; 0 otherwise.
    pub size: u64,
    /// `ls -l` style type and permissions (`-rw-r--r--`, `drwxr-xr-x`, `lrwxrwxrwx`).
    pub mode: String,
    /// How the entry differs from the layer before; for a deleted entry the other fields
    /// describe what was deleted.
    pub marker: Marker,
    /// A symlink's target as stored, or a hard link's target path.
    pub link_target: Option<String>,
}

/// One layer of the image.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LayerView {
    /// 0-based, base first.
    pub index: usize,
    /// The compressed blob's digest (`sha256:…`), as in the manifest.
    pub digest: String,
    /// The compressed blob's size in bytes, as in the manifest.
    pub size: u64,
    /// The history entry of the step that made the layer.
    pub created_by: String,
    /// The layer's changes: added, changed and deleted entries, sorted by path.
    pub entries: Vec<FileEntry>,
}

/// The image config's runtime settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfigView {
    /// `Env`, `KEY=value` in order.
    pub env: Vec<String>,
    /// `Cmd`.
    pub cmd: Option<Vec<String>>,
    /// `Entrypoint`.
    pub entrypoint: Option<Vec<String>>,
    /// `WorkingDir` (empty when unset).
    pub working_dir: String,
    /// `User` (empty for root).
    pub user: String,
    /// `ExposedPorts` (`80/tcp`), sorted.
    pub exposed_ports: Vec<String>,
    /// `Labels`, sorted by key.
    pub labels: Vec<(String, String)>,
    /// `os`.
    pub os: String,
    /// `architecture`.
    pub architecture: String,
}

/// One `docker history` row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryRow {
    /// The step (`RUN /bin/sh -c … # buildkit`, `ENV X=1`, …).
    pub created_by: String,
    /// Bytes of regular-file content the step's layer adds or replaces (0 for no layer),
    /// what `docker history`'s SIZE column approximates.
    pub size: u64,
    /// Whether the step made no layer.
    pub empty_layer: bool,
    /// The history comment (`buildkit.dockerfile.v0`).
    pub comment: String,
}

/// The result of an emulated build.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BuiltImage {
    /// The layers, base first.
    pub layers: Vec<LayerView>,
    /// The config.
    pub config: ConfigView,
    /// The history, oldest first as the config stores it (`docker history` prints newest first).
    pub history: Vec<HistoryRow>,
    /// The build's progress, BuildKit `--progress plain` style, one line per entry.
    pub log: Vec<String>,
    /// The manifest's digest.
    pub manifest_digest: String,
    /// The file system after each layer.
    #[serde(skip)]
    trees: Vec<Tree>,
    /// The image as an OCI image-layout tar.
    #[serde(skip)]
    oci: Vec<u8>,
}

impl BuiltImage {
    /// The whole file system after layer `layer` (sorted by path), markers relative to the
    /// layer before; entries the layer deleted are listed too, marked deleted. Empty for a
    /// layer that does not exist.
    pub fn tree_at(&self, layer: usize) -> Vec<FileEntry> {
        let Some(after) = self.trees.get(layer) else { return Vec::new() };
        let empty = Tree::new();
        let before = layer.checked_sub(1).and_then(|i| self.trees.get(i)).unwrap_or(&empty);
        let mut out: Vec<FileEntry> = after
            .iter()
            .map(|(path, node)| {
                let marker = match before.get(path) {
                    None => Marker::Added,
                    Some(old) if old != node => Marker::Changed,
                    Some(_) => Marker::Unchanged,
                };
                entry(path, node, marker)
            })
            .collect();
        out.extend(before.iter().filter(|(p, _)| !after.contains(p)).map(|(p, n)| entry(p, n, Marker::Deleted)));
        slipway_sort::sort_by(&mut out, |a, b| a.path.cmp(&b.path));
        out
    }

    /// The image as an OCI image layout in a tar (`oci-layout`, `index.json` naming the
    /// manifest `latest`, `blobs/sha256/…`), as `docker buildx build -o type=oci` writes it.
    pub fn oci_tar(&self) -> Vec<u8> {
        self.oci.clone()
    }
}

/// Builds `project` with the emulated executor (see the module docs); the error is the
/// build's, prefixed in the requested language.
pub fn build_image(project: &Project, lang: Lang) -> Result<BuiltImage, String> {
    let fail = |e: &dyn std::fmt::Display| match lang {
        Lang::En => format!("build failed: {e}"),
        Lang::Ko => format!("빌드에 실패했습니다: {e}"),
    };
    let store = MemoryStore::new();
    let engine = Engine { store: &store, executor: &Emulator, fetcher: &Offline, stopwatch: &NoStopwatch };
    let mut options = BuildOptions::new(project.dockerfile.clone());
    options.dockerfile_path = None;
    options.target = project.target.clone().filter(|t| !t.is_empty());
    options.build_args = project.build_args.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    options.missing_images_empty = true;
    options.tolerate_emulation_gaps = true;
    let context = VirtualContext::new(project);
    let mut recorder = Recorder::default();
    let output = build(&engine, &context, &options, &mut recorder).map_err(|e| fail(&e))?;
    let log =
        recorder.events.iter().flat_map(|e| plain_line(e).lines().map(str::to_owned).collect::<Vec<_>>()).collect();

    let image = read_image(&store, &output.manifest).map_err(|e| fail(&e))?;
    let parsed = layers(&store, &image).map_err(|e| fail(&e))?;
    let mut trees = Vec::with_capacity(parsed.len());
    let mut tree = Tree::new();
    for layer in &parsed {
        apply(&mut tree, layer).map_err(|e| fail(&e))?;
        trees.push(tree.clone());
    }
    let config = &image.config;
    let layer_steps: Vec<&str> =
        config.history.iter().filter(|h| !h.empty_layer).map(|h| h.created_by.as_deref().unwrap_or("")).collect();
    let empty = Tree::new();
    let mut layer_views = Vec::with_capacity(trees.len());
    let mut layer_sizes = Vec::with_capacity(trees.len());
    for (index, after) in trees.iter().enumerate() {
        let before = index.checked_sub(1).map_or(&empty, |i| &trees[i]);
        let entries: Vec<FileEntry> = changes(before, after)
            .into_iter()
            .filter_map(|change| {
                let (node, marker) = match change.kind {
                    ChangeKind::Added => (after.get(&change.path)?, Marker::Added),
                    ChangeKind::Modified => (after.get(&change.path)?, Marker::Changed),
                    ChangeKind::Deleted => (before.get(&change.path)?, Marker::Deleted),
                };
                Some(entry(&change.path, node, marker))
            })
            .collect();
        layer_sizes.push(
            entries.iter().filter(|e| e.kind == "file" && e.marker != Marker::Deleted).map(|e| e.size).sum::<u64>(),
        );
        let descriptor = &image.manifest.layers[index];
        layer_views.push(LayerView {
            index,
            digest: descriptor.digest.to_string(),
            size: descriptor.size,
            created_by: layer_steps.get(index).copied().unwrap_or("").to_owned(),
            entries,
        });
    }
    let mut sizes = layer_sizes.into_iter();
    let history = config
        .history
        .iter()
        .map(|h| HistoryRow {
            created_by: h.created_by.clone().unwrap_or_default(),
            size: if h.empty_layer { 0 } else { sizes.next().unwrap_or(0) },
            empty_layer: h.empty_layer,
            comment: h.comment.clone().unwrap_or_default(),
        })
        .collect();
    let settings = &config.config;
    let config_view = ConfigView {
        env: settings.env.clone(),
        cmd: settings.cmd.clone(),
        entrypoint: settings.entrypoint.clone(),
        working_dir: settings.working_dir.clone().unwrap_or_default(),
        user: settings.user.clone().unwrap_or_default(),
        exposed_ports: settings.exposed_ports.iter().cloned().collect(),
        labels: settings.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        os: config.os.clone(),
        architecture: config.architecture.clone(),
    };
    let oci = write_oci_layout_tar(&store, &[("latest".to_owned(), output.manifest.clone())], Vec::new())
        .map_err(|e| fail(&e))?;
    Ok(BuiltImage {
        layers: layer_views,
        config: config_view,
        history,
        log,
        manifest_digest: output.manifest.digest.to_string(),
        trees,
        oci,
    })
}

fn entry(path: &TreePath, node: &Node, marker: Marker) -> FileEntry {
    let (kind, type_char, size, link_target) = match &node.kind {
        NodeKind::Dir => ("dir", 'd', 0, None),
        NodeKind::File(data) => ("file", '-', data.len() as u64, None),
        NodeKind::Symlink(target) => ("symlink", 'l', target.len() as u64, Some(target.clone())),
        NodeKind::HardLink(target) => ("hardlink", '-', 0, Some(format!("/{target}"))),
        NodeKind::Device { kind: DeviceKind::Char, .. } => ("char", 'c', 0, None),
        NodeKind::Device { kind: DeviceKind::Block, .. } => ("block", 'b', 0, None),
        NodeKind::Device { kind: DeviceKind::Fifo, .. } => ("fifo", 'p', 0, None),
    };
    FileEntry {
        path: format!("/{path}"),
        kind: kind.to_owned(),
        size,
        mode: mode_string(type_char, node.meta.mode),
        marker,
        link_target,
    }
}

/// `ls -l`'s mode column: type, then rwx for user, group and other with setuid, setgid and
/// sticky shown as `s`/`S` and `t`/`T`.
fn mode_string(type_char: char, mode: u32) -> String {
    let mut out = String::with_capacity(10);
    out.push(type_char);
    let special = [(0o4000, 's', 'S'), (0o2000, 's', 'S'), (0o1000, 't', 'T')];
    for (who, (bit, on, off)) in special.into_iter().enumerate() {
        let shift = 6 - 3 * who;
        let bits = (mode >> shift) & 0o7;
        out.push(if bits & 4 != 0 { 'r' } else { '-' });
        out.push(if bits & 2 != 0 { 'w' } else { '-' });
        let exec = bits & 1 != 0;
        out.push(match (mode & bit != 0, exec) {
            (true, true) => on,
            (true, false) => off,
            (false, true) => 'x',
            (false, false) => '-',
        });
    }
    out
}

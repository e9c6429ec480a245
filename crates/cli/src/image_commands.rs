//! `slipway images | history | inspect | load | save | rmi | prune`: the local image store
//! under `$XDG_DATA_HOME/slipway` (or `--root`, or `SLIPWAY_ROOT`).

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::json;
use slipway_build::store::{is_image_ref, normalize_name, Store, CACHE_REF_PREFIX};
use slipway_build::Platform;
use slipway_layers::compress::decompress;
use slipway_layers::export::{write_docker_archive, write_oci_layout_tar};
use slipway_layers::image::{read_image, Image};
use slipway_layers::import::import_archive;
use slipway_layers::native::DiskStore;
use slipway_layers::store::check::reachable;
use slipway_layers::BlobStore;

/// Where the store lives.
#[derive(Args, Clone, Debug, Default)]
pub struct StoreArgs {
    /// Store directory (default: $SLIPWAY_ROOT, else $XDG_DATA_HOME/slipway, else
    /// ~/.local/share/slipway).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

impl StoreArgs {
    /// The store directory.
    pub fn dir(&self) -> PathBuf {
        if let Some(root) = &self.root {
            return root.clone();
        }
        if let Some(root) = std::env::var_os("SLIPWAY_ROOT") {
            return PathBuf::from(root);
        }
        let data = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".local/share")))
            .unwrap_or_else(|| PathBuf::from("."));
        data.join("slipway")
    }

    /// Opens (creating) the store.
    pub fn open(&self) -> Result<DiskStore, String> {
        let dir = self.dir();
        DiskStore::open(&dir).map_err(|e| format!("opening the image store {}: {e}", dir.display()))
    }
}

/// Image store commands.
#[derive(Subcommand)]
pub enum ImageCommand {
    /// List images.
    Images(ImagesArgs),
    /// Show an image's history (like `docker history`).
    History(ImageArgs),
    /// Show an image's details as JSON (like `docker image inspect`).
    Inspect(ImageArgs),
    /// Import a docker archive or OCI layout tar.
    Load(LoadArgs),
    /// Export an image as a docker archive (default) or OCI layout tar.
    Save(SaveArgs),
    /// Remove image names.
    Rmi(RmiArgs),
    /// Delete blobs nothing refers to (with --cache, drop the build cache first).
    Prune(PruneArgs),
}

/// `slipway images`.
#[derive(Args)]
pub struct ImagesArgs {
    #[command(flatten)]
    store: StoreArgs,
}

/// A command on one image.
#[derive(Args)]
pub struct ImageArgs {
    /// Image name, `name@sha256:…`, or (a prefix of) its id or digest.
    image: String,
    /// Do not truncate the output.
    #[arg(long)]
    no_trunc: bool,
    #[command(flatten)]
    store: StoreArgs,
}

/// `slipway load`.
#[derive(Args)]
pub struct LoadArgs {
    /// The archive (default: standard input).
    #[arg(short, long)]
    input: Option<PathBuf>,
    /// The archive, as a positional argument.
    file: Option<PathBuf>,
    #[command(flatten)]
    store: StoreArgs,
}

/// `slipway save`.
#[derive(Args)]
pub struct SaveArgs {
    /// Image to export.
    image: String,
    /// Output file.
    #[arg(short, long)]
    output: PathBuf,
    /// `docker` (docker-archive) or `oci` (OCI layout tar).
    #[arg(long, default_value = "docker")]
    format: String,
    #[command(flatten)]
    store: StoreArgs,
}

/// `slipway rmi`.
#[derive(Args)]
pub struct RmiArgs {
    /// Image names.
    #[arg(required = true)]
    images: Vec<String>,
    #[command(flatten)]
    store: StoreArgs,
}

/// `slipway prune`.
#[derive(Args)]
pub struct PruneArgs {
    /// Also drop the build cache.
    #[arg(long)]
    cache: bool,
    #[command(flatten)]
    store: StoreArgs,
}

/// Runs an image command.
pub fn run(command: &ImageCommand) -> ExitCode {
    let result = match command {
        ImageCommand::Images(args) => images(args),
        ImageCommand::History(args) => history(args),
        ImageCommand::Inspect(args) => inspect(args),
        ImageCommand::Load(args) => load(args),
        ImageCommand::Save(args) => save(args),
        ImageCommand::Rmi(args) => rmi(args),
        ImageCommand::Prune(args) => prune(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

/// Prints a line on standard output; a closed pipe (`| head`) is not an error.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
}

fn host_platform() -> Platform {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    Platform { os: "linux".into(), architecture: arch.into(), variant: None }
}

fn find(store: &DiskStore, reference: &str) -> Result<Image, String> {
    let view = Store::open(store).map_err(|e| e.to_string())?;
    if let Ok(image) = view.image(reference, &host_platform()) {
        return Ok(image);
    }
    // An image id (config digest) prefix, as docker accepts.
    let hex = reference.strip_prefix("sha256:").unwrap_or(reference);
    for descriptor in store.refs().map_err(|e| e.to_string())?.values() {
        if let Ok(image) = read_image(store, descriptor) {
            if hex.len() >= 4 && image.manifest.config.digest.hex().starts_with(hex) {
                return Ok(image);
            }
        }
    }
    Err(format!("No such image: {reference}"))
}

fn names_of(store: &DiskStore, image: &Image) -> Vec<String> {
    store
        .refs()
        .unwrap_or_default()
        .into_iter()
        .filter(|(name, d)| is_image_ref(name) && d.digest == image.descriptor.digest)
        .map(|(name, _)| name)
        .collect()
}

fn short_id(image: &Image) -> String {
    image.manifest.config.digest.hex()[..12].to_owned()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Parses the `YYYY-MM-DDTHH:MM:SSZ` times Slipway writes into Unix seconds.
fn parse_time(text: &str) -> Option<i64> {
    let (date, time) = text.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let time = time.trim_end_matches('Z');
    let mut t = time.split(':').map(|p| p.split('.').next().unwrap_or(p).parse::<i64>().ok());
    let (hh, mm, ss) = (t.next()??, t.next()??, t.next()??);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// `docker`'s "2 hours ago".
fn ago(created: Option<&str>) -> String {
    let Some(then) = created.and_then(parse_time) else { return "N/A".into() };
    let seconds = (now() - then).max(0);
    let (value, unit) = match seconds {
        s if s < 60 => return "Less than a minute ago".into(),
        s if s < 3600 => (s / 60, "minute"),
        s if s < 86_400 => (s / 3600, "hour"),
        s if s < 86_400 * 30 => (s / 86_400, "day"),
        s if s < 86_400 * 365 => (s / (86_400 * 30), "month"),
        s => (s / (86_400 * 365), "year"),
    };
    format!("{value} {unit}{} ago", if value == 1 { "" } else { "s" })
}

/// Human sizes as docker prints them (`1.2kB`, `3MB`).
fn human_size(bytes: u64) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < units.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes}B")
    } else {
        let text = format!("{value:.3}");
        let trimmed = text.trim_end_matches('0').trim_end_matches('.');
        let short: String = trimmed.chars().take(4).collect();
        format!("{}{}", short.trim_end_matches('.'), units[unit])
    }
}

fn image_size(image: &Image) -> u64 {
    image.manifest.layers.iter().map(|l| l.size).sum()
}

fn images(args: &ImagesArgs) -> Result<(), String> {
    let store = args.store.open()?;
    let mut rows = Vec::new();
    for (name, descriptor) in store.refs().map_err(|e| e.to_string())? {
        if !is_image_ref(&name) {
            continue;
        }
        let Ok(image) = read_image(&store, &descriptor) else { continue };
        let (repo, tag) = slipway_layers::export::docker_archive::split_repo_tag(&name);
        rows.push([
            repo.to_owned(),
            tag.to_owned(),
            short_id(&image),
            ago(image.config.created.as_deref()),
            human_size(image_size(&image)),
        ]);
    }
    print_table(&["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"], &rows);
    Ok(())
}

fn print_table<const N: usize>(header: &[&str; N], rows: &[[String; N]]) {
    let mut widths = header.map(str::len);
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                out.push_str(&format!("{cell:<width$}   ", width = widths[i]));
            }
        }
        say(out.trim_end());
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}

fn history(args: &ImageArgs) -> Result<(), String> {
    let store = args.store.open()?;
    let image = find(&store, &args.image)?;
    let mut layers = image.manifest.layers.iter();
    let mut rows = Vec::new();
    for entry in &image.config.history {
        let size = if entry.empty_layer {
            0
        } else {
            match layers.next() {
                Some(layer) => store
                    .get(&layer.digest)
                    .ok()
                    .and_then(|b| decompress(&b).ok())
                    .map_or(layer.size, |tar| layer_content_size(&tar)),
                None => 0,
            }
        };
        let mut created_by = entry.created_by.clone().unwrap_or_default();
        if !args.no_trunc && created_by.chars().count() > 45 {
            created_by = created_by.chars().take(44).collect::<String>() + "…";
        }
        rows.push([
            "<missing>".to_owned(),
            ago(entry.created.as_deref()),
            created_by,
            human_size(size),
            entry.comment.clone().unwrap_or_default(),
        ]);
    }
    rows.reverse();
    if let Some(first) = rows.first_mut() {
        first[0] = if args.no_trunc { image.manifest.config.digest.to_string() } else { short_id(&image) };
    }
    print_table(&["IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"], &rows);
    Ok(())
}

/// The bytes of file contents in a layer tar (what docker reports as a layer's size).
fn layer_content_size(tar: &[u8]) -> u64 {
    slipway_layers::read_layer_tar(tar).map_or(tar.len() as u64, |layer| {
        layer.entries().values().filter_map(|n| n.data()).map(|d| d.len() as u64).sum()
    })
}

fn inspect(args: &ImageArgs) -> Result<(), String> {
    let store = args.store.open()?;
    let image = find(&store, &args.image)?;
    let config = &image.config;
    let value = json!([{
        "Id": image.manifest.config.digest.to_string(),
        "RepoTags": names_of(&store, &image),
        "RepoDigests": [],
        "Created": config.created,
        "Author": config.author.clone().unwrap_or_default(),
        "Config": serde_json::to_value(&config.config).map_err(|e| e.to_string())?,
        "Architecture": config.architecture,
        "Variant": config.variant,
        "Os": config.os,
        "Size": image_size(&image),
        "RootFS": { "Type": "layers", "Layers": config.rootfs.diff_ids.iter().map(ToString::to_string).collect::<Vec<_>>() },
        "Descriptor": serde_json::to_value(&image.descriptor).map_err(|e| e.to_string())?,
        "Metadata": { "LastTagTime": "0001-01-01T00:00:00Z" },
    }]);
    say(&serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?);
    Ok(())
}

fn load(args: &LoadArgs) -> Result<(), String> {
    let store = args.store.open()?;
    let path = args.input.as_ref().or(args.file.as_ref());
    let images = match path {
        Some(path) => {
            let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
            import_archive(BufReader::new(file), &store)
        }
        None => import_archive(std::io::stdin().lock(), &store),
    }
    .map_err(|e| e.to_string())?;
    for image in images {
        match image.name {
            Some(name) => {
                let normalized = normalize_name(&name);
                if normalized != name {
                    store.set_ref(&normalized, &image.descriptor).map_err(|e| e.to_string())?;
                    store.remove_ref(&name).map_err(|e| e.to_string())?;
                }
                say(&format!("Loaded image: {normalized}"));
            }
            None => say(&format!("Loaded image ID: {}", image.descriptor.digest)),
        }
    }
    Ok(())
}

fn save(args: &SaveArgs) -> Result<(), String> {
    let store = args.store.open()?;
    let image = find(&store, &args.image)?;
    let name = normalize_name(&args.image);
    let names: Vec<String> = names_of(&store, &image).into_iter().filter(|n| *n == name).collect();
    let file = File::create(&args.output).map_err(|e| format!("{}: {e}", args.output.display()))?;
    let mut out = BufWriter::new(file);
    match args.format.as_str() {
        "docker" => write_docker_archive(&store, &[(names, image.descriptor.clone())], &mut out).map(|_| ()),
        "oci" => {
            let name = names.first().cloned().unwrap_or_default();
            write_oci_layout_tar(&store, &[(name, image.descriptor.clone())], &mut out).map(|_| ())
        }
        other => return Err(format!("unknown format {other:?}: use docker or oci")),
    }
    .map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())
}

fn rmi(args: &RmiArgs) -> Result<(), String> {
    let store = args.store.open()?;
    for image in &args.images {
        let name = normalize_name(image);
        if store.remove_ref(&name).map_err(|e| e.to_string())? {
            say(&format!("Untagged: {name}"));
        } else {
            return Err(format!("No such image: {image}"));
        }
    }
    Ok(())
}

fn prune(args: &PruneArgs) -> Result<(), String> {
    let store = args.store.open()?;
    if args.cache {
        let refs: BTreeMap<_, _> = store.refs().map_err(|e| e.to_string())?;
        for name in refs.keys().filter(|n| n.starts_with(CACHE_REF_PREFIX)) {
            store.remove_ref(name).map_err(|e| e.to_string())?;
        }
    }
    let keep: BTreeSet<_> = reachable(&store).map_err(|e| e.to_string())?;
    let mut reclaimed = 0;
    for digest in store.list().map_err(|e| e.to_string())? {
        if !keep.contains(&digest) {
            reclaimed += store.get(&digest).map_or(0, |b| b.len() as u64);
        }
    }
    let deleted = store.prune(&keep).map_err(|e| e.to_string())?;
    say(&format!("Deleted {} blobs\nTotal reclaimed space: {}", deleted.len(), human_size(reclaimed)));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use slipway_layers::oci::time::rfc3339;

    #[test]
    fn sizes_and_times() {
        assert_eq!(human_size(20), "20B");
        assert_eq!(human_size(1234), "1.23kB");
        assert_eq!(human_size(5_000_000), "5MB");
        assert_eq!(parse_time(&rfc3339(1_700_000_000)), Some(1_700_000_000));
    }
}

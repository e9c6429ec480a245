//! Reading tar archives into layers, rejecting anything unsafe.
//!
//! Every entry name is normalised; absolute names, `..` components, entries below a symbolic
//! link or file of the same archive, and symbolic links that climb out of the root are
//! rejected with an error naming the entry. The result is in memory: nothing is written.

use std::collections::BTreeMap;
use std::io::Read;

use crate::error::{Error, Result};
use crate::layer::Layer;
use crate::node::{DeviceKind, Meta, Node, NodeKind};
use crate::path::TreePath;
use crate::whiteout::{classify, Marker};

/// What the reader accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// Interpret `.wh.<name>` and `.wh..wh..opq` as whiteouts and opaque markers.
    pub whiteouts: bool,
    /// Accept symbolic links with absolute targets (normal inside a root file system, where they
    /// resolve against the image's root; unsafe in an image archive).
    pub absolute_symlinks: bool,
    /// Accept device nodes and FIFOs.
    pub devices: bool,
}

impl ReadOptions {
    /// For image layers: whiteouts, absolute symlinks and devices allowed.
    pub fn layer() -> Self {
        ReadOptions { whiteouts: true, absolute_symlinks: true, devices: true }
    }

    /// For image archives (OCI layout or docker-archive tars): none of those.
    pub fn archive() -> Self {
        ReadOptions { whiteouts: false, absolute_symlinks: false, devices: false }
    }
}

/// Reads a layer tar (with [`ReadOptions::layer`]).
pub fn read_layer_tar<R: Read>(reader: R) -> Result<Layer> {
    read_tar(reader, &ReadOptions::layer())
}

/// Reads a tar with the given options. Later entries for the same path replace earlier ones.
pub fn read_tar<R: Read>(reader: R, options: &ReadOptions) -> Result<Layer> {
    let mut archive = tar::Archive::new(reader);
    let mut layer = Layer::new();
    // Extension headers are handled here (not by the `tar` crate), so that binary PAX values
    // such as `security.capability` survive.
    let entries = archive.entries().map_err(|e| Error::io("reading tar", e))?.raw(true);
    let mut pax: Vec<(String, Vec<u8>)> = Vec::new();
    let mut long_name: Option<Vec<u8>> = None;
    let mut long_link: Option<Vec<u8>> = None;
    for entry in entries {
        let mut entry = entry.map_err(|e| Error::io("reading tar entry", e))?;
        let header_name = String::from_utf8_lossy(&entry.header().path_bytes()).into_owned();
        match entry.header().entry_type() {
            tar::EntryType::XHeader => {
                pax = parse_pax(&read_data(&mut entry, &header_name)?, &header_name)?;
                continue;
            }
            tar::EntryType::XGlobalHeader => continue,
            tar::EntryType::GNULongName => {
                long_name = Some(trim_nul(read_data(&mut entry, &header_name)?));
                continue;
            }
            tar::EntryType::GNULongLink => {
                long_link = Some(trim_nul(read_data(&mut entry, &header_name)?));
                continue;
            }
            _ => {}
        }
        let mut extensions = std::mem::take(&mut pax);
        let name_bytes = take_key(&mut extensions, "path")
            .or(long_name.take())
            .unwrap_or_else(|| entry.header().path_bytes().into_owned());
        let link_bytes = take_key(&mut extensions, "linkpath")
            .or(long_link.take())
            .or_else(|| entry.header().link_name_bytes().map(|l| l.into_owned()));
        let raw = String::from_utf8_lossy(&name_bytes).into_owned();
        let name = String::from_utf8(name_bytes).map_err(|_| unsupported(&raw, "the name is not UTF-8"))?;
        let link = link_bytes
            .map(|l| String::from_utf8(l).map_err(|_| unsupported(&raw, "the link target is not UTF-8")))
            .transpose()?;
        let fields = Fields { raw: &raw, name: &name, link, pax: extensions };
        read_entry(&mut entry, fields, options, &mut layer)?;
    }
    Ok(layer)
}

/// An entry's name, link target and PAX records, gathered from its extension headers.
struct Fields<'a> {
    raw: &'a str,
    name: &'a str,
    link: Option<String>,
    pax: Vec<(String, Vec<u8>)>,
}

fn read_data<R: Read>(entry: &mut tar::Entry<'_, R>, raw: &str) -> Result<Vec<u8>> {
    // The size comes from the archive: trust it for the first 64 MiB only.
    let mut data = Vec::with_capacity(entry.size().min(64 << 20) as usize);
    entry.read_to_end(&mut data).map_err(|e| Error::io(format!("reading tar entry `{raw}`"), e))?;
    Ok(data)
}

fn trim_nul(mut bytes: Vec<u8>) -> Vec<u8> {
    while bytes.last() == Some(&0) {
        bytes.pop();
    }
    bytes
}

fn take_key(records: &mut Vec<(String, Vec<u8>)>, key: &str) -> Option<Vec<u8>> {
    let index = records.iter().rposition(|(k, _)| k == key)?;
    Some(records.remove(index).1)
}

/// Parses PAX records `"<len> <key>=<value>\n"` by their lengths (values may hold any byte).
fn parse_pax(mut data: &[u8], raw: &str) -> Result<Vec<(String, Vec<u8>)>> {
    let malformed = || unsupported(raw, "malformed PAX header");
    let mut records = Vec::new();
    while !data.is_empty() && data[0] != 0 {
        let space = data.iter().position(|&b| b == b' ').ok_or_else(malformed)?;
        let len: usize = std::str::from_utf8(&data[..space]).ok().and_then(|n| n.parse().ok()).ok_or_else(malformed)?;
        if len <= space + 1 || len > data.len() || data[len - 1] != b'\n' {
            return Err(malformed());
        }
        let record = &data[space + 1..len - 1];
        let equals = record.iter().position(|&b| b == b'=').ok_or_else(malformed)?;
        let key = std::str::from_utf8(&record[..equals]).map_err(|_| malformed())?;
        records.push((key.to_owned(), record[equals + 1..].to_vec()));
        data = &data[len..];
    }
    Ok(records)
}

fn unsafe_entry(entry: &str, reason: impl Into<String>) -> Error {
    Error::UnsafeEntry { entry: entry.to_owned(), reason: reason.into() }
}

fn unsupported(entry: &str, reason: impl Into<String>) -> Error {
    Error::UnsupportedEntry { entry: entry.to_owned(), reason: reason.into() }
}

fn read_entry<R: Read>(
    entry: &mut tar::Entry<'_, R>,
    fields: Fields<'_>,
    options: &ReadOptions,
    layer: &mut Layer,
) -> Result<()> {
    let raw = fields.raw;
    let kind = entry.header().entry_type();
    let path = TreePath::normalize(fields.name).map_err(|e| match e {
        Error::InvalidPath { reason, .. } => unsafe_entry(raw, reason),
        other => other,
    })?;
    if path.is_root() {
        // The root directory's own entry (`./`) carries nothing a layer can use.
        return if kind.is_dir() { Ok(()) } else { Err(unsafe_entry(raw, "a non-directory entry for the root")) };
    }
    let marker = if options.whiteouts {
        classify(path).map_err(|_| unsafe_entry(raw, "malformed whiteout name"))?
    } else {
        Marker::Entry(path)
    };
    let path = match marker {
        Marker::Entry(path) => path,
        Marker::Whiteout(target) => {
            check_not_through_link(layer, &target, raw)?;
            return layer.add_whiteout(target);
        }
        Marker::Opaque(dir) => {
            check_not_through_link(layer, &dir, raw)?;
            layer.add_opaque(dir);
            return Ok(());
        }
    };
    if let Some(size) = fields.pax.iter().find(|(k, _)| k == "size") {
        if size.1 != entry.size().to_string().as_bytes() {
            return Err(unsupported(raw, "files larger than 8 GiB"));
        }
    }
    let meta = read_meta(entry.header(), &fields.pax, raw)?;
    let link_target = || fields.link.clone().ok_or_else(|| unsafe_entry(raw, "link without a target"));
    let node_kind = match kind {
        tar::EntryType::Regular | tar::EntryType::Continuous => NodeKind::File(read_data(entry, raw)?.into()),
        tar::EntryType::Directory => NodeKind::Dir,
        tar::EntryType::Symlink => {
            let target = link_target()?;
            check_symlink(&path, &target, options, raw)?;
            NodeKind::Symlink(target)
        }
        tar::EntryType::Link => {
            let target = link_target()?;
            let target = TreePath::normalize(&target)
                .ok()
                .filter(|t| !t.is_root())
                .ok_or_else(|| unsafe_entry(raw, format!("hard link target `{target}` is outside the root")))?;
            NodeKind::HardLink(target)
        }
        tar::EntryType::Char | tar::EntryType::Block | tar::EntryType::Fifo => {
            if !options.devices {
                return Err(unsafe_entry(raw, "device nodes are not allowed here"));
            }
            let header = entry.header();
            let major = header.device_major().ok().flatten().unwrap_or(0);
            let minor = header.device_minor().ok().flatten().unwrap_or(0);
            let kind = match kind {
                tar::EntryType::Char => DeviceKind::Char,
                tar::EntryType::Block => DeviceKind::Block,
                _ => DeviceKind::Fifo,
            };
            NodeKind::Device { kind, major, minor }
        }
        other => return Err(unsupported(raw, format!("entry type {:?}", other.as_byte() as char))),
    };
    layer.add(path, Node { meta, kind: node_kind }).map_err(|e| match e {
        Error::UnsafeEntry { reason, .. } => unsafe_entry(raw, reason),
        other => other,
    })
}

fn check_not_through_link(layer: &Layer, path: &TreePath, raw: &str) -> Result<()> {
    match layer.non_dir_ancestor(path) {
        Some(blocker) => Err(unsafe_entry(raw, format!("its parent `{blocker}` is not a directory in this archive"))),
        None => Ok(()),
    }
}

/// Rejects symbolic links whose relative target climbs above the root, and absolute targets
/// unless allowed.
fn check_symlink(path: &TreePath, target: &str, options: &ReadOptions, raw: &str) -> Result<()> {
    if target.is_empty() {
        return Err(unsafe_entry(raw, "empty symbolic link target"));
    }
    if target.starts_with('/') {
        return if options.absolute_symlinks {
            Ok(())
        } else {
            Err(unsafe_entry(raw, format!("symbolic link to absolute path `{target}`")))
        };
    }
    let mut depth = path.depth() as i64 - 1;
    for component in target.split('/') {
        match component {
            "" | "." => {}
            ".." => {
                depth -= 1;
                if depth < 0 {
                    return Err(unsafe_entry(raw, format!("symbolic link target `{target}` escapes the root")));
                }
            }
            _ => depth += 1,
        }
    }
    Ok(())
}

fn read_meta(header: &tar::Header, pax: &[(String, Vec<u8>)], raw: &str) -> Result<Meta> {
    let bad = |what: &str| unsupported(raw, format!("unreadable {what}"));
    let mut meta = Meta {
        mode: header.mode().map_err(|_| bad("mode"))? & 0o7777,
        uid: header.uid().map_err(|_| bad("uid"))?,
        gid: header.gid().map_err(|_| bad("gid"))?,
        mtime: header.mtime().map_err(|_| bad("mtime"))? as i64,
        xattrs: BTreeMap::new(),
    };
    for (key, value) in pax {
        let key = key.as_str();
        let number = || -> Result<i64> {
            let text = std::str::from_utf8(value).map_err(|_| bad(key))?;
            let whole = text.split('.').next().unwrap_or_default();
            whole.parse().map_err(|_| bad(key))
        };
        match key {
            "uid" => meta.uid = u64::try_from(number()?).map_err(|_| bad(key))?,
            "gid" => meta.gid = u64::try_from(number()?).map_err(|_| bad(key))?,
            "mtime" => meta.mtime = number()?,
            _ => {
                if let Some(name) = key.strip_prefix("SCHILY.xattr.") {
                    meta.xattrs.insert(name.to_owned(), value.clone());
                }
            }
        }
    }
    Ok(meta)
}

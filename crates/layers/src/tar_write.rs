//! Writing layers and trees as reproducible tar archives.
//!
//! Entries come in path byte order (parents first), ustar headers with PAX extended headers
//! only where ustar cannot hold a value (long names and link targets, ids or sizes beyond the
//! octal fields, times before 1970, extended attributes). User and group names are left empty,
//! PAX headers have fixed names, and nothing depends on the clock, the host or the order of
//! insertion: the same layer always gives the same bytes.

use std::collections::BTreeMap;

use std::io::Write;

use crate::error::{Error, Result};
use crate::layer::Layer;
use crate::node::{DeviceKind, Meta, Node, NodeKind};
use crate::path::TreePath;
use crate::tree::Tree;
use crate::whiteout::{opaque_path, whiteout_path};

/// Options of the tar writer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TarOptions {
    /// When set, every modification time later than this is lowered to it
    /// (`SOURCE_DATE_EPOCH`; the caller reads the environment, not this crate).
    pub source_date_epoch: Option<i64>,
}

/// Largest value of an 8-byte octal field (uid, gid, mode).
const MAX_OCTAL_8: u64 = 0o7_777_777;
/// Largest value of a 12-byte octal field (size, mtime).
const MAX_OCTAL_12: u64 = 0o77_777_777_777;
const BLOCK: usize = 512;

/// Writes `layer` as a tar: entries, whiteout files `.wh.<name>` and opaque markers
/// `.wh..wh..opq`, all in path order. Returns the writer.
pub fn write_layer_tar<W: Write>(layer: &Layer, options: &TarOptions, out: W) -> Result<W> {
    let mut items: Vec<(TreePath, Item<'_>)> = Vec::new();
    items.extend(layer.entries().iter().map(|(p, n)| (p.clone(), Item::Node(n))));
    items.extend(layer.whiteouts().iter().map(|p| (whiteout_path(p), Item::Marker)));
    items.extend(layer.opaques().iter().map(|p| (opaque_path(p), Item::Marker)));
    slipway_sort::sort_by(&mut items, |a, b| a.0.cmp(&b.0));
    let present = |p: &TreePath| layer.entries().contains_key(p);
    write_sorted(items, &present, options, out)
}

/// Writes a whole tree as a tar (the layer that creates it from nothing).
pub fn write_tree_tar<W: Write>(tree: &Tree, options: &TarOptions, out: W) -> Result<W> {
    let items: Vec<(TreePath, Item<'_>)> = tree.iter().map(|(p, n)| (p.clone(), Item::Node(n))).collect();
    let present = |p: &TreePath| tree.contains(p);
    write_sorted(items, &present, options, out)
}

enum Item<'a> {
    Node(&'a Node),
    /// A whiteout or opaque marker: an empty regular file.
    Marker,
}

/// Writes sorted items; a hard link whose target is written later is held back until just
/// after its target.
fn write_sorted<W: Write>(
    items: Vec<(TreePath, Item<'_>)>,
    present: &dyn Fn(&TreePath) -> bool,
    options: &TarOptions,
    out: W,
) -> Result<W> {
    let mut writer = TarWriter { out, options: *options };
    let mut pending: BTreeMap<TreePath, Vec<(TreePath, &Node)>> = BTreeMap::new();
    for (path, item) in items {
        match item {
            Item::Node(node) => {
                if let NodeKind::HardLink(target) = &node.kind {
                    if *target > path && present(target) {
                        pending.entry(target.clone()).or_default().push((path, node));
                        continue;
                    }
                }
                writer.node(&path, node)?;
                for (link, node) in pending.remove(&path).unwrap_or_default() {
                    writer.node(&link, node)?;
                }
            }
            Item::Marker => writer.marker(&path)?,
        }
    }
    for (link, node) in pending.into_values().flatten() {
        writer.node(&link, node)?;
    }
    writer.finish()
}

struct TarWriter<W> {
    out: W,
    options: TarOptions,
}

impl<W: Write> TarWriter<W> {
    fn node(&mut self, path: &TreePath, node: &Node) -> Result<()> {
        let mut name = path.as_str().to_owned();
        let (typeflag, link, data, device): (u8, Option<&str>, &[u8], (u32, u32)) = match &node.kind {
            NodeKind::Dir => {
                name.push('/');
                (b'5', None, &[], (0, 0))
            }
            NodeKind::File(data) => (b'0', None, data, (0, 0)),
            NodeKind::Symlink(target) => (b'2', Some(target.as_str()), &[], (0, 0)),
            NodeKind::HardLink(target) => (b'1', Some(target.as_str()), &[], (0, 0)),
            NodeKind::Device { kind, major, minor } => {
                let flag = match kind {
                    DeviceKind::Char => b'3',
                    DeviceKind::Block => b'4',
                    DeviceKind::Fifo => b'6',
                };
                (flag, None, &[], (*major, *minor))
            }
        };
        self.entry(&name, typeflag, &node.meta, link, data, device)
    }

    fn marker(&mut self, path: &TreePath) -> Result<()> {
        self.entry(path.as_str(), b'0', &Meta::with_mode(0o644), None, &[], (0, 0))
    }

    fn entry(
        &mut self,
        name: &str,
        typeflag: u8,
        meta: &Meta,
        link: Option<&str>,
        data: &[u8],
        (major, minor): (u32, u32),
    ) -> Result<()> {
        let mtime = match self.options.source_date_epoch {
            Some(epoch) => meta.mtime.min(epoch),
            None => meta.mtime,
        };
        let mut pax: Vec<(String, Vec<u8>)> = Vec::new();
        let mut header = tar::Header::new_ustar();
        {
            let ustar =
                header.as_ustar_mut().ok_or_else(|| Error::io("tar header", std::io::Error::other("not ustar")))?;
            match split_ustar_name(name) {
                Some((prefix, rest)) => {
                    ustar.prefix[..prefix.len()].copy_from_slice(prefix.as_bytes());
                    ustar.name[..rest.len()].copy_from_slice(rest.as_bytes());
                }
                None => {
                    pax.push(("path".to_owned(), name.as_bytes().to_vec()));
                    let short = truncate(name, 100);
                    ustar.name[..short.len()].copy_from_slice(short);
                }
            }
            if let Some(link) = link {
                if link.len() > 100 {
                    pax.push(("linkpath".to_owned(), link.as_bytes().to_vec()));
                }
                let short = truncate(link, 100);
                ustar.linkname[..short.len()].copy_from_slice(short);
            }
        }
        header.set_entry_type(tar::EntryType::new(typeflag));
        header.set_mode(meta.mode & 0o7777);
        for (key, value, set) in [
            ("uid", meta.uid, tar::Header::set_uid as fn(&mut tar::Header, u64)),
            ("gid", meta.gid, tar::Header::set_gid),
        ] {
            if value > MAX_OCTAL_8 {
                pax.push((key.to_owned(), value.to_string().into_bytes()));
                set(&mut header, 0);
            } else {
                set(&mut header, value);
            }
        }
        let size = data.len() as u64;
        if size > MAX_OCTAL_12 {
            pax.push(("size".to_owned(), size.to_string().into_bytes()));
            header.set_size(0);
        } else {
            header.set_size(size);
        }
        let header_mtime = match u64::try_from(mtime) {
            Ok(t) if t <= MAX_OCTAL_12 => t,
            _ => {
                pax.push(("mtime".to_owned(), mtime.to_string().into_bytes()));
                0
            }
        };
        header.set_mtime(header_mtime);
        if matches!(typeflag, b'3' | b'4') {
            set_device(&mut header, major, minor)?;
        }
        for (key, value) in &meta.xattrs {
            pax.push((format!("SCHILY.xattr.{key}"), value.clone()));
        }
        if !pax.is_empty() {
            self.pax_header(name, header_mtime, &pax)?;
        }
        header.set_cksum();
        self.write(header.as_bytes())?;
        self.write(data)?;
        self.pad(data.len())
    }

    fn pax_header(&mut self, name: &str, mtime: u64, records: &[(String, Vec<u8>)]) -> Result<()> {
        let mut body = Vec::new();
        for (key, value) in records {
            body.extend_from_slice(&pax_record(key, value));
        }
        let mut header = tar::Header::new_ustar();
        let pax_name = format!("PaxHeaders/{}", name.trim_end_matches('/'));
        if let Some(ustar) = header.as_ustar_mut() {
            let short = truncate(&pax_name, 100);
            ustar.name[..short.len()].copy_from_slice(short);
        }
        header.set_entry_type(tar::EntryType::XHeader);
        header.set_mode(0o644);
        header.set_uid(0);
        header.set_gid(0);
        header.set_mtime(mtime);
        header.set_size(body.len() as u64);
        header.set_cksum();
        self.write(header.as_bytes())?;
        self.write(&body)?;
        self.pad(body.len())
    }

    fn pad(&mut self, len: usize) -> Result<()> {
        let rem = len % BLOCK;
        if rem != 0 {
            self.write(&[0; BLOCK][..BLOCK - rem])?;
        }
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes).map_err(|e| Error::io("writing tar", e))
    }

    fn finish(mut self) -> Result<W> {
        self.write(&[0; 2 * BLOCK])?;
        Ok(self.out)
    }
}

fn set_device(header: &mut tar::Header, major: u32, minor: u32) -> Result<()> {
    header
        .set_device_major(major)
        .and_then(|()| header.set_device_minor(minor))
        .map_err(|e| Error::io("tar device numbers", e))
}

/// Splits a name into ustar `(prefix, name)` fields, or `None` when it does not fit.
fn split_ustar_name(name: &str) -> Option<(&str, &str)> {
    if name.len() <= 100 {
        return Some(("", name));
    }
    // The split is at a `/` (dropped); a directory's trailing `/` stays in the name part.
    let body = name.strip_suffix('/').unwrap_or(name);
    body.match_indices('/')
        .map(|(i, _)| i)
        .find(|&i| i <= 155 && name.len() - i - 1 <= 100 && i > 0)
        .map(|i| (&name[..i], &name[i + 1..]))
}

fn truncate(text: &str, max: usize) -> &[u8] {
    let bytes = text.as_bytes();
    &bytes[..bytes.len().min(max)]
}

/// One PAX record: `"<len> <key>=<value>\n"`, where `<len>` counts the whole record.
fn pax_record(key: &str, value: &[u8]) -> Vec<u8> {
    let rest = key.len() + value.len() + 3; // space, `=`, newline
    let mut len = rest + 1;
    while len != rest + len.to_string().len() {
        len = rest + len.to_string().len();
    }
    let mut record = format!("{len} {key}=").into_bytes();
    record.extend_from_slice(value);
    record.push(b'\n');
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pax_record_length_counts_itself() {
        assert_eq!(pax_record("path", b"abc"), b"12 path=abc\n");
        // 91 + 4 + 3 = 98 bytes plus two digits would be 100, which needs three digits.
        let long = vec![b'x'; 91];
        let rec = pax_record("path", &long);
        assert!(rec.starts_with(b"101 path="));
        assert_eq!(rec.len(), 101);
    }

    #[test]
    fn splits_long_names_at_a_slash() {
        let name = format!("{}/{}", "a".repeat(120), "b".repeat(50));
        let (prefix, rest) = split_ustar_name(&name).unwrap();
        assert_eq!(prefix.len(), 120);
        assert_eq!(rest.len(), 50);
        assert!(split_ustar_name(&"c".repeat(101)).is_none());
    }
}

//! COPY and ADD over file trees: selecting sources (paths, globs, `--exclude`), Docker's
//! destination rules (a directory's contents are copied, not the directory), `--chown`,
//! `--chmod`, `--parents`, heredoc files, ADD's extraction of local tar archives, and the
//! content checksum of the selection that enters the cache key.

use sha2::{Digest as _, Sha256};
use slipway_cache::ignore::Pattern;
use slipway_layers::compress::decompress;
use slipway_layers::tar_read::{read_tar, ReadOptions};
use slipway_layers::{Meta, Node, NodeKind, Tree, TreePath};

/// A copy failure; the caller adds the step name.
pub type CopyResult<T> = Result<T, String>;

/// One selected source: where it is in the source tree and the path it keeps below the
/// destination with `--parents`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selected {
    /// The resolved path in the source tree (root for `.`).
    pub path: TreePath,
    /// The path as matched (before following a final symlink), for `--parents`.
    pub matched: TreePath,
}

/// Lexically cleans a source path, rejecting one that climbs out of the source root.
pub fn clean_source(source: &str) -> CopyResult<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in source.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("source {source:?} is outside the build context"));
                }
            }
            other => parts.push(other),
        }
    }
    Ok(parts.join("/"))
}

fn has_glob(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// Selects the sources a COPY/ADD source expression names in `tree`; a missing path or a
/// glob matching nothing is an error ([`not_found`]).
pub fn select(tree: &Tree, source: &str) -> CopyResult<Vec<Selected>> {
    let found = matching(tree, source)?;
    if found.is_empty() {
        return Err(not_found(source));
    }
    Ok(found)
}

/// The error for a source that names nothing in the source tree.
pub fn not_found(source: &str) -> String {
    let cleaned = clean_source(source).unwrap_or_else(|_| source.to_owned());
    if has_glob(&cleaned) {
        format!("no source files were specified: nothing matches {source:?}")
    } else {
        format!("{:?}: not found", format!("/{cleaned}"))
    }
}

/// The sources a COPY/ADD source expression names in `tree`, empty when there are none;
/// errors only for a source outside the root or an invalid pattern.
pub fn matching(tree: &Tree, source: &str) -> CopyResult<Vec<Selected>> {
    let cleaned = clean_source(source)?;
    if !has_glob(&cleaned) {
        let matched = TreePath::new(&cleaned).map_err(|e| e.to_string())?;
        if matched.is_root() {
            return Ok(vec![Selected { path: matched.clone(), matched }]);
        }
        return Ok(tree.resolve(&matched).map(|(path, _)| Selected { path, matched }).into_iter().collect());
    }
    let pattern = Pattern::new(&cleaned)
        .map_err(|e| format!("invalid source pattern {source:?}: {e}"))?
        .ok_or_else(|| format!("invalid source pattern {source:?}"))?;
    let depth = cleaned.split('/').count();
    let mut out = Vec::new();
    for (path, _) in tree.iter() {
        if path.depth() == depth && pattern.matches(path.as_str()) {
            if let Some((resolved, _)) = tree.resolve(path) {
                out.push(Selected { path: resolved, matched: path.clone() });
            }
        }
    }
    Ok(out)
}

/// Compiled `--exclude` patterns.
pub struct Excludes(Vec<Pattern>);

impl Excludes {
    /// Compiles the patterns.
    pub fn new(patterns: &[String]) -> CopyResult<Self> {
        let mut out = Vec::new();
        for raw in patterns {
            if let Some(p) = Pattern::new(raw).map_err(|e| format!("invalid --exclude {raw:?}: {e}"))? {
                out.push(p);
            }
        }
        Ok(Excludes(out))
    }

    /// Whether `relative` (to the copied source) or any of its parents is excluded.
    fn excludes(&self, relative: &str) -> bool {
        if self.0.is_empty() {
            return false;
        }
        let mut prefix = String::new();
        for component in relative.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(component);
            if self.0.iter().any(|p| p.matches(&prefix)) {
                return true;
            }
        }
        false
    }
}

/// A file or directory to write: its path relative to the destination and its node.
type Item = (String, Node);

/// The items one selected source contributes: a directory's contents (not the directory) or
/// the file itself under its base name. Hard links become copies; nested symlinks stay links.
pub fn items(tree: &Tree, selected: &Selected, parents: bool, excludes: &Excludes) -> Vec<Item> {
    let prefix = if parents {
        selected.matched.parent().map(|p| p.as_str().to_owned()).unwrap_or_default()
    } else {
        String::new()
    };
    let join = |rel: &str| if prefix.is_empty() { rel.to_owned() } else { format!("{prefix}/{rel}") };
    let node = if selected.path.is_root() { Some(Node::dir(0o755)) } else { tree.get(&selected.path).cloned() };
    let Some(node) = node.map(|n| materialise(tree, n)) else { return Vec::new() };
    let mut out = Vec::new();
    if node.is_dir() {
        if parents && !selected.matched.is_root() {
            out.push((selected.matched.as_str().to_owned(), node));
        }
        for (path, child) in tree.descendants(&selected.path) {
            let relative = &path.as_str()[selected.path.as_str().len()..].trim_start_matches('/');
            if excludes.excludes(relative) {
                continue;
            }
            let rel =
                if parents { format!("{}/{relative}", selected.matched.as_str()) } else { (*relative).to_owned() };
            out.push((rel, materialise(tree, child.clone())));
        }
    } else {
        let name = selected.matched.file_name().unwrap_or_default();
        if !excludes.excludes(name) {
            out.push((join(name), node));
        }
    }
    out
}

/// A stand-in for a `COPY --from` source missing from a stage in which commands were not
/// emulated (`not_emulated` says which, e.g. "`go` was not emulated"): one file, mode 0644,
/// whose text says so. A path source gives a file of its base name; a directory (`dir/`) or
/// glob source gives `slipway-placeholder.txt`, to be written inside the destination
/// directory (the second value is then `true`).
pub fn placeholder(source: &str, stage: &str, not_emulated: &str, mtime: i64) -> (Item, bool) {
    let cleaned = clean_source(source).unwrap_or_else(|_| source.to_owned());
    let into_dir = has_glob(&cleaned) || source.ends_with('/') || source.ends_with("/.");
    let name = match cleaned.rsplit('/').next() {
        Some(base) if !into_dir && !base.is_empty() => base.to_owned(),
        _ => "slipway-placeholder.txt".to_owned(),
    };
    let text = format!(
        "Placeholder written by Slipway's emulated build.\n\
         {source} was not found in stage {stage}, where {not_emulated}.\n\
         A real build would copy what those commands produced.\n"
    );
    ((name, Node::file(text.into_bytes(), 0o644).with_mtime(mtime)), into_dir)
}

/// A hard link becomes a copy of its target's contents.
fn materialise(tree: &Tree, node: Node) -> Node {
    if let NodeKind::HardLink(target) = &node.kind {
        if let Some(target) = tree.get(target) {
            return Node { meta: node.meta, kind: target.kind.clone() };
        }
    }
    node
}

/// Items for an archive ADD extracts: every entry of a (possibly gzip-compressed) tar, or
/// `None` when `data` is not a tar archive.
pub fn archive_items(data: &[u8]) -> Option<Vec<Item>> {
    let tar = decompress(data).ok()?;
    if tar.len() < 512 || &tar[257..262] != b"ustar" {
        return None;
    }
    let layer = read_tar(tar.as_slice(), &ReadOptions::archive()).ok()?;
    Some(layer.entries().iter().map(|(path, node)| (path.as_str().to_owned(), node.clone())).collect())
}

/// How copied files are owned and moded.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ownership {
    /// `--chown` uid/gid; `None` keeps the source's owner.
    pub owner: Option<(u64, u64)>,
    /// `--chmod`; `None` keeps the source's mode.
    pub mode: Option<u32>,
}

/// Writes `items` below `dest` in `tree`. `dest` is absolute; `dest_is_dir` when it ends with
/// `/`, there are several items or sources, or it already is a directory. A single file to a
/// non-directory destination is written at `dest` itself.
pub fn write_items(
    tree: &mut Tree,
    dest: &str,
    dest_is_dir: bool,
    items: Vec<Item>,
    ownership: Ownership,
) -> CopyResult<()> {
    let dest_path = TreePath::normalize(dest.trim_start_matches('/')).map_err(|e| e.to_string())?;
    let dest_is_dir = dest_is_dir || tree.resolve(&dest_path).is_some_and(|(_, n)| n.is_dir()) || dest_path.is_root();
    let base = match tree.resolve(&dest_path) {
        Some((resolved, node)) if node.is_dir() => resolved,
        _ => dest_path.clone(),
    };
    let single_file = !dest_is_dir && items.len() == 1 && !items[0].1.is_dir();
    if dest_is_dir && !base.is_root() {
        ensure_dir(tree, &base, ownership)?;
    }
    for (relative, node) in items {
        let target = if single_file {
            base.clone()
        } else {
            let joined = if base.is_root() { relative.clone() } else { format!("{}/{relative}", base.as_str()) };
            TreePath::normalize(&joined).map_err(|e| e.to_string())?
        };
        if let Some(parent) = target.parent() {
            if !parent.is_root() {
                ensure_dir(tree, &parent, ownership)?;
            }
        }
        let node = adjust(node, ownership);
        let node = match node.kind {
            NodeKind::HardLink(_) => continue,
            _ => node,
        };
        if node.is_dir() && tree.get(&target).is_some_and(Node::is_dir) {
            tree.set_meta(&target, node.meta);
            continue;
        }
        tree.insert(target.clone(), node).map_err(|e| format!("cannot write {target}: {e}"))?;
    }
    Ok(())
}

fn adjust(mut node: Node, ownership: Ownership) -> Node {
    if let Some((uid, gid)) = ownership.owner {
        node.meta.uid = uid;
        node.meta.gid = gid;
    }
    if let Some(mode) = ownership.mode {
        if !matches!(node.kind, NodeKind::Symlink(_)) {
            node.meta.mode = mode;
        }
    }
    node
}

/// Creates `dir` and its missing parents (mode 0755, owned by `--chown`'s owner or root).
fn ensure_dir(tree: &mut Tree, dir: &TreePath, ownership: Ownership) -> CopyResult<()> {
    let (uid, gid) = ownership.owner.unwrap_or((0, 0));
    for path in dir.ancestors().chain(std::iter::once(dir.clone())) {
        match tree.get(&path) {
            Some(node) if node.is_dir() => {}
            Some(_) => return Err(format!("cannot copy to /{path}: not a directory")),
            None => {
                let node = Node::dir(0o755).with_owner(uid, gid);
                tree.insert(path.clone(), node).map_err(|e| format!("cannot create {path}: {e}"))?;
            }
        }
    }
    Ok(())
}

/// A checksum of the selected content: relative paths, types, modes, owners, link targets and
/// file contents, never times.
pub fn checksum(items: &[Item]) -> String {
    let mut hasher = Sha256::new();
    for (path, node) in items {
        hasher.update(path.as_bytes());
        hasher.update([0]);
        let Meta { mode, uid, gid, xattrs, .. } = &node.meta;
        hasher.update(format!("{mode:o} {uid} {gid}\0").as_bytes());
        for (name, value) in xattrs {
            hasher.update(name.as_bytes());
            hasher.update(value);
        }
        match &node.kind {
            NodeKind::File(data) => {
                hasher.update(b"f");
                hasher.update(Sha256::digest(data));
            }
            NodeKind::Dir => hasher.update(b"d"),
            NodeKind::Symlink(target) => {
                hasher.update(b"l");
                hasher.update(target.as_bytes());
            }
            other => hasher.update(format!("{other:?}").as_bytes()),
        }
    }
    format!("sha256:{}", hex::encode(hasher.finalize()))
}

/// Parses `--chown` (`user[:group]`, names looked up in the tree's `/etc/passwd` and
/// `/etc/group`); a user alone also sets the group to the user's primary group.
pub fn parse_chown(tree: &Tree, spec: &str) -> CopyResult<(u64, u64)> {
    let (user, group) = match spec.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (spec, None),
    };
    let passwd = read_db(tree, "etc/passwd");
    let (uid, primary_gid) = match user.parse::<u64>() {
        Ok(uid) => (uid, passwd.iter().find(|f| f.get(2) == Some(&user)).and_then(|f| f.get(3)?.parse().ok())),
        Err(_) => {
            let fields = passwd
                .iter()
                .find(|f| f.first() == Some(&user))
                .ok_or_else(|| format!("unable to find user {user}: no matching entries in passwd file"))?;
            let uid =
                fields.get(2).and_then(|v| v.parse().ok()).ok_or_else(|| format!("bad passwd entry for {user}"))?;
            (uid, fields.get(3).and_then(|v| v.parse().ok()))
        }
    };
    let gid = match group {
        None => primary_gid.unwrap_or(uid),
        Some(group) => match group.parse::<u64>() {
            Ok(gid) => gid,
            Err(_) => read_db(tree, "etc/group")
                .iter()
                .find(|f| f.first() == Some(&group))
                .and_then(|f| f.get(2)?.parse().ok())
                .ok_or_else(|| format!("unable to find group {group}: no matching entries in group file"))?,
        },
    };
    Ok((uid, gid))
}

/// Lines of a colon-separated database file, split into fields.
fn read_db<'t>(tree: &'t Tree, path: &str) -> Vec<Vec<&'t str>> {
    let Some((_, node)) = TreePath::new(path).ok().and_then(|p| tree.resolve(&p)) else { return Vec::new() };
    let Some(data) = node.data() else { return Vec::new() };
    std::str::from_utf8(data).unwrap_or_default().lines().map(|l| l.split(':').collect()).collect()
}

/// Parses `--chmod` (octal, at most 07777).
pub fn parse_chmod(spec: &str) -> CopyResult<u32> {
    u32::from_str_radix(spec, 8)
        .ok()
        .filter(|m| *m <= 0o7777)
        .ok_or_else(|| format!("invalid chmod parameter: '{spec}'. it should be octal string and between 0 and 07777"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> TreePath {
        TreePath::new(s).unwrap()
    }

    fn sample() -> Tree {
        let mut t = Tree::new();
        t.insert_with_parents(p("src/a.txt"), Node::file(&b"a"[..], 0o644)).unwrap();
        t.insert_with_parents(p("src/b.log"), Node::file(&b"b"[..], 0o600)).unwrap();
        t.insert_with_parents(p("src/sub/c.txt"), Node::file(&b"c"[..], 0o644)).unwrap();
        t.insert_with_parents(p("top.txt"), Node::file(&b"t"[..], 0o644)).unwrap();
        t
    }

    #[test]
    fn directory_contents_are_copied_not_the_directory() {
        let src = sample();
        let none = Excludes::new(&[]).unwrap();
        let selected = select(&src, "src").unwrap();
        let items = items(&src, &selected[0], false, &none);
        let mut dest = Tree::new();
        write_items(&mut dest, "/app", false, items, Ownership::default()).unwrap();
        assert!(dest.contains(&p("app/a.txt")));
        assert!(dest.contains(&p("app/sub/c.txt")));
        assert!(!dest.contains(&p("app/src")));
    }

    #[test]
    fn globs_excludes_parents_and_single_files() {
        let src = sample();
        let excludes = Excludes::new(&["*.log".to_owned()]).unwrap();
        let selected = select(&src, "src/*").unwrap();
        assert_eq!(selected.len(), 3);
        let all: Vec<Item> = selected.iter().flat_map(|s| items(&src, s, false, &excludes)).collect();
        assert!(all.iter().all(|(path, _)| !path.ends_with(".log")));
        let mut dest = Tree::new();
        let own = Ownership { owner: Some((1000, 1000)), mode: Some(0o640) };
        write_items(&mut dest, "/x/", true, all, own).unwrap();
        let file = dest.get(&p("x/a.txt")).unwrap();
        assert_eq!((file.meta.uid, file.meta.mode), (1000, 0o640));
        let mut renamed = Tree::new();
        let one = items(&src, &select(&src, "top.txt").unwrap()[0], false, &Excludes::new(&[]).unwrap());
        write_items(&mut renamed, "/etc/renamed", false, one, Ownership::default()).unwrap();
        assert_eq!(renamed.get(&p("etc/renamed")).unwrap().data(), Some(&b"t"[..]));
        let kept = items(&src, &select(&src, "src/sub/c.txt").unwrap()[0], true, &Excludes::new(&[]).unwrap());
        assert_eq!(kept[0].0, "src/sub/c.txt");
    }

    #[test]
    fn escaping_and_missing_sources_are_errors() {
        assert!(clean_source("../secret").unwrap_err().contains("outside the build context"));
        assert_eq!(clean_source("./a/../b/").unwrap(), "b");
        assert!(select(&sample(), "missing").unwrap_err().contains("not found"));
        assert!(parse_chmod("999").is_err());
        assert_eq!(parse_chmod("755").unwrap(), 0o755);
    }

    #[test]
    fn chown_looks_up_names() {
        let mut t = Tree::new();
        t.insert_with_parents(p("etc/passwd"), Node::file(&b"app:x:1001:1002::/home/app:/bin/sh\n"[..], 0o644))
            .unwrap();
        t.insert_with_parents(p("etc/group"), Node::file(&b"staff:x:50:\n"[..], 0o644)).unwrap();
        assert_eq!(parse_chown(&t, "app").unwrap(), (1001, 1002));
        assert_eq!(parse_chown(&t, "app:staff").unwrap(), (1001, 50));
        assert_eq!(parse_chown(&t, "7:8").unwrap(), (7, 8));
        assert!(parse_chown(&t, "nobody").is_err());
    }

    #[test]
    fn checksums_ignore_times() {
        let a = vec![("f".to_owned(), Node::file(&b"x"[..], 0o644).with_mtime(1))];
        let b = vec![("f".to_owned(), Node::file(&b"x"[..], 0o644).with_mtime(2))];
        let c = vec![("f".to_owned(), Node::file(&b"y"[..], 0o644))];
        assert_eq!(checksum(&a), checksum(&b));
        assert_ne!(checksum(&a), checksum(&c));
    }
}

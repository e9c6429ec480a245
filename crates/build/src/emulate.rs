//! The emulated executor (DESIGN.md §10): RUN steps run in `slipway-shell`'s interpreter over
//! the stage's file tree. Commands the interpreter cannot emulate (`apt-get`, `curl`, …) are
//! reported per step and have no effect.
//!
//! Such a gap can make a later step fail where a real build would not: `apt-get install nginx`
//! creates no `/var/www/html`, `go build` no binary for a `COPY --from`. With
//! [`BuildOptions::tolerate_emulation_gaps`](crate::BuildOptions::tolerate_emulation_gaps)
//! (the playground's mode) a RUN step failing after a command that was not emulated keeps its
//! changes, and a missing `COPY --from` source of a stage with such commands becomes a
//! placeholder file; both are reported as progress warnings.

use std::collections::BTreeMap;

use slipway_layers::{Meta, Node, NodeKind, Tree, TreePath};
use slipway_shell::interp::{run, Attrs, ExecEnv, FileType, Fs, FsError, Metadata, WriteMode};

use crate::copy::parse_chown;
use crate::error::Result;
use crate::executor::{Executor, RunOutcome, RunStep, Stream};

/// Runs RUN steps in the shell interpreter (wasm-safe).
#[derive(Clone, Copy, Debug, Default)]
pub struct Emulator;

impl Executor for Emulator {
    fn backend(&self) -> &str {
        "emulate"
    }

    fn run(&self, step: &RunStep<'_>, rootfs: &mut Tree, output: &mut dyn FnMut(Stream, &[u8])) -> Result<RunOutcome> {
        let (uid, gid) = if step.user.is_empty() {
            (0, 0)
        } else {
            match parse_chown(rootfs, step.user) {
                Ok(ids) => ids,
                Err(message) => {
                    output(Stream::Stderr, format!("{message}\n").as_bytes());
                    return Ok(RunOutcome { exit_status: 1, ..RunOutcome::default() });
                }
            }
        };
        let (shell, script) = split_shell(step.argv);
        // extend, not collect: collecting into a BTreeMap sorts first, one more sort routine in the playground's wasm
        let mut env: BTreeMap<String, String> = BTreeMap::new();
        env.extend(step.env.iter().map(|e| match e.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (e.clone(), String::new()),
        }));
        let exec = ExecEnv {
            env,
            cwd: step.cwd.to_owned(),
            uid: u32::try_from(uid).unwrap_or(u32::MAX),
            gid: u32::try_from(gid).unwrap_or(u32::MAX),
            shell,
            arch: uname_machine(step.platform).to_owned(),
            mtime: step.time,
            strict: false,
            ..ExecEnv::default()
        };
        let outcome = run(&script, &mut TreeFs { tree: rootfs }, &exec);
        if !outcome.stdout.is_empty() {
            output(Stream::Stdout, outcome.stdout.as_bytes());
        }
        if !outcome.stderr.is_empty() {
            output(Stream::Stderr, outcome.stderr.as_bytes());
        }
        let mut not_emulated: Vec<String> = Vec::new();
        for command in outcome.not_emulated {
            if !not_emulated.contains(&command.command) {
                not_emulated.push(command.command);
            }
        }
        Ok(RunOutcome { exit_status: outcome.exit_status, not_emulated, error: outcome.error.map(|e| e.message) })
    }
}

/// `[shell…, "-c", script]` → the shell prefix and the script; an exec-form argv becomes a
/// quoted command line for `/bin/sh -c`.
fn split_shell(argv: &[String]) -> (Vec<String>, String) {
    if argv.len() >= 2 && argv[argv.len() - 2] == "-c" {
        let (script, shell) = argv.split_last().map(|(s, rest)| (s.clone(), rest.to_vec())).unwrap_or_default();
        return (shell, script);
    }
    let quoted: Vec<String> = argv.iter().map(|a| format!("'{}'", a.replace('\'', r"'\''"))).collect();
    (vec!["/bin/sh".to_owned(), "-c".to_owned()], quoted.join(" "))
}

/// What `uname -m` prints on a platform.
fn uname_machine(platform: &str) -> &str {
    match platform.split('/').nth(1).unwrap_or("amd64") {
        "amd64" => "x86_64",
        "arm64" => "aarch64",
        "386" => "i686",
        "arm" => "armv7l",
        other => other,
    }
}

/// The interpreter's file system over a layer tree.
struct TreeFs<'t> {
    tree: &'t mut Tree,
}

fn tree_path(path: &str) -> std::result::Result<TreePath, FsError> {
    TreePath::normalize(path.trim_start_matches('/')).map_err(|e| FsError::Other(e.to_string()))
}

fn other(e: impl std::fmt::Display) -> FsError {
    FsError::Other(e.to_string())
}

impl TreeFs<'_> {
    /// The node at `path`, a hard link replaced by the path holding the contents.
    fn node(&self, path: &TreePath) -> std::result::Result<(TreePath, &Node), FsError> {
        let node = self.tree.get(path).ok_or(FsError::NotFound)?;
        match &node.kind {
            NodeKind::HardLink(target) => Ok((target.clone(), self.tree.get(target).ok_or(FsError::NotFound)?)),
            _ => Ok((path.clone(), node)),
        }
    }

    fn parent_is_dir(&self, path: &TreePath) -> std::result::Result<(), FsError> {
        let parent = path.parent().unwrap_or_default();
        if parent.is_root() {
            return Ok(());
        }
        match self.tree.get(&parent) {
            Some(node) if node.is_dir() => Ok(()),
            Some(_) => Err(FsError::NotADirectory),
            None => Err(FsError::NotFound),
        }
    }

    fn update_meta(&mut self, path: &str, change: impl FnOnce(&mut Meta)) -> std::result::Result<(), FsError> {
        let path = tree_path(path)?;
        if path.is_root() {
            return Ok(());
        }
        let (real, node) = self.node(&path)?;
        let mut meta = node.meta.clone();
        change(&mut meta);
        self.tree.set_meta(&real, meta);
        Ok(())
    }
}

impl Fs for TreeFs<'_> {
    fn lstat(&self, path: &str) -> std::result::Result<Metadata, FsError> {
        let path = tree_path(path)?;
        if path.is_root() {
            return Ok(Metadata { kind: FileType::Dir, mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0, nlink: 1 });
        }
        let (real, node) = self.node(&path)?;
        let (kind, size) = match &node.kind {
            NodeKind::Dir => (FileType::Dir, 0),
            NodeKind::Symlink(target) => (FileType::Symlink, target.len() as u64),
            NodeKind::File(data) => (FileType::File, data.len() as u64),
            _ => (FileType::File, 0),
        };
        let nlink = if kind == FileType::File { 1 + self.tree.links_to(&real).count() as u32 } else { 1 };
        Ok(Metadata {
            kind,
            mode: node.meta.mode & 0o7777,
            uid: u32::try_from(node.meta.uid).unwrap_or(u32::MAX),
            gid: u32::try_from(node.meta.gid).unwrap_or(u32::MAX),
            size,
            mtime: node.meta.mtime,
            nlink,
        })
    }

    fn read_link(&self, path: &str) -> std::result::Result<String, FsError> {
        match &self.node(&tree_path(path)?)?.1.kind {
            NodeKind::Symlink(target) => Ok(target.clone()),
            _ => Err(FsError::Invalid),
        }
    }

    fn read_file(&self, path: &str) -> std::result::Result<Vec<u8>, FsError> {
        let path = tree_path(path)?;
        if path.is_root() {
            return Err(FsError::IsADirectory);
        }
        match &self.node(&path)?.1.kind {
            NodeKind::File(data) => Ok(data.to_vec()),
            NodeKind::Dir => Err(FsError::IsADirectory),
            _ => Ok(Vec::new()),
        }
    }

    fn write_file(
        &mut self,
        path: &str,
        data: &[u8],
        mode: WriteMode,
        attrs: &Attrs,
    ) -> std::result::Result<(), FsError> {
        let path = tree_path(path)?;
        if path.is_root() {
            return Err(FsError::IsADirectory);
        }
        match self.node(&path) {
            Ok((real, node)) => {
                let NodeKind::File(old) = &node.kind else {
                    return Err(if node.is_dir() { FsError::IsADirectory } else { FsError::Invalid });
                };
                let contents = match mode {
                    WriteMode::Truncate => data.to_vec(),
                    WriteMode::Append => [old.as_ref(), data].concat(),
                };
                let mut meta = node.meta.clone();
                meta.mtime = attrs.mtime;
                let links: Vec<TreePath> = self.tree.links_to(&real).cloned().collect();
                self.tree
                    .insert(real.clone(), Node::file(contents, meta.mode).with_meta(meta.clone()))
                    .map_err(other)?;
                // Replacing the contents detached the hard links; point them back.
                for link in links {
                    let meta = self.tree.get(&link).map_or_else(|| meta.clone(), |n| n.meta.clone());
                    self.tree.insert(link, Node::hardlink(real.clone()).with_meta(meta)).map_err(other)?;
                }
                Ok(())
            }
            Err(FsError::NotFound) => {
                self.parent_is_dir(&path)?;
                let node = Node::file(data.to_vec(), attrs.mode)
                    .with_owner(attrs.uid.into(), attrs.gid.into())
                    .with_mtime(attrs.mtime);
                self.tree.insert(path, node).map(|_| ()).map_err(other)
            }
            Err(e) => Err(e),
        }
    }

    fn create_dir(&mut self, path: &str, attrs: &Attrs) -> std::result::Result<(), FsError> {
        let path = tree_path(path)?;
        if path.is_root() || self.tree.contains(&path) {
            return Err(FsError::AlreadyExists);
        }
        self.parent_is_dir(&path)?;
        let node = Node::dir(attrs.mode).with_owner(attrs.uid.into(), attrs.gid.into()).with_mtime(attrs.mtime);
        self.tree.insert(path, node).map(|_| ()).map_err(other)
    }

    fn remove(&mut self, path: &str) -> std::result::Result<(), FsError> {
        let path = tree_path(path)?;
        if path.is_root() {
            return Err(FsError::Invalid);
        }
        let node = self.tree.get(&path).ok_or(FsError::NotFound)?;
        if node.is_dir() && self.tree.children(&path).next().is_some() {
            return Err(FsError::NotEmpty);
        }
        self.tree.remove(&path);
        Ok(())
    }

    fn rename(&mut self, from: &str, to: &str) -> std::result::Result<(), FsError> {
        let (from, to) = (tree_path(from)?, tree_path(to)?);
        if from.is_root() || to.is_root() || to.is_below(&from) {
            return Err(FsError::Invalid);
        }
        if from == to {
            return Ok(());
        }
        let node = self.tree.get(&from).ok_or(FsError::NotFound)?.clone();
        self.parent_is_dir(&to)?;
        if let Some(existing) = self.tree.get(&to) {
            match (node.is_dir(), existing.is_dir()) {
                (true, true) if self.tree.children(&to).next().is_some() => return Err(FsError::NotEmpty),
                (false, true) => return Err(FsError::IsADirectory),
                (true, false) => return Err(FsError::NotADirectory),
                _ => {}
            }
            self.tree.remove(&to);
        }
        let below: Vec<(TreePath, Node)> = self.tree.descendants(&from).map(|(p, n)| (p.clone(), n.clone())).collect();
        self.tree.remove(&from);
        self.tree.insert(to.clone(), node).map_err(other)?;
        for (path, node) in below {
            let rest = &path.as_str()[from.as_str().len() + 1..];
            let moved = TreePath::normalize(&format!("{}/{rest}", to.as_str())).map_err(other)?;
            self.tree.insert(moved, node).map_err(other)?;
        }
        Ok(())
    }

    fn symlink(&mut self, target: &str, link: &str, attrs: &Attrs) -> std::result::Result<(), FsError> {
        let link = tree_path(link)?;
        if link.is_root() || self.tree.contains(&link) {
            return Err(FsError::AlreadyExists);
        }
        self.parent_is_dir(&link)?;
        let node = Node::symlink(target).with_owner(attrs.uid.into(), attrs.gid.into()).with_mtime(attrs.mtime);
        self.tree.insert(link, node).map(|_| ()).map_err(other)
    }

    fn hard_link(&mut self, existing: &str, link: &str) -> std::result::Result<(), FsError> {
        let (existing, link) = (tree_path(existing)?, tree_path(link)?);
        if self.tree.contains(&link) {
            return Err(FsError::AlreadyExists);
        }
        self.parent_is_dir(&link)?;
        let (real, node) = self.node(&existing)?;
        if node.is_dir() {
            return Err(FsError::Invalid);
        }
        let meta = node.meta.clone();
        self.tree.insert(link, Node::hardlink(real).with_meta(meta)).map(|_| ()).map_err(other)
    }

    fn set_mode(&mut self, path: &str, mode: u32) -> std::result::Result<(), FsError> {
        self.update_meta(path, |m| m.mode = mode & 0o7777)
    }

    fn set_owner(&mut self, path: &str, uid: u32, gid: u32) -> std::result::Result<(), FsError> {
        self.update_meta(path, |m| {
            m.uid = uid.into();
            m.gid = gid.into();
        })
    }

    fn set_mtime(&mut self, path: &str, mtime: i64) -> std::result::Result<(), FsError> {
        self.update_meta(path, |m| m.mtime = mtime)
    }

    fn read_dir(&self, path: &str) -> std::result::Result<Vec<String>, FsError> {
        let path = tree_path(path)?;
        if !path.is_root() && !self.tree.get(&path).ok_or(FsError::NotFound)?.is_dir() {
            return Err(FsError::NotADirectory);
        }
        Ok(self.tree.children(&path).filter_map(|(p, _)| p.file_name().map(str::to_owned)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step<'a>(argv: &'a [String], env: &'a [String]) -> RunStep<'a> {
        RunStep { name: "test", argv, env, cwd: "/", user: "", mounts: &[], platform: "linux/amd64", time: 7 }
    }

    #[test]
    fn runs_scripts_over_the_tree() {
        let mut tree = Tree::new();
        let argv = [
            "/bin/sh".to_owned(),
            "-c".to_owned(),
            "mkdir -p /app && echo hi > /app/x && echo $A >> /app/x && apt-get install -y curl".to_owned(),
        ];
        let env = ["A=b".to_owned()];
        let mut out = Vec::new();
        let outcome = Emulator.run(&step(&argv, &env), &mut tree, &mut |_, b| out.extend_from_slice(b)).unwrap();
        assert_eq!(outcome.exit_status, 0);
        assert_eq!(outcome.not_emulated, ["apt-get"]);
        let file = tree.get(&TreePath::new("app/x").unwrap()).unwrap();
        assert_eq!(file.data(), Some(&b"hi\nb\n"[..]));
        assert_eq!(file.meta.mtime, 7);
    }

    #[test]
    fn exec_form_and_failures() {
        let mut tree = Tree::new();
        let argv = ["sh".to_owned(), "-c".to_owned(), "exit 3".to_owned()];
        let outcome = Emulator.run(&step(&argv, &[]), &mut tree, &mut |_, _| {}).unwrap();
        assert_eq!(outcome.exit_status, 3);
        let exec = ["echo".to_owned(), "it's".to_owned()];
        let mut out = Vec::new();
        Emulator.run(&step(&exec, &[]), &mut tree, &mut |_, b| out.extend_from_slice(b)).unwrap();
        assert_eq!(out, b"it's\n");
        let moved = [
            "/bin/sh".to_owned(),
            "-c".to_owned(),
            "mkdir -p /a/b && touch /a/b/f && mv /a /c && ln -s /c/b /l && rm -r /c/b/f".to_owned(),
        ];
        assert_eq!(Emulator.run(&step(&moved, &[]), &mut tree, &mut |_, _| {}).unwrap().exit_status, 0);
        assert!(tree.contains(&TreePath::new("c/b").unwrap()));
        assert!(!tree.contains(&TreePath::new("a").unwrap()));
        assert!(!tree.contains(&TreePath::new("c/b/f").unwrap()));
    }
}

//! Variable scopes as BuildKit evaluates them: global ARGs (before the first FROM)
//! are visible only in FROM lines, together with the automatic platform ARGs; inside
//! a stage only ARGs declared there and ENV values are visible, and `ARG NAME`
//! without a default imports the global value of `NAME`. Build arguments override
//! ARG defaults. Values are expanded in order with the scope built so far.

use super::{Command, Model, Stage};
use crate::expand::{ExpandError, Expander};

/// Ordered variables; a later definition of a name replaces an earlier one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    vars: Vec<(String, String)>,
}

impl Scope {
    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Sets `name`, replacing an earlier value.
    pub fn set(&mut self, name: &str, value: String) {
        self.vars.retain(|(k, _)| k != name);
        self.vars.push((name.to_string(), value));
    }

    /// The variables in definition order.
    pub fn vars(&self) -> &[(String, String)] {
        &self.vars
    }
}

impl crate::expand::Env for Scope {
    fn lookup(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.get(name).map(std::borrow::Cow::Borrowed)
    }
}

/// The target and build platforms, for the automatic platform ARGs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Platforms {
    /// e.g. `linux/amd64`.
    pub build: String,
    /// e.g. `linux/arm64/v8`.
    pub target: String,
}

impl Default for Platforms {
    fn default() -> Self {
        Platforms { build: "linux/amd64".into(), target: "linux/amd64".into() }
    }
}

/// The automatic platform ARGs (`BUILDPLATFORM`, `TARGETOS`, …) for `platforms`.
pub fn platform_args(platforms: &Platforms) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (prefix, platform) in [("BUILD", &platforms.build), ("TARGET", &platforms.target)] {
        let mut parts = platform.split('/');
        let os = parts.next().unwrap_or_default();
        let arch = parts.next().unwrap_or_default();
        let variant = parts.next().unwrap_or_default();
        out.push((format!("{prefix}PLATFORM"), platform.clone()));
        out.push((format!("{prefix}OS"), os.to_string()));
        out.push((format!("{prefix}ARCH"), arch.to_string()));
        out.push((format!("{prefix}VARIANT"), variant.to_string()));
    }
    out
}

/// The scope of FROM lines: platform ARGs, then the global ARGs in order, each default
/// expanded with what came before and overridden by a build argument of that name.
pub fn global_scope(
    model: &Model,
    escape: char,
    build_args: &[(String, String)],
    platforms: &Platforms,
) -> Result<Scope, ExpandError> {
    let mut scope = Scope::default();
    for (name, value) in platform_args(platforms) {
        scope.set(&name, value);
    }
    for arg in &model.global_args {
        if let Command::Arg { args } = &arg.command {
            declare_args(&mut scope, args, None, build_args, escape)?;
        }
    }
    Ok(scope)
}

/// A stage's base image with the global scope expanded into it (`FROM ${IMAGE}:${TAG}`).
pub fn resolve_base(stage: &Stage, escape: char, global: &Scope) -> Result<String, ExpandError> {
    Ok(Expander::new(escape, global).expand_word(&stage.base)?.value)
}

/// The scope in effect before each command of `stage` (one entry per command), then
/// the scope at the end of the stage. `base_env` is the base image's configured
/// environment (empty when unknown, e.g. for `scratch` or an image not in the store).
pub fn stage_scopes(
    stage: &Stage,
    escape: char,
    global: &Scope,
    build_args: &[(String, String)],
    base_env: &Scope,
) -> Result<Vec<Scope>, ExpandError> {
    let mut scope = base_env.clone();
    let mut out = Vec::with_capacity(stage.commands.len() + 1);
    for command in &stage.commands {
        out.push(scope.clone());
        match &command.command {
            Command::Arg { args } => declare_args(&mut scope, args, Some(global), build_args, escape)?,
            Command::Env { pairs } => {
                for (key, value) in pairs {
                    let expander = Expander::new(escape, &scope);
                    let key = expander.expand_word(key)?.value;
                    let value = expander.expand_word(value)?.value;
                    scope.set(&key, value);
                }
            }
            _ => {}
        }
    }
    out.push(scope);
    Ok(out)
}

/// Declares ARGs: a build argument wins, else the default (expanded), else — inside a
/// stage — the global value of the same name; an ARG with none of these stays unset.
fn declare_args(
    scope: &mut Scope,
    args: &[(String, Option<String>)],
    global: Option<&Scope>,
    build_args: &[(String, String)],
    escape: char,
) -> Result<(), ExpandError> {
    for (name, default) in args {
        let name = Expander::new(escape, &*scope).expand_word(name)?.value;
        let value = match build_args.iter().rev().find(|(k, _)| *k == name) {
            Some((_, value)) => Some(value.clone()),
            None => match default {
                Some(default) => Some(Expander::new(escape, &*scope).expand_word(default)?.value),
                None => global.and_then(|g| g.get(&name)).map(str::to_string),
            },
        };
        if let Some(value) = value {
            scope.set(&name, value);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instructions::analyze;
    use crate::parse;

    const FILE: &str = "ARG BASE=alpine\nARG TAG=3.20\nARG SUFFIX=${TAG}-slim\nFROM ${BASE}:${TAG} AS build\nARG TAG\nARG LOCAL=x\nENV PATH=/opt/${LOCAL}:$PATH HOME=/root\nRUN echo $TAG $BASE\nFROM --platform=$BUILDPLATFORM golang:${SUFFIX}\n";

    #[test]
    fn global_args_expand_in_order_and_feed_from_lines() {
        let file = parse(FILE);
        let model = analyze(&file);
        let global = global_scope(&model, '\\', &[], &Platforms::default()).unwrap();
        assert_eq!(global.get("SUFFIX"), Some("3.20-slim"));
        assert_eq!(global.get("TARGETARCH"), Some("amd64"));
        assert_eq!(resolve_base(&model.stages[0], '\\', &global).unwrap(), "alpine:3.20");
        assert_eq!(resolve_base(&model.stages[1], '\\', &global).unwrap(), "golang:3.20-slim");
        let overridden = global_scope(&model, '\\', &[("TAG".into(), "edge".into())], &Platforms::default()).unwrap();
        assert_eq!(resolve_base(&model.stages[0], '\\', &overridden).unwrap(), "alpine:edge");
    }

    #[test]
    fn stage_scope_imports_only_declared_globals() {
        let file = parse(FILE);
        let model = analyze(&file);
        let global = global_scope(&model, '\\', &[], &Platforms::default()).unwrap();
        let scopes = stage_scopes(&model.stages[0], '\\', &global, &[], &Scope::default()).unwrap();
        let at_run = &scopes[3];
        assert_eq!(at_run.get("TAG"), Some("3.20"), "ARG TAG imports the global default");
        assert_eq!(at_run.get("BASE"), None, "undeclared globals are not visible in a stage");
        assert_eq!(at_run.get("PATH"), Some("/opt/x:"));
        assert_eq!(at_run.get("HOME"), Some("/root"));
        assert_eq!(scopes[0].vars(), &[] as &[(String, String)]);
        let mut base = Scope::default();
        base.set("PATH", "/usr/bin".into());
        let scopes = stage_scopes(&model.stages[0], '\\', &global, &[], &base).unwrap();
        assert_eq!(scopes[3].get("PATH"), Some("/opt/x:/usr/bin"));
    }
}

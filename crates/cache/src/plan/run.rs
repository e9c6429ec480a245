//! Building a [`RunOp`] from a typed RUN and the stage state.

use slipway_syntax::instructions::mount::Mount;
use slipway_syntax::instructions::scope::Scope;
use slipway_syntax::instructions::{CommandLine, HeredocSource};

use super::stage::{expand, Origin, Planner, StageState};
use super::PlanError;
use crate::keys::{EnvOrigin, EnvVar, MountFrom, MountInput, RunHeredoc, RunOp};

/// The flags and arguments of a RUN.
pub(super) struct RunSpec<'c> {
    /// The command line.
    pub command: &'c CommandLine,
    /// Heredocs.
    pub heredocs: &'c [HeredocSource],
    /// `--mount`s.
    pub mounts: &'c [Mount],
    /// `--network`.
    pub network: &'c Option<String>,
    /// `--security`.
    pub security: &'c Option<String>,
    /// `--device`s.
    pub devices: &'c [String],
}

/// The exec op of `spec` run in `state` with variables `scope`.
pub(super) fn run_op(
    planner: &Planner<'_>,
    state: &StageState,
    scope: &Scope,
    spec: &RunSpec<'_>,
    line: usize,
) -> Result<RunOp, PlanError> {
    let RunSpec { command, heredocs, mounts, network, security, devices } = *spec;
    let argv = match command {
        CommandLine::Exec(argv) => argv.clone(),
        CommandLine::Shell(text) => state.shell.iter().cloned().chain([text.clone()]).collect(),
    };
    let mut env: Vec<EnvVar> = scope
        .vars()
        .iter()
        .map(|(name, value)| EnvVar {
            name: name.clone(),
            value: value.clone(),
            origin: state.origins.get(name).copied().unwrap_or(EnvOrigin::Image),
        })
        .collect();
    slipway_sort::sort_by(&mut env, |a, b| a.name.cmp(&b.name));
    let mounts = mounts.iter().map(|m| mount_input(planner, scope, m, line)).collect::<Result<_, _>>()?;
    Ok(RunOp {
        argv,
        heredocs: heredocs.iter().map(|h| RunHeredoc { name: h.name.clone(), content: h.content.clone() }).collect(),
        env,
        workdir: state.workdir.clone(),
        user: state.user.clone(),
        network: network.clone().unwrap_or_else(|| "default".to_string()),
        security: security.clone().unwrap_or_else(|| "sandbox".to_string()),
        mounts,
        devices: devices.to_vec(),
    })
}

/// One `--mount` with its values expanded (BuildKit expands mount values with the stage's
/// variables) and the defaults dockerfile2llb fills in.
fn mount_input(planner: &Planner<'_>, scope: &Scope, mount: &Mount, line: usize) -> Result<MountInput, PlanError> {
    let escape = planner.analysis.file.escape;
    let word = |value: &Option<String>| -> Result<Option<String>, PlanError> {
        value.as_deref().map(|v| expand(escape, scope, v, line)).transpose()
    };
    let target = word(&mount.target)?;
    let source = word(&mount.source)?;
    let id = word(&mount.id)?;
    let ownership = [
        ("mode", mount.mode.map(|m| format!("{m:o}"))),
        ("uid", mount.uid.map(|u| u.to_string())),
        ("gid", mount.gid.map(|g| g.to_string())),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| format!(",{k}={v}")))
    .collect::<String>();
    let from = mount.from.as_deref().map(|f| planner.resolve(f));
    let mount_from = |origin: &Origin| match origin {
        Origin::Context(name) => MountFrom::Context(name.clone()),
        Origin::Stage(_) => MountFrom::Stage(planner.origin_name(origin)),
        Origin::Image(reference) => MountFrom::Image(reference.clone()),
    };
    Ok(match mount.kind.as_str() {
        "cache" => {
            let target = target.unwrap_or_default();
            MountInput::Cache {
                id: id.unwrap_or_else(|| target.clone()),
                target,
                sharing: mount.sharing.clone().unwrap_or_else(|| "shared".to_string()),
                readonly: mount.readonly,
                from: from.as_ref().map(mount_from),
                ownership,
            }
        }
        "secret" => {
            let id = id.unwrap_or_else(|| target.as_deref().map(basename).unwrap_or_default());
            let env = word(&mount.env)?;
            let target = match (target, &env) {
                (Some(t), _) => t,
                (None, Some(_)) => String::new(),
                (None, None) => format!("/run/secrets/{id}"),
            };
            MountInput::Secret { target, id, env, required: mount.required, ownership }
        }
        "ssh" => MountInput::Ssh {
            target: target.unwrap_or_else(|| "/run/buildkit/ssh_agent.0".to_string()),
            id: id.unwrap_or_else(|| "default".to_string()),
            required: mount.required,
            ownership,
        },
        "tmpfs" => MountInput::Tmpfs { target: target.unwrap_or_default(), size: word(&mount.size)? },
        _ => {
            let origin = from.unwrap_or(Origin::Context(None));
            let source = crate::path::normalize(source.as_deref().unwrap_or("/"));
            let content = planner.checksum(&origin, &source, &[]);
            MountInput::Bind {
                target: target.unwrap_or_default(),
                from: mount_from(&origin),
                source,
                readonly: mount.readonly,
                content,
            }
        }
    })
}

fn basename(path: &str) -> String {
    path.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string()
}

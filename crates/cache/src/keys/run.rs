//! The RUN vertex: BuildKit's exec op.

use serde::{Deserialize, Serialize};

use super::KeyInput;

/// Where a variable of a RUN environment came from (explains reasons; never hashed: the
/// process sees one environment either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnvOrigin {
    /// An `ARG` of the stage with a value (a default, a `--build-arg`, or an imported global).
    Arg,
    /// An `ENV` instruction.
    Env,
    /// The base image's configured environment.
    Image,
}

/// One environment variable of a RUN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvVar {
    /// The name.
    pub name: String,
    /// The value.
    pub value: String,
    /// Where it came from.
    pub origin: EnvOrigin,
}

/// What a mount reads from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum MountFrom {
    /// The build context (or a named context).
    Context(Option<String>),
    /// A stage of this Dockerfile, by name or index.
    Stage(String),
    /// An image reference.
    Image(String),
}

impl std::fmt::Display for MountFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MountFrom::Context(None) => f.write_str("context"),
            MountFrom::Context(Some(name)) => write!(f, "context:{name}"),
            MountFrom::Stage(name) => write!(f, "stage:{name}"),
            MountFrom::Image(name) => write!(f, "image:{name}"),
        }
    }
}

/// A `RUN --mount`, reduced to what BuildKit keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MountInput {
    /// `type=bind`: the mount spec and the content checksum of the mounted source (BuildKit
    /// computes a content checksum of each mount's selector and puts it in the exec op's
    /// cache map, as it does for COPY sources).
    Bind {
        /// Mount point.
        target: String,
        /// What is mounted.
        from: MountFrom,
        /// Path inside it.
        source: String,
        /// Read-only.
        readonly: bool,
        /// The content checksum of `source`.
        content: String,
    },
    /// `type=cache`: id, target, sharing and ownership; the cache's contents never enter
    /// a key (it is a persistent scratch directory).
    Cache {
        /// Mount point.
        target: String,
        /// Cache id (defaults to the target).
        id: String,
        /// `shared`, `private` or `locked`.
        sharing: String,
        /// Read-only.
        readonly: bool,
        /// `from` stage/image seeding the cache, if any.
        from: Option<MountFrom>,
        /// `mode`, `uid`, `gid` as written.
        ownership: String,
    },
    /// `type=secret`: id, target or env and options; the secret's value never enters a key.
    Secret {
        /// Mount point (defaults to `/run/secrets/<id>`), empty when exposed only as env.
        target: String,
        /// Secret id.
        id: String,
        /// Environment variable the secret is exposed as.
        env: Option<String>,
        /// `required`.
        required: bool,
        /// `mode`, `uid`, `gid` as written.
        ownership: String,
    },
    /// `type=ssh`: the agent socket id and target.
    Ssh {
        /// Socket path.
        target: String,
        /// Agent id (defaults to `default`).
        id: String,
        /// `required`.
        required: bool,
        /// `mode`, `uid`, `gid` as written.
        ownership: String,
    },
    /// `type=tmpfs`: target and size only.
    Tmpfs {
        /// Mount point.
        target: String,
        /// Size limit as written.
        size: Option<String>,
    },
}

impl MountInput {
    /// The mount point.
    pub fn target(&self) -> &str {
        match self {
            MountInput::Bind { target, .. }
            | MountInput::Cache { target, .. }
            | MountInput::Secret { target, .. }
            | MountInput::Ssh { target, .. }
            | MountInput::Tmpfs { target, .. } => target,
        }
    }

    fn inputs(&self, out: &mut Vec<KeyInput>) {
        let name = match self {
            MountInput::Secret { target, env: Some(env), .. } if target.is_empty() => format!("mount env {env}"),
            _ => format!("mount {}", self.target()),
        };
        let spec = match self {
            MountInput::Bind { from, source, readonly, content, .. } => {
                out.push(KeyInput::new(format!("{name} content"), content).from_origin(format!("{from} {source}")));
                format!("type=bind,from={from},source={source},readonly={readonly}")
            }
            MountInput::Cache { id, sharing, readonly, from, ownership, .. } => {
                let from = from.as_ref().map(|f| format!(",from={f}")).unwrap_or_default();
                format!("type=cache,id={id},sharing={sharing},readonly={readonly}{from}{ownership}")
            }
            MountInput::Secret { id, env, required, ownership, .. } => {
                let env = env.as_ref().map(|e| format!(",env={e}")).unwrap_or_default();
                format!("type=secret,id={id},required={required}{env}{ownership}")
            }
            MountInput::Ssh { id, required, ownership, .. } => {
                format!("type=ssh,id={id},required={required}{ownership}")
            }
            MountInput::Tmpfs { size, .. } => {
                format!("type=tmpfs,size={}", size.as_deref().unwrap_or(""))
            }
        };
        out.push(KeyInput::new(name, spec));
    }
}

/// A heredoc attached to a RUN: its body is part of what runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunHeredoc {
    /// The heredoc name.
    pub name: String,
    /// The body (tabs stripped for `<<-`).
    pub content: String,
}

/// `RUN`: BuildKit's exec op. Its definition holds the argv (the shell prefix from SHELL,
/// default `/bin/sh -c`, then the command text unexpanded; heredoc bodies are part of the
/// script or written to files by the op), the environment (the image config's env: base
/// image env, every ENV, and every ARG in scope that has a value — dockerfile2llb adds
/// them all with `llb.AddEnv`; predefined proxy ARGs are passed outside the key unless the
/// Dockerfile declares them), the working directory, the user, network and security modes,
/// devices and every mount. The parent key chains it to the filesystem it runs on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunOp {
    /// The full argv, shell prefix included.
    pub argv: Vec<String>,
    /// Heredoc bodies.
    pub heredocs: Vec<RunHeredoc>,
    /// The environment, sorted by name.
    pub env: Vec<EnvVar>,
    /// The working directory.
    pub workdir: String,
    /// The user (empty for root).
    pub user: String,
    /// `default`, `none` or `host`.
    pub network: String,
    /// `sandbox` or `insecure`.
    pub security: String,
    /// Mounts in the order written.
    pub mounts: Vec<MountInput>,
    /// `--device` values.
    pub devices: Vec<String>,
}

impl RunOp {
    /// What feeds the key. The environment is hashed in name order whatever order `env` has.
    pub fn inputs(&self) -> Vec<KeyInput> {
        let argv = serde_json::to_string(&self.argv).unwrap_or_default();
        let mut out = vec![KeyInput::new("argv", argv)];
        for heredoc in &self.heredocs {
            out.push(KeyInput::new(format!("heredoc {}", heredoc.name), &heredoc.content));
        }
        let mut env: Vec<&EnvVar> = self.env.iter().collect();
        slipway_sort::sort_by(&mut env, |a, b| a.name.cmp(&b.name));
        for var in env {
            let origin = match var.origin {
                EnvOrigin::Arg => "build arg",
                EnvOrigin::Env => "ENV",
                EnvOrigin::Image => "base image env",
            };
            out.push(KeyInput::new(format!("env {}", var.name), &var.value).from_origin(origin));
        }
        out.push(KeyInput::new("workdir", &self.workdir));
        out.push(KeyInput::new("user", &self.user));
        out.push(KeyInput::new("network", &self.network));
        out.push(KeyInput::new("security", &self.security));
        for mount in &self.mounts {
            mount.inputs(&mut out);
        }
        for device in &self.devices {
            out.push(KeyInput::new("device", device));
        }
        out
    }
}

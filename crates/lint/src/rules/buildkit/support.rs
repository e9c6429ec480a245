//! Helpers shared by the BuildKit checks: BuildKit's "did you mean" search and the source span
//! of a variable reference inside a token.

use slipway_syntax::expand::{Expander, VarRef};
use slipway_syntax::instructions::scope::{stage_scopes, Scope};
use slipway_syntax::{Span, Token};

use crate::context::Context;

/// The option closest to `value` by edit distance, when below 3 and not an exact match
/// (BuildKit's `suggest.Search`, case-sensitive). Ties go to the earlier option.
pub(super) fn did_you_mean<'a>(value: &str, options: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    slipway_syntax::suggest::did_you_mean(value, options, true)
}

/// The source span of reference `r` found in `word`, which starts `offset` bytes into `token`'s
/// value: exact when the token's source text is its value (no quotes removed, no continuation
/// lines joined), else the whole token.
pub(super) fn reference_span(ctx: &Context<'_>, token: &Token, offset: usize, r: &VarRef) -> Span {
    if ctx.text(token.span) == token.value.as_str() {
        let start = token.span.start + offset + r.offset;
        Span::new(start, start + r.len)
    } else {
        token.span
    }
}

/// The ARG/ENV scope in effect before instruction `index` of a stage, from this Dockerfile
/// alone (the base image's environment is unknown here), or `None` outside a stage or when
/// expansion fails.
pub(super) fn scope_before(ctx: &Context<'_>, index: usize) -> Option<Scope> {
    let stage = &ctx.model.stages[ctx.stage_of(index)?.index];
    let position = stage.commands.iter().position(|c| c.index == index)?;
    let scopes = stage_scopes(stage, ctx.file.escape, &ctx.global_args, &[], &Scope::default()).ok()?;
    scopes.into_iter().nth(position)
}

/// The EXPOSE port specs of instruction `index` with the token each came from: a token with a
/// variable is expanded and split into words (as BuildKit does before checking).
pub(super) fn expose_ports<'t>(ctx: &Context<'_>, index: usize, tokens: &'t [Token]) -> Vec<(&'t Token, String)> {
    let mut out = Vec::new();
    let mut scope = None;
    for token in tokens {
        let expander_scope = if slipway_syntax::expand::contains_expansion(&token.value, ctx.file.escape) {
            scope.get_or_insert_with(|| scope_before(ctx, index).unwrap_or_default())
        } else {
            out.push((token, token.value.to_string()));
            continue;
        };
        if let Ok(words) = Expander::new(ctx.file.escape, &*expander_scope).expand_words(&token.value) {
            out.extend(words.into_iter().map(|w| (token, w)));
        }
    }
    out
}

/// BuildKit's split of an EXPOSE spec `[ip:][host:]container[/proto]`: (ip, host port,
/// container port, protocol), or `None` when BuildKit rejects it before its checks run (no
/// container port, unknown protocol).
pub(super) fn split_port(spec: &str) -> Option<(&str, &str, &str, &str)> {
    let parts: Vec<&str> = spec.split(':').collect();
    let n = parts.len();
    let (ip, host, container) = match n {
        1 => ("", "", spec),
        2 => ("", parts[0], parts[1]),
        _ => (&spec[..spec.len() - parts[n - 1].len() - parts[n - 2].len() - 2], parts[n - 2], parts[n - 1]),
    };
    let (port, proto) = container.split_once('/').unwrap_or((container, ""));
    if port.is_empty() || !matches!(proto.to_ascii_lowercase().as_str(), "" | "tcp" | "udp" | "sctp") {
        return None;
    }
    Some((ip, host, port, proto))
}

/// The `--platform` flag of instruction `index` and where its value starts in the flag's value.
pub(super) fn platform_flag<'c>(ctx: &Context<'c>, index: usize) -> Option<(&'c Token, usize)> {
    let flag = ctx.instructions()[index].flags.iter().find(|f| f.value.starts_with("--platform="))?;
    Some((flag, "--platform=".len()))
}

/// The automatic ARGs BuildKit defines for FROM lines beyond those of
/// [`platform_args`](slipway_syntax::instructions::scope::platform_args).
pub(super) const EXTRA_AUTOMATIC_ARGS: [&str; 3] = ["BUILDOSVERSION", "TARGETOSVERSION", "TARGETSTAGE"];

#[cfg(test)]
mod tests {
    use super::{did_you_mean, split_port};

    #[test]
    fn ports_split_like_buildkit() {
        assert_eq!(split_port("80"), Some(("", "", "80", "")));
        assert_eq!(split_port("80/TCP"), Some(("", "", "80", "TCP")));
        assert_eq!(split_port("127.0.0.1:80:8080/udp"), Some(("127.0.0.1", "80", "8080", "udp")));
        assert_eq!(split_port("[::1]:80:80"), Some(("[::1]", "80", "80", "")));
        assert_eq!(split_port("80/http"), None);
        assert_eq!(split_port("80:"), None);
    }

    #[test]
    fn suggestions_follow_buildkit() {
        assert_eq!(did_you_mean("NODE_VERISON", ["PATH", "NODE_VERSION"]), Some("NODE_VERSION"));
        assert_eq!(did_you_mean("PATH", ["PATH", "PAT"]), None);
        assert_eq!(did_you_mean("XYZ", ["PATH"]), None);
        assert_eq!(did_you_mean("path", ["PATH"]), None, "case-sensitive: 4 edits");
    }
}

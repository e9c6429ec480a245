//! What several instruction rules share: stage references, the stages that are images
//! someone runs, sub-spans of tokens, and LABEL pairs with the label schema.

use slipway_syntax::instructions::Command;
use slipway_syntax::{Arguments, KeyValue, Span, Token};

use crate::context::Context;
use crate::finding::{Edit, Fix};

/// The stage a `--from` (or `--mount=from=`) reference names among the stages that start
/// before instruction `before`: a stage name (case-insensitive, as BuildKit lower-cases both)
/// or a stage index.
pub(super) fn stage_ref(ctx: &Context<'_>, reference: &str, before: usize) -> Option<usize> {
    let lower = reference.to_lowercase();
    let earlier = ctx.stages.iter().filter(|s| s.from_index < before);
    let by_name = earlier.clone().find(|s| s.name.as_deref() == Some(lower.as_str()));
    let by_index = || reference.parse::<usize>().ok().and_then(|i| earlier.clone().find(|s| s.index == i));
    by_name.or_else(by_index).map(|s| s.index)
}

/// For each stage, whether it is an image that gets run: no later stage builds on it (`FROM
/// stage`), copies from it (`COPY --from`) or mounts it (`RUN --mount=from=`). The last stage
/// always is; an unused earlier stage may be built with `--target`.
pub(super) fn runnable_stages(ctx: &Context<'_>) -> Vec<bool> {
    let mut runnable = vec![true; ctx.stages.len()];
    for stage in &ctx.stages {
        if let Some(base) = stage.base_stage {
            runnable[base] = false;
        }
    }
    for (index, _, command) in ctx.commands() {
        let references: Vec<&str> = match command {
            Command::Copy { from: Some(from), .. } => vec![from.as_str()],
            Command::Run { mounts, .. } => mounts.iter().filter_map(|m| m.from.as_deref()).collect(),
            _ => continue,
        };
        for reference in references {
            if let Some(used) = stage_ref(ctx, reference, index) {
                if ctx.stage_of(index).is_none_or(|s| s.index != used) {
                    runnable[used] = false;
                }
            }
        }
    }
    if let Some(last) = runnable.last_mut() {
        *last = true;
    }
    runnable
}

/// Instructions matching `kind` that follow an earlier one of the same stage (the second and
/// later `CMD`s of a stage, …), each with the previous one.
pub(super) fn repeats(ctx: &Context<'_>, kind: fn(&Command) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for stage in &ctx.stages {
        let matching: Vec<usize> =
            (stage.from_index..stage.end_index).filter(|&i| ctx.command(i).is_some_and(kind)).collect();
        out.extend(matching.windows(2).map(|pair| (pair[0], pair[1])));
    }
    out
}

/// A safe fix deleting instruction `earlier` (whole lines, trailing newline included): the
/// earlier of two `CMD`s, `ENTRYPOINT`s or `HEALTHCHECK`s of a stage, which the later one
/// overrides, so the image behaves the same without it.
pub(super) fn delete_overridden(ctx: &Context<'_>, earlier: usize, what: &str) -> Fix {
    let span = ctx.instructions()[earlier].span;
    let end = if ctx.source[span.end..].starts_with("\r\n") {
        span.end + 2
    } else if ctx.source[span.end..].starts_with('\n') {
        span.end + 1
    } else {
        span.end
    };
    Fix::safe(
        format!("Delete the earlier {what}, which this one overrides"),
        vec![Edit::delete(Span::new(span.start, end))],
    )
}

/// The span of `value[range]` inside `token` when the token is written exactly as its value
/// (no quotes, escapes or continuations); otherwise the whole token.
pub(super) fn part(ctx: &Context<'_>, token: &Token, range: std::ops::Range<usize>) -> Span {
    if ctx.text(token.span) == token.value.as_str() && range.end <= token.value.len() {
        Span::new(token.span.start + range.start, token.span.start + range.end)
    } else {
        token.span
    }
}

/// The `--from` flag of an instruction and the span of its value.
pub(super) fn from_flag(ctx: &Context<'_>, instruction: &slipway_syntax::Instruction) -> Option<Span> {
    let token = instruction.flags.iter().find(|f| f.value.starts_with("--from="))?;
    let text = ctx.text(token.span);
    Some(if text.starts_with("--from=") && text.len() > 7 {
        Span::new(token.span.start + 7, token.span.end)
    } else {
        token.span
    })
}

/// The word tokens of an instruction (exec or shell form), flags excluded.
pub(super) fn words(args: &Arguments) -> &[Token] {
    match args {
        Arguments::Words(tokens) | Arguments::Json(tokens) => tokens,
        _ => &[],
    }
}

/// A LABEL pair: the instruction, its stage and the key/value as written and as parsed.
pub(super) struct LabelPair<'a> {
    /// Index of the LABEL instruction.
    pub index: usize,
    /// Index of its stage.
    pub stage: usize,
    /// The pair's tokens.
    pub tokens: &'a KeyValue,
    /// The key with quotes removed.
    pub key: String,
    /// The value with quotes removed.
    pub value: String,
}

/// Every LABEL pair of the file, in order.
pub(super) fn label_pairs<'a>(ctx: &Context<'a>) -> Vec<LabelPair<'a>> {
    let mut out = Vec::new();
    for (index, instruction, command) in ctx.commands() {
        let (Command::Label { pairs }, Arguments::KeyValues(tokens)) = (command, &instruction.args) else { continue };
        let Some(stage) = ctx.stage_of(index) else { continue };
        for ((key, value), tokens) in pairs.iter().zip(tokens) {
            out.push(LabelPair { index, stage: stage.index, tokens, key: unquote(key), value: unquote(value) });
        }
    }
    out
}

/// The type the label schema (`label-schema:`) gives to `key`.
pub(super) fn schema_type<'c>(ctx: &Context<'c>, key: &str) -> Option<&'c str> {
    ctx.config.label_schema.get(key).map(String::as_str)
}

/// LABEL pairs whose key the schema types as `kind` and whose value is fixed (no variable
/// references, which are only known at build time) and not empty (DL3051 reports those).
pub(super) fn typed_values<'a>(ctx: &Context<'a>, kind: &str) -> Vec<LabelPair<'a>> {
    let escape = ctx.file.escape;
    label_pairs(ctx)
        .into_iter()
        .filter(|pair| schema_type(ctx, &pair.key) == Some(kind))
        .filter(|pair| {
            !pair.value.is_empty() && !slipway_syntax::expand::contains_expansion(&pair.tokens.value.value, escape)
        })
        .collect()
}

/// `"a b"` / `'a b'` → `a b` (one level of surrounding quotes).
fn unquote(text: &str) -> String {
    let bytes = text.as_bytes();
    if bytes.len() >= 2 && (bytes[0] == b'"' || bytes[0] == b'\'') && bytes[bytes.len() - 1] == bytes[0] {
        text[1..text.len() - 1].to_string()
    } else {
        text.to_string()
    }
}

/// Test helper: `(text under the finding, message)` of each finding of `rule` over `src` with
/// the config read from `yaml`.
#[cfg(test)]
pub(super) fn lint_with(rule: &crate::rule::Rule, src: &str, yaml: &str) -> Vec<(String, String)> {
    let config = crate::config::Config::from_yaml(yaml).expect("valid config");
    let found = crate::linter::Linter::with_rules(&config, vec![rule]).lint(src);
    found.into_iter().map(|f| (src[f.span.start..f.span.end].to_string(), f.message)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn stage_references_and_runnable_stages() {
        let src = "FROM a:1 AS Build\nFROM a:1 AS tools\nFROM build AS base\nCOPY --from=1 / /x\nFROM a:1 AS test\nRUN --mount=from=BASE,target=/m true\nFROM a:1\n";
        Context::with_source(src, &Config::default(), |ctx| {
            assert_eq!(stage_ref(ctx, "BUILD", 3), Some(0));
            assert_eq!(stage_ref(ctx, "1", 3), Some(1));
            assert_eq!(stage_ref(ctx, "test", 3), None);
            assert_eq!(runnable_stages(ctx), [false, false, false, true, true]);
        });
    }

    #[test]
    fn parts_of_literal_tokens_only() {
        Context::with_source("FROM a:1\nLABEL \"k\"=v x=y\n", &Config::default(), |ctx| {
            let pairs = label_pairs(ctx);
            assert_eq!((pairs[0].key.as_str(), pairs[0].value.as_str()), ("k", "v"));
            let span = part(ctx, &pairs[1].tokens.value, 0..1);
            assert_eq!(ctx.text(span), "y");
        });
    }
}

//! UndefinedArgInFrom: a FROM line uses a variable no global ARG declares.

use slipway_syntax::expand::references;
use slipway_syntax::Token;

use super::support::{did_you_mean, platform_flag, reference_span, EXTRA_AUTOMATIC_ARGS};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a variable in a `FROM` image or `--platform` value that is neither declared by an
    /// `ARG` before the first `FROM` (with or without a default) nor one of BuildKit's automatic
    /// ARGs (`BUILDPLATFORM`, `TARGETPLATFORM`, `TARGETOS`, `TARGETARCH`, `TARGETVARIANT`,
    /// their `BUILD…` counterparts, `…OSVERSION`, `TARGETSTAGE`). Each name is reported once per
    /// word, at its first use, with BuildKit's "did you mean" suggestion (closest declared name
    /// within two edits, case-sensitive).
    /// BuildKit reference: <https://docs.docker.com/go/dockerfile/rule/undefined-arg-in-from/>.
    ///
    /// ## Why is this bad?
    /// FROM lines only see global ARGs. An undeclared name expands to nothing, so
    /// `FROM node:${NODE_VERSON}` silently becomes `FROM node:` (an error) or, worse, a
    /// different image than intended, unless every build passes `--build-arg`.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG NODE_VERSION=22
    /// FROM node:${NODE_VERSON}-alpine
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG NODE_VERSION=22
    /// FROM node:${NODE_VERSION}-alpine
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the suggestion may not be what was meant.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `FROM` 이미지나 `--platform` 값에 쓴 변수 가운데, 첫 `FROM` 앞의 `ARG`로 선언되지 않았고(기본값
    /// 유무와 상관없이) BuildKit의 자동 ARG(`BUILDPLATFORM`, `TARGETPLATFORM`, `TARGETOS`,
    /// `TARGETARCH`, `TARGETVARIANT`, 이에 대응하는 `BUILD…`, `…OSVERSION`, `TARGETSTAGE`)도 아닌 것을
    /// 찾습니다. 이름마다 단어별로 처음 쓴 곳에 한 번 보고하며, BuildKit처럼 "did you mean" 제안(대소문자를
    /// 구분해 두 글자 이내로 가장 가까운 선언된 이름)을 붙입니다.
    /// BuildKit 문서: <https://docs.docker.com/go/dockerfile/rule/undefined-arg-in-from/>.
    ///
    /// ## 왜 문제인가요?
    /// FROM 줄은 전역 ARG만 볼 수 있습니다. 선언되지 않은 이름은 빈 문자열로 확장되므로
    /// `FROM node:${NODE_VERSON}`은 매번 `--build-arg`를 주지 않는 한 조용히 `FROM node:`(오류)가
    /// 되거나, 더 나쁘게는 의도와 다른 이미지가 됩니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// ARG NODE_VERSION=22
    /// FROM node:${NODE_VERSON}-alpine
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// ARG NODE_VERSION=22
    /// FROM node:${NODE_VERSION}-alpine
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 제안이 의도한 이름이 아닐 수 있습니다.
    RULE {
        hadolint: None,
        buildkit: Some("UndefinedArgInFrom"),
        slipway: None,
        summary: "FROM command must use declared ARGs",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    let mut known: Vec<&str> = Vec::new();
    for arg in &ctx.model.global_args {
        if let Command::Arg { args } = &arg.command {
            known.extend(args.iter().map(|(name, _)| name.as_str()));
        }
    }
    known.extend(ctx.global_args.vars().iter().map(|(name, _)| name.as_str()));
    known.extend(EXTRA_AUTOMATIC_ARGS);
    for stage in &ctx.stages {
        let instruction = &ctx.instructions()[stage.from_index];
        let mut words: Vec<(&Token, usize)> = Vec::new();
        if let Arguments::Words(tokens) = &instruction.args {
            words.extend(tokens.first().map(|t| (t, 0)));
        }
        words.extend(platform_flag(ctx, stage.from_index));
        for (token, offset) in words {
            let mut reported: Vec<&str> = Vec::new();
            let refs = references(&token.value[offset..], ctx.file.escape);
            for r in &refs {
                if known.contains(&r.name.as_str()) || reported.contains(&r.name.as_str()) {
                    continue;
                }
                reported.push(&r.name);
                let mut message = format!("FROM argument '{}' is not declared", r.name);
                if let Some(suggestion) = did_you_mean(&r.name, known.iter().copied()) {
                    message.push_str(&format!(" (did you mean {suggestion}?)"));
                }
                out.report_for(stage.from_index, reference_span(ctx, token, offset, r), message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges, texts};

    #[test]
    fn undeclared_names_are_flagged_at_the_reference() {
        let src =
            "ARG NODE_VERSION=22\nARG BASE\nFROM node:${NODE_VERSON}-alpine\nFROM --platform=$BUILDPLATFROM $BASE\n";
        assert_eq!(ranges(&RULE, src), [(3, 11, 3, 25), (4, 17, 4, 31)]);
        assert_eq!(
            messages(&RULE, src),
            [
                "FROM argument 'NODE_VERSON' is not declared (did you mean NODE_VERSION?)",
                "FROM argument 'BUILDPLATFROM' is not declared (did you mean BUILDPLATFORM?)",
            ]
        );
    }

    #[test]
    fn once_per_word_and_no_suggestion_when_nothing_is_close() {
        let src = "FROM ${REGISTRY}/app:${REGISTRY}\n";
        assert_eq!(texts(&RULE, src), ["${REGISTRY}"]);
        assert_eq!(messages(&RULE, src), ["FROM argument 'REGISTRY' is not declared"]);
    }

    #[test]
    fn declared_and_automatic_args_pass() {
        let src = "ARG TAG\nARG IMG=alpine\nFROM --platform=$BUILDPLATFORM ${IMG}:${TAG}\nARG LATE=1\nFROM ${TARGETARCH}/busybox:${TARGETSTAGE}\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

//! RedundantTargetPlatform: `FROM --platform=$TARGETPLATFORM` is the default.

use slipway_syntax::expand::Expander;

use super::support::platform_flag;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`): a platform that
    /// expands from `TARGETPLATFORM` alone, with no other variable, to its value. The finding
    /// points at the flag.
    /// BuildKit reference: <https://docs.docker.com/go/dockerfile/rule/redundant-target-platform/>.
    ///
    /// ## Why is this bad?
    /// A stage is built for the target platform unless told otherwise, so the flag says
    /// nothing and suggests to readers that something special happens. (The useful case is
    /// `--platform=$BUILDPLATFORM`, for stages that run on the build machine.)
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: without any `--platform`, BuildKit may pick a platform from the image itself
    /// when no target platform was requested (an image published for one other architecture
    /// only), so removing the flag can change which image variant is used.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `FROM --platform=$TARGETPLATFORM`(또는 `${TARGETPLATFORM}`), 즉 다른 변수 없이
    /// `TARGETPLATFORM`만으로 그 값으로 확장되는 플랫폼을 플래그 위치에 보고합니다.
    /// BuildKit 문서: <https://docs.docker.com/go/dockerfile/rule/redundant-target-platform/>.
    ///
    /// ## 왜 문제인가요?
    /// 따로 지정하지 않으면 스테이지는 대상 플랫폼으로 빌드되므로 이 플래그는 아무 의미가 없고,
    /// 읽는 사람에게 특별한 일이 일어나는 것처럼 보이게 합니다. (쓸모 있는 경우는 빌드 머신에서 도는
    /// 스테이지를 위한 `--platform=$BUILDPLATFORM`입니다.)
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전하지 않습니다. `--platform`이 없으면 대상 플랫폼을 요청하지 않은 빌드에서 BuildKit이
    /// 이미지 자체에서 플랫폼을 고를 수 있으므로(다른 아키텍처 하나로만 배포된 이미지), 플래그를 지우면
    /// 쓰이는 이미지 변형이 달라질 수 있습니다.
    RULE {
        hadolint: Some("DL3065"),
        buildkit: Some("RedundantTargetPlatform"),
        slipway: None,
        summary: "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for stage in &ctx.stages {
        let Some((flag, value_at)) = platform_flag(ctx, stage.from_index) else { continue };
        let written = &flag.value[value_at..];
        let Ok(expansion) = Expander::new(ctx.file.escape, &ctx.global_args).expand_word(written) else { continue };
        let only_target = expansion.matched == ["TARGETPLATFORM"] && expansion.unmatched.is_empty();
        if !only_target || ctx.global_args.get("TARGETPLATFORM") != Some(expansion.value.as_str()) {
            continue;
        }
        let message =
            format!("Setting platform to predefined {written} in FROM is redundant as this is the default behavior");
        let end = ctx.source[flag.span.end..]
            .find(|c: char| c != ' ' && c != '\t')
            .map_or(flag.span.end, |n| flag.span.end + n);
        out.report_for(stage.from_index, flag.span, message).with_fix(Fix::unsafe_edit(
            "Remove the --platform flag",
            vec![Edit::delete(Span::new(flag.span.start, end))],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{fixed, messages, ranges};

    #[test]
    fn target_platform_alone_is_flagged_at_the_flag() {
        let src = "FROM --platform=$TARGETPLATFORM a:1\nFROM --platform=${TARGETPLATFORM} b:1 AS b\n";
        assert_eq!(ranges(&RULE, src), [(1, 6, 1, 32), (2, 6, 2, 34)]);
        assert_eq!(
            messages(&RULE, src)[0],
            "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior"
        );
        assert_eq!(fixed(&RULE, src, Applicability::Unsafe), "FROM a:1\nFROM b:1 AS b\n");
        assert_eq!(fixed(&RULE, src, Applicability::Safe), src);
    }

    #[test]
    fn other_platforms_pass() {
        let src = "FROM --platform=$BUILDPLATFORM a:1\nFROM --platform=${TARGETOS}/${TARGETARCH} a:1\nFROM --platform=$TARGETPLATFORM$X a:1\nFROM a:1\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

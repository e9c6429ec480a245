//! DL3029: do not use the --platform flag with FROM.

use slipway_syntax::expand::referenced_names;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=…` at the flag, unless the value is built from BuildKit's
    /// automatic platform ARGs (`$BUILDPLATFORM`, `$TARGETOS/$TARGETARCH`, …), the usual way
    /// to cross-compile. `--platform=$TARGETPLATFORM` is DL3065.
    ///
    /// Deliberate difference from hadolint 2.15.1: hadolint only accepts values mentioning
    /// `BUILDPLATFORM` or `TARGETPLATFORM` and flags `$TARGETOS/$TARGETARCH`, which means the
    /// same thing. BuildKit's FromPlatformFlagConstDisallowed is a separate, narrower check
    /// (constant values only).
    ///
    /// ## Why is this bad?
    /// A fixed platform makes the image build for that platform whatever the builder is asked
    /// for: multi-platform builds silently produce the wrong architecture, or run under slow
    /// emulation.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 debian:12
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// ```
    ///
    /// ## Fix safety
    /// No fix: removing the flag changes the platform the stage is built for.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `FROM --platform=…`을 플래그 위치에 보고합니다. 다만 값이 BuildKit의 자동 플랫폼
    /// ARG(`$BUILDPLATFORM`, `$TARGETOS/$TARGETARCH` 등)로 이루어져 있으면 흔한 크로스 컴파일
    /// 방식이므로 보고하지 않습니다. `--platform=$TARGETPLATFORM`은 DL3065입니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: hadolint는 `BUILDPLATFORM`이나 `TARGETPLATFORM`이
    /// 들어간 값만 받아들이고, 같은 뜻인 `$TARGETOS/$TARGETARCH`를 보고합니다. BuildKit의
    /// FromPlatformFlagConstDisallowed는 상수 값만 보는 별도의 더 좁은 검사입니다.
    ///
    /// ## 왜 문제인가요?
    /// 고정된 플랫폼은 빌더에 무엇을 요청하든 그 플랫폼으로 이미지를 빌드합니다. 멀티 플랫폼
    /// 빌드가 말없이 잘못된 아키텍처를 만들거나 느린 에뮬레이션으로 실행됩니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM --platform=linux/amd64 debian:12
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 플래그를 지우면 스테이지를 빌드하는 플랫폼이 바뀝니다.
    RULE {
        hadolint: Some("DL3029"),
        buildkit: None,
        slipway: None,
        summary: "Do not use --platform flag with FROM",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

/// BuildKit's automatic platform ARGs.
const PLATFORM_ARGS: &[&str] = &[
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
];

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for stage in &ctx.model.stages {
        let Some(platform) = &stage.platform else { continue };
        let (index, instruction) = (stage.from_index, &ctx.instructions()[stage.from_index]);
        let names = referenced_names(platform, ctx.file.escape);
        if names.iter().any(|name| PLATFORM_ARGS.contains(&name.as_str())) {
            continue;
        }
        let Some(flag) = instruction.flags.iter().find(|f| f.value.starts_with("--platform")) else { continue };
        out.report_for(index, flag.span, "Do not use --platform flag with FROM");
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges, texts};

    #[test]
    fn fixed_platforms_are_flagged_at_the_flag() {
        let src = "FROM --platform=linux/amd64 a:1\nFROM --platform=$P a:1 AS b\n";
        assert_eq!(ranges(&RULE, src), [(1, 6, 1, 28), (2, 6, 2, 19)]);
        assert_eq!(texts(&RULE, src)[1], "--platform=$P");
        assert_eq!(messages(&RULE, src)[0], "Do not use --platform flag with FROM");
    }

    #[test]
    fn automatic_platform_args_and_no_flag_pass() {
        let src = "FROM --platform=$BUILDPLATFORM a:1\nFROM --platform=${TARGETPLATFORM} a:1\nFROM --platform=$TARGETOS/$TARGETARCH a:1\nFROM a:1\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

//! DL3006: always tag the version of an image explicitly.

use slipway_syntax::expand::referenced_names;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `FROM` image without a tag or digest (`FROM ubuntu`).
    ///
    /// Not flagged: `scratch`, references to earlier stages (`FROM build`), and images named
    /// through global ARGs when a default is unknown. An image named through global ARGs is
    /// checked with the ARG defaults expanded: `ARG BASE=alpine:3.20` + `FROM $BASE` passes,
    /// `ARG BASE=alpine` + `FROM $BASE` is flagged.
    ///
    /// Deliberate differences from hadolint 2.15.1: hadolint never checks ARG-based names (so it
    /// misses `ARG BASE=alpine`), and it takes a registry port for a tag (`FROM reg:5000/app`
    /// passes there; here it is flagged: the image is untagged).
    ///
    /// ## Why is this bad?
    /// An untagged image means `latest`, which changes under you: builds stop being
    /// reproducible and can break without any change to the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12.7
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which version to pin is the author's choice.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 태그나 다이제스트 없는 `FROM` 이미지(`FROM ubuntu`)를 찾습니다.
    ///
    /// `scratch`, 앞선 스테이지 참조(`FROM build`), 기본값을 알 수 없는 전역 ARG로 지정한
    /// 이미지는 검사하지 않습니다. 전역 ARG로 지정한 이미지는 ARG 기본값을 넣어 검사합니다.
    /// `ARG BASE=alpine:3.20` + `FROM $BASE`는 통과하고, `ARG BASE=alpine` + `FROM $BASE`는
    /// 보고됩니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: hadolint는 ARG로 지정한 이름을 검사하지 않아
    /// `ARG BASE=alpine`을 놓치고, 레지스트리 포트를 태그로 착각합니다(`FROM reg:5000/app`이
    /// 통과). 여기서는 태그가 없으므로 보고합니다.
    ///
    /// ## 왜 문제인가요?
    /// 태그가 없으면 `latest`를 뜻하고, 이는 언제든 바뀝니다. 빌드를 재현할 수 없게 되고
    /// Dockerfile을 고치지 않았는데도 빌드가 깨질 수 있습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12.7
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 어떤 버전으로 고정할지는 작성자가 정합니다.
    RULE {
        hadolint: Some("DL3006"),
        buildkit: None,
        slipway: None,
        summary: "Always tag the version of an image explicitly",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for stage in &ctx.stages {
        if stage.base_stage.is_some() || stage.is_scratch {
            continue;
        }
        let unknown_arg = referenced_names(&stage.base, ctx.file.escape)
            .iter()
            .any(|name| ctx.global_args.get(name).is_none_or(str::is_empty));
        let Some(image) = stage.resolved_base.as_deref() else { continue };
        if unknown_arg || is_tagged(image) {
            continue;
        }
        let instruction = &ctx.instructions()[stage.from_index];
        let Arguments::Words(words) = &instruction.args else { continue };
        let Some(token) = words.first() else { continue };
        out.report_for(stage.from_index, token.span, "Always tag the version of an image explicitly");
    }
}

/// A tag after the last `/` (so `reg:5000/app` has none), or a digest.
fn is_tagged(image: &str) -> bool {
    let name = image.rsplit('/').next().unwrap_or(image);
    image.contains('@') || name.contains(':')
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges, texts};

    #[test]
    fn untagged_images_are_flagged_at_the_image() {
        let src = "FROM ubuntu\nFROM --platform=linux/arm64 reg:5000/team/app AS b\nFROM Scratch\n";
        assert_eq!(ranges(&RULE, src), [(1, 6, 1, 12), (2, 29, 2, 46), (3, 6, 3, 13)]);
        assert_eq!(messages(&RULE, src)[0], "Always tag the version of an image explicitly");
    }

    #[test]
    fn arg_defaults_are_expanded() {
        let src = "ARG TAGGED=alpine:3\nARG BARE=alpine\nARG NONE\nFROM ${TAGGED}\nFROM $BARE\nFROM ${NONE}\nFROM alpine:${NONE}\n";
        assert_eq!(texts(&RULE, src), ["$BARE"]);
    }

    #[test]
    fn stages_scratch_tags_and_digests_pass() {
        let src = "FROM alpine:3 AS Base\nFROM base\nFROM scratch\nFROM ubuntu@sha256:abc\nFROM reg:5000/app:1\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

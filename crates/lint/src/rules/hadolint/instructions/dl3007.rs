//! DL3007: using the `latest` tag is prone to errors.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `FROM` image tagged `latest` (`FROM debian:latest`). An image pinned by digest
    /// (`debian:latest@sha256:…`) passes: the digest fixes it.
    ///
    /// Not flagged: `scratch` and references to earlier stages. An image named through global
    /// ARGs is checked with the ARG defaults expanded (`ARG BASE=debian:latest` + `FROM $BASE`
    /// is flagged).
    ///
    /// Deliberate differences from hadolint 2.15.1: hadolint never checks ARG-based names, and
    /// fails to parse an image with a registry port (`FROM reg:5000/app:latest`), which is
    /// flagged here.
    ///
    /// ## Why is this bad?
    /// `latest` moves whenever the image is pushed again: builds stop being reproducible and can
    /// break, or pick up a different major version, without any change to the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:latest
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
    /// `latest` 태그를 쓴 `FROM` 이미지(`FROM debian:latest`)를 찾습니다. 다이제스트로 고정한
    /// 이미지(`debian:latest@sha256:…`)는 다이제스트가 고정하므로 통과합니다.
    ///
    /// `scratch`와 앞선 스테이지 참조는 검사하지 않습니다. 전역 ARG로 지정한 이미지는 ARG 기본값을
    /// 넣어 검사합니다(`ARG BASE=debian:latest` + `FROM $BASE`는 보고됨).
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: hadolint는 ARG로 지정한 이름을 검사하지 않고,
    /// 레지스트리 포트가 있는 이미지(`FROM reg:5000/app:latest`)는 파싱하지 못합니다. 여기서는
    /// 보고합니다.
    ///
    /// ## 왜 문제인가요?
    /// `latest`는 이미지가 다시 푸시될 때마다 바뀝니다. Dockerfile을 고치지 않아도 빌드를 재현할
    /// 수 없게 되고, 깨지거나 다른 메이저 버전을 받게 됩니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:latest
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
        hadolint: Some("DL3007"),
        buildkit: None,
        slipway: None,
        summary: "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str =
    "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for stage in &ctx.stages {
        if stage.base_stage.is_some() || stage.is_scratch {
            continue;
        }
        let Some(image) = stage.resolved_base.as_deref() else { continue };
        if image.contains('@') || tag(image) != Some("latest") {
            continue;
        }
        let Arguments::Words(words) = &ctx.instructions()[stage.from_index].args else { continue };
        let Some(token) = words.first() else { continue };
        out.report_for(stage.from_index, token.span, MESSAGE);
    }
}

/// The tag after the last `/` (so a registry port is not a tag).
fn tag(image: &str) -> Option<&str> {
    let name = image.rsplit('/').next().unwrap_or(image);
    name.split_once(':').map(|(_, tag)| tag)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges, texts};

    #[test]
    fn latest_is_flagged_at_the_image() {
        let src = "FROM debian:latest\nFROM --platform=linux/amd64 reg:5000/app:latest AS b\n";
        assert_eq!(ranges(&RULE, src), [(1, 6, 1, 19), (2, 29, 2, 48)]);
        assert_eq!(messages(&RULE, src)[0], super::MESSAGE);
    }

    #[test]
    fn arg_defaults_are_expanded() {
        let src = "ARG BASE=debian:latest\nARG TAG=latest\nFROM $BASE\nFROM debian:${TAG}\nFROM debian:${NONE}\n";
        assert_eq!(texts(&RULE, src), ["$BASE", "debian:${TAG}"]);
    }

    #[test]
    fn pinned_images_stages_and_scratch_pass() {
        let src = "FROM debian:12 AS latest\nFROM latest\nFROM scratch\nFROM debian:latest@sha256:abc\nFROM debian:LATEST\nFROM reg:5000/latest\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

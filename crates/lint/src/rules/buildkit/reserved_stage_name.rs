//! ReservedStageName: `scratch` and `context` cannot name a stage.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a stage named `scratch` or `context` (in any casing: stage names are
    /// lower-cased), at the name.
    /// BuildKit reference: <https://docs.docker.com/go/dockerfile/rule/reserved-stage-name/>.
    ///
    /// ## Why is this bad?
    /// `scratch` is the empty base image and `context` is the build context's name for named
    /// contexts. A stage with either name is shadowed or shadows them: `FROM scratch` later in
    /// the file, or a `--build-context` override, no longer means what it says.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS scratch
    /// RUN echo hello > /hello
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20 AS base
    /// RUN echo hello > /hello
    /// ```
    ///
    /// ## Fix safety
    /// No fix: every reference to the stage would have to be renamed too.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 이름이 `scratch`나 `context`인 스테이지를 이름 위치에 보고합니다(스테이지 이름은 소문자로
    /// 바뀌므로 대소문자는 상관없습니다).
    /// BuildKit 문서: <https://docs.docker.com/go/dockerfile/rule/reserved-stage-name/>.
    ///
    /// ## 왜 문제인가요?
    /// `scratch`는 빈 베이스 이미지이고 `context`는 이름 있는 컨텍스트에서 빌드 컨텍스트를 가리키는
    /// 이름입니다. 이런 이름의 스테이지는 그것들과 충돌하여, 뒤의 `FROM scratch`나
    /// `--build-context` 지정이 보이는 대로 동작하지 않게 됩니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM alpine:3.20 AS scratch
    /// RUN echo hello > /hello
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM alpine:3.20 AS base
    /// RUN echo hello > /hello
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 스테이지를 가리키는 모든 참조도 함께 바꿔야 합니다.
    RULE {
        hadolint: Some("DL3063"),
        buildkit: Some("ReservedStageName"),
        slipway: None,
        summary: "Reserved words should not be used as stage names",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for stage in &ctx.stages {
        let Some(name) = stage.name.as_deref().filter(|n| matches!(*n, "scratch" | "context")) else { continue };
        let Arguments::Words(words) = &ctx.instructions()[stage.from_index].args else { continue };
        let Some(token) = words.last() else { continue };
        let message = format!("Stage name should not use the same name as reserved stage \"{name}\"");
        out.report_for(stage.from_index, token.span, message);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges};

    #[test]
    fn reserved_names_are_flagged_at_the_name() {
        let src = "FROM a:1 AS scratch\nFROM a:1 as Context\nFROM a:1 AS build\n";
        assert_eq!(ranges(&RULE, src), [(1, 13, 1, 20), (2, 13, 2, 20)]);
        assert_eq!(
            messages(&RULE, src),
            [
                "Stage name should not use the same name as reserved stage \"scratch\"",
                "Stage name should not use the same name as reserved stage \"context\"",
            ]
        );
    }

    #[test]
    fn plain_scratch_base_passes() {
        assert!(ranges(&RULE, "FROM scratch\nFROM scratch AS out\n").is_empty());
    }
}

//! DL3043: `ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD`.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an `ONBUILD` whose trigger is `ONBUILD`, `FROM` or `MAINTAINER`, at the trigger's
    /// keyword.
    ///
    /// BuildKit refuses these outright, so the same line also gets a DL1000 parse error with
    /// BuildKit's message; this rule gives it hadolint's code.
    ///
    /// ## Why is this bad?
    /// These instructions cannot run as triggers in a downstream build: Docker rejects them,
    /// so the image can never be used as a base.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// ONBUILD FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// ONBUILD COPY . /app
    /// ```
    ///
    /// ## Fix safety
    /// No fix: what the trigger should do instead is unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 트리거가 `ONBUILD`, `FROM`, `MAINTAINER`인 `ONBUILD`를 트리거 키워드 위치에 보고합니다.
    ///
    /// BuildKit은 이런 명령을 아예 거부하므로 같은 줄에 BuildKit 메시지의 DL1000 파싱 오류도
    /// 보고됩니다. 이 규칙은 hadolint의 코드를 붙입니다.
    ///
    /// ## 왜 문제인가요?
    /// 이 명령어들은 하위 빌드에서 트리거로 실행될 수 없습니다. Docker가 거부하므로 이 이미지를
    /// 베이스로 쓸 수 없게 됩니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// ONBUILD FROM alpine:3.20
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// ONBUILD COPY . /app
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 트리거가 대신 무엇을 해야 하는지 알 수 없습니다.
    RULE {
        hadolint: Some("DL3043"),
        buildkit: None,
        slipway: None,
        summary: "ONBUILD, FROM or MAINTAINER triggered from within ONBUILD instruction",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction) in ctx.instructions().iter().enumerate() {
        let Arguments::Onbuild(inner) = &instruction.args else { continue };
        if matches!(inner.known_name(), Some("onbuild" | "from" | "maintainer")) {
            out.report_for(
                index,
                inner.keyword.span,
                "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction.",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges};

    #[test]
    fn forbidden_triggers_are_flagged_at_the_trigger() {
        let src = "FROM a:1\nONBUILD FROM b:1\nonbuild maintainer x\nONBUILD ONBUILD RUN x\n";
        assert_eq!(ranges(&RULE, src), [(2, 9, 2, 13), (3, 9, 3, 19), (4, 9, 4, 16)]);
        assert_eq!(
            messages(&RULE, src)[0],
            "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction."
        );
    }

    #[test]
    fn other_triggers_pass() {
        assert!(ranges(&RULE, "FROM a:1\nONBUILD RUN x\nONBUILD COPY . /a\n").is_empty());
    }
}

//! DL3023: `COPY --from` cannot reference its own `FROM` alias.

use super::support::{from_flag, stage_ref};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `COPY --from=` that names the stage it is in, by name (case-insensitive) or by
    /// index, at the value.
    ///
    /// Deliberate difference from hadolint 2.15.1: hadolint compares names case-sensitively and
    /// ignores indexes; BuildKit lower-cases names and accepts indexes, so `--from=BUILD` and
    /// `--from=0` in stage 0 `build` are flagged here.
    ///
    /// ## Why is this bad?
    /// A stage cannot copy from itself: BuildKit stops with a circular dependency error.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// COPY --from=build /src /src
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// COPY . /src
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the source meant is unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 자신이 속한 스테이지를 이름(대소문자 구분 없음)이나 번호로 가리키는 `COPY --from=`을 그 값
    /// 위치에 보고합니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: hadolint는 이름을 대소문자 구분하여 비교하고 번호는
    /// 보지 않습니다. BuildKit은 이름을 소문자로 바꾸고 번호도 받으므로, 0번 스테이지 `build`
    /// 안의 `--from=BUILD`와 `--from=0`을 여기서는 보고합니다.
    ///
    /// ## 왜 문제인가요?
    /// 스테이지는 자기 자신에게서 복사할 수 없습니다. BuildKit이 순환 의존 오류로 멈춥니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// COPY --from=build /src /src
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// COPY . /src
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 의도한 원본을 알 수 없습니다.
    RULE {
        hadolint: Some("DL3023"),
        buildkit: None,
        slipway: None,
        summary: "COPY --from cannot reference its own FROM alias",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction, command) in ctx.commands() {
        let Command::Copy { from: Some(from), .. } = command else { continue };
        let Some(own) = ctx.stage_of(index) else { continue };
        if stage_ref(ctx, from, index + 1) != Some(own.index) {
            continue;
        }
        let Some(span) = from_flag(ctx, instruction) else { continue };
        out.report_for(index, span, "`COPY --from` cannot reference its own `FROM` alias");
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges, texts};

    #[test]
    fn own_stage_is_flagged_by_name_or_index() {
        let src = "FROM a:1 AS build\nCOPY --from=build /a /a\nCOPY --from=BUILD /a /a\nCOPY --from=0 /a /a\n";
        assert_eq!(ranges(&RULE, src), [(2, 13, 2, 18), (3, 13, 3, 18), (4, 13, 4, 14)]);
        assert_eq!(texts(&RULE, src)[1], "BUILD");
        assert_eq!(messages(&RULE, src)[0], "`COPY --from` cannot reference its own `FROM` alias");
    }

    #[test]
    fn other_stages_pass() {
        let src =
            "FROM a:1 AS build\nFROM a:1 AS run\nCOPY --from=build /a /a\nCOPY --from=0 /a /a\nCOPY --from=x:1 /a /a\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

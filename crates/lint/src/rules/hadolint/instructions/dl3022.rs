//! DL3022: `COPY --from` should reference a previously defined `FROM` alias.

use super::support::{from_flag, stage_ref};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `COPY --from=` value that is neither an earlier stage (by name or index) nor an
    /// image reference (anything with `:`, `/` or `@`, e.g. `--from=nginx:1.27`), at the
    /// value. A stage defined later in the file is flagged too. `--from` naming the current
    /// stage is DL3023.
    ///
    /// Deliberate difference from hadolint 2.15.1: stage names are compared case-insensitively,
    /// as BuildKit does (`FROM x AS Build` + `COPY --from=build` works and passes here).
    ///
    /// ## Why is this bad?
    /// An unknown name is taken as an image on Docker Hub: a typo in a stage name silently
    /// pulls some public image (or fails to), instead of copying from the stage meant.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /app .
    /// FROM debian:12
    /// COPY --from=biuld /app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /app .
    /// FROM debian:12
    /// COPY --from=build /app /app
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the stage meant is unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 앞선 스테이지(이름 또는 번호)도 아니고 이미지 참조(`:`, `/`, `@`가 있는 값, 예:
    /// `--from=nginx:1.27`)도 아닌 `COPY --from=` 값을 그 값 위치에 보고합니다. 파일에서 나중에
    /// 정의된 스테이지도 보고합니다. 현재 스테이지를 가리키는 `--from`은 DL3023입니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: BuildKit처럼 스테이지 이름을 대소문자 구분 없이
    /// 비교합니다(`FROM x AS Build` + `COPY --from=build`는 동작하며 여기서 통과).
    ///
    /// ## 왜 문제인가요?
    /// 알 수 없는 이름은 Docker Hub의 이미지로 해석됩니다. 스테이지 이름의 오타가 의도한
    /// 스테이지 대신 어떤 공개 이미지를 말없이 받아 옵니다(또는 실패합니다).
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /app .
    /// FROM debian:12
    /// COPY --from=biuld /app /app
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /app .
    /// FROM debian:12
    /// COPY --from=build /app /app
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 의도한 스테이지를 알 수 없습니다.
    RULE {
        hadolint: Some("DL3022"),
        buildkit: None,
        slipway: None,
        summary: "COPY --from should reference a previously defined FROM alias",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction, command) in ctx.commands() {
        let Command::Copy { from: Some(from), .. } = command else { continue };
        if from.contains([':', '/', '@']) || stage_ref(ctx, from, index + 1).is_some() {
            continue;
        }
        let Some(span) = from_flag(ctx, instruction) else { continue };
        out.report_for(index, span, "`COPY --from` should reference a previously defined `FROM` alias");
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges, texts};

    #[test]
    fn unknown_and_later_stages_are_flagged_at_the_value() {
        let src = "FROM a:1 AS build\nFROM a:1\nCOPY --from=biuld /a /a\nCOPY --from=5 /a /a\nCOPY --from=later /a /a\nFROM a:1 AS later\n";
        assert_eq!(ranges(&RULE, src), [(3, 13, 3, 18), (4, 13, 4, 14), (5, 13, 5, 18)]);
        assert_eq!(texts(&RULE, src)[0], "biuld");
        assert_eq!(messages(&RULE, src)[0], "`COPY --from` should reference a previously defined `FROM` alias");
    }

    #[test]
    fn stages_indexes_images_and_own_stage_pass() {
        let src = "FROM a:1 AS Build\nFROM a:1 AS b\nCOPY --from=build /a /a\nCOPY --from=0 /a /a\nCOPY --from=nginx:1 /a /a\nCOPY --from=ghcr.io/x/y /a /a\nCOPY --from=b /a /a\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

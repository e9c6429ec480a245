//! DL3067: do not copy an entire filesystem from another stage.

use super::support::words;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `COPY --from=…` that copies `/` (the whole filesystem of a stage or image) onto
    /// `/`, at the `/` source.
    ///
    /// Deliberate difference from hadolint 2.15.1: a stage based on `scratch` is not flagged.
    /// `FROM scratch` + `COPY --from=build / /` is the usual way to squash an image into one
    /// layer, where copying everything is the point.
    ///
    /// ## Why is this bad?
    /// Copying a whole filesystem over another one brings along everything the other stage
    /// contains (compilers, caches, package databases) and overwrites the base image's files,
    /// which defeats the point of a multi-stage build; copy the files the image needs.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app .
    /// FROM debian:12
    /// COPY --from=build / /
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app .
    /// FROM debian:12
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which files the image needs is unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `/`(스테이지나 이미지의 전체 파일 시스템)를 `/`에 복사하는 `COPY --from=…`을 `/` 원본
    /// 위치에 보고합니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: `scratch` 기반 스테이지는 보고하지 않습니다.
    /// `FROM scratch` + `COPY --from=build / /`는 모든 것을 복사하는 것이 목적인, 이미지를 한
    /// 레이어로 합치는 흔한 방법입니다.
    ///
    /// ## 왜 문제인가요?
    /// 파일 시스템 전체를 다른 파일 시스템 위에 복사하면 다른 스테이지의 모든 것(컴파일러, 캐시,
    /// 패키지 데이터베이스)이 따라오고 베이스 이미지의 파일을 덮어써서 멀티 스테이지 빌드의 의미가
    /// 없어집니다. 이미지에 필요한 파일만 복사하세요.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app .
    /// FROM debian:12
    /// COPY --from=build / /
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app .
    /// FROM debian:12
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 이미지에 필요한 파일을 알 수 없습니다.
    RULE {
        hadolint: Some("DL3067"),
        buildkit: None,
        slipway: None,
        summary: "Do not copy an entire filesystem from another stage",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction, command) in ctx.commands() {
        let Command::Copy { from: Some(_), dest, .. } = command else { continue };
        if dest != "/" || ctx.stage_of(index).is_some_and(|s| s.is_scratch) {
            continue;
        }
        let tokens = words(&instruction.args);
        let sources = &tokens[..tokens.len().saturating_sub(1)];
        if let Some(root) = sources.iter().find(|t| t.value == "/") {
            out.report_for(index, root.span, "Do not copy an entire filesystem from another stage");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges};

    #[test]
    fn whole_filesystem_copies_are_flagged_at_the_source() {
        let src =
            "FROM a:1 AS b\nFROM a:1\nCOPY --from=b / /\nCOPY --from=b /bin / /\nCOPY --from=x:1 [\"/\", \"/\"]\n";
        assert_eq!(ranges(&RULE, src), [(3, 15, 3, 16), (4, 20, 4, 21), (5, 18, 5, 21)]);
        assert_eq!(messages(&RULE, src)[0], "Do not copy an entire filesystem from another stage");
    }

    #[test]
    fn partial_copies_other_destinations_and_scratch_pass() {
        let src = "FROM a:1 AS b\nCOPY / /\nFROM a:1\nCOPY --from=b / /x/\nCOPY --from=b /bin /\nFROM scratch\nCOPY --from=b / /\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

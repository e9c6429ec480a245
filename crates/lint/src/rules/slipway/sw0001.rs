//! SW0001: a `RUN` body the shell parser could not read; shell rules skip it.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a shell-form `RUN` whose body Slipway's shell parser cannot read. Shell-based
    /// rules (package pinning, `cd`, pipes, …) are skipped for that instruction only; the rest
    /// of the file is linted as usual.
    ///
    /// ## Why is this bad?
    /// Usually it is a real syntax error (an unterminated quote, a missing `fi`) that will make
    /// the build fail; otherwise the body uses a construct the parser does not know, and the
    /// instruction gets less checking than the others.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN echo "unterminated
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN echo "terminated"
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// Slipway의 셸 파서가 읽지 못하는 셸 형식 `RUN` 본문을 알립니다. 셸 기반 규칙(패키지 버전
    /// 고정, `cd`, 파이프 등)은 그 명령어에서만 건너뛰고, 파일의 나머지는 평소대로 검사합니다.
    ///
    /// ## 왜 문제인가요?
    /// 대개 빌드를 실패시킬 실제 문법 오류(닫히지 않은 따옴표, 빠진 `fi`)입니다. 그렇지 않다면
    /// 파서가 모르는 구문을 쓴 것이고, 그 명령어는 다른 명령어보다 덜 검사됩니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUN echo "unterminated
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// RUN echo "terminated"
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다.
    RULE {
        hadolint: None,
        buildkit: None,
        slipway: Some("SW0001"),
        summary: "Shell body not analysed",
        severity: Severity::Info,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for run in ctx.runs.iter() {
        if let Some(error) = &run.error {
            out.report_for(run.index, error.span, format!("Shell body not analysed: {}", error.message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, ranges};

    #[test]
    fn unparsable_bodies_are_reported_once() {
        let src = "FROM a:1\nRUN echo \"unterminated\nRUN echo fine\nRUN [\"exec\", \"'\"]\n";
        let found = findings(&RULE, src);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].instruction, Some(1));
        assert!(found[0].message.starts_with("Shell body not analysed: "), "{}", found[0].message);
        assert!(ranges(&RULE, "FROM a:1\nRUN if true; then echo; fi\n").is_empty());
    }
}

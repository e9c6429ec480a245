//! DL1000: the Dockerfile does not parse.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports every error BuildKit's parser would stop at (unknown instructions, bad flags,
    /// wrong argument counts, unterminated heredocs, …) with BuildKit's message, at the
    /// offending token. Linting goes on with the instructions that parsed.
    ///
    /// ## Why is this bad?
    /// `docker build` refuses a Dockerfile with any of these errors.
    ///
    /// hadolint stops at the first parse error and reports nothing else; Slipway reports all of
    /// them and still lints the rest of the file.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUNN apt-get update
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// BuildKit 파서가 멈추는 모든 오류(알 수 없는 명령어, 잘못된 플래그, 인자 개수 오류, 끝나지
    /// 않은 heredoc 등)를 BuildKit의 메시지 그대로, 문제가 된 토큰 위치에 보고합니다. 파싱된
    /// 나머지 명령어는 계속 검사합니다.
    ///
    /// ## 왜 문제인가요?
    /// 이런 오류가 하나라도 있으면 `docker build`가 Dockerfile을 거부합니다.
    ///
    /// hadolint는 첫 파싱 오류에서 멈추고 다른 것은 보고하지 않지만, Slipway는 모든 오류를
    /// 보고하고 파일의 나머지도 검사합니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUNN apt-get update
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다.
    RULE {
        hadolint: Some("DL1000"),
        buildkit: None,
        slipway: None,
        summary: "The Dockerfile does not parse",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    let errors = ctx.file.diagnostics.iter().chain(&ctx.model.diagnostics).filter(|d| d.is_error());
    for error in errors {
        let span = if error.span.is_empty() { Span::new(error.span.start, error.span.start) } else { error.span };
        out.report(span, error.message.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges};

    #[test]
    fn every_error_is_reported_with_buildkits_message() {
        let src = "FROM a:1\nRUNN x\nCOPY --frm=a b c\n";
        assert_eq!(ranges(&RULE, src), [(2, 1, 2, 5), (3, 6, 3, 13)]);
        let messages = messages(&RULE, src);
        assert_eq!(messages[0], "unknown instruction: RUNN (did you mean run?)");
        assert_eq!(messages[1], "unknown flag: frm (did you mean from?)");
    }

    #[test]
    fn a_valid_file_has_none() {
        assert!(ranges(&RULE, "FROM a:1\nRUN x\n").is_empty());
    }
}

//! DL4001: either use wget or curl, but not both.

use super::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Within a stage, once both `wget` and `curl` have been used, flags every `RUN` that uses
    /// either of them (hadolint's behaviour). The finding points at the first `wget` or `curl`
    /// of that `RUN`.
    ///
    /// ## Why is this bad?
    /// Two download tools do the same job: installing both makes the image larger and gives two
    /// sets of options, proxies and certificates to keep right.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN curl -fsSLo /a.tgz https://example.com/a.tgz
    /// RUN wget -q https://example.com/b.tgz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN curl -fsSLo /a.tgz https://example.com/a.tgz
    /// RUN curl -fsSLO https://example.com/b.tgz
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the two tools take different options.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 한 스테이지에서 `wget`과 `curl`이 모두 쓰인 뒤로는 둘 중 하나라도 쓰는 모든 `RUN`을
    /// 보고합니다(hadolint의 동작). 보고 위치는 그 `RUN`의 첫 `wget` 또는 `curl`입니다.
    ///
    /// ## 왜 문제인가요?
    /// 두 다운로드 도구는 같은 일을 합니다. 둘 다 설치하면 이미지가 커지고, 옵션과 프록시와
    /// 인증서를 두 벌 관리해야 합니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUN curl -fsSLo /a.tgz https://example.com/a.tgz
    /// RUN wget -q https://example.com/b.tgz
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// RUN curl -fsSLo /a.tgz https://example.com/a.tgz
    /// RUN curl -fsSLO https://example.com/b.tgz
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 두 도구의 옵션이 다릅니다.
    RULE {
        hadolint: Some("DL4001"),
        buildkit: None,
        slipway: None,
        summary: "Either use Wget or Curl but not both",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Either use Wget or Curl but not both";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    let mut stage = None;
    let (mut wget, mut curl) = (false, false);
    for (run, body, commands) in ctx.shell_commands() {
        if run.stage != stage {
            stage = run.stage;
            (wget, curl) = (false, false);
        }
        let invocations = invocations(commands);
        let mut first = None;
        for inv in &invocations {
            match inv.name {
                "wget" => wget = true,
                "curl" => curl = true,
                _ => continue,
            }
            first.get_or_insert(inv.name_word().span);
        }
        if let (Some(span), true, true) = (first, wget, curl) {
            out.report_for(run.index, body.span(span), MESSAGE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::ranges;

    #[test]
    fn both_tools_in_a_stage() {
        let src = "FROM a:1\nRUN curl x\nRUN echo && wget -q y\nRUN true\nRUN curl z\nFROM b:1\nRUN wget -q y\n";
        assert_eq!(ranges(&RULE, src), [(3, 13, 3, 17), (5, 5, 5, 9)]);
        let one = "FROM a:1\nRUN wget -q y && curl a && wget -q b\n";
        assert_eq!(ranges(&RULE, one), [(2, 5, 2, 9)]);
    }

    #[test]
    fn one_tool_only() {
        assert!(ranges(&RULE, "FROM a:1\nRUN curl x && curl y\nRUN echo wget\n").is_empty());
    }
}

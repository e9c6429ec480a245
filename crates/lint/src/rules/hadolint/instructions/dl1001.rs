//! DL1001: please refrain from using inline ignore pragmas (off by default).

use crate::pragma::PragmaKind;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Off by default (as in hadolint; enable it with an `override` in the config). Flags each
    /// inline ignore pragma — `# hadolint ignore=…`, `# hadolint global ignore=…`,
    /// `# hadolint stage ignore=…` and the `# slipway …` spellings — at the comment.
    /// `# hadolint shell=…` is not an ignore and passes.
    ///
    /// Deliberate difference from hadolint 2.15.1: hadolint only flags the next-line
    /// `ignore=` form; the global and stage forms silence rules just as well, so they are
    /// flagged too.
    ///
    /// ## Why is this bad?
    /// Teams that enable this rule want every exception in the shared configuration, where it
    /// is reviewed once, rather than scattered through Dockerfiles.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// # hadolint ignore=DL3008
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # .hadolint.yaml: ignored: [DL3008]
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// No fix: removing the pragma would bring back the findings it silences.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// hadolint처럼 기본적으로 꺼져 있습니다(설정의 `override`로 켭니다). 인라인 무시 프래그마
    /// (`# hadolint ignore=…`, `# hadolint global ignore=…`, `# hadolint stage ignore=…`와
    /// `# slipway …` 표기)를 주석 위치에 보고합니다. `# hadolint shell=…`은 무시가 아니므로
    /// 통과합니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: hadolint는 다음 줄용 `ignore=`만 보고하지만, global과
    /// stage 형식도 똑같이 규칙을 끄므로 함께 보고합니다.
    ///
    /// ## 왜 문제인가요?
    /// 이 규칙을 켜는 팀은 예외를 Dockerfile 곳곳이 아니라 한 번 검토되는 공유 설정에 두기를
    /// 원합니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// # hadolint ignore=DL3008
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// # .hadolint.yaml: ignored: [DL3008]
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 프래그마를 지우면 그것이 끈 결과가 다시 나타납니다.
    RULE {
        hadolint: Some("DL1001"),
        buildkit: None,
        slipway: None,
        summary: "Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`",
        severity: Severity::Info,
        default_enabled: false,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for pragma in ctx.pragmas.all() {
        if matches!(pragma.kind, PragmaKind::Shell(_)) {
            continue;
        }
        let Some(start) = ctx.line_index().line_start(pragma.line) else { continue };
        let line = ctx.source[start..].split('\n').next().unwrap_or_default();
        let Some(hash) = line.find('#') else { continue };
        let end = start + line.trim_end().len();
        out.report(
            Span::new(start + hash, end),
            "Please refrain from using inline ignore pragmas  `# hadolint ignore=DLxxxx`.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges, texts};

    #[test]
    fn ignore_pragmas_are_flagged_at_the_comment() {
        let src = "# hadolint global ignore=DL3006\nFROM a\n  # hadolint ignore=DL3000 # why \nWORKDIR a\n# slipway stage ignore=DL3000\nWORKDIR b\n";
        assert_eq!(ranges(&RULE, src), [(1, 1, 1, 32), (3, 3, 3, 33), (5, 1, 5, 30)]);
        assert_eq!(texts(&RULE, src)[1], "# hadolint ignore=DL3000 # why");
        assert_eq!(
            messages(&RULE, src)[0],
            "Please refrain from using inline ignore pragmas  `# hadolint ignore=DLxxxx`."
        );
    }

    #[test]
    fn shell_pragmas_and_comments_pass() {
        assert!(ranges(&RULE, "# hadolint shell=bash\n# a comment\nFROM a:1\n").is_empty());
    }
}

//! DL3012: multiple HEALTHCHECK instructions in a stage.

use super::support::repeats;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags the second and later `HEALTHCHECK` of a stage (`HEALTHCHECK NONE` included), at
    /// the keyword.
    ///
    /// This is also BuildKit's MultipleInstructionsDisallowed check for `HEALTHCHECK`: findings
    /// carry that name (see DL4003, which declares it).
    ///
    /// ## Why is this bad?
    /// Only the last `HEALTHCHECK` of the image takes effect; the earlier ones are dead code
    /// that misleads the reader.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/
    /// HEALTHCHECK CMD curl -f http://localhost/health
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/health
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which one was meant is the author's call.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 한 스테이지의 두 번째 이후 `HEALTHCHECK`(`HEALTHCHECK NONE` 포함)를 키워드 위치에
    /// 보고합니다.
    ///
    /// `HEALTHCHECK`에 대한 BuildKit의 MultipleInstructionsDisallowed 검사이기도 하여 결과에 그
    /// 이름이 붙습니다(이름은 DL4003이 선언합니다).
    ///
    /// ## 왜 문제인가요?
    /// 이미지에서는 마지막 `HEALTHCHECK`만 효력이 있습니다. 앞의 것들은 읽는 사람을 헷갈리게 하는
    /// 죽은 코드입니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/
    /// HEALTHCHECK CMD curl -f http://localhost/health
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM nginx:1.27
    /// HEALTHCHECK CMD curl -f http://localhost/health
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 어느 것을 의도했는지는 작성자가 판단합니다.
    RULE {
        hadolint: Some("DL3012"),
        buildkit: None,
        slipway: None,
        summary: "Multiple HEALTHCHECK instructions",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for index in repeats(ctx, |c| matches!(c, Command::Healthcheck(_))) {
        let keyword = ctx.instructions()[index].keyword.span;
        out.report_for(index, keyword, "Multiple `HEALTHCHECK` instructions").name =
            Some("MultipleInstructionsDisallowed");
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, messages, ranges};

    #[test]
    fn later_healthchecks_of_a_stage_are_flagged() {
        let src = "FROM a:1\nHEALTHCHECK CMD a\nHEALTHCHECK NONE\nHEALTHCHECK CMD [\"b\"]\n";
        assert_eq!(ranges(&RULE, src), [(3, 1, 3, 12), (4, 1, 4, 12)]);
        assert_eq!(messages(&RULE, src)[0], "Multiple `HEALTHCHECK` instructions");
        assert_eq!(findings(&RULE, src)[0].name, Some("MultipleInstructionsDisallowed"));
    }

    #[test]
    fn one_healthcheck_per_stage_passes() {
        assert!(ranges(&RULE, "FROM a:1\nHEALTHCHECK CMD a\nFROM a:1\nHEALTHCHECK NONE\n").is_empty());
    }
}

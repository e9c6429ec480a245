//! DL3012: multiple HEALTHCHECK instructions in a stage.

use super::support::{delete_overridden, repeats};
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
    /// Safe: deletes the earlier `HEALTHCHECK`, the one that never takes effect; the image keeps the
    /// `HEALTHCHECK` it has today. Whether the earlier one was the intended one is for the
    /// author to check.
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
    /// 안전합니다. 효력이 없는 앞의 `HEALTHCHECK`를 지우므로 이미지는 지금의 `HEALTHCHECK`를 그대로
    /// 유지합니다. 앞의 것이 의도한 것이었는지는 작성자가 확인하세요.
    RULE {
        hadolint: Some("DL3012"),
        buildkit: None,
        slipway: None,
        summary: "Multiple HEALTHCHECK instructions",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (earlier, index) in repeats(ctx, |c| matches!(c, Command::Healthcheck(_))) {
        let keyword = ctx.instructions()[index].keyword.span;
        let finding = out.report_for(index, keyword, "Multiple `HEALTHCHECK` instructions");
        finding.name = Some("MultipleInstructionsDisallowed");
        finding.with_fix(delete_overridden(ctx, earlier, "`HEALTHCHECK`"));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{findings, fixed, messages, ranges};

    #[test]
    fn later_healthchecks_of_a_stage_are_flagged() {
        let src = "FROM a:1\nHEALTHCHECK CMD a\nHEALTHCHECK NONE\nHEALTHCHECK CMD [\"b\"]\n";
        assert_eq!(ranges(&RULE, src), [(3, 1, 3, 12), (4, 1, 4, 12)]);
        assert_eq!(messages(&RULE, src)[0], "Multiple `HEALTHCHECK` instructions");
        assert_eq!(findings(&RULE, src)[0].name, Some("MultipleInstructionsDisallowed"));
    }

    #[test]
    fn safe_fix_deletes_the_overridden_healthcheck() {
        let src = "FROM a:1\r\nHEALTHCHECK CMD a\r\nHEALTHCHECK NONE\r\n";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "FROM a:1\r\nHEALTHCHECK NONE\r\n");
    }

    #[test]
    fn one_healthcheck_per_stage_passes() {
        assert!(ranges(&RULE, "FROM a:1\nHEALTHCHECK CMD a\nFROM a:1\nHEALTHCHECK NONE\n").is_empty());
    }
}

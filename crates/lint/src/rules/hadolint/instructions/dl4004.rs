//! DL4004: multiple ENTRYPOINT instructions in a stage.

use super::support::{delete_overridden, repeats};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags the second and later `ENTRYPOINT` of a stage, at the keyword.
    ///
    /// This is also BuildKit's MultipleInstructionsDisallowed check for `ENTRYPOINT`: findings
    /// carry that name (see DL4003, which declares it).
    ///
    /// ## Why is this bad?
    /// Only the last `ENTRYPOINT` of the image takes effect; the earlier ones are dead code that
    /// misleads the reader.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13
    /// ENTRYPOINT ["python"]
    /// ENTRYPOINT ["gunicorn"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13
    /// ENTRYPOINT ["gunicorn"]
    /// ```
    ///
    /// ## Fix safety
    /// Safe: deletes the earlier `ENTRYPOINT`, the one that never takes effect; the image keeps
    /// the `ENTRYPOINT` it has today. (An `ENTRYPOINT` resets `CMD` only while the stage has
    /// set none, and the later `ENTRYPOINT` does that just the same.) Whether the earlier one
    /// was the intended one is for the author to check.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 한 스테이지의 두 번째 이후 `ENTRYPOINT`를 키워드 위치에 보고합니다.
    ///
    /// `ENTRYPOINT`에 대한 BuildKit의 MultipleInstructionsDisallowed 검사이기도 하여 결과에 그
    /// 이름이 붙습니다(이름은 DL4003이 선언합니다).
    ///
    /// ## 왜 문제인가요?
    /// 이미지에서는 마지막 `ENTRYPOINT`만 효력이 있습니다. 앞의 것들은 읽는 사람을 헷갈리게 하는
    /// 죽은 코드입니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM python:3.13
    /// ENTRYPOINT ["python"]
    /// ENTRYPOINT ["gunicorn"]
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM python:3.13
    /// ENTRYPOINT ["gunicorn"]
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. 효력이 없는 앞의 `ENTRYPOINT`를 지우므로 이미지는 지금의 `ENTRYPOINT`를
    /// 그대로 유지합니다. (`ENTRYPOINT`는 스테이지가 `CMD`를 설정하지 않았을 때만 `CMD`를
    /// 지우며, 나중 `ENTRYPOINT`도 똑같이 그렇게 합니다.) 앞의 것이 의도한 것이었는지는
    /// 작성자가 확인하세요.
    RULE {
        hadolint: Some("DL4004"),
        buildkit: None,
        slipway: None,
        summary: "Multiple ENTRYPOINT instructions found. If you list more than one ENTRYPOINT then only the last ENTRYPOINT will take effect",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (earlier, index) in repeats(ctx, |c| matches!(c, Command::Entrypoint { .. })) {
        let keyword = ctx.instructions()[index].keyword.span;
        let message = "Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect";
        let finding = out.report_for(index, keyword, message);
        finding.name = Some("MultipleInstructionsDisallowed");
        finding.with_fix(delete_overridden(ctx, earlier, "`ENTRYPOINT`"));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{findings, fixed, ranges};

    #[test]
    fn later_entrypoints_of_a_stage_are_flagged_with_the_buildkit_name() {
        let src = "FROM a:1\nENTRYPOINT a\nENTRYPOINT [\"b\"]\nFROM a:1\nENTRYPOINT c\n";
        assert_eq!(ranges(&RULE, src), [(3, 1, 3, 11)]);
        let found = findings(&RULE, src);
        assert_eq!((found[0].code, found[0].name), ("DL4004", Some("MultipleInstructionsDisallowed")));
        let ignored = "FROM a:1\nENTRYPOINT a\n# hadolint ignore=MultipleInstructionsDisallowed\nENTRYPOINT b\n";
        assert!(ranges(&RULE, ignored).is_empty());
    }

    #[test]
    fn safe_fix_deletes_the_overridden_entrypoint() {
        let src = "FROM a:1\nENTRYPOINT [\"a\"]\nCMD [\"x\"]\nENTRYPOINT [\"b\"]";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "FROM a:1\nCMD [\"x\"]\nENTRYPOINT [\"b\"]");
    }

    #[test]
    fn one_entrypoint_per_stage_passes() {
        assert!(ranges(&RULE, "FROM a:1\nENTRYPOINT a\nCMD b\nFROM a:1\nENTRYPOINT c\n").is_empty());
    }
}

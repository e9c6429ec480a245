//! DL4003 / MultipleInstructionsDisallowed: multiple CMD instructions in a stage.

use super::support::{delete_overridden, repeats};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags the second and later `CMD` of a stage, at the keyword.
    ///
    /// This is hadolint's DL4003 and BuildKit's MultipleInstructionsDisallowed check, reported
    /// once under both names. BuildKit's check also covers `ENTRYPOINT` and `HEALTHCHECK`,
    /// which hadolint splits into DL4004 and DL3012: since a name belongs to one rule, this rule
    /// declares the BuildKit name, and DL4004 and DL3012 findings carry it in their `name`
    /// field (so `# hadolint ignore=MultipleInstructionsDisallowed` silences all three, while
    /// `ignored:`, `# check=skip=` by that name and `# check=error=true` only reach this rule).
    ///
    /// Like hadolint, the finding is on the later instruction (the duplicate); BuildKit points at
    /// the earlier one (the instruction that gets ignored).
    ///
    /// ## Why is this bad?
    /// Only the last `CMD` of the image takes effect; the earlier ones are dead code that
    /// misleads the reader.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// CMD ["node", "a.js"]
    /// CMD ["node", "b.js"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22
    /// CMD ["node", "b.js"]
    /// ```
    ///
    /// ## Fix safety
    /// Safe: deletes the earlier `CMD`, the one that never takes effect; the image keeps the
    /// `CMD` it has today. Whether the earlier one was the intended one is for the
    /// author to check.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 한 스테이지의 두 번째 이후 `CMD`를 키워드 위치에 보고합니다.
    ///
    /// hadolint의 DL4003이자 BuildKit의 MultipleInstructionsDisallowed 검사이며, 두 이름으로 한
    /// 번만 보고합니다. BuildKit 검사는 `ENTRYPOINT`와 `HEALTHCHECK`도 다루는데 hadolint는 이를
    /// DL4004와 DL3012로 나눕니다. 이름은 한 규칙에만 속하므로 이 규칙이 BuildKit 이름을 선언하고,
    /// DL4004와 DL3012의 결과도 `name` 필드에 그 이름을 담습니다(`# hadolint
    /// ignore=MultipleInstructionsDisallowed`는 세 규칙 모두를 끄지만, 그 이름의 `ignored:`와
    /// `# check=skip=`, 그리고 `# check=error=true`는 이 규칙에만 적용됩니다).
    ///
    /// hadolint처럼 나중 명령어(중복)에 보고합니다. BuildKit은 앞의 명령어(무시되는 것)를
    /// 가리킵니다.
    ///
    /// ## 왜 문제인가요?
    /// 이미지에서는 마지막 `CMD`만 효력이 있습니다. 앞의 것들은 읽는 사람을 헷갈리게 하는 죽은
    /// 코드입니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM node:22
    /// CMD ["node", "a.js"]
    /// CMD ["node", "b.js"]
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM node:22
    /// CMD ["node", "b.js"]
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. 효력이 없는 앞의 `CMD`를 지우므로 이미지는 지금의 `CMD`를 그대로
    /// 유지합니다. 앞의 것이 의도한 것이었는지는 작성자가 확인하세요.
    RULE {
        hadolint: Some("DL4003"),
        buildkit: Some("MultipleInstructionsDisallowed"),
        slipway: None,
        summary: "Multiple CMD instructions found. If you list more than one CMD then only the last CMD will take effect",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (earlier, index) in repeats(ctx, |c| matches!(c, Command::Cmd { .. })) {
        let keyword = ctx.instructions()[index].keyword.span;
        let message = "Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect";
        out.report_for(index, keyword, message).with_fix(delete_overridden(ctx, earlier, "`CMD`"));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{findings, fixed, ranges};

    #[test]
    fn later_cmds_of_a_stage_are_flagged() {
        let src = "FROM a:1\nCMD a\ncmd b\nCMD [\"c\"]\nFROM a:1\nCMD d\n";
        assert_eq!(ranges(&RULE, src), [(3, 1, 3, 4), (4, 1, 4, 4)]);
        let found = findings(&RULE, src);
        assert_eq!((found[0].code, found[0].name), ("DL4003", Some("MultipleInstructionsDisallowed")));
    }

    #[test]
    fn safe_fix_deletes_the_overridden_cmds() {
        let src = "FROM a:1\nCMD a\n# keep\nCMD [\"b\", \\\n  \"c\"]\nCMD d\nFROM a:1\nCMD e\n";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "FROM a:1\n# keep\nCMD d\nFROM a:1\nCMD e\n");
    }

    #[test]
    fn one_cmd_per_stage_passes() {
        assert!(ranges(&RULE, "FROM a:1\nCMD a\nENTRYPOINT b\nFROM a:1\nCMD c\n").is_empty());
    }
}

//! StageNameCasing: stage names should be lower case.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a stage name (`FROM … AS Build`) that is not all lower case.
    ///
    /// ## Why is this bad?
    /// BuildKit lower-cases stage names, so `Build`, `build` and `BUILD` are the same stage.
    /// Writing it with capitals suggests a distinction that does not exist.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS Build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// ```
    ///
    /// ## Fix safety
    /// Safe: stage references are case-insensitive, so lower-casing the name changes nothing.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 모두 소문자가 아닌 스테이지 이름(`FROM … AS Build`)을 찾습니다.
    ///
    /// ## 왜 문제인가요?
    /// BuildKit은 스테이지 이름을 소문자로 바꾸므로 `Build`, `build`, `BUILD`는 같은
    /// 스테이지입니다. 대문자로 쓰면 존재하지 않는 구분이 있는 것처럼 보입니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM golang:1.23 AS Build
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. 스테이지 참조는 대소문자를 구분하지 않으므로 이름을 소문자로 바꿔도 달라지는
    /// 것이 없습니다.
    RULE {
        hadolint: None,
        buildkit: Some("StageNameCasing"),
        slipway: None,
        summary: "Stage names should be lowercase",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for stage in &ctx.stages {
        let instruction = &ctx.instructions()[stage.from_index];
        let Arguments::Words(words) = &instruction.args else { continue };
        let [_, _, name] = words.as_slice() else { continue };
        let lower = name.value.to_lowercase();
        if name.value != lower {
            out.report_for(stage.from_index, name.span, format!("Stage name '{}' should be lowercase", name.value))
                .with_fix(Fix::safe("Lower-case the stage name", vec![Edit::replace(name.span, lower)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{fixed, messages, ranges};

    #[test]
    fn capitals_are_flagged_at_the_name() {
        let src = "FROM a:1 AS Build\nFROM build AS ok\nCOPY --from=BUILD / /\n";
        assert_eq!(ranges(&RULE, src), [(1, 13, 1, 18)]);
        assert_eq!(messages(&RULE, src), ["Stage name 'Build' should be lowercase"]);
        assert_eq!(
            fixed(&RULE, src, Applicability::Safe),
            "FROM a:1 AS build\nFROM build AS ok\nCOPY --from=BUILD / /\n"
        );
    }
}

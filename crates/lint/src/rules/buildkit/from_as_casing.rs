//! FromAsCasing: the `AS` keyword's casing should match `FROM`'s.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `FROM … AS name` lines where `FROM` is all upper case and `as` is not, or `from` is
    /// all lower case and `AS` is not. A mixed-case `From` is not checked.
    ///
    /// ## Why is this bad?
    /// Mixed casing in one line reads as a mistake and makes the file inconsistent.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 as build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// ```
    ///
    /// ## Fix safety
    /// Safe: keywords are case-insensitive; the fix changes the case of `AS` only.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `FROM`이 모두 대문자인데 `as`가 그렇지 않거나, `from`이 모두 소문자인데 `AS`가 그렇지 않은
    /// `FROM … AS name` 줄을 찾습니다. `From`처럼 대소문자가 섞인 경우는 검사하지 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// 한 줄 안에서 대소문자가 섞이면 실수처럼 보이고 파일의 일관성이 떨어집니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM golang:1.23 as build
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. 키워드는 대소문자를 구분하지 않으며, `AS`의 대소문자만 바꿉니다.
    RULE {
        hadolint: None,
        buildkit: Some("FromAsCasing"),
        slipway: None,
        summary: "'as' and 'FROM' keywords' casing do not match",
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
        let [_, as_word, _] = words.as_slice() else { continue };
        let from = instruction.keyword.value.as_str();
        let as_text = as_word.value.as_str();
        let wanted = if from == from.to_ascii_uppercase() {
            "AS"
        } else if from == from.to_ascii_lowercase() {
            "as"
        } else {
            continue;
        };
        if as_text != wanted {
            out.report_for(
                stage.from_index,
                as_word.span,
                format!("'{as_text}' and '{from}' keywords' casing do not match"),
            )
            .with_fix(Fix::safe(format!("Write `{wanted}`"), vec![Edit::replace(as_word.span, wanted)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{findings, fixed, messages, ranges};

    #[test]
    fn mismatched_casing_is_flagged_at_as() {
        let src = "FROM a:1 as b\nfrom a:1 AS c\nFROM a:1 As d\n";
        assert_eq!(ranges(&RULE, src), [(1, 10, 1, 12), (2, 10, 2, 12), (3, 10, 3, 12)]);
        assert_eq!(messages(&RULE, src)[0], "'as' and 'FROM' keywords' casing do not match");
        assert_eq!(findings(&RULE, src)[0].code, "FromAsCasing");
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "FROM a:1 AS b\nfrom a:1 as c\nFROM a:1 AS d\n");
    }

    #[test]
    fn matching_or_mixed_casing_passes() {
        assert!(ranges(&RULE, "FROM a:1 AS b\nfrom a:1 as c\nFrom a:1 as d\nFROM a:1\n").is_empty());
    }
}

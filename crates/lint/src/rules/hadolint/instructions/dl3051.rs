//! DL3051: a label of the label schema is empty.

use super::support::{label_pairs, schema_type};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `LABEL` listed in the config's `label-schema` whose value is empty
    /// (`LABEL version=""`), at the value (or the key when nothing follows `=`).
    ///
    /// Deliberate difference from hadolint 2.15.1: an empty value is only reported here, not
    /// also as an invalid URL or date (DL3052, DL3053).
    ///
    /// ## Why is this bad?
    /// An empty schema label satisfies the letter of the schema but says nothing: usually a
    /// build argument that was never passed.
    ///
    /// ## Example
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {version: semver}
    /// FROM debian:12
    /// LABEL version=""
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL version=1.0.0
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the value is unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 설정의 `label-schema`에 있는 `LABEL`의 값이 비어 있으면(`LABEL version=""`) 값 위치(`=`
    /// 뒤에 아무것도 없으면 키 위치)에 보고합니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: 빈 값은 여기서만 보고하고, 잘못된 URL이나 날짜(DL3052,
    /// DL3053)로 다시 보고하지 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// 빈 스키마 레이블은 스키마의 형식만 맞출 뿐 아무것도 말하지 않습니다. 대개 전달되지 않은
    /// 빌드 인자입니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {version: semver}
    /// FROM debian:12
    /// LABEL version=""
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL version=1.0.0
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 값을 알 수 없습니다.
    RULE {
        hadolint: Some("DL3051"),
        buildkit: None,
        slipway: None,
        summary: "A label of the label schema is empty",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for pair in label_pairs(ctx) {
        if schema_type(ctx, &pair.key).is_none() || !pair.value.trim().is_empty() {
            continue;
        }
        let span = if pair.tokens.value.span.is_empty() { pair.tokens.key.span } else { pair.tokens.value.span };
        out.report_for(pair.index, span, format!("label `{}` is empty.", pair.key));
    }
}

#[cfg(test)]
mod tests {
    use super::super::support::lint_with;
    use super::RULE;

    #[test]
    fn empty_schema_labels_are_flagged() {
        let yaml = "label-schema:\n  version: semver\n  author: text\n";
        let found = lint_with(&RULE, "FROM a:1\nLABEL version=\"\" author= other=\"\"\n", yaml);
        assert_eq!(
            found,
            [
                ("\"\"".to_string(), "label `version` is empty.".to_string()),
                ("author".to_string(), "label `author` is empty.".to_string())
            ]
        );
    }

    #[test]
    fn filled_labels_pass() {
        assert!(lint_with(&RULE, "FROM a:1\nLABEL version=1\n", "label-schema:\n  version: semver\n").is_empty());
    }
}

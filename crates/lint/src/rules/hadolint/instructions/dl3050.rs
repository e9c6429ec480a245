//! DL3050: superfluous labels present (with `strict-labels`).

use super::support::label_pairs;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// With `strict-labels: true` in the config, flags each `LABEL` key that the
    /// `label-schema` does not list, at the key.
    ///
    /// hadolint reports one finding per `LABEL` instruction; Slipway reports each superfluous
    /// key.
    ///
    /// ## Why is this bad?
    /// A strict schema is the complete list of labels an image may carry; anything else is a
    /// typo of a schema label or metadata nobody agreed on.
    ///
    /// ## Example
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {version: semver}, strict-labels: true
    /// FROM debian:12
    /// LABEL version=1.0.0 vesion=1.0.0
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL version=1.0.0
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the label may be a typo or deliberate.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 설정에 `strict-labels: true`가 있으면 `label-schema`에 없는 `LABEL` 키를 키 위치에
    /// 보고합니다.
    ///
    /// hadolint는 `LABEL` 명령어마다 하나를 보고하고, Slipway는 불필요한 키마다 보고합니다.
    ///
    /// ## 왜 문제인가요?
    /// 엄격한 스키마는 이미지가 가질 수 있는 레이블의 전체 목록입니다. 그 밖의 것은 스키마
    /// 레이블의 오타이거나 합의되지 않은 메타데이터입니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {version: semver}, strict-labels: true
    /// FROM debian:12
    /// LABEL version=1.0.0 vesion=1.0.0
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL version=1.0.0
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 레이블이 오타인지 의도인지 알 수 없습니다.
    RULE {
        hadolint: Some("DL3050"),
        buildkit: None,
        slipway: None,
        summary: "Superfluous label(s) present",
        severity: Severity::Info,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    if !ctx.config.strict_labels {
        return;
    }
    for pair in label_pairs(ctx) {
        if !ctx.config.label_schema.contains_key(&pair.key) {
            out.report_for(pair.index, pair.tokens.key.span, "Superfluous label(s) present.");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::support::lint_with;
    use super::RULE;

    #[test]
    fn keys_outside_the_schema_are_flagged_when_strict() {
        let yaml = "label-schema:\n  version: semver\nstrict-labels: true\n";
        let found = lint_with(&RULE, "FROM a:1\nLABEL version=1 vesion=1\nLABEL \"x\"=2\n", yaml);
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["vesion", "\"x\""]);
        assert_eq!(found[0].1, "Superfluous label(s) present.");
    }

    #[test]
    fn not_strict_no_findings() {
        assert!(lint_with(&RULE, "FROM a:1\nLABEL x=1\n", "label-schema:\n  version: semver\n").is_empty());
    }
}

//! DL3056: a label of type `semver` is not a semantic version.

use super::support::typed_values;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `LABEL` whose type in the config's `label-schema` is `semver` and whose value is not
    /// a semantic version: `MAJOR.MINOR.PATCH`, optionally `-prerelease` and `+build` (no `v`
    /// prefix), at the value. Empty values (DL3051) and values written with variables (known only
    /// at build time) are not checked.
    ///
    /// Deliberate difference from hadolint 2.15.1: hadolint also checks values written with
    /// variables (`$VERSION`), which are only known at build time.
    ///
    /// ## Why is this bad?
    /// Tools compare and sort versions from this label; a value that is not semver sorts wrongly or
    /// is rejected.
    ///
    /// ## Example
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {org.opencontainers.image.version: semver}
    /// FROM debian:12
    /// LABEL org.opencontainers.image.version=v1.2
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.version=1.2.0
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the right value is unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 설정의 `label-schema`에서 타입이 `semver`인 `LABEL`의 값이 시맨틱 버전(`MAJOR.MINOR.PATCH`, 선택적으로
    /// `-prerelease`와 `+build`, `v` 접두사 없음)이 아니면 값 위치에 보고합니다. 빈 값(DL3051)과 변수로 쓴 값(빌드할 때에만 알 수 있음)은
    /// 검사하지 않습니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: hadolint는 빌드할 때에만 알 수 있는 변수로 쓴 값(`$VERSION`)도 검사합니다.
    ///
    /// ## 왜 문제인가요?
    /// 도구는 이 레이블로 버전을 비교하고 정렬합니다. semver가 아닌 값은 잘못 정렬되거나 거부됩니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {org.opencontainers.image.version: semver}
    /// FROM debian:12
    /// LABEL org.opencontainers.image.version=v1.2
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.version=1.2.0
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 올바른 값을 알 수 없습니다.
    RULE {
        hadolint: Some("DL3056"),
        buildkit: None,
        slipway: None,
        summary: "Label does not conform to semantic versioning",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for pair in typed_values(ctx, "semver") {
        if !valid(&pair.value) {
            out.report_for(
                pair.index,
                pair.tokens.value.span,
                format!("Label `{}` does not conform to semantic versioning.", pair.key),
            );
        }
    }
}

fn valid(value: &str) -> bool {
    let (rest, build) = match value.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (value, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let identifiers = |text: &str| {
        text.split('.').all(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    };
    let numbers: Vec<&str> = core.split('.').collect();
    numbers.len() == 3
        && numbers.iter().all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && pre.is_none_or(identifiers)
        && build.is_none_or(identifiers)
}

#[cfg(test)]
mod tests {
    use super::super::support::lint_with;
    use super::RULE;

    const SCHEMA: &str = "label-schema:\n  k0: semver\n  k1: semver\n  k2: semver\n  v: semver\n  e: semver\n";

    #[test]
    fn invalid_values_are_flagged_at_the_value() {
        let found = lint_with(&RULE, "FROM a:1\nLABEL k0=v1.2.3 k1=1.2 k2=1.2.3-\n", SCHEMA);
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["v1.2.3", "1.2", "1.2.3-"]);
        assert_eq!(found[0].1, "Label `k0` does not conform to semantic versioning.");
    }

    #[test]
    fn valid_empty_and_variable_values_pass() {
        assert!(lint_with(
            &RULE,
            "FROM a:1\nLABEL k0=1.2.3 k1=1.2.3-rc.1+b.2 k2=0.0.1-alpha-1 v=$V e=\"\" other=x\n",
            SCHEMA
        )
        .is_empty());
    }
}

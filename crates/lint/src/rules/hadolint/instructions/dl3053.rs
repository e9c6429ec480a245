//! DL3053: a label of type `rfc3339` is not an RFC 3339 date-time.

use super::support::typed_values;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `LABEL` whose type in the config's `label-schema` is `rfc3339` and whose value is
    /// not an RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or an offset
    /// (`+01:00`), at the value. Empty values (DL3051) and values written with variables (known
    /// only at build time) are not checked.
    ///
    /// Deliberate difference from hadolint 2.15.1: hadolint also checks values written with
    /// variables (`$VERSION`), which are only known at build time.
    ///
    /// ## Why is this bad?
    /// Registries and tools parse the creation date to sort and expire images; a date without time
    /// or zone cannot be compared reliably.
    ///
    /// ## Example
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {org.opencontainers.image.created: rfc3339}
    /// FROM debian:12
    /// LABEL org.opencontainers.image.created=2024-05-01
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.created=2024-05-01T12:00:00Z
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the right value is unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 설정의 `label-schema`에서 타입이 `rfc3339`인 `LABEL`의 값이 RFC 3339 날짜-시간(`YYYY-MM-DDTHH:MM:SS`, 선택적 소수
    /// 초, 그다음 `Z` 또는 오프셋(`+01:00`))이 아니면 값 위치에 보고합니다. 빈 값(DL3051)과 변수로 쓴 값(빌드할 때에만 알 수 있음)은 검사하지
    /// 않습니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: hadolint는 빌드할 때에만 알 수 있는 변수로 쓴 값(`$VERSION`)도 검사합니다.
    ///
    /// ## 왜 문제인가요?
    /// 레지스트리와 도구는 생성 날짜를 파싱하여 이미지를 정렬하고 만료시킵니다. 시간이나 시간대가 없는 날짜는 확실하게 비교할 수 없습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {org.opencontainers.image.created: rfc3339}
    /// FROM debian:12
    /// LABEL org.opencontainers.image.created=2024-05-01
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.created=2024-05-01T12:00:00Z
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 올바른 값을 알 수 없습니다.
    RULE {
        hadolint: Some("DL3053"),
        buildkit: None,
        slipway: None,
        summary: "Label is not a valid RFC3339 time",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for pair in typed_values(ctx, "rfc3339") {
        if !valid(&pair.value) {
            out.report_for(
                pair.index,
                pair.tokens.value.span,
                format!("Label `{}` is not a valid time format - must conform to RFC3339.", pair.key),
            );
        }
    }
}

fn valid(value: &str) -> bool {
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| b.get(range).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let number = |range: std::ops::Range<usize>| value.get(range).and_then(|s| s.parse::<u32>().ok()).unwrap_or(99);
    let date_time = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b't' | b' ')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !date_time || !(1..=12).contains(&number(5..7)) || !(1..=31).contains(&number(8..10)) {
        return false;
    }
    if number(11..13) > 23 || number(14..16) > 59 || number(17..19) > 60 {
        return false;
    }
    let mut rest = &value[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return false;
        }
        rest = &fraction[len..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::support::lint_with;
    use super::RULE;

    const SCHEMA: &str = "label-schema:\n  k0: rfc3339\n  k1: rfc3339\n  k2: rfc3339\n  v: rfc3339\n  e: rfc3339\n";

    #[test]
    fn invalid_values_are_flagged_at_the_value() {
        let found =
            lint_with(&RULE, "FROM a:1\nLABEL k0=2020-01-01 k1=2020-13-01T00:00:00Z k2=2020-01-01T00:00:00\n", SCHEMA);
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["2020-01-01", "2020-13-01T00:00:00Z", "2020-01-01T00:00:00"]);
        assert_eq!(found[0].1, "Label `k0` is not a valid time format - must conform to RFC3339.");
    }

    #[test]
    fn valid_empty_and_variable_values_pass() {
        assert!(lint_with(
            &RULE,
            "FROM a:1\nLABEL k0=2020-01-01T00:00:00Z k1=2020-01-01T00:00:00.123+01:00 v=$V e=\"\" other=x\n",
            SCHEMA
        )
        .is_empty());
    }
}

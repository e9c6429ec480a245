//! DL3052: a label of type `url` is not a valid URL.

use super::support::typed_values;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `LABEL` whose type in the config's `label-schema` is `url` and whose value is not an
    /// absolute URL: a scheme (`https:`, `ftp:`, …) followed by something, without spaces, at the
    /// value. Empty values (DL3051) and values written with variables (known only at build time)
    /// are not checked.
    ///
    /// Deliberate difference from hadolint 2.15.1: hadolint also checks values written with
    /// variables (`$VERSION`), which are only known at build time.
    ///
    /// ## Why is this bad?
    /// Tools turn this label into a link (the source repository, the documentation); a bare host
    /// name or a typo leads nowhere.
    ///
    /// ## Example
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {org.opencontainers.image.source: url}
    /// FROM debian:12
    /// LABEL org.opencontainers.image.source=https//github.com/example/app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.source=https://github.com/example/app
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the right value is unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 설정의 `label-schema`에서 타입이 `url`인 `LABEL`의 값이 절대 URL(스킴(`https:`, `ftp:` 등) 뒤에 무언가가 오고 공백이
    /// 없음)이 아니면 값 위치에 보고합니다. 빈 값(DL3051)과 변수로 쓴 값(빌드할 때에만 알 수 있음)은 검사하지 않습니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: hadolint는 빌드할 때에만 알 수 있는 변수로 쓴 값(`$VERSION`)도 검사합니다.
    ///
    /// ## 왜 문제인가요?
    /// 도구는 이 레이블을 링크(소스 저장소, 문서)로 바꿉니다. 호스트 이름만 있거나 오타가 있으면 아무 데도 가지 않습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {org.opencontainers.image.source: url}
    /// FROM debian:12
    /// LABEL org.opencontainers.image.source=https//github.com/example/app
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.source=https://github.com/example/app
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 올바른 값을 알 수 없습니다.
    RULE {
        hadolint: Some("DL3052"),
        buildkit: None,
        slipway: None,
        summary: "Label is not a valid URL",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for pair in typed_values(ctx, "url") {
        if !valid(&pair.value) {
            out.report_for(pair.index, pair.tokens.value.span, format!("Label `{}` is not a valid URL.", pair.key));
        }
    }
}

fn valid(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else { return false };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !value.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::super::support::lint_with;
    use super::RULE;

    const SCHEMA: &str = "label-schema:\n  k0: url\n  k1: url\n  k2: url\n  v: url\n  e: url\n";

    #[test]
    fn invalid_values_are_flagged_at_the_value() {
        let found = lint_with(&RULE, "FROM a:1\nLABEL k0=x.com k1=https//x k2=\"http://a b\"\n", SCHEMA);
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["x.com", "https//x", "\"http://a b\""]);
        assert_eq!(found[0].1, "Label `k0` is not a valid URL.");
    }

    #[test]
    fn valid_empty_and_variable_values_pass() {
        assert!(lint_with(
            &RULE,
            "FROM a:1\nLABEL k0=https://x.com/a?b=c k1=ftp://x k2=mailto:a@b.c v=$V e=\"\" other=x\n",
            SCHEMA
        )
        .is_empty());
    }
}

//! DL3058: a label of type `email` is not an e-mail address.

use super::support::typed_values;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `LABEL` whose type in the config's `label-schema` is `email` and whose value is not
    /// a bare e-mail address (`local@domain`, no display name, spaces or angle brackets), at the
    /// value. Empty values (DL3051) and values written with variables (known only at build time)
    /// are not checked.
    ///
    /// Deliberate difference from hadolint 2.15.1: hadolint also checks values written with
    /// variables (`$VERSION`), which are only known at build time.
    ///
    /// ## Why is this bad?
    /// Tools use the label to contact the maintainer; a malformed address (or one with a display
    /// name) cannot be used as is.
    ///
    /// ## Example
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {maintainer.email: email}
    /// FROM debian:12
    /// LABEL maintainer.email="Jane <jane@example.com>"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL maintainer.email=jane@example.com
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the right value is unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 설정의 `label-schema`에서 타입이 `email`인 `LABEL`의 값이 주소만 있는 이메일(`local@domain`, 표시 이름, 공백, 꺾쇠괄호
    /// 없음)이 아니면 값 위치에 보고합니다. 빈 값(DL3051)과 변수로 쓴 값(빌드할 때에만 알 수 있음)은 검사하지 않습니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: hadolint는 빌드할 때에만 알 수 있는 변수로 쓴 값(`$VERSION`)도 검사합니다.
    ///
    /// ## 왜 문제인가요?
    /// 도구는 이 레이블로 관리자에게 연락합니다. 형식이 잘못된 주소(또는 표시 이름이 붙은 주소)는 그대로 쓸 수 없습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {maintainer.email: email}
    /// FROM debian:12
    /// LABEL maintainer.email="Jane <jane@example.com>"
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL maintainer.email=jane@example.com
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 올바른 값을 알 수 없습니다.
    RULE {
        hadolint: Some("DL3058"),
        buildkit: None,
        slipway: None,
        summary: "Label is not a valid email format - must conform to RFC5322",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for pair in typed_values(ctx, "email") {
        if !valid(&pair.value) {
            out.report_for(
                pair.index,
                pair.tokens.value.span,
                format!("Label `{}` is not a valid email format - must conform to RFC5322.", pair.key),
            );
        }
    }
}

fn valid(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else { return false };
    let plain =
        |text: &str| !text.is_empty() && !text.contains(|c: char| c.is_whitespace() || "@<>()[],;:\"".contains(c));
    plain(local) && plain(domain) && !domain.starts_with('.') && !domain.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::super::support::lint_with;
    use super::RULE;

    const SCHEMA: &str = "label-schema:\n  k0: email\n  k1: email\n  k2: email\n  v: email\n  e: email\n";

    #[test]
    fn invalid_values_are_flagged_at_the_value() {
        let found = lint_with(&RULE, "FROM a:1\nLABEL k0=\"A <a@b.com>\" k1=nope k2=a@@b\n", SCHEMA);
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["\"A <a@b.com>\"", "nope", "a@@b"]);
        assert_eq!(found[0].1, "Label `k0` is not a valid email format - must conform to RFC5322.");
    }

    #[test]
    fn valid_empty_and_variable_values_pass() {
        assert!(lint_with(&RULE, "FROM a:1\nLABEL k0=a@b k1=a.b+c@x.y v=$V e=\"\" other=x\n", SCHEMA).is_empty());
    }
}

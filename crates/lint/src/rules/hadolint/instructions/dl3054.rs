//! DL3054: a label of type `spdx` is not an SPDX licence expression.

use super::support::typed_values;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `LABEL` whose type in the config's `label-schema` is `spdx` and whose value is not
    /// an SPDX licence expression: licence identifiers from the SPDX list (matched
    /// case-insensitively, optionally with `+`), `LicenseRef-…`, combined with `AND`, `OR`, `WITH`
    /// exception and parentheses, at the value. Empty values (DL3051) and values written with
    /// variables (known only at build time) are not checked.
    ///
    /// Deliberate difference from hadolint 2.15.1: hadolint also checks values written with
    /// variables (`$VERSION`), which are only known at build time.
    ///
    /// hadolint 2.15.1 accepts single identifiers only, case-sensitively; the
    /// `org.opencontainers.image.licenses` label is defined as an SPDX expression, and SPDX matches
    /// identifiers case-insensitively, so `MIT OR Apache-2.0` and `mit` pass here.
    ///
    /// ## Why is this bad?
    /// Licence scanners and registries read this label to decide whether the image may be used; a
    /// name outside the SPDX list cannot be matched to a licence.
    ///
    /// ## Example
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {org.opencontainers.image.licenses: spdx}
    /// FROM debian:12
    /// LABEL org.opencontainers.image.licenses="Apache 2"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.licenses=Apache-2.0
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the right value is unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 설정의 `label-schema`에서 타입이 `spdx`인 `LABEL`의 값이 SPDX 라이선스 표현식(SPDX 목록의 라이선스 식별자(대소문자 구분 없음, `+`
    /// 가능), `LicenseRef-…`를 `AND`, `OR`, `WITH` 예외, 괄호로 조합)이 아니면 값 위치에 보고합니다. 빈 값(DL3051)과 변수로 쓴
    /// 값(빌드할 때에만 알 수 있음)은 검사하지 않습니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: hadolint는 빌드할 때에만 알 수 있는 변수로 쓴 값(`$VERSION`)도 검사합니다.
    ///
    /// hadolint 2.15.1은 단일 식별자만 대소문자를 구분하여 받아들이지만, `org.opencontainers.image.licenses` 레이블은 SPDX
    /// 표현식으로 정의되어 있고 SPDX는 식별자를 대소문자 구분 없이 비교하므로 `MIT OR Apache-2.0`과 `mit`도 여기서는 통과합니다.
    ///
    /// ## 왜 문제인가요?
    /// 라이선스 스캐너와 레지스트리는 이 레이블을 읽어 이미지를 써도 되는지 판단합니다. SPDX 목록에 없는 이름은 라이선스와 연결할 수 없습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {org.opencontainers.image.licenses: spdx}
    /// FROM debian:12
    /// LABEL org.opencontainers.image.licenses="Apache 2"
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.licenses=Apache-2.0
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 올바른 값을 알 수 없습니다.
    RULE {
        hadolint: Some("DL3054"),
        buildkit: None,
        slipway: None,
        summary: "Label is not a valid SPDX identifier",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for pair in typed_values(ctx, "spdx") {
        if !valid(&pair.value) {
            out.report_for(
                pair.index,
                pair.tokens.value.span,
                format!("Label `{}` is not a valid SPDX identifier.", pair.key),
            );
        }
    }
}

/// SPDX licence identifiers (current and deprecated), lower case, one a line (from the
/// CC0-licensed `spdx-license-ids` 3.0.23).
const LICENSES: &str = include_str!("spdx_licenses.txt");
/// SPDX exception identifiers, lower case, one a line (from `spdx-exceptions`).
const EXCEPTIONS: &str = include_str!("spdx_exceptions.txt");

fn listed(list: &str, id: &str) -> bool {
    let lower = id.to_ascii_lowercase();
    list.lines().any(|listed| listed == lower)
}

fn valid(value: &str) -> bool {
    let spaced = value.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut at = 0;
    expression(&tokens, &mut at) && at == tokens.len()
}

/// `term ((AND | OR) term)*`
fn expression(tokens: &[&str], at: &mut usize) -> bool {
    if !term(tokens, at) {
        return false;
    }
    while tokens.get(*at).is_some_and(|t| t.eq_ignore_ascii_case("and") || t.eq_ignore_ascii_case("or")) {
        *at += 1;
        if !term(tokens, at) {
            return false;
        }
    }
    true
}

/// `( expression )` or `licence [WITH exception]`
fn term(tokens: &[&str], at: &mut usize) -> bool {
    let Some(&token) = tokens.get(*at) else { return false };
    *at += 1;
    if token == "(" {
        let inner = expression(tokens, at);
        let closed = tokens.get(*at) == Some(&")");
        *at += 1;
        return inner && closed;
    }
    if !licence(token) {
        return false;
    }
    if tokens.get(*at).is_some_and(|t| t.eq_ignore_ascii_case("with")) {
        let exception = tokens.get(*at + 1).is_some_and(|e| listed(EXCEPTIONS, e));
        *at += 2;
        return exception;
    }
    true
}

fn licence(token: &str) -> bool {
    let reference = |r: &str| {
        r.strip_prefix("LicenseRef-")
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'))
    };
    if let Some(rest) = token.strip_prefix("DocumentRef-") {
        return rest.split_once(':').is_some_and(|(_, r)| reference(r));
    }
    reference(token) || listed(LICENSES, token.strip_suffix('+').unwrap_or(token))
}

#[cfg(test)]
mod tests {
    use super::super::support::lint_with;
    use super::RULE;

    const SCHEMA: &str = "label-schema:\n  k0: spdx\n  k1: spdx\n  k2: spdx\n  k3: spdx\n  v: spdx\n  e: spdx\n";

    #[test]
    fn invalid_values_are_flagged_at_the_value() {
        let found = lint_with(&RULE, "FROM a:1\nLABEL k0=FOO k1=\"MIT OR\" k2=\"MIT WITH MIT\"\n", SCHEMA);
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["FOO", "\"MIT OR\"", "\"MIT WITH MIT\""]);
        assert_eq!(found[0].1, "Label `k0` is not a valid SPDX identifier.");
    }

    #[test]
    fn valid_empty_and_variable_values_pass() {
        assert!(lint_with(&RULE, "FROM a:1\nLABEL k0=MIT k1=apache-2.0 k2=\"MIT OR Apache-2.0\" k3=\"(GPL-2.0+ WITH Classpath-exception-2.0) AND LicenseRef-x\" v=$V e=\"\" other=x\n", SCHEMA).is_empty());
    }
}

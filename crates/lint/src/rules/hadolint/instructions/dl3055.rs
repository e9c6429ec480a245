//! DL3055: a label of type `hash` is not a git commit hash.

use super::support::typed_values;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `LABEL` whose type in the config's `label-schema` is `hash` and whose value is not a
    /// git commit hash: 7 to 40 lower-case hexadecimal digits, or 64 for SHA-256 repositories, at
    /// the value. Empty values (DL3051) and values written with variables (known only at build
    /// time) are not checked.
    ///
    /// Deliberate difference from hadolint 2.15.1: hadolint also checks values written with
    /// variables (`$VERSION`), which are only known at build time.
    ///
    /// hadolint 2.15.1 only accepts exactly 7 or 40 digits; git abbreviates to longer prefixes in
    /// large repositories and SHA-256 repositories use 64, so those pass here.
    ///
    /// ## Why is this bad?
    /// The revision label ties the image to the commit it was built from; anything else cannot be
    /// looked up.
    ///
    /// ## Example
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {org.opencontainers.image.revision: hash}
    /// FROM debian:12
    /// LABEL org.opencontainers.image.revision=main
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.revision=3f2a9c1
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the right value is unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 설정의 `label-schema`에서 타입이 `hash`인 `LABEL`의 값이 git 커밋 해시(소문자 16진수 7~40자리, SHA-256 저장소는 64자리)이
    /// 아니면 값 위치에 보고합니다. 빈 값(DL3051)과 변수로 쓴 값(빌드할 때에만 알 수 있음)은 검사하지 않습니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: hadolint는 빌드할 때에만 알 수 있는 변수로 쓴 값(`$VERSION`)도 검사합니다.
    ///
    /// hadolint 2.15.1은 정확히 7자리나 40자리만 받아들이지만, git은 큰 저장소에서 더 긴 접두사로 줄이고 SHA-256 저장소는 64자리를 쓰므로
    /// 여기서는 통과합니다.
    ///
    /// ## 왜 문제인가요?
    /// 리비전 레이블은 이미지를 빌드한 커밋과 연결합니다. 그 밖의 값은 찾아볼 수 없습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {org.opencontainers.image.revision: hash}
    /// FROM debian:12
    /// LABEL org.opencontainers.image.revision=main
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.revision=3f2a9c1
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 올바른 값을 알 수 없습니다.
    RULE {
        hadolint: Some("DL3055"),
        buildkit: None,
        slipway: None,
        summary: "Label is not a valid git hash",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for pair in typed_values(ctx, "hash") {
        if !valid(&pair.value) {
            out.report_for(
                pair.index,
                pair.tokens.value.span,
                format!("Label `{}` is not a valid git hash.", pair.key),
            );
        }
    }
}

fn valid(value: &str) -> bool {
    ((7..=40).contains(&value.len()) || value.len() == 64)
        && value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::super::support::lint_with;
    use super::RULE;

    const SCHEMA: &str = "label-schema:\n  k0: hash\n  k1: hash\n  k2: hash\n  v: hash\n  e: hash\n";

    #[test]
    fn invalid_values_are_flagged_at_the_value() {
        let found = lint_with(&RULE, "FROM a:1\nLABEL k0=012345 k1=ABCDEF0 k2=main\n", SCHEMA);
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["012345", "ABCDEF0", "main"]);
        assert_eq!(found[0].1, "Label `k0` is not a valid git hash.");
    }

    #[test]
    fn valid_empty_and_variable_values_pass() {
        assert!(lint_with(&RULE, "FROM a:1\nLABEL k0=0123456 k1=0123456789ab k2=0123456789abcdef0123456789abcdef01234567 v=$V e=\"\" other=x\n", SCHEMA).is_empty());
    }
}

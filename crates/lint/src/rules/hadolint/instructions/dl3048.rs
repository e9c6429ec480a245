//! DL3048: invalid label key.

use super::support::label_pairs;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `LABEL` key that breaks Docker's key format, at the key: keys must be lower-case
    /// letters, digits, `.`, `-`, `_` and `/`, start with a letter, end with a letter or digit, not repeat
    /// `.` or `-`, and not use the prefixes Docker reserves (`com.docker.`, `io.docker.`,
    /// `org.dockerproject.`). Keys written with variables are not checked.
    ///
    /// ## Why is this bad?
    /// Tools that read labels (registries, scanners, orchestrators) expect reverse-DNS,
    /// lower-case keys; the reserved namespaces belong to Docker.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL Maintainer=jane com.docker.version=1
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.authors=jane com.example.version=1
    /// ```
    ///
    /// ## Fix safety
    /// No fix: renaming a label changes what readers of the image see.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// Docker의 키 형식을 어긴 `LABEL` 키를 키 위치에 보고합니다. 키는 소문자, 숫자, `.`, `-`,
    /// `_`, `/`만 쓰고, 문자로 시작하고 문자나 숫자로 끝나며, `.`이나 `-`를 연달아 쓰지 않고, Docker가
    /// 예약한 접두사(`com.docker.`, `io.docker.`, `org.dockerproject.`)를 쓰지 않아야 합니다. 변수로
    /// 쓴 키는 검사하지 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// 레이블을 읽는 도구(레지스트리, 스캐너, 오케스트레이터)는 역 DNS 형식의 소문자 키를
    /// 기대합니다. 예약된 네임스페이스는 Docker의 것입니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL Maintainer=jane com.docker.version=1
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.authors=jane com.example.version=1
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 레이블 이름을 바꾸면 이미지를 읽는 쪽이 보는 것이 달라집니다.
    RULE {
        hadolint: Some("DL3048"),
        buildkit: None,
        slipway: None,
        summary: "Invalid label key",
        severity: Severity::Style,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for pair in label_pairs(ctx) {
        if !pair.key.contains('$') && !valid_key(&pair.key) {
            out.report_for(pair.index, pair.tokens.key.span, "Invalid label key.");
        }
    }
}

fn valid_key(key: &str) -> bool {
    let reserved = ["com.docker.", "io.docker.", "org.dockerproject."].iter().any(|p| key.starts_with(p));
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let bytes = key.as_bytes();
    !reserved
        && bytes.first().is_some_and(u8::is_ascii_lowercase)
        && bytes.last().is_some_and(|&c| alnum(c))
        && bytes.iter().all(|&c| alnum(c) || matches!(c, b'.' | b'-' | b'_' | b'/'))
        && !key.contains("..")
        && !key.contains("--")
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges, texts};

    #[test]
    fn invalid_keys_are_flagged_at_the_key() {
        let src = "FROM a:1\nLABEL Foo=1 com.docker.x=2 a..b=3 -a=4 a-=5 a--b=6 \"a b\"=7 1a=8 ok=9\n";
        assert_eq!(texts(&RULE, src), ["Foo", "com.docker.x", "a..b", "-a", "a-", "a--b", "\"a b\"", "1a"]);
        assert_eq!(ranges(&RULE, src)[0], (2, 7, 2, 10));
        assert_eq!(messages(&RULE, src)[0], "Invalid label key.");
    }

    #[test]
    fn valid_and_variable_keys_pass() {
        let src = "FROM a:1\nLABEL org.opencontainers.image.title=x a_b=1 a1=2 a/b=3 x.com.docker.y=4 $K=5 \"quoted.key\"=6\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

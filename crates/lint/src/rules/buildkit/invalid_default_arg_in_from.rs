//! InvalidDefaultArgInFrom: with the ARG defaults, a FROM image name is empty or invalid.

use slipway_syntax::expand::{contains_expansion, Expander};

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Expands a `FROM` image that uses variables with the defaults of the global ARGs (no
    /// `--build-arg`) and flags it, at the image, when the result is empty or not a valid image
    /// reference (`name[:tag][@digest]`, lower-case repository path, tag of at most 128 word
    /// characters, dots and dashes). Images written without variables are not checked: an
    /// invalid constant name is a build error of its own.
    /// BuildKit reference: <https://docs.docker.com/go/dockerfile/rule/invalid-default-arg-in-from/>.
    ///
    /// ## Why is this bad?
    /// A Dockerfile whose ARG defaults do not produce a valid base image only builds when every
    /// build passes the right `--build-arg`; a plain `docker build .` fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG TAG
    /// FROM alpine:${TAG}
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG TAG=3.20
    /// FROM alpine:${TAG}
    /// ```
    ///
    /// ## Fix safety
    /// No fix: a sensible default is the author's choice.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 변수를 쓰는 `FROM` 이미지를 전역 ARG의 기본값으로(`--build-arg` 없이) 확장해 보고, 결과가
    /// 비었거나 올바른 이미지 참조(`name[:tag][@digest]`, 소문자 저장소 경로, 단어 문자·점·대시로 된
    /// 128자 이하의 태그)가 아니면 이미지 위치에 보고합니다. 변수 없이 쓴 이미지는 검사하지 않습니다.
    /// 잘못된 상수 이름은 그 자체로 빌드 오류입니다.
    /// BuildKit 문서: <https://docs.docker.com/go/dockerfile/rule/invalid-default-arg-in-from/>.
    ///
    /// ## 왜 문제인가요?
    /// ARG 기본값으로 올바른 베이스 이미지가 나오지 않는 Dockerfile은 매번 알맞은 `--build-arg`를
    /// 줄 때만 빌드되고, 그냥 `docker build .`는 실패합니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// ARG TAG
    /// FROM alpine:${TAG}
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// ARG TAG=3.20
    /// FROM alpine:${TAG}
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 알맞은 기본값은 작성자가 정합니다.
    RULE {
        hadolint: None,
        buildkit: Some("InvalidDefaultArgInFrom"),
        slipway: None,
        summary: "Default value for global ARG results in an empty or invalid base image name",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for stage in &ctx.stages {
        if !contains_expansion(&stage.base, ctx.file.escape) {
            continue;
        }
        let Ok(expansion) = Expander::new(ctx.file.escape, &ctx.global_args).expand_word(&stage.base) else { continue };
        if is_valid_reference(&expansion.value) {
            continue;
        }
        let Arguments::Words(words) = &ctx.instructions()[stage.from_index].args else { continue };
        let Some(token) = words.first() else { continue };
        let message = format!("Default value for ARG {} results in empty or invalid base image name", stage.base);
        out.report_for(stage.from_index, token.span, message);
    }
}

/// Whether `reference` parses as a normalised image reference (distribution/reference).
fn is_valid_reference(reference: &str) -> bool {
    let (rest, digest) = match reference.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (reference, None),
    };
    if digest.is_some_and(|d| !is_digest(d)) {
        return false;
    }
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last_slash..].rfind(':') {
        Some(colon) => (&rest[..last_slash + colon], Some(&rest[last_slash + colon + 1..])),
        None => (rest, None),
    };
    if tag.is_some_and(|t| !is_tag(t)) || name.is_empty() || name.len() > 255 {
        return false;
    }
    let (domain, path) = match name.split_once('/') {
        Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" || first != first.to_lowercase() => {
            (Some(first), rest)
        }
        _ => (None, name),
    };
    if domain.is_some_and(|d| !is_domain(d)) {
        return false;
    }
    let is_hex_id = path.len() == 64 && path.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    !is_hex_id && path.split('/').all(is_path_component)
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn is_path_component(component: &str) -> bool {
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let mut chars = component.chars().peekable();
    loop {
        let mut run = 0;
        while chars.next_if(|&c| alnum(c)).is_some() {
            run += 1;
        }
        if run == 0 {
            return false;
        }
        let separator: String = std::iter::from_fn(|| chars.next_if(|c| !alnum(*c))).collect();
        match separator.as_str() {
            "" => return chars.peek().is_none(),
            "." | "_" | "__" => {}
            s if s.chars().all(|c| c == '-') => {}
            _ => return false,
        }
    }
}

fn is_tag(tag: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    tag.len() <= 128 && tag.chars().next().is_some_and(word) && tag.chars().all(|c| word(c) || c == '.' || c == '-')
}

fn is_digest(digest: &str) -> bool {
    let Some((algorithm, hex)) = digest.split_once(':') else { return false };
    let algorithm_ok = algorithm.split(['-', '_', '+', '.']).all(|part| {
        part.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && part.chars().all(|c| c.is_ascii_alphanumeric())
    });
    algorithm_ok && hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_domain(domain: &str) -> bool {
    let (host, port) = match domain.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || domain.starts_with('[') => (host, Some(port)),
        _ => (domain, None),
    };
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    if host.starts_with('[') {
        return host.ends_with(']') && host.len() > 2;
    }
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::{is_valid_reference, RULE};
    use crate::testing::{messages, ranges};

    #[test]
    fn empty_or_invalid_defaults_are_flagged_at_the_image() {
        let src = "ARG TAG\nARG IMG\nARG BAD=Alpine\nFROM alpine:${TAG}\nFROM $IMG\nFROM ${BAD}:3\n";
        assert_eq!(ranges(&RULE, src), [(4, 6, 4, 19), (5, 6, 5, 10), (6, 6, 6, 14)]);
        assert_eq!(
            messages(&RULE, src)[0],
            "Default value for ARG alpine:${TAG} results in empty or invalid base image name"
        );
    }

    #[test]
    fn valid_defaults_and_constants_pass() {
        let src =
            "ARG TAG=3.20\nARG REG=localhost:5000\nFROM alpine:${TAG}\nFROM ${REG}/team/app:${TAG}\nFROM Alpine\n";
        assert!(ranges(&RULE, src).is_empty());
    }

    #[test]
    fn references_parse_like_distribution() {
        for good in [
            "alpine",
            "alpine:3",
            "docker.io/library/alpine:3.20",
            "reg:5000/a/b_c",
            "a__b",
            "a--b",
            "x@sha256:0123456789abcdef0123456789abcdef",
        ] {
            assert!(is_valid_reference(good), "{good}");
        }
        for bad in ["", "alpine:", "Alpine", "a/", "-a", "a:b:c", "a@sha256:12", "a_-b"] {
            assert!(!is_valid_reference(bad), "{bad}");
        }
    }
}

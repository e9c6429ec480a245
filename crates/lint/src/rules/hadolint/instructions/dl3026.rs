//! DL3026: use only an allowed registry in the FROM image.

use slipway_syntax::expand::referenced_names;

use super::support::part;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// When `trustedRegistries` is set in the config, flags a `FROM` image from any other
    /// registry, at the registry (or at the image when the registry is implicit Docker Hub).
    /// `*.example.com` allows every subdomain of `example.com`; `docker.io` and
    /// `hub.docker.com` both mean Docker Hub (images without a registry, and
    /// `index.docker.io/…`). `scratch`, earlier stages, and images named through ARGs without
    /// a known default are not checked; ARG defaults are expanded.
    ///
    /// Deliberate differences from hadolint 2.15.1: `localhost/app` is an image on the
    /// `localhost` registry (hadolint takes it for Docker Hub), `index.docker.io` is Docker
    /// Hub, registries are compared case-insensitively, and ARG-based names are checked.
    ///
    /// ## Why is this bad?
    /// Organisations restrict base images to registries they trust (scanned mirrors, their own
    /// registry): an image from elsewhere bypasses that review.
    ///
    /// ## Example
    /// ```dockerfile
    /// # .hadolint.yaml: trustedRegistries: [registry.example.com]
    /// FROM quay.io/org/app:1.0
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM registry.example.com/org/app:1.0
    /// ```
    ///
    /// ## Fix safety
    /// No fix: whether the image exists in a trusted registry is unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 설정에 `trustedRegistries`가 있으면 다른 레지스트리의 `FROM` 이미지를 레지스트리 위치(암묵적
    /// Docker Hub이면 이미지 위치)에 보고합니다. `*.example.com`은 `example.com`의 모든 하위
    /// 도메인을 허용하고, `docker.io`와 `hub.docker.com`은 모두 Docker Hub(레지스트리 없는 이미지와
    /// `index.docker.io/…`)를 뜻합니다. `scratch`, 앞선 스테이지, 기본값을 알 수 없는 ARG로 지정한
    /// 이미지는 검사하지 않으며, ARG 기본값은 넣어서 검사합니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: `localhost/app`은 `localhost` 레지스트리의
    /// 이미지입니다(hadolint는 Docker Hub로 봄). `index.docker.io`는 Docker Hub이고, 레지스트리는
    /// 대소문자 구분 없이 비교하며, ARG로 지정한 이름도 검사합니다.
    ///
    /// ## 왜 문제인가요?
    /// 조직은 베이스 이미지를 신뢰하는 레지스트리(검사된 미러, 자체 레지스트리)로 제한합니다.
    /// 다른 곳의 이미지는 그 검토를 우회합니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// # .hadolint.yaml: trustedRegistries: [registry.example.com]
    /// FROM quay.io/org/app:1.0
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM registry.example.com/org/app:1.0
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 신뢰하는 레지스트리에 그 이미지가 있는지 알 수 없습니다.
    RULE {
        hadolint: Some("DL3026"),
        buildkit: None,
        slipway: None,
        summary: "Use only an allowed registry in the FROM image",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const DOCKER_HUB: &str = "docker.io";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    let trusted = &ctx.config.trusted_registries;
    if trusted.is_empty() {
        return;
    }
    for stage in &ctx.stages {
        if stage.base_stage.is_some() || stage.is_scratch {
            continue;
        }
        let unknown_arg = referenced_names(&stage.base, ctx.file.escape)
            .iter()
            .any(|name| ctx.global_args.get(name).is_none_or(str::is_empty));
        let Some(image) = stage.resolved_base.as_deref() else { continue };
        if unknown_arg || image.is_empty() {
            continue;
        }
        let (registry, written) = registry(image);
        if trusted.iter().any(|entry| allows(entry, &registry)) {
            continue;
        }
        let Arguments::Words(words) = &ctx.instructions()[stage.from_index].args else { continue };
        let Some(token) = words.first() else { continue };
        let span = match written {
            Some(len) if token.value == image => part(ctx, token, 0..len),
            _ => token.span,
        };
        out.report_for(stage.from_index, span, "Use only an allowed registry in the FROM image");
    }
}

/// The image's registry (lower case, Docker Hub normalised) and, when written, its length.
fn registry(image: &str) -> (String, Option<usize>) {
    match image.split_once('/') {
        Some((first, _)) if first.contains(['.', ':']) || first == "localhost" => {
            let lower = first.to_ascii_lowercase();
            let registry = if lower == "index.docker.io" { DOCKER_HUB.to_string() } else { lower };
            (registry, Some(first.len()))
        }
        _ => (DOCKER_HUB.to_string(), None),
    }
}

/// A `trustedRegistries` entry, with Docker Hub's names as `docker.io`.
fn normalise(entry: &str) -> String {
    let lower = entry.to_ascii_lowercase();
    match lower.as_str() {
        "index.docker.io" | "hub.docker.com" => DOCKER_HUB.to_string(),
        _ => lower,
    }
}

fn allows(entry: &str, registry: &str) -> bool {
    let entry = entry.trim();
    match entry.strip_prefix("*.") {
        Some(domain) => registry.ends_with(&format!(".{}", domain.to_ascii_lowercase())),
        None => normalise(entry) == registry,
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::config::Config;
    use crate::linter::Linter;

    fn texts(src: &str, trusted: &[&str]) -> Vec<String> {
        let config =
            Config { trusted_registries: trusted.iter().map(|s| s.to_string()).collect(), ..Config::default() };
        let found = Linter::with_rules(&config, vec![&RULE]).lint(src);
        assert!(found.iter().all(|f| f.message == "Use only an allowed registry in the FROM image"));
        found.iter().map(|f| src[f.span.start..f.span.end].to_string()).collect()
    }

    #[test]
    fn untrusted_registries_are_flagged_at_the_registry() {
        let src = "FROM quay.io/a:1\nFROM Example.com/a:1\nFROM localhost/a:1\nFROM debian:12\nFROM reg.io:5000/a:1\n";
        assert_eq!(texts(src, &["*.example.com", "reg.io:5000"]), ["quay.io", "Example.com", "localhost", "debian:12"]);
        assert_eq!(texts("FROM hub.docker.com/a:1\n", &["docker.io"]), ["hub.docker.com"]);
        let config = Config { trusted_registries: vec!["docker.io".into()], ..Config::default() };
        let found = Linter::with_rules(&config, vec![&RULE]).lint(src);
        assert_eq!((found[0].start.line, found[0].start.column, found[0].end.column), (1, 6, 13));
    }

    #[test]
    fn trusted_registries_stages_scratch_and_unknown_args_pass() {
        let src = "ARG R\nFROM debian:12 AS base\nFROM base\nFROM scratch\nFROM index.docker.io/library/a:1\nFROM a.b.example.com/x:1\nFROM ${R}/x:1\n";
        assert!(texts(src, &["hub.docker.com", "*.example.com"]).is_empty());
        assert!(texts("FROM quay.io/a:1\n", &[]).is_empty());
    }

    #[test]
    fn arg_defaults_are_expanded() {
        assert_eq!(texts("ARG IMG=quay.io/a:1\nFROM $IMG\n", &["docker.io"]), ["$IMG"]);
    }
}

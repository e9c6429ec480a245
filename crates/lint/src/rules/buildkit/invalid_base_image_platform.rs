//! InvalidBaseImagePlatform: the base image's platform is not the one the stage builds for.

use slipway_syntax::expand::Expander;
use slipway_syntax::Arguments;

use super::support::platform_flag;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a FROM whose base image is known (from `Config::image_platforms`: the local image
    /// store, the playground, or `slipway lint --image-platform REF=PLATFORM`) to be for
    /// another platform than the stage is built for: the expanded `--platform` value, else
    /// the target platform (`Config::target_platform`, default `linux/amd64`). Platforms are
    /// compared as OS/architecture/variant with the usual defaults (`arm64` = `arm64/v8`,
    /// `amd64` = `amd64/v1`). Images that are not known, earlier stages and `scratch` are
    /// never flagged: BuildKit only knows the platform after pulling the image, and a linter
    /// without the image cannot guess it. The finding points at the image reference.
    /// BuildKit reference: <https://docs.docker.com/go/dockerfile/rule/invalid-base-image-platform/>.
    ///
    /// ## Why is this bad?
    /// A base image for another architecture either fails to run (`exec format error`) or
    /// runs slowly under emulation, and the produced image is labelled with a platform its
    /// binaries do not match.
    ///
    /// ## Example
    /// ```dockerfile
    /// # the only local alpine:3.20 is linux/arm64, the build targets linux/amd64
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM --platform=linux/arm64 alpine:3.20
    /// ```
    /// or pull the image for the target platform.
    ///
    /// ## Fix safety
    /// No fix: which platform is right depends on the build.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 베이스 이미지의 플랫폼을 알고 있을 때(`Config::image_platforms`: 로컬 이미지 저장소,
    /// 플레이그라운드, 또는 `slipway lint --image-platform REF=PLATFORM`), 스테이지가 빌드되는
    /// 플랫폼(확장한 `--platform` 값, 없으면 대상 플랫폼 `Config::target_platform`, 기본
    /// `linux/amd64`)과 다르면 FROM의 이미지 참조 위치에 보고합니다. 플랫폼은 OS/아키텍처/변형으로
    /// 비교하며 흔한 기본값(`arm64` = `arm64/v8`, `amd64` = `amd64/v1`)을 따릅니다. 모르는 이미지,
    /// 앞 스테이지, `scratch`는 보고하지 않습니다. BuildKit도 이미지를 받은 뒤에야 플랫폼을 알 수
    /// 있고, 이미지 없이 린터가 추측할 수는 없기 때문입니다.
    /// BuildKit 문서: <https://docs.docker.com/go/dockerfile/rule/invalid-base-image-platform/>.
    ///
    /// ## 왜 문제인가요?
    /// 다른 아키텍처용 베이스 이미지는 실행되지 않거나(`exec format error`) 에뮬레이션으로 느리게
    /// 돌고, 만들어진 이미지는 안의 바이너리와 맞지 않는 플랫폼 이름을 달게 됩니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// # 로컬의 alpine:3.20은 linux/arm64뿐인데 빌드 대상은 linux/amd64
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM --platform=linux/arm64 alpine:3.20
    /// ```
    /// 또는 대상 플랫폼용 이미지를 받으세요.
    ///
    /// ## 수정의 안전성
    /// 수정 제안이 없습니다. 어떤 플랫폼이 맞는지는 빌드에 따라 다릅니다.
    RULE {
        hadolint: None,
        buildkit: Some("InvalidBaseImagePlatform"),
        slipway: None,
        summary: "Base image platform does not match expected target platform",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    if ctx.config.image_platforms.is_empty() {
        return;
    }
    let target = ctx.config.target_platform.as_deref().unwrap_or("linux/amd64");
    for stage in &ctx.stages {
        if stage.base_stage.is_some() || stage.is_scratch {
            continue;
        }
        let Some(image) = stage.resolved_base.as_deref() else { continue };
        let Some(actual) = known_platform(&ctx.config.image_platforms, image) else { continue };
        let expected = match platform_flag(ctx, stage.from_index) {
            Some((flag, value_at)) => {
                match Expander::new(ctx.file.escape, &ctx.global_args).expand_word(&flag.value[value_at..]) {
                    Ok(expansion) => expansion.value,
                    Err(_) => continue,
                }
            }
            None => target.to_string(),
        };
        if normalize(actual) == normalize(&expected) {
            continue;
        }
        let Arguments::Words(words) = &ctx.instructions()[stage.from_index].args else { continue };
        let Some(reference) = words.first() else { continue };
        out.report_for(
            stage.from_index,
            reference.span,
            format!(
                "Base image {image} was pulled with platform \"{actual}\", expected \"{expected}\" for current build"
            ),
        );
    }
}

/// The platform recorded for `image`, trying the reference as written, then with the
/// implicit `latest` tag and the Docker Hub prefixes it abbreviates.
fn known_platform<'c>(platforms: &'c std::collections::BTreeMap<String, String>, image: &str) -> Option<&'c str> {
    let tagged = if image.rsplit('/').next().is_some_and(|last| last.contains(':') || last.contains('@')) {
        image.to_string()
    } else {
        format!("{image}:latest")
    };
    let candidates =
        [image.to_string(), tagged.clone(), format!("docker.io/library/{tagged}"), format!("docker.io/{tagged}")];
    candidates.iter().find_map(|c| platforms.get(c)).map(String::as_str)
}

/// `os/arch/variant` with the variants that are implied spelled out, lower case.
fn normalize(platform: &str) -> String {
    let lower = platform.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    match (parts.get(1).copied(), parts.len()) {
        (Some("arm64" | "aarch64"), 2) => parts.push("v8"),
        (Some("amd64" | "x86_64"), 2) => parts.push("v1"),
        (Some("arm"), 2) => parts.push("v7"),
        _ => {}
    }
    let arch = match parts.get(1).copied() {
        Some("aarch64") => "arm64",
        Some("x86_64") => "amd64",
        Some(other) => other,
        None => "",
    };
    let variant = parts.get(2).copied().unwrap_or("");
    format!("{}/{arch}/{variant}", parts[0])
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::config::Config;
    use crate::linter::Linter;

    fn ranges_with(rule: &crate::rule::Rule, src: &str, config: &Config) -> Vec<(usize, usize, usize, usize)> {
        let findings = Linter::with_rules(config, vec![rule]).lint(src);
        findings.iter().map(|f| (f.start.line, f.start.column, f.end.line, f.end.column)).collect()
    }

    fn messages_with(rule: &crate::rule::Rule, src: &str, config: &Config) -> Vec<String> {
        Linter::with_rules(config, vec![rule]).lint(src).into_iter().map(|f| f.message).collect()
    }

    fn config(target: Option<&str>) -> Config {
        let mut config = Config::default();
        config.image_platforms.insert("alpine:3.20".into(), "linux/arm64".into());
        config.image_platforms.insert("docker.io/library/busybox:latest".into(), "linux/amd64".into());
        config.target_platform = target.map(str::to_string);
        config
    }

    #[test]
    fn flags_a_known_image_for_another_platform() {
        let src = "FROM alpine:3.20\n";
        assert_eq!(ranges_with(&RULE, src, &config(None)), [(1, 6, 1, 17)]);
        assert_eq!(
            messages_with(&RULE, src, &config(None)),
            ["Base image alpine:3.20 was pulled with platform \"linux/arm64\", expected \"linux/amd64\" for current build"]
        );
    }

    #[test]
    fn platform_flag_and_target_decide_what_is_expected() {
        assert!(ranges_with(&RULE, "FROM --platform=linux/arm64/v8 alpine:3.20\n", &config(None)).is_empty());
        assert!(ranges_with(&RULE, "FROM alpine:3.20\n", &config(Some("linux/arm64"))).is_empty());
        let src = "ARG P=linux/amd64\nFROM --platform=$P alpine:3.20\n";
        assert_eq!(ranges_with(&RULE, src, &config(Some("linux/arm64"))), [(2, 20, 2, 31)]);
    }

    #[test]
    fn unknown_images_stages_and_scratch_pass() {
        let src = "FROM busybox AS a\nFROM a\nFROM scratch\nFROM nginx:1.27\n";
        assert!(ranges_with(&RULE, src, &config(None)).is_empty());
        assert!(ranges_with(&RULE, "FROM busybox\n", &config(Some("linux/arm64"))).len() == 1);
        assert!(ranges_with(&RULE, "FROM alpine:3.20\n", &Config::default()).is_empty());
    }
}

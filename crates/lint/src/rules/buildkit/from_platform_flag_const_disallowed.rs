//! FromPlatformFlagConstDisallowed: `FROM --platform=linux/amd64` pins a stage to one platform.

use slipway_syntax::expand::contains_expansion;

use super::support::platform_flag;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `FROM --platform=` with a constant value (no variable) that is a valid
    /// platform, unless the stage name mentions the platform's OS or architecture (as in
    /// `FROM --platform=linux/arm64 alpine AS build-arm64`, which is deliberate). The finding
    /// points at the flag.
    ///
    /// Platforms are read as BuildKit's `platforms.Parse` reads them, simplified: `os`,
    /// `arch`, `os/arch` or `os/arch/variant`, with the usual architecture aliases
    /// (`x86_64` → `amd64`, `aarch64` → `arm64`, `armhf` → `arm`); an architecture alone
    /// means Linux and an OS alone means `amd64`.
    /// BuildKit reference: <https://docs.docker.com/go/dockerfile/rule/from-platform-flag-const-disallowed/>.
    ///
    /// ## Why is this bad?
    /// A constant platform makes the stage ignore `docker build --platform`: a multi-platform
    /// build produces the same single-architecture stage for every target, and building on or
    /// for another machine silently runs under emulation.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix safety
    /// No fix: whether to drop the flag, use `$BUILDPLATFORM`, or rename the stage depends on
    /// intent.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 변수 없는 상수 값이면서 올바른 플랫폼인 `FROM --platform=`을 플래그 위치에 보고합니다. 단,
    /// 스테이지 이름에 그 플랫폼의 OS나 아키텍처가 들어 있으면(`FROM --platform=linux/arm64 alpine
    /// AS build-arm64`처럼 의도한 경우) 보고하지 않습니다.
    ///
    /// 플랫폼은 BuildKit의 `platforms.Parse`를 단순화해 읽습니다. `os`, `arch`, `os/arch`,
    /// `os/arch/variant`와 흔한 아키텍처 별칭(`x86_64` → `amd64`, `aarch64` → `arm64`,
    /// `armhf` → `arm`)을 알며, 아키텍처만 있으면 Linux, OS만 있으면 `amd64`로 봅니다.
    /// BuildKit 문서: <https://docs.docker.com/go/dockerfile/rule/from-platform-flag-const-disallowed/>.
    ///
    /// ## 왜 문제인가요?
    /// 상수 플랫폼을 쓰면 스테이지가 `docker build --platform`을 무시합니다. 멀티 플랫폼 빌드가
    /// 모든 대상에 같은 단일 아키텍처 스테이지를 만들고, 다른 머신에서 또는 다른 머신용으로 빌드할 때
    /// 말없이 에뮬레이션으로 돌아갑니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM --platform=linux/amd64 alpine:3.20
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 플래그를 지울지, `$BUILDPLATFORM`을 쓸지, 스테이지 이름을 바꿀지는
    /// 의도에 달려 있습니다.
    RULE {
        hadolint: None,
        buildkit: Some("FromPlatformFlagConstDisallowed"),
        slipway: None,
        summary: "FROM --platform flag should not use a constant value",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for stage in &ctx.stages {
        let Some((flag, value_at)) = platform_flag(ctx, stage.from_index) else { continue };
        let value = &flag.value[value_at..];
        if contains_expansion(value, ctx.file.escape) {
            continue;
        }
        let Some((os, arch)) = parse_platform(value) else { continue };
        let name = stage.name.as_deref().unwrap_or("");
        if name.contains(os.as_str()) || name.contains(arch) {
            continue;
        }
        out.report_for(
            stage.from_index,
            flag.span,
            format!("FROM --platform flag should not use constant value \"{value}\""),
        );
    }
}

/// (OS, normalised architecture) of a platform specifier, `None` when it does not parse.
fn parse_platform(value: &str) -> Option<(String, &'static str)> {
    let parts: Vec<&str> = value.split('/').collect();
    let valid =
        |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if parts.len() > 3 || !parts.iter().all(|p| valid(p)) {
        return None;
    }
    match parts.as_slice() {
        [single] => match architecture(single) {
            Some(arch) => Some(("linux".into(), arch)),
            None if is_os(single) => Some((single.to_ascii_lowercase(), "amd64")),
            None => None,
        },
        [os, arch, ..] => Some((os.to_ascii_lowercase(), architecture(arch)?)),
        [] => None,
    }
}

fn is_os(name: &str) -> bool {
    const KNOWN: [&str; 12] = [
        "aix",
        "android",
        "darwin",
        "dragonfly",
        "freebsd",
        "illumos",
        "ios",
        "linux",
        "netbsd",
        "openbsd",
        "solaris",
        "windows",
    ];
    KNOWN.contains(&name.to_ascii_lowercase().as_str())
}

/// The architecture name after BuildKit's normalisation.
fn architecture(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "i386" | "386" => "386",
        "x86_64" | "x86-64" | "amd64" => "amd64",
        "aarch64" | "arm64" => "arm64",
        "armhf" | "armel" | "arm" => "arm",
        "ppc64le" => "ppc64le",
        "ppc64" => "ppc64",
        "s390x" => "s390x",
        "riscv64" => "riscv64",
        "mips64le" => "mips64le",
        "mips64" => "mips64",
        "mipsle" => "mipsle",
        "mips" => "mips",
        "loong64" => "loong64",
        "wasm" => "wasm",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges};

    #[test]
    fn constant_platforms_are_flagged_at_the_flag() {
        let src = "FROM --platform=linux/amd64 a:1\nFROM --platform=arm64 b:1 AS b\n";
        assert_eq!(ranges(&RULE, src), [(1, 6, 1, 28), (2, 6, 2, 22)]);
        assert_eq!(messages(&RULE, src)[0], "FROM --platform flag should not use constant value \"linux/amd64\"");
    }

    #[test]
    fn variables_matching_names_and_invalid_values_pass() {
        let src = "FROM --platform=$BUILDPLATFORM a:1\nFROM --platform=linux/arm64 a:1 AS build-arm64\nFROM --platform=linux/x86_64 a:1 AS amd64-tools\nFROM --platform=linux a:1 AS linux-base\nFROM --platform=not/a/real/one a:1\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

//! DL3016: pin versions in npm.

use super::support::{invocations, Options};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags each package of an `npm install` (also `npm i` and `npm add`) given without a
    /// version: `express` instead of `express@4.19.2`. The finding points at the package word;
    /// one finding per package (hadolint reports the instruction once). `npm install` without
    /// packages (which installs from `package.json`/the lockfile) is not flagged.
    ///
    /// Pinned enough: `name@version` (also `@scope/name@version`, ranges and tags like
    /// `@latest`, as in hadolint), local paths (`./x`, `../x`, `/x`), tarballs (`.tgz`,
    /// `.tar.gz`, `.tar`) and git/GitHub references with a `#ref`. Option values
    /// (`--prefix /x`) are skipped.
    ///
    /// Deliberate differences from hadolint: `npm i` and `npm add` are checked (they are
    /// `npm install`), and words built from variables are not flagged.
    ///
    /// ## Why is this bad?
    /// Without a version each rebuild installs the newest release, so the image changes
    /// without any change to the Dockerfile and may break.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// RUN npm install -g express
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22
    /// RUN npm install -g express@4.19.2
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the version must be chosen.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `npm install`(`npm i`, `npm add` 포함)에서 버전 없이 준 패키지(`express@4.19.2` 대신
    /// `express`)를 하나하나 찾습니다. 보고 위치는 패키지 단어이고 패키지마다 하나씩 보고합니다
    /// (hadolint는 명령어 전체를 한 번 보고합니다). 패키지 없는 `npm install`(`package.json`과
    /// 잠금 파일로 설치)은 보고하지 않습니다.
    ///
    /// 충분히 고정된 것: `name@version`(`@scope/name@version`, hadolint처럼 범위와 `@latest`
    /// 같은 태그 포함), 로컬 경로(`./x`, `../x`, `/x`), tarball(`.tgz`, `.tar.gz`, `.tar`),
    /// `#ref`가 있는 git/GitHub 참조. 옵션 값(`--prefix /x`)은 건너뜁니다.
    ///
    /// hadolint와 의도적으로 다른 점: `npm i`와 `npm add`도 검사하고(`npm install`과 같음),
    /// 변수로 만든 단어는 보고하지 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// 버전이 없으면 다시 빌드할 때마다 최신 릴리스가 설치되어, Dockerfile을 바꾸지 않아도
    /// 이미지가 달라지고 깨질 수 있습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM node:22
    /// RUN npm install -g express
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM node:22
    /// RUN npm install -g express@4.19.2
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 버전을 골라야 합니다.
    RULE {
        hadolint: Some("DL3016"),
        buildkit: None,
        slipway: None,
        summary: "Pin versions in npm",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`";

const NPM_OPTIONS: Options = Options {
    short_values: "wC",
    long_values: &[
        "loglevel",
        "prefix",
        "registry",
        "cache",
        "userconfig",
        "workspace",
        "omit",
        "include",
        "install-strategy",
    ],
};

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            if inv.name != "npm" {
                continue;
            }
            let positionals = inv.positionals(&NPM_OPTIONS);
            let Some((&first, packages)) = positionals.split_first() else { continue };
            if !matches!(inv.literal(first), Some("install" | "i" | "add")) {
                continue;
            }
            for &i in packages {
                if inv.literal(i).is_some_and(|p| !is_pinned(p)) {
                    out.report_for(run.index, body.span(inv.args[i].span), MESSAGE);
                }
            }
        }
    }
}

fn is_pinned(package: &str) -> bool {
    if package.starts_with(['.', '/', '~']) || [".tgz", ".tar.gz", ".tar"].iter().any(|ext| package.ends_with(ext)) {
        return true;
    }
    // URLs, `github:` and `user/repo` references pin with `#ref`; names with `@version`.
    if package.contains(':') || (!package.starts_with('@') && package.contains('/')) {
        return package.contains('#');
    }
    package.strip_prefix('@').unwrap_or(package).contains('@')
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{ranges, texts};

    #[test]
    fn unpinned_packages() {
        let src = "FROM a:1\nRUN npm install -g express @scope/x git+https://a/b a/b github:a/b x@1 @s/y@^2 ./p ../q.tgz a/b#v1 git+https://a/b#v1 $P --prefix /x\n";
        assert_eq!(texts(&RULE, src), ["express", "@scope/x", "git+https://a/b", "a/b", "github:a/b"]);
        assert_eq!(ranges(&RULE, src)[0], (2, 20, 2, 27));
    }

    #[test]
    fn other_commands_and_aliases() {
        assert_eq!(texts(&RULE, "FROM a:1\nRUN npm i lodash && npm add left-pad\n"), ["lodash", "left-pad"]);
        let src = "FROM a:1\nRUN npm install && npm ci && npm run build && echo npm install x\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

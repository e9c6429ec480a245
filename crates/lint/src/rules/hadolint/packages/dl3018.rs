//! DL3018: pin versions in `apk add`.

use super::apk::apk_add;
use crate::rules::hadolint::shell::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags each package of an `apk add` without a version constraint (`curl` instead of
    /// `curl=8.5.0-r0`, `curl~8.5` or `"curl>8"`). The finding points at the package word;
    /// one finding per package (hadolint reports the instruction once).
    ///
    /// Not flagged: local `.apk` files, the values of `--virtual`/`-t`, `--repository`/`-X` and
    /// the other options that take a value, and (unlike hadolint) words built from variables,
    /// whose value the linter cannot see.
    ///
    /// ## Why is this bad?
    /// Without a pin each rebuild installs whatever the repository offers that day, so the image
    /// changes without any change to the Dockerfile and may break.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.9.1-r1
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the version to pin must be chosen.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `apk add`에서 버전 조건이 없는 패키지(`curl=8.5.0-r0`, `curl~8.5`, `"curl>8"` 대신
    /// `curl`)를 하나하나 찾습니다. 보고 위치는 패키지 단어이고 패키지마다 하나씩 보고합니다
    /// (hadolint는 명령어 전체를 한 번 보고합니다).
    ///
    /// 로컬 `.apk` 파일, `--virtual`/`-t`, `--repository`/`-X` 등 값을 받는 옵션의 값, 그리고
    /// (hadolint와 달리) 값을 알 수 없는 변수로 만든 단어는 보고하지 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// 버전을 고정하지 않으면 다시 빌드할 때마다 그날 저장소에 있는 버전이 설치됩니다.
    /// Dockerfile을 바꾸지 않아도 이미지가 달라지고 깨질 수 있습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.9.1-r1
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 고정할 버전을 골라야 합니다.
    RULE {
        hadolint: Some("DL3018"),
        buildkit: None,
        slipway: None,
        summary: "Pin versions in apk add",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            let Some((_, packages)) = apk_add(&inv) else { continue };
            for i in packages {
                let Some(package) = inv.literal(i) else { continue };
                if !package.contains(['=', '~', '<', '>']) && !package.ends_with(".apk") {
                    out.report_for(run.index, body.span(inv.args[i].span), MESSAGE);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{ranges, texts};

    #[test]
    fn unpinned_packages() {
        let src =
            "FROM a:1\nRUN apk add --no-cache --virtual .deps curl=1 x@edge \\\n    \"y>1\" z~2 ./p.apk $PKG jq\n";
        assert_eq!(texts(&RULE, src), ["x@edge", "jq"]);
        assert_eq!(ranges(&RULE, src), [(2, 47, 2, 53), (3, 28, 3, 30)]);
    }

    #[test]
    fn heredoc_and_other_commands() {
        let src = "FROM a:1\nRUN <<EOF\napk -X http://r add -t .d git\napk del curl\nEOF\n";
        assert_eq!(ranges(&RULE, src), [(3, 27, 3, 30)]);
        assert!(ranges(&RULE, "FROM a:1\nRUN apk upgrade && apk add --no-cache && echo apk add x\n").is_empty());
    }
}

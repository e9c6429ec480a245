//! DL3062: pin versions in go install.

use super::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags each package of a `go install` or `go get` without a version: `example.com/cmd`
    /// or `example.com/cmd@latest` instead of `example.com/cmd@v1.2.3`. The finding points at
    /// the package word; one finding per package. Local packages (`.`, `./…`, `/…`) are not
    /// flagged.
    ///
    /// Deliberate difference from hadolint: the values of build flags (`-tags x`,
    /// `-ldflags "…"`, `-o dir`) and words built from variables are not taken for packages.
    ///
    /// ## Why is this bad?
    /// Without a version (or with `@latest`) each rebuild fetches whatever is newest, so the
    /// image changes without any change to the Dockerfile and may break.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@v0.16.2
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the version must be chosen.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `go install`이나 `go get`에서 버전이 없는 패키지(`example.com/cmd@v1.2.3` 대신
    /// `example.com/cmd`나 `example.com/cmd@latest`)를 하나하나 찾습니다. 보고 위치는 패키지
    /// 단어이고 패키지마다 하나씩 보고합니다. 로컬 패키지(`.`, `./…`, `/…`)는 보고하지 않습니다.
    ///
    /// hadolint와 의도적으로 다른 점: 빌드 플래그의 값(`-tags x`, `-ldflags "…"`, `-o dir`)과
    /// 변수로 만든 단어를 패키지로 보지 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// 버전이 없으면(또는 `@latest`면) 다시 빌드할 때마다 최신 버전을 받아, Dockerfile을 바꾸지
    /// 않아도 이미지가 달라지고 깨질 수 있습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@latest
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go install golang.org/x/tools/gopls@v0.16.2
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 버전을 골라야 합니다.
    RULE {
        hadolint: Some("DL3062"),
        buildkit: None,
        slipway: None,
        summary: "Pin versions in go install",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`";

/// Build flags whose value is the next word (Go flags take one dash or two).
const VALUE_FLAGS: [&str; 17] = [
    "C",
    "o",
    "p",
    "asmflags",
    "buildmode",
    "buildvcs",
    "compiler",
    "gccgoflags",
    "gcflags",
    "installsuffix",
    "ldflags",
    "mod",
    "modfile",
    "overlay",
    "pgo",
    "pkgdir",
    "tags",
];

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            if inv.name != "go" || !matches!(inv.literal(0), Some("install" | "get")) {
                continue;
            }
            let mut skip = false;
            for (i, literal) in inv.literals.iter().enumerate().skip(1) {
                if std::mem::take(&mut skip) {
                    continue;
                }
                let Some(arg) = literal else { continue };
                if let Some(flag) = arg.strip_prefix("--").or_else(|| arg.strip_prefix('-')) {
                    skip = !flag.contains('=') && VALUE_FLAGS.contains(&flag);
                    continue;
                }
                let local = arg.starts_with(['.', '/']);
                let version = arg.rsplit_once('@').map(|(_, v)| v);
                if !local && matches!(version, None | Some("latest")) {
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
        let src = "FROM a:1\nRUN go install -tags x -ldflags \"-s -w\" example.com/a example.com/b@latest example.com/c@v1 ./cmd/... . && go get -u example.com/d\n";
        assert_eq!(texts(&RULE, src), ["example.com/a", "example.com/b@latest", "example.com/d"]);
        assert_eq!(ranges(&RULE, src)[0], (2, 41, 2, 54));
    }

    #[test]
    fn other_commands() {
        let src = "FROM a:1\nRUN go build ./... && go install && go mod download && echo go install x\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

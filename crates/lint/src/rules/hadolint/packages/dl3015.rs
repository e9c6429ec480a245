//! DL3015: avoid additional packages by specifying `--no-install-recommends`.

use super::apt::subcommand;
use crate::rules::hadolint::shell::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` without `--no-install-recommends` (any `--no-install-recommends…`
    /// spelling) and without `-o APT::Install-Recommends=false`. The finding points at
    /// `apt-get … install`.
    ///
    /// ## Why is this bad?
    /// By default apt also installs every package the requested ones *recommend*: documentation,
    /// helpers, sometimes whole toolchains. The image gets larger and carries more software to
    /// patch, none of which was asked for.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: inserting `--no-install-recommends` after `install` changes which packages get
    /// installed, and the application may rely on a recommended one (e.g. `ca-certificates`
    /// recommended by `curl`).
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `--no-install-recommends`(어떤 `--no-install-recommends…` 형태든)와
    /// `-o APT::Install-Recommends=false` 없이 쓴 `apt-get install`을 찾습니다. 보고 위치는
    /// `apt-get … install`입니다.
    ///
    /// ## 왜 문제인가요?
    /// apt는 기본적으로 요청한 패키지가 *추천*하는 패키지(문서, 도우미, 때로는 툴체인 전체)도
    /// 설치합니다. 요청하지 않은 소프트웨어 때문에 이미지가 커지고 패치할 대상이 늘어납니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전하지 않습니다. `install` 뒤에 `--no-install-recommends`를 넣으면 설치되는 패키지가
    /// 달라지고, 애플리케이션이 추천 패키지(예: `curl`이 추천하는 `ca-certificates`)에 기댈 수
    /// 있습니다.
    RULE {
        hadolint: Some("DL3015"),
        buildkit: None,
        slipway: None,
        summary: "Avoid additional packages by specifying `--no-install-recommends`",
        severity: Severity::Info,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

const MESSAGE: &str = "Avoid additional packages by specifying `--no-install-recommends`";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            let Some((i, "install")) = subcommand(&inv, &["apt-get"]) else { continue };
            let avoided = inv
                .literals
                .iter()
                .flatten()
                .any(|l| l.starts_with("--no-install-recommends") || l.contains("APT::Install-Recommends=false"));
            if avoided {
                continue;
            }
            let after = body.span(inv.args[i].span).end;
            out.report_for(run.index, inv.span_through(body, i), MESSAGE).with_fix(Fix::unsafe_edit(
                "Insert `--no-install-recommends`",
                vec![Edit::insert(after, " --no-install-recommends")],
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{fixed, ranges, texts};

    #[test]
    fn install_with_recommends() {
        let src = "FROM a:1\nRUN apt-get update && apt-get -y install curl\n";
        assert_eq!(texts(&RULE, src), ["apt-get -y install"]);
        assert_eq!(ranges(&RULE, src), [(2, 23, 2, 41)]);
    }

    #[test]
    fn recommends_avoided() {
        for flags in ["--no-install-recommends", "--no-install-recommends=true", "-o APT::Install-Recommends=false"] {
            let src = format!("FROM a:1\nRUN apt-get -y {flags} install curl\n");
            assert!(ranges(&RULE, &src).is_empty(), "{flags}");
        }
        assert!(ranges(&RULE, "FROM a:1\nRUN apt-get upgrade -y && apt install x\n").is_empty());
    }

    #[test]
    fn fix_is_unsafe() {
        let src = "FROM a:1\nRUN apt-get install -y curl\n";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), src);
        assert_eq!(
            fixed(&RULE, src, Applicability::Unsafe),
            "FROM a:1\nRUN apt-get install --no-install-recommends -y curl\n"
        );
    }
}

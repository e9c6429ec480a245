//! SW1003: `apt-get update` alone in its own RUN.

use super::support::{apt_subcommand, base_name};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` whose shell body does nothing but `apt-get update` (or `apt update`),
    /// possibly with `set` options, at the update command.
    ///
    /// ## Why is this bad?
    /// Each `RUN` is its own cached layer, keyed by its command text. `RUN apt-get update` never
    /// changes, so after the first build it is always a cache hit: the package lists stay as
    /// old as that first build, while a later `RUN apt-get install` line that you edit runs
    /// again against those stale lists and fails once the mirror has moved on. The update also
    /// bloats the image with lists no later layer can remove.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN apt-get update
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the update belongs in the `RUN` that installs (SW1002 offers that edit there).
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 셸 본문이 `set` 옵션 말고는 `apt-get update`(또는 `apt update`)만 하는 `RUN`을 update 명령
    /// 위치에 보고합니다.
    ///
    /// ## 왜 문제인가요?
    /// 각 `RUN`은 명령 텍스트를 키로 하는 별도의 캐시 레이어입니다. `RUN apt-get update`는 바뀌지
    /// 않으므로 첫 빌드 이후 늘 캐시에 적중하고, 패키지 목록은 첫 빌드 때의 것으로 남습니다. 나중에
    /// 고친 `RUN apt-get install` 줄은 그 오래된 목록으로 다시 실행되어, 미러가 바뀌면 실패합니다.
    /// 또한 이후 레이어에서 지울 수 없는 목록 때문에 이미지가 커집니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN apt-get update
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM ubuntu:24.04
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. update는 설치하는 `RUN`에 있어야 합니다(그 위치의 수정은 SW1002가
    /// 제안합니다).
    RULE {
        hadolint: None,
        buildkit: None,
        slipway: Some("SW1003"),
        summary: "apt-get update alone in its own RUN",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        let is_update = |c: &&crate::context::ShellCommand<'_>| matches!(apt_subcommand(c), Some((_, "update")));
        let Some(update) = commands.iter().find(is_update) else { continue };
        if commands.iter().all(|c| base_name(c) == Some("set") || is_update(&c)) {
            let name = base_name(update).unwrap_or("apt-get");
            let message = format!(
                "`{name} update` alone in its own RUN: its cached layer keeps stale package lists; update in the RUN that installs"
            );
            out.report_for(run.index, body.span(update.info.command.span), message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges};

    #[test]
    fn lone_updates_are_flagged() {
        let src = "FROM debian:12\nRUN apt-get update\nRUN set -e; apt update -qq\n";
        assert_eq!(ranges(&RULE, src), [(2, 5, 2, 19), (3, 13, 3, 27)]);
        assert_eq!(
            messages(&RULE, src)[0],
            "`apt-get update` alone in its own RUN: its cached layer keeps stale package lists; update in the RUN that installs"
        );
    }

    #[test]
    fn updates_with_installs_pass() {
        assert!(
            ranges(&RULE, "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN echo hi\n").is_empty()
        );
    }
}

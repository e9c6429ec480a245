//! SW1002: `apt-get install` without `apt-get update` earlier in the same RUN.

use super::support::{apt_subcommand, base_name};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` (or `apt install`) in a `RUN` whose shell body runs no
    /// `apt-get update` (or `apt update`) before it. The finding covers `apt-get … install`.
    ///
    /// ## Why is this bad?
    /// Official Debian and Ubuntu images ship without package lists, so the install fails
    /// ("Unable to locate package"). When an earlier `RUN apt-get update` provided the lists,
    /// it is worse: the build cache keeps that layer, so months later the install runs against
    /// stale lists and fails when the mirror has dropped the old versions — or only on the
    /// machines whose cache is old. Updating in the same `RUN` keeps lists and install in one
    /// cached layer: whenever the install line changes, the lists are fetched again.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix inserts `apt-get update && ` before the install, so newer package
    /// versions may be installed. Not offered inside a pipeline.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 셸 본문에서 앞서 `apt-get update`(또는 `apt update`)를 실행하지 않는 `RUN`의
    /// `apt-get install`(또는 `apt install`)을 찾아 `apt-get … install` 부분에 보고합니다.
    ///
    /// ## 왜 문제인가요?
    /// 공식 Debian·Ubuntu 이미지에는 패키지 목록이 없으므로 설치가 실패합니다("Unable to locate
    /// package"). 앞선 `RUN apt-get update`가 목록을 받아 두었다면 더 나쁩니다. 빌드 캐시가 그 레이어를
    /// 재사용하므로 몇 달 뒤 설치가 오래된 목록으로 실행되어, 미러에서 옛 버전이 사라지면 실패합니다.
    /// 캐시가 오래된 머신에서만 실패하기도 합니다. 같은 `RUN`에서 update를 하면 목록과 설치가 한 캐시
    /// 레이어에 들어가, 설치 줄이 바뀔 때마다 목록도 새로 받습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전하지 않습니다. 설치 앞에 `apt-get update && `를 넣으므로 더 새로운 패키지 버전이 설치될 수
    /// 있습니다. 파이프라인 안에서는 제안하지 않습니다.
    RULE {
        hadolint: None,
        buildkit: None,
        slipway: Some("SW1002"),
        summary: "apt-get install without apt-get update in the same RUN",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Sometimes,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        let mut updated = false;
        for call in commands {
            match apt_subcommand(call) {
                Some((_, "update")) => updated = true,
                Some((i, "install")) if !updated => {
                    let name = base_name(call).unwrap_or("apt-get");
                    let span = body.span(call.info.command.words[0].span.cover(call.args()[i].span));
                    let message =
                        format!("`{name} install` without `{name} update` in the same RUN: the package lists are missing or stale");
                    let finding = out.report_for(run.index, span, message);
                    if !call.info.in_pipeline() {
                        let insert = format!("{name} update && ");
                        finding.with_fix(Fix::unsafe_edit(
                            format!("Insert `{insert}`"),
                            vec![Edit::insert(span.start, insert)],
                        ));
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{fixed, messages, ranges, texts};

    #[test]
    fn install_without_update_is_flagged() {
        let src = "FROM debian:12\nRUN apt-get update\nRUN apt-get -q install -y curl && apt install git\n";
        assert_eq!(ranges(&RULE, src), [(3, 5, 3, 23), (3, 35, 3, 46)]);
        assert_eq!(texts(&RULE, src), ["apt-get -q install", "apt install"]);
        assert_eq!(
            messages(&RULE, src)[0],
            "`apt-get install` without `apt-get update` in the same RUN: the package lists are missing or stale"
        );
        assert_eq!(
            fixed(&RULE, src, Applicability::Unsafe),
            "FROM debian:12\nRUN apt-get update\nRUN apt-get update && apt-get -q install -y curl && apt update && apt install git\n"
        );
    }

    #[test]
    fn update_first_in_the_same_run_passes() {
        let src = "FROM debian:12\nRUN set -eux; \\\n    apt-get update; \\\n    apt-get install -y curl\nRUN apt update && apt install -y git\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

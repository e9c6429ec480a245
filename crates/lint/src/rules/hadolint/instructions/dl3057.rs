//! DL3057: `HEALTHCHECK` instruction missing (off by default).

use super::support::runnable_stages;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Off by default (as in hadolint; enable it with an `override` in the config). Flags an
    /// image without a `HEALTHCHECK`, at its `FROM` keyword. A `HEALTHCHECK` (including
    /// `HEALTHCHECK NONE`, a deliberate choice) in an earlier stage the image builds on
    /// (`FROM base`) counts.
    ///
    /// Deliberate difference from hadolint 2.15.1: hadolint checks every stage (and, keying
    /// stages by image name, misses some); Slipway only checks stages that are images someone
    /// runs (the last stage, and stages no other stage uses).
    ///
    /// ## Why is this bad?
    /// Without a health check, Docker and orchestrators only know whether the process is alive,
    /// not whether it works: a hung server keeps receiving traffic.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site/ /usr/share/nginx/html/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site/ /usr/share/nginx/html/
    /// HEALTHCHECK CMD curl -fs http://localhost/ || exit 1
    /// ```
    ///
    /// ## Fix safety
    /// No fix: how to check the service's health is unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// hadolint처럼 기본적으로 꺼져 있습니다(설정의 `override`로 켭니다). `HEALTHCHECK`가 없는
    /// 이미지를 `FROM` 키워드 위치에 보고합니다. 이미지가 기반으로 하는 앞선 스테이지(`FROM base`)의
    /// `HEALTHCHECK`(의도적인 선택인 `HEALTHCHECK NONE` 포함)도 셉니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: hadolint는 모든 스테이지를 검사하고(스테이지를 이미지
    /// 이름으로 구분하여 일부를 놓치기도 함), Slipway는 실행되는 이미지인 스테이지(마지막
    /// 스테이지와 다른 스테이지가 쓰지 않는 스테이지)만 검사합니다.
    ///
    /// ## 왜 문제인가요?
    /// 헬스 체크가 없으면 Docker와 오케스트레이터는 프로세스가 살아 있는지만 알 뿐 제대로
    /// 동작하는지는 모릅니다. 멈춘 서버가 계속 트래픽을 받습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site/ /usr/share/nginx/html/
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site/ /usr/share/nginx/html/
    /// HEALTHCHECK CMD curl -fs http://localhost/ || exit 1
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 서비스의 상태를 어떻게 확인할지 알 수 없습니다.
    RULE {
        hadolint: Some("DL3057"),
        buildkit: None,
        slipway: None,
        summary: "HEALTHCHECK instruction missing",
        severity: Severity::Info,
        default_enabled: false,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    let mut has_healthcheck: Vec<bool> = Vec::with_capacity(ctx.stages.len());
    for stage in &ctx.stages {
        let own = (stage.from_index..stage.end_index).any(|i| matches!(ctx.command(i), Some(Command::Healthcheck(_))));
        has_healthcheck.push(own || stage.base_stage.is_some_and(|base| has_healthcheck[base]));
    }
    let runnable = runnable_stages(ctx);
    for stage in ctx.stages.iter().filter(|s| runnable[s.index] && !has_healthcheck[s.index]) {
        let keyword = ctx.instructions()[stage.from_index].keyword.span;
        out.report_for(stage.from_index, keyword, "`HEALTHCHECK` instruction missing.");
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges};

    #[test]
    fn images_without_healthcheck_are_flagged_at_from() {
        let src = "FROM a:1 AS build\nRUN x\nFROM a:1\nCOPY --from=build /x /x\n";
        assert_eq!(ranges(&RULE, src), [(3, 1, 3, 5)]);
        assert_eq!(messages(&RULE, src), ["`HEALTHCHECK` instruction missing."]);
    }

    #[test]
    fn own_inherited_and_none_healthchecks_pass() {
        assert!(ranges(&RULE, "FROM a:1\nHEALTHCHECK NONE\n").is_empty());
        assert!(ranges(&RULE, "FROM a:1 AS base\nHEALTHCHECK CMD x\nFROM base\nRUN y\n").is_empty());
    }
}

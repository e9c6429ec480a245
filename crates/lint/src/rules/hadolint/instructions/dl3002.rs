//! DL3002: last USER should not be root.

use super::support::runnable_stages;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags the last `USER` of an image when it switches to root (`root`, `0`, `root:…`,
    /// `0:…`). A stage without `USER` that builds on an earlier stage (`FROM build`) inherits
    /// that stage's last `USER`, and the finding points there.
    ///
    /// Deliberate difference from hadolint 2.15.1: hadolint checks every stage; Slipway only
    /// checks stages that are images someone runs — the last stage, and stages no other stage
    /// uses (`FROM`, `COPY --from`, `RUN --mount=from=`), which can be built with `--target`.
    /// A builder stage that ends as root is fine: only files leave it.
    ///
    /// ## Why is this bad?
    /// A container running as root gives an attacker who gets into it root on the files it can
    /// reach and an easier way out. Switch to an unprivileged user at the end.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// USER root
    /// RUN apt-get update
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// USER root
    /// RUN apt-get update
    /// USER app
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which user to run as is the author's choice.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 이미지의 마지막 `USER`가 root(`root`, `0`, `root:…`, `0:…`)로 바꾸면 보고합니다. `USER`
    /// 없이 앞선 스테이지를 기반으로 하는 스테이지(`FROM build`)는 그 스테이지의 마지막 `USER`를
    /// 물려받으며, 보고 위치도 그곳입니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: hadolint는 모든 스테이지를 검사하지만, Slipway는
    /// 실행되는 이미지인 스테이지만 검사합니다. 마지막 스테이지와, 다른 스테이지가 쓰지 않는
    /// (`FROM`, `COPY --from`, `RUN --mount=from=`) 스테이지(`--target`으로 빌드될 수 있음)입니다.
    /// root로 끝나는 빌더 스테이지는 파일만 넘겨주므로 괜찮습니다.
    ///
    /// ## 왜 문제인가요?
    /// root로 실행되는 컨테이너에 침입한 공격자는 접근 가능한 파일에 root 권한을 갖고 탈출도
    /// 쉬워집니다. 마지막에는 권한 없는 사용자로 바꾸세요.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// USER root
    /// RUN apt-get update
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// USER root
    /// RUN apt-get update
    /// USER app
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 어떤 사용자로 실행할지는 작성자가 정합니다.
    RULE {
        hadolint: Some("DL3002"),
        buildkit: None,
        slipway: None,
        summary: "Last USER should not be root",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    // The last USER instruction of each stage, inherited through `FROM stage`.
    let mut last_user: Vec<Option<usize>> = Vec::with_capacity(ctx.stages.len());
    for stage in &ctx.stages {
        let own =
            (stage.from_index..stage.end_index).rev().find(|&i| matches!(ctx.command(i), Some(Command::User { .. })));
        last_user.push(own.or_else(|| stage.base_stage.and_then(|base| last_user[base])));
    }
    let runnable = runnable_stages(ctx);
    let mut reported = Vec::new();
    for stage in ctx.stages.iter().filter(|s| runnable[s.index]) {
        let Some(index) = last_user[stage.index] else { continue };
        let Some(Command::User { user }) = ctx.command(index) else { continue };
        let name = user.split(':').next().unwrap_or_default();
        if (name == "root" || name == "0") && !reported.contains(&index) {
            reported.push(index);
            let Arguments::Text(token) = &ctx.instructions()[index].args else { continue };
            out.report_for(index, token.span, "Last USER should not be root");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges, texts};

    #[test]
    fn root_as_last_user_is_flagged_at_the_user() {
        let src = "FROM a:1\nUSER app\nUSER root\n";
        assert_eq!(ranges(&RULE, src), [(3, 6, 3, 10)]);
        assert_eq!(messages(&RULE, src), ["Last USER should not be root"]);
        assert_eq!(texts(&RULE, "FROM a:1\nUSER 0:0\n"), ["0:0"]);
        assert_eq!(texts(&RULE, "FROM a:1\nuser root:staff\n"), ["root:staff"]);
    }

    #[test]
    fn inherited_root_is_reported_where_it_was_set() {
        let src = "FROM a:1 AS base\nUSER root\nFROM base\nRUN x\n";
        assert_eq!(ranges(&RULE, src), [(2, 6, 2, 10)]);
    }

    #[test]
    fn builder_stages_and_later_users_pass() {
        assert!(ranges(&RULE, "FROM a:1 AS build\nUSER root\nFROM a:1\nCOPY --from=build /x /x\n").is_empty());
        assert!(ranges(&RULE, "FROM a:1\nUSER root\nUSER 1000\n").is_empty());
        assert!(ranges(&RULE, "FROM a:1\nUSER rooty\nUSER $U\n").is_empty());
        assert!(ranges(&RULE, "FROM a:1 AS base\nUSER root\nFROM base\nUSER app\n").is_empty());
    }

    #[test]
    fn an_unused_stage_is_an_image_too() {
        let src = "FROM a:1 AS debug\nUSER root\nFROM a:1\nUSER app\n";
        assert_eq!(ranges(&RULE, src), [(2, 6, 2, 10)]);
    }
}

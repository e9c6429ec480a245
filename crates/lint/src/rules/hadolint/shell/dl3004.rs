//! DL3004: do not use sudo.

use super::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags every `sudo` command in a `RUN`. The finding points at `sudo`.
    ///
    /// ## Why is this bad?
    /// `RUN` already runs as the user set by `USER` (root by default); `sudo` adds a setuid
    /// binary to the image, depends on its configuration and a TTY, and behaves unpredictably
    /// for signals and environment. Switch with `USER`, or use a tool like `gosu` at run time.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// USER app
    /// RUN sudo apt-get update
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update
    /// USER app
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `RUN` 안의 모든 `sudo` 명령을 찾습니다. 보고 위치는 `sudo`입니다.
    ///
    /// ## 왜 문제인가요?
    /// `RUN`은 이미 `USER`로 정한 사용자(기본은 root)로 실행됩니다. `sudo`는 이미지에 setuid
    /// 바이너리를 더하고, 설정과 TTY에 기대며, 시그널과 환경 변수에서 예측하기 어렵게 동작합니다.
    /// `USER`로 바꾸거나 실행 시에는 `gosu` 같은 도구를 쓰세요.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// USER app
    /// RUN sudo apt-get update
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update
    /// USER app
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다.
    RULE {
        hadolint: Some("DL3004"),
        buildkit: None,
        slipway: None,
        summary: "Do not use sudo as it leads to unpredictable behavior",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            if inv.name == "sudo" {
                out.report_for(run.index, body.span(inv.name_word().span), MESSAGE);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges};

    #[test]
    fn sudo_is_flagged() {
        let src = "FROM a:1\nRUN echo sudo && \\\n  sudo -u x make\n";
        assert_eq!(ranges(&RULE, src), [(3, 3, 3, 7)]);
        assert_eq!(messages(&RULE, src)[0], super::MESSAGE);
        assert!(ranges(&RULE, "FROM a:1\nRUN gosu app make && apt-get install sudo\n").is_empty());
    }
}

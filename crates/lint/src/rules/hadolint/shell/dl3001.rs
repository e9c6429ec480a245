//! DL3001: commands that make no sense in a container.

use super::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags the commands `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`,
    /// `mount` and `ifconfig` used in a `RUN`. The finding points at the command name.
    ///
    /// Deliberate difference: hadolint names `ifconfig` in its message but does not flag it;
    /// Slipway does.
    ///
    /// ## Why is this bad?
    /// A `RUN` step runs once, without a terminal, an init system or the container's final
    /// processes: interactive tools, service managers and process or network inspection do
    /// nothing useful there, and usually point at a misunderstanding of what the build does.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN service nginx start
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `RUN`에서 쓴 `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`,
    /// `ifconfig` 명령을 찾습니다. 보고 위치는 명령 이름입니다.
    ///
    /// 의도적인 차이: hadolint는 메시지에 `ifconfig`를 적지만 실제로 보고하지 않습니다.
    /// Slipway는 보고합니다.
    ///
    /// ## 왜 문제인가요?
    /// `RUN` 단계는 터미널도, init 시스템도, 컨테이너의 최종 프로세스도 없이 한 번 실행됩니다.
    /// 대화형 도구, 서비스 관리자, 프로세스나 네트워크 조회는 거기서 쓸모가 없고, 대개 빌드가
    /// 하는 일을 잘못 이해했다는 신호입니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUN service nginx start
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다.
    RULE {
        hadolint: Some("DL3001"),
        buildkit: None,
        slipway: None,
        summary: "For some bash commands it makes no sense running them in a Docker container",
        severity: Severity::Info,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "For some bash commands it makes no sense running them in a Docker container like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`";

const COMMANDS: [&str; 10] = ["ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig"];

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            if COMMANDS.contains(&inv.name) {
                out.report_for(run.index, body.span(inv.name_word().span), MESSAGE);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{ranges, texts};

    #[test]
    fn pointless_commands() {
        let src = "FROM a:1\nRUN service x start && X=1 ps aux | grep y; ifconfig\nRUN <<EOF\n  vim x\nEOF\n";
        assert_eq!(texts(&RULE, src), ["service", "ps", "ifconfig", "vim"]);
        assert_eq!(ranges(&RULE, src)[3], (4, 3, 4, 6));
    }

    #[test]
    fn other_commands() {
        let src = "FROM a:1\nRUN echo ssh && pkill x && /usr/bin/vim x && sudo -u a top\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

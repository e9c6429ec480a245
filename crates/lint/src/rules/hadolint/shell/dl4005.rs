//! DL4005: use SHELL to change the default shell.

use super::support::{invocations, Options};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an `ln` whose link name (its last operand) is `/bin/sh` or `/usr/bin/sh`, as in
    /// `ln -sf /bin/bash /bin/sh`. The finding points at that operand.
    ///
    /// Deliberate differences from hadolint, which flags `ln` with `/bin/sh` as any argument:
    /// `ln -s /bin/sh /bin/bash` (which does not replace `/bin/sh`) is not flagged, and
    /// `/usr/bin/sh` (the same file on merged-`/usr` systems) is.
    ///
    /// ## Why is this bad?
    /// Replacing `/bin/sh` changes the shell of every program in the image that calls
    /// `system()` or runs scripts, not only of the Dockerfile's `RUN`s. `SHELL` changes the
    /// shell of the later instructions alone.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 링크 이름(마지막 피연산자)이 `/bin/sh`나 `/usr/bin/sh`인 `ln`을 찾습니다
    /// (`ln -sf /bin/bash /bin/sh`). 보고 위치는 그 피연산자입니다.
    ///
    /// 인자 어디에든 `/bin/sh`가 있으면 보고하는 hadolint와 의도적으로 다르게,
    /// `ln -s /bin/sh /bin/bash`(`/bin/sh`를 바꾸지 않음)는 보고하지 않고 `/usr/bin/sh`(`/usr`가
    /// 합쳐진 시스템에서는 같은 파일)는 보고합니다.
    ///
    /// ## 왜 문제인가요?
    /// `/bin/sh`를 바꾸면 Dockerfile의 `RUN`만이 아니라 `system()`을 부르거나 스크립트를
    /// 실행하는 이미지 안의 모든 프로그램의 셸이 바뀝니다. `SHELL`은 이후 명령어의 셸만
    /// 바꿉니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다.
    RULE {
        hadolint: Some("DL4005"),
        buildkit: None,
        slipway: None,
        summary: "Use SHELL to change the default shell",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Use SHELL to change the default shell";

const LN_OPTIONS: Options = Options { short_values: "St", long_values: &["suffix", "target-directory"] };

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            if inv.name != "ln" {
                continue;
            }
            let operands = inv.positionals(&LN_OPTIONS);
            let Some(&last) = operands.last().filter(|_| operands.len() >= 2) else { continue };
            if matches!(inv.literal(last), Some("/bin/sh" | "/usr/bin/sh")) {
                out.report_for(run.index, body.span(inv.args[last].span), MESSAGE);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{ranges, texts};

    #[test]
    fn replacing_bin_sh() {
        let src = "FROM a:1\nRUN ln -sf /bin/bash /bin/sh && ln -s bash /usr/bin/sh\n";
        assert_eq!(texts(&RULE, src), ["/bin/sh", "/usr/bin/sh"]);
        assert_eq!(ranges(&RULE, src)[0], (2, 22, 2, 29));
    }

    #[test]
    fn other_links() {
        let src = "FROM a:1\nRUN ln -s /bin/sh /bin/bash2 && ln -s /bin/sh && echo ln /bin/sh\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

//! DL3003: use WORKDIR to switch to a directory.

use super::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags every `cd` command in a `RUN` (also inside subshells, like hadolint). The finding
    /// points at `cd`. As in hadolint, `ONBUILD RUN` triggers are not checked.
    ///
    /// ## Why is this bad?
    /// A `cd` lasts for one `RUN` only, which is easy to forget in the next instruction, and it
    /// hides the working directory from readers. `WORKDIR` sets it for every later instruction
    /// and creates the directory if needed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN cd /usr/src/app && make
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// WORKDIR /usr/src/app
    /// RUN make
    /// ```
    ///
    /// ## Fix safety
    /// No fix: `WORKDIR` also changes the directory of every later instruction.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `RUN` 안의 모든 `cd` 명령을 찾습니다(hadolint처럼 서브셸 안도 포함). 보고 위치는
    /// `cd`입니다. hadolint처럼 `ONBUILD RUN`은 검사하지 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// `cd`는 그 `RUN` 하나에서만 유효해서 다음 명령어에서 잊기 쉽고, 작업 디렉터리를 읽는
    /// 사람에게 감춥니다. `WORKDIR`은 이후 모든 명령어에 적용되고 필요하면 디렉터리도 만듭니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUN cd /usr/src/app && make
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// WORKDIR /usr/src/app
    /// RUN make
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. `WORKDIR`은 이후 모든 명령어의 디렉터리도 바꿉니다.
    RULE {
        hadolint: Some("DL3003"),
        buildkit: None,
        slipway: None,
        summary: "Use WORKDIR to switch to a directory",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Use WORKDIR to switch to a directory";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands().filter(|(run, _, _)| !run.onbuild) {
        for inv in invocations(commands) {
            if inv.name == "cd" {
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
    fn cd_is_flagged() {
        let src = "FROM a:1\nRUN cd /x && make && (cd y; make)\n";
        assert_eq!(texts(&RULE, src), ["cd", "cd"]);
        assert_eq!(ranges(&RULE, src), [(2, 5, 2, 7), (2, 23, 2, 25)]);
        assert!(ranges(&RULE, "FROM a:1\nWORKDIR /x\nRUN make cd && echo cd\nONBUILD RUN cd /y\n").is_empty());
    }
}

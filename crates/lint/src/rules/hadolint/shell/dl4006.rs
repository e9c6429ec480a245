//! DL4006: set `-o pipefail` before a `RUN` with a pipe.

use super::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` containing a pipeline (`a | b`, also `|&`, inside `( … )` or `$( … )`)
    /// when `pipefail` is not on: neither the effective `SHELL` has `-o pipefail` (alone or
    /// bundled, as in `-euxo pipefail`) nor a `set -o pipefail` (or `set -euo pipefail`) runs
    /// earlier in the same `RUN`, outside a subshell. The finding points at the first such
    /// `|`; one finding per `RUN`. Only POSIX-like shells are checked: a `SHELL` such as `pwsh`
    /// or `cmd` disables the rule, as in hadolint, and `ONBUILD RUN` triggers are skipped: they run
    /// with the `SHELL` of the image built from this one, unknown here. A heredoc fed to a shell
    /// (`RUN bash <<EOF`) is checked as that shell's script, and `-o pipefail` on that shell's
    /// command line (`RUN bash -o pipefail <<EOF`) turns it on.
    ///
    /// Deliberate difference from hadolint: hadolint ignores `set -o pipefail` inside the
    /// `RUN` and keeps flagging; Slipway accepts it when it comes before the pipe.
    /// Likewise, after a `# hadolint shell=powershell` pragma the `RUN`s are not shell scripts
    /// and are not checked (hadolint still checks them).
    ///
    /// ## Why is this bad?
    /// A pipeline's status is that of its last command: in `curl -fsSL https://x | tar -xz`, a
    /// failed download still lets the build go on with a broken result. With `pipefail` any
    /// failing stage fails the `RUN`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN curl -fsSL https://example.com/a.tgz | tar -xz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/a.tgz | tar -xz
    /// ```
    ///
    /// ## Fix safety
    /// No fix: turning `pipefail` on makes failures that were ignored fail the build, and
    /// `/bin/sh` may not support it (dash before 0.5.12).
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 파이프라인(`a | b`, `|&`, `( … )`나 `$( … )` 안도 포함)이 있는 `RUN`에서 `pipefail`이
    /// 켜져 있지 않은 경우를 찾습니다. 유효한 `SHELL`에 `-o pipefail`(`-euxo pipefail`처럼 묶은
    /// 형태 포함)이 없고, 같은 `RUN`에서 서브셸 밖의 `set -o pipefail`(또는
    /// `set -euo pipefail`)이 먼저 실행되지도 않는 경우입니다. 보고 위치는 첫 번째 그런 `|`이고
    /// `RUN`마다 하나만 보고합니다. POSIX 계열 셸만 검사합니다. `pwsh`나 `cmd` 같은 `SHELL`에서는
    /// hadolint처럼 검사하지 않습니다. `ONBUILD RUN`도 건너뜁니다. 이 이미지를 기반으로 만드는
    /// 이미지의 `SHELL`로 실행되므로 여기서는 알 수 없습니다. 셸에 넘기는 heredoc(`RUN bash <<EOF`)은
    /// 그 셸의 스크립트로 검사하며, 그 셸의 명령줄에 있는 `-o pipefail`(`RUN bash -o pipefail <<EOF`)도
    /// 인정합니다.
    ///
    /// hadolint와 의도적으로 다른 점: hadolint는 `RUN` 안의 `set -o pipefail`을 무시하고 계속
    /// 보고하지만, Slipway는 파이프보다 앞에 있으면 인정합니다.
    /// 마찬가지로 `# hadolint shell=powershell` 프래그마 뒤의 `RUN`은 셸 스크립트가 아니므로
    /// 검사하지 않습니다(hadolint는 계속 검사합니다).
    ///
    /// ## 왜 문제인가요?
    /// 파이프라인의 종료 상태는 마지막 명령의 상태입니다. `curl -fsSL https://x | tar -xz`에서
    /// 다운로드가 실패해도 빌드는 망가진 결과로 계속됩니다. `pipefail`이 켜져 있으면 어느 단계든
    /// 실패하면 `RUN`이 실패합니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUN curl -fsSL https://example.com/a.tgz | tar -xz
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/a.tgz | tar -xz
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. `pipefail`을 켜면 무시되던 실패가 빌드를 실패시키고, `/bin/sh`가
    /// 지원하지 않을 수 있습니다(0.5.12 이전의 dash).
    RULE {
        hadolint: Some("DL4006"),
        buildkit: None,
        slipway: None,
        summary: "Set the SHELL option -o pipefail before RUN with a pipe in it",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands().filter(|(run, _, _)| !run.onbuild) {
        if shell_has_pipefail(&run.shell) || shell_has_pipefail(&body.interpreter) {
            continue;
        }
        let pipefail_from = invocations(commands)
            .iter()
            .filter(|inv| {
                !inv.info.in_subshell() && inv.info.command.enabled_shell_options().iter().any(|o| o == "pipefail")
            })
            .map(|inv| inv.info.command.span.end)
            .min();
        let source = body.source();
        let pipe = commands
            .iter()
            .map(|command| command.info.pipeline)
            .filter(|pipeline| pipeline.commands.len() > 1)
            .filter(|pipeline| pipefail_from.is_none_or(|from| from > pipeline.span.start))
            .filter_map(|pipeline| {
                let (gap_start, gap_end) = (pipeline.commands[0].span().end, pipeline.commands[1].span().start);
                let offset = gap_start + source.get(gap_start..gap_end)?.find('|')?;
                let len = if source[offset..].starts_with("|&") { 2 } else { 1 };
                Some(slipway_shell::Span::new(offset, offset + len))
            })
            .min_by_key(|span| span.start);
        if let Some(pipe) = pipe {
            out.report_for(run.index, body.span(pipe), MESSAGE);
        }
    }
}

/// Whether a `SHELL` argv turns on pipefail: `-o pipefail`, or a bundle ending in `o` before
/// `pipefail` (`-euxo pipefail`).
fn shell_has_pipefail(shell: &[String]) -> bool {
    shell.windows(2).any(|w| w[1] == "pipefail" && w[0].starts_with('-') && w[0].ends_with('o'))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{ranges, texts};

    #[test]
    fn pipes_without_pipefail() {
        let src = "FROM a:1\nRUN echo \"a|b\" || true; curl x | sh && a |& b\nRUN x=$(a|b)\nRUN (a | b)\n";
        assert_eq!(texts(&RULE, src), ["|", "|", "|"]);
        assert_eq!(ranges(&RULE, src), [(2, 32, 2, 33), (3, 10, 3, 11), (4, 8, 4, 9)]);
        let bar_amp = "FROM a:1\nRUN a |& b\n";
        assert_eq!(texts(&RULE, bar_amp), ["|&"]);
    }

    #[test]
    fn shell_with_pipefail() {
        for shell in ["\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"", "\"/bin/ash\", \"-euxo\", \"pipefail\", \"-c\""] {
            let src = format!("FROM a:1\nSHELL [{shell}]\nRUN curl x | sh\n");
            assert!(ranges(&RULE, &src).is_empty(), "{shell}");
        }
        let plain = "FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nRUN curl x | sh\n";
        assert_eq!(ranges(&RULE, plain).len(), 1);
        let pwsh = "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN a | b\n";
        assert!(ranges(&RULE, pwsh).is_empty());
        assert!(ranges(&RULE, "FROM a:1\nONBUILD RUN c | d\n").is_empty());
        assert!(ranges(&RULE, "FROM a:1\n# hadolint shell=powershell\nRUN c | d\n").is_empty());
    }

    #[test]
    fn set_pipefail_in_the_run() {
        for src in [
            "FROM a:1\nRUN set -o pipefail && curl x | sh\n",
            "FROM a:1\nRUN set -euo pipefail; curl x | sh\n",
            "FROM a:1\nRUN <<EOF\nset -eux -o pipefail\ncurl x | sh\nEOF\n",
        ] {
            assert!(ranges(&RULE, src).is_empty(), "{src}");
        }
        for src in [
            "FROM a:1\nRUN curl x | sh; set -o pipefail\n",
            "FROM a:1\nRUN set -o pipefail\nRUN curl x | sh\n",
            "FROM a:1\nRUN (set -o pipefail); curl x | sh\n",
        ] {
            assert_eq!(ranges(&RULE, src).len(), 1, "{src}");
        }
    }

    #[test]
    fn heredoc_fed_to_a_shell() {
        let src = "FROM a:1\nRUN <<EOF bash\necho hi\n  curl x | sh\nEOF\n";
        assert_eq!(ranges(&RULE, src), [(4, 10, 4, 11)]);
        let flags = "FROM a:1\nRUN sh -e <<'EOF'\ncurl x | sh\nEOF\n";
        assert_eq!(ranges(&RULE, flags), [(3, 8, 3, 9)]);
        for quiet in [
            "FROM a:1\nRUN bash -o pipefail <<EOF\ncurl x | sh\nEOF\n",
            "FROM a:1\nRUN python3 <<EOF\nprint(1 | 2)\nEOF\n",
        ] {
            assert!(ranges(&RULE, quiet).is_empty(), "{quiet}");
        }
    }

    #[test]
    fn heredoc_positions() {
        let src = "FROM a:1\nRUN <<EOF\necho hi\n  curl x | sh\nEOF\n";
        assert_eq!(ranges(&RULE, src), [(4, 10, 4, 11)]);
    }
}

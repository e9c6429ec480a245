//! DL3059: multiple consecutive `RUN` instructions.

use slipway_syntax::instructions::CommandLine;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` that directly follows another `RUN` with the same flags (`--mount`,
    /// `--network`, …) when each of the two runs a single command, at the later `RUN`. Runs
    /// that already chain several commands (`a && b`, pipelines, `if`…), runs with different
    /// flags, and runs whose shell body is not analysed are left alone, as in hadolint.
    ///
    /// ## Why is this bad?
    /// Every `RUN` makes a layer. Consecutive one-command runs usually belong together: merged,
    /// they make fewer layers and let a cleanup in the same step actually shrink the image.
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
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// No fix: merging changes the layers and the cache, and a `cd` or `set` in the first
    /// command would now affect the second.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 플래그(`--mount`, `--network` 등)가 같은 `RUN` 바로 다음의 `RUN`을, 둘 다 명령 하나만
    /// 실행할 때 나중 `RUN` 위치에 보고합니다. hadolint처럼 이미 여러 명령을 잇는 RUN(`a && b`,
    /// 파이프라인, `if` 등), 플래그가 다른 RUN, 셸 본문을 분석하지 못한 RUN은 건드리지 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// `RUN`마다 레이어가 생깁니다. 명령 하나짜리 RUN이 이어지면 대개 한데 묶어야 합니다. 합치면
    /// 레이어가 줄고, 같은 단계의 정리 작업이 실제로 이미지를 줄입니다.
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
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 합치면 레이어와 캐시가 바뀌고, 첫 명령의 `cd`나 `set`이 둘째 명령에도
    /// 영향을 줍니다.
    RULE {
        hadolint: Some("DL3059"),
        buildkit: None,
        slipway: None,
        summary: "Multiple consecutive RUN instructions. Consider consolidation",
        severity: Severity::Info,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction, command) in ctx.commands() {
        if index == 0 || !matches!(command, Command::Run { .. }) {
            continue;
        }
        let previous = &ctx.instructions()[index - 1];
        if !matches!(ctx.command(index - 1), Some(Command::Run { .. })) || flags(previous) != flags(instruction) {
            continue;
        }
        if single_command(ctx, index - 1) && single_command(ctx, index) {
            out.report_for(
                index,
                instruction.keyword.span,
                "Multiple consecutive `RUN` instructions. Consider consolidation.",
            );
        }
    }
}

fn flags(instruction: &slipway_syntax::Instruction) -> Vec<&str> {
    let mut values: Vec<&str> = instruction.flags.iter().map(|f| f.value.as_str()).collect();
    // the shared stable sort (same order: equal flags are equal strings); saves the playground's wasm an unstable sort
    slipway_sort::sort(&mut values);
    values
}

/// Exec form, or a shell body with exactly one simple command.
fn single_command(ctx: &Context<'_>, index: usize) -> bool {
    if let Some(Command::Run { command: CommandLine::Exec(_), heredocs, .. }) = ctx.command(index) {
        return heredocs.is_empty();
    }
    ctx.run(index).and_then(|run| run.body.as_ref()).is_some_and(|body| body.script.simple_commands().len() == 1)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges};

    #[test]
    fn consecutive_single_command_runs_are_flagged() {
        let src = "FROM a:1\nRUN a\n# comment\n\nRUN b\nRUN [\"c\"]\nRUN d && e\n";
        assert_eq!(ranges(&RULE, src), [(5, 1, 5, 4), (6, 1, 6, 4)]);
        assert_eq!(messages(&RULE, src)[0], "Multiple consecutive `RUN` instructions. Consider consolidation.");
        let same_flags = "FROM a:1\nRUN --network=none a\nRUN --network=none b\n";
        assert_eq!(ranges(&RULE, same_flags), [(3, 1, 3, 4)]);
    }

    #[test]
    fn chains_different_flags_and_other_instructions_pass() {
        let src = "FROM a:1\nRUN a && b\nRUN c\nRUN a | b\nRUN c\nRUN --mount=type=cache,target=/x a\nRUN b\nWORKDIR /x\nRUN c\nFROM a:1\nRUN d\nRUN if a; then b; fi\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

//! DL3061: the Dockerfile must begin with `FROM`, `ARG` or a comment.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags every instruction other than `ARG` that comes before the first `FROM`, at its
    /// keyword. (Unknown instructions are DL1000's.)
    ///
    /// ## Why is this bad?
    /// Only `ARG` (and parser directives and comments) may precede the first `FROM`: BuildKit
    /// refuses anything else with "no build stage in current context".
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL maintainer=jane
    /// FROM debian:12
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL maintainer=jane
    /// ```
    ///
    /// ## Fix safety
    /// No fix: moving the instruction into a stage is a change the author should make.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 첫 `FROM`보다 앞에 있는 `ARG` 이외의 모든 명령어를 키워드 위치에 보고합니다. (알 수 없는
    /// 명령어는 DL1000이 다룹니다.)
    ///
    /// ## 왜 문제인가요?
    /// 첫 `FROM` 앞에는 `ARG`(와 파서 지시어, 주석)만 올 수 있습니다. BuildKit은 그 밖의 것을 "no
    /// build stage in current context"로 거부합니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// LABEL maintainer=jane
    /// FROM debian:12
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL maintainer=jane
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 명령어를 스테이지 안으로 옮기는 일은 작성자가 해야 합니다.
    RULE {
        hadolint: Some("DL3061"),
        buildkit: None,
        slipway: None,
        summary: "Invalid instruction order. Dockerfile must begin with FROM, ARG or comment",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction) in ctx.instructions().iter().enumerate() {
        match instruction.known_name() {
            Some("from") => break,
            Some("arg") | None => {}
            Some(_) => {
                out.report_for(
                    index,
                    instruction.keyword.span,
                    "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges};

    #[test]
    fn instructions_before_from_are_flagged() {
        let src = "# c\nARG X\nlabel a=b\nRUN x\nFROM a:1\nRUN y\n";
        assert_eq!(ranges(&RULE, src), [(3, 1, 3, 6), (4, 1, 4, 4)]);
        assert_eq!(
            messages(&RULE, src)[0],
            "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment."
        );
    }

    #[test]
    fn args_and_comments_first_pass() {
        assert!(ranges(&RULE, "# syntax=docker/dockerfile:1\n# c\nARG X=1\nFROM a:$X\nLABEL a=b\n").is_empty());
    }
}

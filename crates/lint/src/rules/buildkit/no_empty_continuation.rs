//! NoEmptyContinuation: an empty line inside a continued instruction.

use slipway_syntax::tree::TriviaKind;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an instruction continued over an empty line (a line with nothing but blanks after
    /// a line ending in the escape character). The finding points at the first such line, one
    /// finding per instruction, like the parser warning BuildKit turns into this check
    /// (BuildKit places it on the instruction's last line; the empty line itself is more
    /// useful). BuildKit reference: <https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/>.
    ///
    /// ## Why is this bad?
    /// BuildKit silently drops the empty line and keeps joining, so a blank line that looks
    /// like the end of the instruction is not one. Empty continuation lines will become errors
    /// in a future release.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache \
    ///
    ///     curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache \
    ///     curl
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix deletes the empty lines of the instruction, which BuildKit ignores anyway.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 이스케이프 문자로 끝나는 줄 다음에 빈 줄(공백만 있는 줄)이 오는 명령어를 찾습니다. 명령어마다
    /// 첫 번째 빈 줄을 한 번 보고합니다. BuildKit이 이 검사로 바꾸는 파서 경고와 같습니다(BuildKit은
    /// 명령어의 마지막 줄을 가리키지만, 빈 줄 자체를 가리키는 편이 더 쓸모 있습니다).
    /// BuildKit 문서: <https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/>.
    ///
    /// ## 왜 문제인가요?
    /// BuildKit은 빈 줄을 조용히 건너뛰고 계속 이어 붙이므로, 명령어의 끝처럼 보이는 빈 줄이 실제로는
    /// 끝이 아닙니다. 빈 연속 줄은 앞으로 오류가 될 예정입니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache \
    ///
    ///     curl
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache \
    ///     curl
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. BuildKit이 어차피 무시하는 명령어 안의 빈 줄만 지웁니다.
    RULE {
        hadolint: None,
        buildkit: Some("NoEmptyContinuation"),
        slipway: None,
        summary: "Empty continuation lines will become errors in a future release",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    let warnings = ctx.file.diagnostics.iter().filter(|d| d.code == Some("NoEmptyContinuation"));
    for warning in warnings {
        let instructions = ctx.instructions();
        let Some(index) =
            instructions.iter().position(|i| i.span.start <= warning.span.start && warning.span.start <= i.span.end)
        else {
            continue;
        };
        let edits = instructions[index]
            .trivia
            .iter()
            .filter(|t| t.kind == TriviaKind::EmptyLine)
            .map(|t| Edit::delete(Span::new(t.span.start, line_end(ctx.source, t.span.start))))
            .collect();
        let text = ctx.text(warning.span);
        let line = Span::new(warning.span.start, warning.span.start + text.trim_end_matches(['\r', '\n']).len());
        out.report_for(index, line, "Empty continuation line")
            .with_fix(Fix::safe("Remove the empty continuation lines", edits));
    }
}

/// One past the newline ending the line that holds byte `start`.
fn line_end(source: &str, start: usize) -> usize {
    match source[start..].find('\n') {
        Some(newline) => start + newline + 1,
        None => source.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{findings, fixed, messages, ranges};

    #[test]
    fn first_empty_line_is_flagged_once_per_instruction() {
        let src = "FROM a:1\nRUN echo \\\n\n  x \\\n   \n  y\nRUN ok\n";
        assert_eq!(ranges(&RULE, src), [(3, 1, 3, 1)]);
        assert_eq!(messages(&RULE, src), ["Empty continuation line"]);
        assert_eq!(findings(&RULE, src)[0].instruction, Some(1));
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "FROM a:1\nRUN echo \\\n  x \\\n  y\nRUN ok\n");
    }

    #[test]
    fn continued_comments_and_plain_lines_pass() {
        assert!(ranges(&RULE, "FROM a:1\nRUN echo \\\n# note\n  x\n\nRUN y\n").is_empty());
    }
}

//! DL3021: COPY with more than 2 arguments requires the last argument to end with `/`.

use slipway_syntax::expand::references;

use super::support::words;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `COPY` with several sources (heredocs included) whose destination does not end
    /// with `/`, at the destination.
    ///
    /// Deliberate differences from hadolint 2.15.1: a destination of `.` passes (BuildKit
    /// treats it as a folder), and so does a destination ending in a variable (its value may
    /// end with `/`).
    ///
    /// ## Why is this bad?
    /// Several files cannot be copied to one file name: the classic builder refuses the
    /// instruction, and otherwise the result depends on whether the destination already exists
    /// as a folder. A trailing `/` says it is a folder.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// COPY package.json package-lock.json /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: appends `/` to the destination. When `/app` does not exist yet, that turns a
    /// file (or an error) into a folder, which changes the image.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 원본이 여러 개(heredoc 포함)인 `COPY`의 대상이 `/`로 끝나지 않으면 대상 위치에
    /// 보고합니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: 대상이 `.`이면 BuildKit이 폴더로 다루므로 통과하고,
    /// 변수로 끝나는 대상도 값이 `/`로 끝날 수 있으므로 통과합니다.
    ///
    /// ## 왜 문제인가요?
    /// 여러 파일을 한 파일 이름으로 복사할 수는 없습니다. 기존 빌더는 명령을 거부하고, 그렇지
    /// 않으면 결과가 대상이 이미 폴더로 있는지에 달려 있습니다. 끝의 `/`가 폴더임을 밝힙니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM node:22
    /// COPY package.json package-lock.json /app
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM node:22
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전하지 않습니다. 대상 끝에 `/`를 붙입니다. `/app`이 아직 없다면 파일(또는 오류)이 폴더로
    /// 바뀌어 이미지가 달라집니다.
    RULE {
        hadolint: Some("DL3021"),
        buildkit: None,
        slipway: None,
        summary: "COPY with more than 2 arguments requires the last argument to end with /",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::Sometimes,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction, command) in ctx.commands() {
        let Command::Copy { sources, heredocs, dest, .. } = command else { continue };
        if sources.len() + heredocs.len() < 2 || dest.ends_with('/') || dest == "." {
            continue;
        }
        let ends_with_variable =
            references(dest, ctx.file.escape).last().is_some_and(|r| r.offset + r.len == dest.len());
        if ends_with_variable {
            continue;
        }
        let Some(token) = words(&instruction.args).last() else { continue };
        let finding = out.report_for(
            index,
            token.span,
            "COPY with more than 2 arguments requires the last argument to end with /",
        );
        if matches!(instruction.args, Arguments::Words(_)) && ctx.text(token.span) == dest {
            let edit = Edit::insert(token.span.end, "/");
            finding.with_fix(Fix::unsafe_edit("Add a trailing `/` to the destination", vec![edit]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{fixed, messages, ranges, texts};

    #[test]
    fn destination_without_slash_is_flagged() {
        let src = "FROM a:1\nCOPY a b /c\nCOPY [\"a\", \"b\", \"c\"]\nCOPY <<A <<B /x\na\nA\nb\nB\n";
        assert_eq!(ranges(&RULE, src), [(2, 10, 2, 12), (3, 17, 3, 20), (4, 14, 4, 16)]);
        assert_eq!(texts(&RULE, src)[1], "\"c\"");
        assert_eq!(messages(&RULE, src)[0], "COPY with more than 2 arguments requires the last argument to end with /");
    }

    #[test]
    fn folders_dots_variables_and_single_sources_pass() {
        let src = "FROM a:1\nCOPY a b c/\nCOPY a b .\nCOPY a b $D\nCOPY a b ${D}\nCOPY a* b\nCOPY --from=x a b\n";
        assert!(ranges(&RULE, src).is_empty());
    }

    #[test]
    fn unsafe_fix_appends_a_slash() {
        let src = "FROM a:1\nCOPY a b /c\n";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), src);
        assert_eq!(fixed(&RULE, src, Applicability::Unsafe), "FROM a:1\nCOPY a b /c/\n");
    }
}

//! InvalidDefinitionDescription: a comment above a stage or ARG that is not `# NAME text`.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags the comment line directly above a named `FROM … AS name` or an `ARG` when it does
    /// not start with the stage or ARG name (`# name description`). Such a comment is taken as
    /// the definition's description by tools that list build targets and arguments
    /// (`docker buildx build --call=targets`, `--call=outline`). As in BuildKit, blank lines
    /// do not detach a comment; an empty `#` line does, so end a comment that is not a
    /// description with one.
    ///
    /// Experimental in BuildKit, so off by default here too: enable it as BuildKit does, with
    /// `# check=experimental=InvalidDefinitionDescription` (or `=all`) at the top of the
    /// Dockerfile, or with a severity `override` in `.hadolint.yaml` or on the command line.
    /// BuildKit reference: <https://docs.docker.com/go/dockerfile/rule/invalid-definition-description/>.
    ///
    /// ## Why is this bad?
    /// A comment in the wrong shape either becomes a misleading description or none at all,
    /// so `--call=outline` shows build arguments without their documentation.
    ///
    /// ## Example
    /// ```dockerfile
    /// # version of Go to build with
    /// ARG GO_VERSION=1.23
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # GO_VERSION the version of Go to build with
    /// ARG GO_VERSION=1.23
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the description has to be reworded.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 이름 있는 `FROM … AS name`이나 `ARG` 바로 위의 주석 줄이 스테이지나 ARG 이름으로 시작하지
    /// 않으면(`# name 설명`) 보고합니다. 이런 주석은 빌드 대상과 인자를 나열하는 도구
    /// (`docker buildx build --call=targets`, `--call=outline`)가 정의의 설명으로 씁니다. BuildKit처럼
    /// 빈 줄은 주석을 떼어 놓지 않고, 내용 없는 `#` 줄은 떼어 놓습니다. 설명이 아닌 주석은 `#` 한 줄로
    /// 끝내세요.
    ///
    /// BuildKit에서 실험적 검사이므로 여기서도 기본으로 꺼져 있습니다. BuildKit처럼 Dockerfile 맨 위에
    /// `# check=experimental=InvalidDefinitionDescription`(또는 `=all`)을 쓰거나, `.hadolint.yaml`의
    /// 심각도 `override`나 명령줄로 켭니다.
    /// BuildKit 문서: <https://docs.docker.com/go/dockerfile/rule/invalid-definition-description/>.
    ///
    /// ## 왜 문제인가요?
    /// 형식이 맞지 않는 주석은 엉뚱한 설명이 되거나 설명이 되지 못해, `--call=outline`이 빌드 인자를
    /// 설명 없이 보여 줍니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// # version of Go to build with
    /// ARG GO_VERSION=1.23
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// # GO_VERSION the version of Go to build with
    /// ARG GO_VERSION=1.23
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 설명을 다시 써야 합니다.
    RULE {
        hadolint: None,
        buildkit: Some("InvalidDefinitionDescription"),
        slipway: None,
        summary: "Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`",
        severity: Severity::Warning,
        default_enabled: false,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    let stages = ctx.stages.iter().filter_map(|stage| Some((stage.from_index, vec![stage.name.as_deref()?])));
    let args = ctx.commands().filter_map(|(index, _, command)| match command {
        Command::Arg { args } => Some((index, args.iter().map(|(name, _)| name.as_str()).collect())),
        _ => None,
    });
    let mut definitions: Vec<(usize, Vec<&str>)> = stages.chain(args).collect();
    slipway_sort::sort_by_key(&mut definitions, |(index, _)| *index);
    for (index, names) in definitions {
        let instruction = &ctx.instructions()[index];
        let keyword = if instruction.known_name() == Some("from") { "FROM" } else { "ARG" };
        let Some(comment) = instruction.comments.last() else { continue };
        let first_word = comment.split(' ').next().unwrap_or("");
        if names.is_empty() || names.contains(&first_word) {
            continue;
        }
        let example = if names.len() > 1 { "<arg_key>" } else { names[0] };
        let Some(span) = last_comment_line(ctx, instruction.start_line) else { continue };
        let message = format!("Comment for {keyword} should follow the format: `# {example} <description>`");
        out.report_for(index, span, message);
    }
}

/// The text of the comment line nearest above line `line`, skipping blank lines.
fn last_comment_line(ctx: &Context<'_>, line: usize) -> Option<Span> {
    for number in (1..line).rev() {
        let start = ctx.line_index().line_start(number)?;
        let end = ctx.line_index().line_start(number + 1).unwrap_or(ctx.source.len());
        let text = &ctx.source[start..end];
        let trimmed = text.trim();
        if trimmed.is_empty() {
            continue;
        }
        let offset = start + (text.len() - text.trim_start().len());
        return trimmed.starts_with('#').then(|| Span::new(offset, offset + trimmed.len()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges};

    #[test]
    fn comments_not_naming_the_definition_are_flagged() {
        let src = "# version of Go\nARG GO_VERSION=1.23\n# builds it\nFROM golang:1.23 AS build\n# both\n\nARG A B\n";
        assert_eq!(ranges(&RULE, src), [(1, 1, 1, 16), (3, 1, 3, 12), (5, 1, 5, 7)]);
        assert_eq!(
            messages(&RULE, src),
            [
                "Comment for ARG should follow the format: `# GO_VERSION <description>`",
                "Comment for FROM should follow the format: `# build <description>`",
                "Comment for ARG should follow the format: `# <arg_key> <description>`",
            ]
        );
    }

    #[test]
    fn off_unless_the_check_directive_enables_it() {
        let codes = |src: &str| -> Vec<&str> {
            crate::linter::lint(src, &crate::config::Config::default()).iter().map(|f| f.code).collect()
        };
        assert!(!codes("# about\nARG X=1\nFROM a:1\n").contains(&"InvalidDefinitionDescription"));
        let src = "# check=experimental=InvalidDefinitionDescription\n\n# about\nARG X=1\nFROM a:1\n";
        assert!(codes(src).contains(&"InvalidDefinitionDescription"));
    }

    #[test]
    fn well_formed_detached_and_unnamed_pass() {
        let src = "# GO_VERSION the Go version\nARG GO_VERSION=1.23\n# note\n#\nARG X\n# base image\nFROM golang:1.23\n# B second\nARG A B\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

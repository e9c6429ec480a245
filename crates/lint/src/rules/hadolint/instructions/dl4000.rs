//! DL4000 / MaintainerDeprecated: MAINTAINER is deprecated.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags the `MAINTAINER` instruction.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` has been deprecated since Docker 1.13: it only sets the image's `Author`
    /// field, which tools no longer read. A `maintainer` label (or
    /// `org.opencontainers.image.authors`) is where this information belongs.
    ///
    /// This is hadolint's DL4000 and BuildKit's MaintainerDeprecated check; Slipway reports it
    /// once under both names.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL maintainer="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix replaces the instruction with `LABEL maintainer="…"` (quotes, escape
    /// characters and `$` escaped). Nothing the container runs depends on the author field.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `MAINTAINER` 명령어를 찾습니다.
    ///
    /// ## 왜 문제인가요?
    /// `MAINTAINER`는 Docker 1.13부터 더 이상 권장되지 않습니다. 이미지의 `Author` 필드만
    /// 설정하는데, 이제 이 필드를 읽는 도구가 없습니다. 이 정보는 `maintainer` 레이블(또는
    /// `org.opencontainers.image.authors`)에 두어야 합니다.
    ///
    /// hadolint의 DL4000이자 BuildKit의 MaintainerDeprecated 검사입니다. Slipway는 두 이름으로
    /// 한 번만 보고합니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL maintainer="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. 명령어를 `LABEL maintainer="…"`로 바꾸며 따옴표, 이스케이프 문자, `$`는
    /// 이스케이프합니다. 컨테이너가 실행하는 어떤 것도 author 필드에 의존하지 않습니다.
    RULE {
        hadolint: Some("DL4000"),
        buildkit: Some("MaintainerDeprecated"),
        slipway: None,
        summary: "MAINTAINER is deprecated",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction, command) in ctx.commands() {
        let Command::Maintainer { name } = command else { continue };
        let value = quote(name, ctx.file.escape);
        let fix = Fix::safe(
            "Replace with a `maintainer` label",
            vec![Edit::replace(instruction.span, format!("LABEL maintainer={value}"))],
        );
        out.report_for(index, instruction.keyword.span, "MAINTAINER is deprecated").with_fix(fix);
    }
}

/// `value` as a double-quoted LABEL value that expands back to exactly `value`.
fn quote(value: &str, escape: char) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        if c == '"' || c == '$' || c == escape {
            out.push(escape);
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{findings, fixed, ranges};

    #[test]
    fn flags_the_keyword_with_both_names() {
        let src = "FROM a:1\nMAINTAINER Jane <j@x>\n";
        assert_eq!(ranges(&RULE, src), [(2, 1, 2, 11)]);
        let finding = &findings(&RULE, src)[0];
        assert_eq!((finding.code, finding.name), ("DL4000", Some("MaintainerDeprecated")));
    }

    #[test]
    fn fix_writes_an_equivalent_label() {
        let src = "FROM a:1\nmaintainer Jane \"JD\" $USER\\x <j@x>\nRUN true\n";
        let out = fixed(&RULE, src, Applicability::Safe);
        assert_eq!(out, "FROM a:1\nLABEL maintainer=\"Jane \\\"JD\\\" \\$USER\\\\x <j@x>\"\nRUN true\n");
        let file = slipway_syntax::parse(&out);
        let model = slipway_syntax::instructions::analyze(&file);
        let scope = slipway_syntax::instructions::scope::Scope::default();
        let slipway_syntax::instructions::Command::Label { pairs } = &model.stages[0].commands[0].command else {
            panic!("not a label")
        };
        let value = slipway_syntax::expand::Expander::new('\\', &scope).expand_word(&pairs[0].1).unwrap().value;
        assert_eq!(value, "Jane \"JD\" $USER\\x <j@x>");
    }

    #[test]
    fn backtick_escape_is_used() {
        let src = "# escape=`\nFROM a:1\nMAINTAINER C:\\x `y\n";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "# escape=`\nFROM a:1\nLABEL maintainer=\"C:\\x ``y\"\n");
    }
}

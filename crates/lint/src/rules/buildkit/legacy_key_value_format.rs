//! LegacyKeyValueFormat: `ENV key value` instead of `ENV key=value`.

use slipway_syntax::expand::Expander;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `ENV` and `LABEL` pairs written in the legacy whitespace form (`ENV key value`),
    /// from the key to the end of the value.
    /// BuildKit reference: <https://docs.docker.com/go/dockerfile/rule/legacy-key-value-format/>.
    ///
    /// ## Why is this bad?
    /// In the legacy form everything after the key is one value, so `ENV A 1 B 2` sets `A` to
    /// `1 B 2` rather than two variables, and the form cannot be mixed with `key=value` pairs.
    /// The `key=value` form is unambiguous and the legacy one may be removed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME /srv/app
    /// LABEL description A small service
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/srv/app
    /// LABEL description="A small service"
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the value is kept as one word: written as is when it has no unquoted blanks,
    /// otherwise rewritten as one double-quoted word (which keeps `$VAR` expansion; quoted
    /// parts and escapes are carried over). The rewrite is offered only when expanding it gives exactly
    /// what the legacy value gives (checked with every variable set to a marker). A value
    /// continued over several lines is wrapped in double quotes in place (keeping its later
    /// line breaks; the blanks and line break between key and value, never part of the value,
    /// become `=`) when it holds no quotes or escape characters.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 예전의 공백 구분 형식(`ENV key value`)으로 쓴 `ENV`와 `LABEL` 쌍을 키부터 값 끝까지 보고합니다.
    /// BuildKit 문서: <https://docs.docker.com/go/dockerfile/rule/legacy-key-value-format/>.
    ///
    /// ## 왜 문제인가요?
    /// 예전 형식에서는 키 뒤의 모든 것이 하나의 값이라서 `ENV A 1 B 2`는 변수 둘이 아니라 `A`를
    /// `1 B 2`로 정하고, `key=value` 쌍과 섞어 쓸 수도 없습니다. `key=value` 형식은 뜻이 분명하며
    /// 예전 형식은 없어질 수 있습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME /srv/app
    /// LABEL description A small service
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/srv/app
    /// LABEL description="A small service"
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. 값을 한 단어로 유지합니다. 따옴표 밖 공백이 없으면 그대로 쓰고, 있으면 따옴표로 감싼 부분과
    /// 이스케이프를 옮겨 큰따옴표로 감싼 한 단어로 다시 씁니다(큰따옴표 안에서도 `$VAR`는 확장됩니다).
    /// 바꾼 값을 확장한 결과가 예전 값과 정확히 같을 때만 제안하며(모든 변수를 표식 값으로 두고
    /// 확인). 여러 줄에 걸친 값은 따옴표나 이스케이프 문자가 없을 때 그 자리에서 큰따옴표로
    /// 감쌉니다(뒤쪽 줄바꿈은 그대로 두고, 원래 값에 속하지 않던 키와 값 사이의 공백과 줄바꿈은 `=`가
    /// 됩니다).
    RULE {
        hadolint: None,
        buildkit: Some("LegacyKeyValueFormat"),
        slipway: None,
        summary: "Legacy key/value format with whitespace separator should not be used",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Sometimes,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction, command) in ctx.commands() {
        if !matches!(command, Command::Env { .. } | Command::Label { .. }) {
            continue;
        }
        let Arguments::KeyValues(pairs) = &instruction.args else { continue };
        let name = instruction.keyword.value.as_str();
        for pair in pairs.iter().filter(|p| p.legacy) {
            let span = Span::new(pair.key.span.start, pair.value.span.end.max(pair.key.span.end));
            let message = format!("\"{name} key=value\" should be used instead of legacy \"{name} key value\" format");
            let finding = out.report_for(index, span, message);
            let value = ctx.text(pair.value.span);
            let joined = pair.value.value.as_str();
            if value == joined {
                if let Some(value) = as_one_word(value, ctx.file.escape) {
                    let text = format!("{}={value}", pair.key.value);
                    finding.with_fix(Fix::safe(format!("Write `{text}`"), vec![Edit::replace(span, text)]));
                }
            } else if !joined.contains(['"', '\'', ctx.file.escape]) {
                // Continued over several lines: quote it in place, keeping the line breaks.
                let edits = vec![
                    Edit::replace(Span::new(pair.key.span.end, pair.value.span.start), "=\""),
                    Edit::insert(pair.value.span.end, "\""),
                ];
                finding.with_fix(Fix::safe(format!("Write `{}=\"…\"`", pair.key.value), edits));
            }
        }
    }
}

/// `value` written so that it stays one word after `=` and expands to the same text: as is
/// when it has no unquoted blank, else as one double-quoted word (escapes, single- and
/// double-quoted parts rewritten for double quotes). The rewrite is checked by expanding both
/// with every variable set to a marker; `None` when they differ.
fn as_one_word(value: &str, escape: char) -> Option<String> {
    if !has_unquoted_blank(value, escape) {
        return Some(value.to_string());
    }
    let special = |c: char| c == '"' || c == '$' || c == escape;
    let mut quoted = String::from('"');
    let mut chars = value.chars();
    let mut quote = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, c) if c == escape => {
                let next = chars.next()?;
                if special(next) {
                    quoted.push(escape);
                }
                quoted.push(next);
            }
            (None, '\'' | '"') => quote = Some(c),
            (Some('\''), '\'') | (Some('"'), '"') => quote = None,
            (Some('\''), c) => {
                if special(c) {
                    quoted.push(escape);
                }
                quoted.push(c);
            }
            (Some('"'), c) if c == escape => {
                quoted.push(c);
                quoted.push(chars.next()?);
            }
            (_, c) => quoted.push(c),
        }
    }
    quoted.push('"');
    let markers = |name: &str| Some(format!("\u{1}{name}\u{1}"));
    let expander = Expander::new(escape, &markers);
    let same =
        matches!((expander.expand_word(value), expander.expand_word(&quoted)), (Ok(a), Ok(b)) if a.value == b.value);
    (same && !has_unquoted_blank(&quoted, escape)).then_some(quoted)
}

/// Whether BuildKit's word splitting would cut `value` at a blank outside quotes.
fn has_unquoted_blank(value: &str, escape: char) -> bool {
    let mut quote = None;
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match (quote, c) {
            (Some('\''), '\'') | (Some('"'), '"') => quote = None,
            (Some('\''), _) => {}
            (_, c) if c == escape => escaped = true,
            (None, '\'' | '"') => quote = Some(c),
            (None, c) if c.is_whitespace() => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{fixed, messages, ranges};

    #[test]
    fn legacy_pairs_are_flagged_and_fixed() {
        let src = "FROM a:1\nENV APP_HOME /srv/app\nlabel description A small $X service\nENV Q \"quoted value\"\n";
        assert_eq!(ranges(&RULE, src), [(2, 5, 2, 22), (3, 7, 3, 37), (4, 5, 4, 21)]);
        assert_eq!(
            messages(&RULE, src)[0],
            "\"ENV key=value\" should be used instead of legacy \"ENV key value\" format"
        );
        assert_eq!(
            messages(&RULE, src)[1],
            "\"label key=value\" should be used instead of legacy \"label key value\" format"
        );
        assert_eq!(
            fixed(&RULE, src, Applicability::Safe),
            "FROM a:1\nENV APP_HOME=/srv/app\nlabel description=\"A small $X service\"\nENV Q=\"quoted value\"\n"
        );
    }

    #[test]
    fn quotes_and_escapes_are_kept_or_no_fix() {
        let src = "FROM a:1\nENV MSG it \\\"works\\\" now\n";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "FROM a:1\nENV MSG=\"it \\\"works\\\" now\"\n");
        let src = "FROM a:1\nENV MSG 'single $quoted' \"dq $X\"\n";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "FROM a:1\nENV MSG=\"single \\$quoted dq $X\"\n");
        let src = "FROM a:1\nENV MSG a 'unterminated\n";
        assert_eq!(ranges(&RULE, src).len(), 1);
        assert_eq!(fixed(&RULE, src, Applicability::Safe), src, "no fix when the value does not expand");
    }

    #[test]
    fn continued_values_are_quoted_in_place() {
        let src = "FROM a:1\nENV DEPS \\\n\t\tautoconf \\\n\t\tmake\nRUN echo $DEPS\n";
        assert_eq!(ranges(&RULE, src), [(2, 5, 4, 7)]);
        assert_eq!(
            fixed(&RULE, src, Applicability::Safe),
            "FROM a:1\nENV DEPS=\"autoconf \\\n\t\tmake\"\nRUN echo $DEPS\n",
            "the blanks before the value were never part of it"
        );
    }

    #[test]
    fn modern_pairs_pass() {
        assert!(ranges(&RULE, "FROM a:1\nENV A=1 B=\"2 3\"\nLABEL x=y\n").is_empty());
    }
}

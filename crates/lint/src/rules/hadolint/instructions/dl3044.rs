//! DL3044: do not refer to an environment variable within the same `ENV` statement where it
//! is defined.

use slipway_syntax::expand::references;

use super::support::part;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags, in an `ENV` with several pairs, a reference to a variable that an earlier pair of
    /// the same `ENV` defines (`ENV A=1 B=$A`), at the reference.
    ///
    /// Deliberate differences from hadolint 2.15.1: a reference before the definition
    /// (`ENV B=$A A=1`) passes, since it reads the earlier value exactly as it appears to;
    /// references inside single quotes or escaped (`'$A'`, `\$A`) are not expansions and pass.
    ///
    /// ## Why is this bad?
    /// All values of one `ENV` are expanded with the environment from before the instruction:
    /// in `ENV A=1 B=$A`, `B` gets the old value of `A` (often empty), not `1`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// ENV APP_HOME=/app APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// ENV APP_HOME=/app
    /// ENV APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## Fix safety
    /// No fix: splitting the instruction changes the value, which may or may not be what was
    /// meant.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 쌍이 여러 개인 `ENV`에서 같은 `ENV`의 앞선 쌍이 정의한 변수를 참조하면(`ENV A=1 B=$A`) 그
    /// 참조 위치에 보고합니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: 정의보다 앞선 참조(`ENV B=$A A=1`)는 보이는 그대로
    /// 이전 값을 읽으므로 통과합니다. 작은따옴표 안이나 이스케이프된 참조(`'$A'`, `\$A`)는 확장이
    /// 아니므로 통과합니다.
    ///
    /// ## 왜 문제인가요?
    /// 한 `ENV`의 모든 값은 명령어 이전의 환경으로 확장됩니다. `ENV A=1 B=$A`에서 `B`는 `1`이
    /// 아니라 `A`의 이전 값(대개 빈 값)을 받습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// ENV APP_HOME=/app APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// ENV APP_HOME=/app
    /// ENV APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 명령어를 나누면 값이 바뀌는데, 그것이 의도인지 알 수 없습니다.
    RULE {
        hadolint: Some("DL3044"),
        buildkit: None,
        slipway: None,
        summary: "Do not refer to an environment variable within the same ENV statement where it is defined",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction, command) in ctx.commands() {
        let (Command::Env { .. }, Arguments::KeyValues(pairs)) = (command, &instruction.args) else { continue };
        let mut defined: Vec<String> = Vec::new();
        for pair in pairs {
            for reference in references(&pair.value.value, ctx.file.escape) {
                if defined.contains(&reference.name) {
                    let span = part(ctx, &pair.value, reference.offset..reference.offset + reference.len);
                    out.report_for(
                        index,
                        span,
                        "Do not refer to an environment variable within the same `ENV` statement where it is defined.",
                    );
                }
            }
            defined.push(pair.key.value.trim_matches(['"', '\'']).to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges, texts};

    #[test]
    fn references_to_earlier_pairs_are_flagged_at_the_reference() {
        let src = "FROM a:1\nENV A=1 B=$A C=\"x${A:-y}\" A=2 D=$A\n";
        assert_eq!(ranges(&RULE, src), [(2, 11, 2, 13), (2, 18, 2, 25), (2, 33, 2, 35)]);
        assert_eq!(texts(&RULE, src), ["$A", "${A:-y}", "$A"]);
        assert_eq!(
            messages(&RULE, src)[0],
            "Do not refer to an environment variable within the same `ENV` statement where it is defined."
        );
    }

    #[test]
    fn earlier_statements_self_references_quotes_and_order_pass() {
        let src =
            "FROM a:1\nENV A=1\nENV B=$A\nENV PATH=$PATH:/x\nENV B=$A A=1\nENV A=1 B='$A' C=\\$A D=$AB\nENV A 1 $A\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

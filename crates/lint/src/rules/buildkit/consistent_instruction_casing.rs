//! ConsistentInstructionCasing: instruction keywords should share one casing.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Counts the instructions of the build stages (FROM lines and what follows them; ARGs
    /// before the first FROM are not counted, as in BuildKit) written all lower case and all
    /// upper case. The larger group is the majority (a tie counts as upper case). Every
    /// keyword not written in the majority casing, including mixed-case ones such as `Run`, is
    /// flagged at the keyword.
    /// BuildKit reference: <https://docs.docker.com/go/dockerfile/rule/consistent-instruction-casing/>.
    ///
    /// ## Why is this bad?
    /// Keywords are case-insensitive, but mixing `RUN` and `run` makes a Dockerfile harder to
    /// read and suggests copy-pasted parts that were never reviewed together.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// run echo hello
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN echo hello
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix rewrites the keyword in the majority casing; keywords are
    /// case-insensitive.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 빌드 스테이지의 명령어(FROM 줄과 그 뒤의 명령어, BuildKit처럼 첫 FROM 앞의 ARG는 제외)
    /// 가운데 모두 소문자로 쓴 것과 모두 대문자로 쓴 것을 셉니다. 더 많은 쪽이 다수이며(같으면
    /// 대문자), 다수와 다르게 쓴 키워드는 `Run`처럼 대소문자가 섞인 것까지 키워드 위치에 보고합니다.
    /// BuildKit 문서: <https://docs.docker.com/go/dockerfile/rule/consistent-instruction-casing/>.
    ///
    /// ## 왜 문제인가요?
    /// 키워드는 대소문자를 구분하지 않지만, `RUN`과 `run`이 섞이면 읽기 어렵고 함께 검토되지 않은
    /// 복사-붙여넣기 조각처럼 보입니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM alpine:3.20
    /// run echo hello
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN echo hello
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. 키워드를 다수의 대소문자로 다시 씁니다. 키워드는 대소문자를 구분하지 않습니다.
    RULE {
        hadolint: None,
        buildkit: Some("ConsistentInstructionCasing"),
        slipway: None,
        summary: "All commands within the Dockerfile should use the same casing (either upper or lower)",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    let indices: Vec<usize> = ctx
        .model
        .stages
        .iter()
        .flat_map(|stage| std::iter::once(stage.from_index).chain(stage.commands.iter().map(|c| c.index)))
        .collect();
    let keywords = || indices.iter().map(|&i| (i, &ctx.instructions()[i].keyword));
    let lower = keywords().filter(|(_, k)| is_lower(&k.value)).count();
    let upper = keywords().filter(|(_, k)| is_upper(&k.value)).count();
    let majority_lower = lower > upper;
    for (index, keyword) in keywords() {
        let (wanted, casing) = if majority_lower {
            (keyword.value.to_ascii_lowercase(), "lowercase")
        } else {
            (keyword.value.to_ascii_uppercase(), "uppercase")
        };
        if keyword.value == wanted.as_str() {
            continue;
        }
        let message = format!("Command '{}' should match the case of the command majority ({casing})", keyword.value);
        out.report_for(index, keyword.span, message)
            .with_fix(Fix::safe(format!("Write `{wanted}`"), vec![Edit::replace(keyword.span, wanted)]));
    }
}

fn is_lower(word: &str) -> bool {
    word == word.to_ascii_lowercase()
}

fn is_upper(word: &str) -> bool {
    word == word.to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{fixed, messages, ranges};

    #[test]
    fn minority_and_mixed_keywords_are_flagged() {
        let src = "FROM a:1\nrun x\nRun y\nCOPY a b\n";
        assert_eq!(ranges(&RULE, src), [(2, 1, 2, 4), (3, 1, 3, 4)]);
        assert_eq!(messages(&RULE, src)[0], "Command 'run' should match the case of the command majority (uppercase)");
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "FROM a:1\nRUN x\nRUN y\nCOPY a b\n");
    }

    #[test]
    fn lower_majority_and_global_args() {
        let src = "ARG X=1\nfrom a:1\nrun x\nCOPY a b\n";
        assert_eq!(messages(&RULE, src), ["Command 'COPY' should match the case of the command majority (lowercase)"]);
        assert_eq!(ranges(&RULE, src), [(4, 1, 4, 5)]);
    }

    #[test]
    fn tie_means_upper_case_and_consistent_files_pass() {
        assert_eq!(ranges(&RULE, "from a:1\nRUN x\n"), [(1, 1, 1, 5)]);
        assert!(ranges(&RULE, "FROM a:1\nRUN x\n").is_empty());
    }
}

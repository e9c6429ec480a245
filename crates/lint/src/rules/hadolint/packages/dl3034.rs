//! DL3034: non-interactive switch missing from `zypper`.

use super::rpm::{action, ZYPPER_OPTIONS};
use crate::rules::hadolint::shell::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `zypper install`/`in`, `remove`/`rm`, `patch` and `source-install`/`si` without a
    /// non-interactive switch: the global `-n`/`--non-interactive` or the command's
    /// `-y`/`--no-confirm`. The finding points at `zypper … install`.
    ///
    /// ## Why is this bad?
    /// A build has no terminal: zypper's confirmation prompt gets no answer and the command
    /// fails (or waits), breaking the build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install httpd=2.4.58 && zypper clean
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.58 && zypper clean
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts `-y` after the subcommand. Without it the command either does the same
    /// thing or fails the build.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 전역 `-n`/`--non-interactive`나 명령의 `-y`/`--no-confirm` 없이 쓴 `zypper install`/`in`,
    /// `remove`/`rm`, `patch`, `source-install`/`si`를 찾습니다. 보고 위치는
    /// `zypper … install`입니다.
    ///
    /// ## 왜 문제인가요?
    /// 빌드에는 터미널이 없습니다. zypper의 확인 질문에 답할 수 없어 명령이 실패하거나 멈추고
    /// 빌드가 깨집니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install httpd=2.4.58 && zypper clean
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.58 && zypper clean
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. 하위 명령 뒤에 `-y`를 넣습니다. 없으면 명령은 같은 일을 하거나 빌드를
    /// 실패시킵니다.
    RULE {
        hadolint: Some("DL3034"),
        buildkit: None,
        slipway: None,
        summary: "Non-interactive switch missing from `zypper` command: `zypper install -y`",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

const MESSAGE: &str = "Non-interactive switch missing from `zypper` command: `zypper install -y`";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            let Some(act) = action(&inv, &["zypper"], &ZYPPER_OPTIONS) else { continue };
            let interactive =
                matches!(act.name, "install" | "in" | "remove" | "rm" | "patch" | "source-install" | "si");
            if !interactive || inv.has_option(&ZYPPER_OPTIONS, "ny", &["non-interactive", "no-confirm"]) {
                continue;
            }
            let after = body.span(inv.args[act.index].span).end;
            out.report_for(run.index, inv.span_through(body, act.index), MESSAGE)
                .with_fix(Fix::safe("Insert `-y`", vec![Edit::insert(after, " -y")]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{fixed, ranges, texts};

    #[test]
    fn interactive_commands() {
        let src = "FROM a:1\nRUN zypper in x=1 && zypper --quiet remove y && zypper patch\n";
        assert_eq!(texts(&RULE, src), ["zypper in", "zypper --quiet remove", "zypper patch"]);
        assert_eq!(ranges(&RULE, src)[0], (2, 5, 2, 14));
    }

    #[test]
    fn non_interactive_or_other_commands() {
        for src in [
            "FROM a:1\nRUN zypper -n install x=1\n",
            "FROM a:1\nRUN zypper --non-interactive in x=1\n",
            "FROM a:1\nRUN zypper install --no-confirm x=1 && zypper rm -y y\n",
            "FROM a:1\nRUN zypper refresh && zypper update && zypper clean\n",
        ] {
            assert!(ranges(&RULE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_inserts_yes() {
        let src = "FROM a:1\nRUN zypper install x=1\n";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "FROM a:1\nRUN zypper install -y x=1\n");
    }
}

//! DL3035: do not use `zypper dist-upgrade`.

use super::rpm::{action, ZYPPER_OPTIONS};
use crate::rules::hadolint::shell::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `zypper dist-upgrade` and `zypper dup`. The finding points at `zypper … dup`.
    ///
    /// ## Why is this bad?
    /// A distribution upgrade may switch the whole base system to another release inside the
    /// image, something the base image tag no longer describes. Use a newer base image instead,
    /// or `zypper update`/`patch` for fixes within the release.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.5
    /// RUN zypper -n dist-upgrade
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n patch && zypper clean
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the replacement depends on the intent.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `zypper dist-upgrade`와 `zypper dup`을 찾습니다. 보고 위치는 `zypper … dup`입니다.
    ///
    /// ## 왜 문제인가요?
    /// 배포판 업그레이드는 이미지 안의 기본 시스템 전체를 다른 릴리스로 바꿀 수 있고, 그러면
    /// 기반 이미지 태그가 더 이상 내용을 설명하지 못합니다. 더 새 기반 이미지를 쓰거나, 릴리스
    /// 안의 수정에는 `zypper update`/`patch`를 쓰세요.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM opensuse/leap:15.5
    /// RUN zypper -n dist-upgrade
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n patch && zypper clean
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 무엇으로 바꿀지는 의도에 달려 있습니다.
    RULE {
        hadolint: Some("DL3035"),
        buildkit: None,
        slipway: None,
        summary: "Do not use `zypper dist-upgrade`.",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Do not use `zypper dist-upgrade`.";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            let Some(act) = action(&inv, &["zypper"], &ZYPPER_OPTIONS) else { continue };
            if matches!(act.name, "dist-upgrade" | "dup") {
                out.report_for(run.index, inv.span_through(body, act.index), MESSAGE);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{ranges, texts};

    #[test]
    fn dist_upgrade() {
        let src = "FROM a:1\nRUN zypper -n dup && zypper dist-upgrade -y\n";
        assert_eq!(texts(&RULE, src), ["zypper -n dup", "zypper dist-upgrade"]);
        assert_eq!(ranges(&RULE, src)[0], (2, 5, 2, 18));
        assert!(ranges(&RULE, "FROM a:1\nRUN zypper -n update && echo zypper dup\n").is_empty());
    }
}

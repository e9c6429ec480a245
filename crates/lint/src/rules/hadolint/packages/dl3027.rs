//! DL3027: do not use `apt`, use `apt-get` or `apt-cache`.

use super::apt::subcommand;
use crate::rules::hadolint::shell::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags every command named `apt`; the finding points at the word `apt`.
    ///
    /// ## Why is this bad?
    /// `apt` is the interactive front end: its output and behaviour are tuned for people and
    /// may change between releases (it even warns that it "does not have a stable CLI
    /// interface"). `apt-get` and `apt-cache` are the stable tools for scripts.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt update && apt install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// Safe, for the subcommands `apt-get` has with the same meaning (`update`, `install`,
    /// `reinstall`, `remove`, `purge`, `autoremove`, `clean`, `autoclean`, `source`, `build-dep`,
    /// `download`, `satisfy`): `apt` becomes `apt-get`. The only difference left is that `apt-get`
    /// may keep downloaded `.deb` files in `/var/cache/apt/archives` (apt deletes them), which
    /// does not change what the image does. No fix for `upgrade`/`full-upgrade` (`apt upgrade`
    /// also installs new dependencies, `apt-get upgrade` does not) nor for `search`, `show`,
    /// `list` and the like.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 이름이 `apt`인 명령을 모두 찾습니다. 보고 위치는 `apt`라는 단어입니다.
    ///
    /// ## 왜 문제인가요?
    /// `apt`는 사람을 위한 대화형 도구입니다. 출력과 동작이 릴리스마다 바뀔 수 있습니다("does
    /// not have a stable CLI interface"라고 경고까지 합니다). 스크립트에는 안정된 도구인
    /// `apt-get`과 `apt-cache`를 씁니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt update && apt install -y curl
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## 수정의 안전성
    /// `apt-get`에 같은 뜻으로 있는 하위 명령(`update`, `install`, `reinstall`, `remove`,
    /// `purge`, `autoremove`, `clean`, `autoclean`, `source`, `build-dep`, `download`,
    /// `satisfy`)이면 안전합니다. `apt`를 `apt-get`으로 바꿉니다. 남는 차이는 `apt-get`이
    /// 내려받은 `.deb` 파일을 `/var/cache/apt/archives`에 남길 수 있다는 것(apt는 지움)뿐이며
    /// 이미지의 동작은 바뀌지 않습니다. `upgrade`/`full-upgrade`(`apt upgrade`는 새 의존성도
    /// 설치하지만 `apt-get upgrade`는 하지 않음)와 `search`, `show`, `list` 등에는 수정이
    /// 없습니다.
    RULE {
        hadolint: Some("DL3027"),
        buildkit: None,
        slipway: None,
        summary: "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Sometimes,
        check: check,
    }
}

const MESSAGE: &str = "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead";

/// Subcommands `apt-get` runs exactly like `apt`.
const SAME_IN_APT_GET: [&str; 12] = [
    "update",
    "install",
    "reinstall",
    "remove",
    "purge",
    "autoremove",
    "clean",
    "autoclean",
    "source",
    "build-dep",
    "download",
    "satisfy",
];

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            if inv.name != "apt" {
                continue;
            }
            let span = body.span(inv.name_word().span);
            let finding = out.report_for(run.index, span, MESSAGE);
            if subcommand(&inv, &["apt"]).is_some_and(|(_, sub)| SAME_IN_APT_GET.contains(&sub)) {
                finding.with_fix(Fix::safe("Replace `apt` with `apt-get`", vec![Edit::replace(span, "apt-get")]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{findings, fixed, ranges, texts};

    #[test]
    fn apt_is_flagged() {
        let src = "FROM a:1\nRUN apt update && \\\n    apt -y install curl && apt-get install x\n";
        assert_eq!(texts(&RULE, src), ["apt", "apt"]);
        assert_eq!(ranges(&RULE, src), [(2, 5, 2, 8), (3, 5, 3, 8)]);
        assert!(ranges(&RULE, "FROM a:1\nRUN apt-get update && apt-cache show x && echo apt\n").is_empty());
    }

    #[test]
    fn fix_only_where_apt_get_means_the_same() {
        let src = "FROM a:1\nRUN apt update && apt install -y curl && apt upgrade -y && apt search x\n";
        assert_eq!(findings(&RULE, src).iter().filter(|f| f.fix.is_some()).count(), 2);
        assert_eq!(
            fixed(&RULE, src, Applicability::Safe),
            "FROM a:1\nRUN apt-get update && apt-get install -y curl && apt upgrade -y && apt search x\n"
        );
    }
}

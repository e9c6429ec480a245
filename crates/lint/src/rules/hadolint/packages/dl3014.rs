//! DL3014: use the `-y` switch with `apt-get install`.

use super::apt::{subcommand, APT_OPTIONS};
use crate::rules::hadolint::shell::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` without `-y`, `--yes` or `--assume-yes` (alone or bundled, as in
    /// `-qy`). Like hadolint, `-qq`, `-q -q`, `-q=2` and `--quiet --quiet` also count, since apt
    /// assumes yes at quiet level 2. The finding points at `apt-get … install`.
    ///
    /// ## Why is this bad?
    /// A build has no terminal: when apt wants to confirm (extra dependencies, disk space), it
    /// reads end-of-file and aborts, so the build fails depending on what the mirror holds that
    /// day.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get install curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts `-y` after `install`. Without it the command either installs the same
    /// packages without asking or aborts the build, so a build that succeeded produces the
    /// same image.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `-y`, `--yes`, `--assume-yes`(단독 또는 `-qy`처럼 묶은 형태) 없이 쓴 `apt-get install`을
    /// 찾습니다. hadolint처럼 `-qq`, `-q -q`, `-q=2`, `--quiet --quiet`도 인정합니다. quiet
    /// 수준 2에서는 apt가 yes로 간주하기 때문입니다. 보고 위치는 `apt-get … install`입니다.
    ///
    /// ## 왜 문제인가요?
    /// 빌드에는 터미널이 없습니다. apt가 확인을 요청하면(추가 의존성, 디스크 공간) 파일 끝을
    /// 읽고 중단하므로, 그날 미러의 내용에 따라 빌드가 실패합니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get install curl
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. `install` 뒤에 `-y`를 넣습니다. 없으면 명령은 묻지 않고 같은 패키지를
    /// 설치하거나 빌드를 중단하므로, 성공한 빌드는 같은 이미지를 만듭니다.
    RULE {
        hadolint: Some("DL3014"),
        buildkit: None,
        slipway: None,
        summary: "Use the `-y` switch to avoid manual input `apt-get -y install <package>`",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

const MESSAGE: &str = "Use the `-y` switch to avoid manual input `apt-get -y install <package>`";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            let Some((i, "install")) = subcommand(&inv, &["apt-get"]) else { continue };
            let quiet = inv.short_count(&APT_OPTIONS, 'q')
                + inv.literals.iter().flatten().filter(|l| l.as_str() == "--quiet").count();
            let quiet_two = inv.literals.iter().flatten().any(|l| matches!(l.as_str(), "-q=2" | "--quiet=2"));
            if quiet >= 2 || quiet_two || inv.has_option(&APT_OPTIONS, "y", &["yes", "assume-yes"]) {
                continue;
            }
            let after = body.span(inv.args[i].span).end;
            out.report_for(run.index, inv.span_through(body, i), MESSAGE)
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
    fn install_without_yes() {
        let src = "FROM a:1\nRUN apt-get update && apt-get -q install curl\n";
        assert_eq!(texts(&RULE, src), ["apt-get -q install"]);
        assert_eq!(ranges(&RULE, src), [(2, 23, 2, 41)]);
        let heredoc = "FROM a:1\nRUN <<EOF\napt-get install \\\n  curl\nEOF\n";
        assert_eq!(ranges(&RULE, heredoc), [(3, 1, 3, 16)]);
    }

    #[test]
    fn yes_and_quiet_forms() {
        for flags in ["-y", "--yes", "--assume-yes", "-qy", "-yq", "-qq", "-q -q", "-q=2", "--quiet --quiet"] {
            let src = format!("FROM a:1\nRUN apt-get {flags} install curl\n");
            assert!(ranges(&RULE, &src).is_empty(), "{flags}");
        }
        let other =
            "FROM a:1\nRUN apt-get remove curl && apt-get upgrade && apt install curl && echo apt-get install\n";
        assert!(ranges(&RULE, other).is_empty());
        let option = "FROM a:1\nRUN apt-get -o APT::Get::Assume-Yes=true install curl\n";
        assert_eq!(ranges(&RULE, option).len(), 1);
    }

    #[test]
    fn fix_inserts_yes() {
        let src = "FROM a:1\nRUN apt-get install curl && apt-get -q \\\n  install wget\n";
        assert_eq!(
            fixed(&RULE, src, Applicability::Safe),
            "FROM a:1\nRUN apt-get install -y curl && apt-get -q \\\n  install -y wget\n"
        );
    }
}

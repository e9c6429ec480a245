//! DL3037: specify versions with `zypper install`.

use super::rpm::{action, ZYPPER_OPTIONS};
use crate::rules::hadolint::shell::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags each package of a `zypper install`/`in` without a version constraint (`=`, `<`,
    /// `>` as in `httpd=2.4.58` or `"httpd>=2.4"`). The finding points at the package word;
    /// one finding per package (hadolint reports the instruction once). Not flagged: `.rpm`
    /// files, option values (`-t pattern`, `--from repo`) and (unlike hadolint) words built
    /// from variables, whose value the linter cannot see.
    ///
    /// Note that an unquoted `>` or `<` is a shell redirection: `zypper in x>=1` installs `x`
    /// unpinned and writes to a file `=1`, and is flagged.
    ///
    /// ## Why is this bad?
    /// Without a version each rebuild installs whatever the repository offers that day, so the
    /// image changes without any change to the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd && zypper clean
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.58 && zypper clean
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the version must be chosen.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `zypper install`/`in`에서 버전 조건(`httpd=2.4.58`, `"httpd>=2.4"`처럼 `=`, `<`, `>`)이
    /// 없는 패키지를 하나하나 찾습니다. 보고 위치는 패키지 단어이고 패키지마다 하나씩 보고합니다
    /// (hadolint는 명령어 전체를 한 번 보고합니다). `.rpm` 파일, 옵션 값(`-t pattern`,
    /// `--from repo`), 그리고 (hadolint와 달리) 값을 알 수 없는 변수로 만든 단어는 보고하지
    /// 않습니다.
    ///
    /// 따옴표 없는 `>`와 `<`는 셸 리디렉션입니다. `zypper in x>=1`은 `x`를 버전 없이 설치하고
    /// `=1` 파일에 출력하므로 보고됩니다.
    ///
    /// ## 왜 문제인가요?
    /// 버전이 없으면 다시 빌드할 때마다 그날 저장소에 있는 버전이 설치되어, Dockerfile을 바꾸지
    /// 않아도 이미지가 달라집니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd && zypper clean
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.58 && zypper clean
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 버전을 골라야 합니다.
    RULE {
        hadolint: Some("DL3037"),
        buildkit: None,
        slipway: None,
        summary: "Specify version with `zypper install -y <package>=<version>`.",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Specify version with `zypper install -y <package>=<version>`.";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            let Some(act) = action(&inv, &["zypper"], &ZYPPER_OPTIONS) else { continue };
            if !matches!(act.name, "install" | "in") {
                continue;
            }
            for &i in &act.operands {
                let Some(package) = inv.literal(i) else { continue };
                if !package.contains(['=', '<', '>']) && !package.ends_with(".rpm") {
                    out.report_for(run.index, body.span(inv.args[i].span), MESSAGE);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{ranges, texts};

    #[test]
    fn packages_without_version() {
        let src = "FROM a:1\nRUN zypper -n in -t pattern devel x=1 \"y>=2\" x-1.2 z>=1 ./a.rpm $P\n";
        assert_eq!(texts(&RULE, src), ["devel", "x-1.2", "z"]);
        assert_eq!(ranges(&RULE, src)[0], (2, 29, 2, 34));
        assert!(ranges(&RULE, "FROM a:1\nRUN zypper -n remove x && zypper up y\n").is_empty());
    }
}

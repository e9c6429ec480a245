//! DL3041: specify versions with `dnf install`.

use super::rpm::{action, has_rpm_version, YUM_OPTIONS};
use crate::rules::hadolint::shell::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags each package of a `dnf install` or `microdnf install` without a version: a package
    /// word carries one when a `-` is followed by a digit (`httpd-2.4.62`, as hadolint decides).
    /// The finding points at the package word; one finding per package (hadolint reports the
    /// instruction once).
    ///
    /// Deliberate differences from hadolint: `.rpm` files (paths or URLs) are not flagged (their
    /// version is in the file), nor are words built from variables or `@group` words; in
    /// `dnf module install`, a module with a stream (`nodejs:20`) counts as pinned.
    ///
    /// ## Why is this bad?
    /// Without a version each rebuild installs whatever the repository offers that day, so the
    /// image changes without any change to the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the version must be chosen.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `dnf install`이나 `microdnf install`에서 버전이 없는 패키지를 하나하나 찾습니다.
    /// hadolint처럼 `-` 뒤에 숫자가 오면(`httpd-2.4.62`) 버전이 있다고 봅니다. 보고 위치는 패키지
    /// 단어이고 패키지마다 하나씩 보고합니다(hadolint는 명령어 전체를 한 번 보고합니다).
    ///
    /// hadolint와 의도적으로 다른 점: 버전이 파일에 들어 있는 `.rpm` 파일(경로나 URL), 변수로 만든
    /// 단어, `@group` 단어는 보고하지 않고, `dnf module install`에서 스트림이 있는 모듈
    /// (`nodejs:20`)은 고정된 것으로 봅니다.
    ///
    /// ## 왜 문제인가요?
    /// 버전이 없으면 다시 빌드할 때마다 그날 저장소에 있는 버전이 설치되어, Dockerfile을 바꾸지
    /// 않아도 이미지가 달라집니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 버전을 골라야 합니다.
    RULE {
        hadolint: Some("DL3041"),
        buildkit: None,
        slipway: None,
        summary: "Specify version with `dnf install -y <package>-<version>`.",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Specify version with `dnf install -y <package>-<version>`.";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            let Some(act) = action(&inv, &["dnf", "microdnf"], &YUM_OPTIONS) else { continue };
            if act.name != "install" {
                continue;
            }
            for &i in &act.operands {
                let Some(package) = inv.literal(i) else { continue };
                let pinned = has_rpm_version(package) || (act.module && package.contains(':'));
                if !pinned && !package.starts_with('@') {
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
        let src = "FROM a:1\nRUN dnf install -y x-1 python3-pip ./a.rpm $P && microdnf install jq && dnf module install -y nodejs:20 perl\n";
        assert_eq!(texts(&RULE, src), ["python3-pip", "jq", "perl"]);
        assert_eq!(ranges(&RULE, src)[0], (2, 24, 2, 35));
        assert!(ranges(&RULE, "FROM a:1\nRUN dnf upgrade -y x && yum install -y y\n").is_empty());
    }
}

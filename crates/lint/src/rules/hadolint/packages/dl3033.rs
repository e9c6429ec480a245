//! DL3033: specify versions with `yum install`.

use super::rpm::{action, has_rpm_version, YUM_OPTIONS};
use crate::rules::hadolint::shell::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags each package of a `yum install` without a version: a package word carries one when
    /// a `-` is followed by a digit (`httpd-2.4.6`, as hadolint decides). The finding points at
    /// the package word; one finding per package (hadolint reports the instruction once).
    ///
    /// Not flagged (unlike hadolint): `.rpm` files (paths or URLs), whose version is in the file, and
    /// words built from variables, whose value the linter cannot see. Also skipped: `@group`
    /// words and the values of options such as `--enablerepo`.
    ///
    /// ## Why is this bad?
    /// Without a version each rebuild installs whatever the repository offers that day, so the
    /// image changes without any change to the Dockerfile.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the version must be chosen.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `yum install`에서 버전이 없는 패키지를 하나하나 찾습니다. hadolint처럼 `-` 뒤에 숫자가
    /// 오면(`httpd-2.4.6`) 버전이 있다고 봅니다. 보고 위치는 패키지 단어이고 패키지마다 하나씩
    /// 보고합니다(hadolint는 명령어 전체를 한 번 보고합니다).
    ///
    /// hadolint와 달리 버전이 파일에 들어 있는 `.rpm` 파일(경로나 URL), 값을 알 수 없는 변수로 만든
    /// 단어는 보고하지 않습니다. `@group` 단어와 `--enablerepo` 같은 옵션의 값도 건너뜁니다.
    ///
    /// ## 왜 문제인가요?
    /// 버전이 없으면 다시 빌드할 때마다 그날 저장소에 있는 버전이 설치되어, Dockerfile을 바꾸지
    /// 않아도 이미지가 달라집니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 버전을 골라야 합니다.
    RULE {
        hadolint: Some("DL3033"),
        buildkit: None,
        slipway: None,
        summary: "Specify version with `yum install -y <package>-<version>`.",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Specify version with `yum install -y <package>-<version>`.";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            let Some(act) = action(&inv, &["yum"], &YUM_OPTIONS) else { continue };
            if act.name != "install" {
                continue;
            }
            for &i in &act.operands {
                let Some(package) = inv.literal(i) else { continue };
                if !has_rpm_version(package) && !package.starts_with('@') {
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
        let src = "FROM a:1\nRUN yum install -y --enablerepo epel x-1.2 python3-pip x-v1 ./a.rpm $P @dev\n";
        assert_eq!(texts(&RULE, src), ["python3-pip", "x-v1"]);
        assert_eq!(ranges(&RULE, src), [(2, 44, 2, 55), (2, 56, 2, 60)]);
    }

    #[test]
    fn other_subcommands() {
        let src = "FROM a:1\nRUN yum update -y x && yum groupinstall -y g && dnf install -y x\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

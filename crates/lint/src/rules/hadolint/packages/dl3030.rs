//! DL3030: use the `-y` switch with `yum install`.

use super::rpm::report_install_without_yes;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `yum install`, `yum groupinstall` and `yum localinstall` without `-y` or
    /// `--assumeyes`. The finding points at `yum … install`.
    ///
    /// ## Why is this bad?
    /// A build has no terminal: yum's confirmation prompt reads end-of-file and the
    /// transaction is cancelled, failing the build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts `-y` after the subcommand. Without it the build either installs the same
    /// packages or stops, so a successful build gives the same image.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `-y`나 `--assumeyes` 없이 쓴 `yum install`, `yum groupinstall`, `yum localinstall`을
    /// 찾습니다. 보고 위치는 `yum … install`입니다.
    ///
    /// ## 왜 문제인가요?
    /// 빌드에는 터미널이 없습니다. yum의 확인 질문은 파일 끝을 읽고 트랜잭션을 취소하므로
    /// 빌드가 실패합니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. 하위 명령 뒤에 `-y`를 넣습니다. 없으면 같은 패키지를 설치하거나 빌드가
    /// 멈추므로, 성공한 빌드는 같은 이미지를 만듭니다.
    RULE {
        hadolint: Some("DL3030"),
        buildkit: None,
        slipway: None,
        summary: "Use the -y switch to avoid manual input `yum install -y <package>`",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

const MESSAGE: &str = "Use the -y switch to avoid manual input `yum install -y <package>`";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    report_install_without_yes(ctx, out, &["yum"], MESSAGE);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{fixed, ranges, texts};

    #[test]
    fn install_without_yes() {
        let src = "FROM a:1\nRUN yum -q install x-1 && yum groupinstall g && yum localinstall ./x.rpm\n";
        assert_eq!(texts(&RULE, src), ["yum -q install", "yum groupinstall", "yum localinstall"]);
        assert_eq!(ranges(&RULE, src)[0], (2, 5, 2, 19));
    }

    #[test]
    fn yes_given_or_other_subcommands() {
        for src in [
            "FROM a:1\nRUN yum install -y x-1\n",
            "FROM a:1\nRUN yum --assumeyes install x-1\n",
            "FROM a:1\nRUN yum update && yum remove x && dnf install x\n",
        ] {
            assert!(ranges(&RULE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_inserts_yes() {
        let src = "FROM a:1\nRUN yum install x-1\n";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "FROM a:1\nRUN yum install -y x-1\n");
    }
}

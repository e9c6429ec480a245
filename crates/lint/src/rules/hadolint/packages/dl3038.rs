//! DL3038: use the `-y` switch with `dnf install`.

use super::rpm::report_install_without_yes;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `dnf` and `microdnf` (hadolint treats both alike) `install`, `groupinstall`,
    /// `localinstall` and `module install` without `-y` or `--assumeyes`. The finding points at
    /// `dnf … install`.
    ///
    /// ## Why is this bad?
    /// A build has no terminal: dnf's confirmation prompt reads end-of-file and the
    /// transaction is cancelled, failing the build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts `-y` after the subcommand. Without it the build either installs the same
    /// packages or stops, so a successful build gives the same image.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `-y`나 `--assumeyes` 없이 쓴 `dnf`와 `microdnf`(hadolint는 둘을 같이 다룹니다)의
    /// `install`, `groupinstall`, `localinstall`, `module install`을 찾습니다. 보고 위치는
    /// `dnf … install`입니다.
    ///
    /// ## 왜 문제인가요?
    /// 빌드에는 터미널이 없습니다. dnf의 확인 질문은 파일 끝을 읽고 트랜잭션을 취소하므로
    /// 빌드가 실패합니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. 하위 명령 뒤에 `-y`를 넣습니다. 없으면 같은 패키지를 설치하거나 빌드가
    /// 멈추므로, 성공한 빌드는 같은 이미지를 만듭니다.
    RULE {
        hadolint: Some("DL3038"),
        buildkit: None,
        slipway: None,
        summary: "Use the -y switch to avoid manual input `dnf install -y <package>`",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

const MESSAGE: &str = "Use the -y switch to avoid manual input `dnf install -y <package>`";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    report_install_without_yes(ctx, out, &["dnf", "microdnf"], MESSAGE);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{fixed, ranges, texts};

    #[test]
    fn install_without_yes() {
        let src = "FROM a:1\nRUN dnf install x-1 && microdnf --nodocs install y-1 && dnf module install m:1\n";
        assert_eq!(texts(&RULE, src), ["dnf install", "microdnf --nodocs install", "dnf module install"]);
        assert_eq!(ranges(&RULE, src)[0], (2, 5, 2, 16));
    }

    #[test]
    fn yes_given_or_other_subcommands() {
        for src in [
            "FROM a:1\nRUN dnf install -y x-1 && microdnf -y install y-1\n",
            "FROM a:1\nRUN dnf --assumeyes module install m:1 && dnf -y module enable m:1\n",
            "FROM a:1\nRUN dnf upgrade && yum install x-1 && dnf5 install x\n",
        ] {
            assert!(ranges(&RULE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_inserts_yes() {
        let src = "FROM a:1\nRUN dnf module install m:1\n";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "FROM a:1\nRUN dnf module install -y m:1\n");
    }
}

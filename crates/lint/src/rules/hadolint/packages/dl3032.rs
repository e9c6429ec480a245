//! DL3032: `yum clean all` missing after a yum command.

use super::rpm::{report_install_without_clean, CleanupCheck, YUM_OPTIONS};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` with `yum install` (or `groupinstall`, `localinstall`) and no `yum clean`
    /// (hadolint accepts any `yum clean …`) nor `rm` of `/var/cache/yum` in the same `RUN`. The
    /// finding points at the first `yum … install`.
    ///
    /// Not flagged: a `RUN` with a `--mount=type=cache` (or `tmpfs`) at `/var/cache/yum` or a
    /// directory holding it, whose cache never reaches the image (hadolint accepts the exact
    /// path only).
    ///
    /// ## Why is this bad?
    /// yum leaves repository metadata and packages in `/var/cache/yum`; in the layer they only
    /// add size. Cleaning in a later `RUN` does not shrink the earlier layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix safety
    /// No fix: where the cleanup goes in the `RUN` is for the author to decide.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `yum install`(또는 `groupinstall`, `localinstall`)이 있는데 같은 `RUN`에 `yum clean`
    /// (hadolint는 어떤 `yum clean …`이든 인정)도 `/var/cache/yum`을 지우는 `rm`도 없는 `RUN`을
    /// 찾습니다. 보고 위치는 첫 `yum … install`입니다.
    ///
    /// `/var/cache/yum`이나 그것을 담은 디렉터리에 `--mount=type=cache`(또는 `tmpfs`)가 있는
    /// `RUN`은 캐시가 이미지에 들어가지 않으므로 보고하지 않습니다(hadolint는 정확히 그 경로만
    /// 인정합니다).
    ///
    /// ## 왜 문제인가요?
    /// yum은 저장소 메타데이터와 패키지를 `/var/cache/yum`에 남기고, 레이어 크기만 늘립니다.
    /// 나중 `RUN`에서 지워도 앞 레이어는 줄지 않습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM centos:7
    /// RUN yum install -y httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 정리 명령을 `RUN`의 어디에 둘지는 작성자가 정해야 합니다.
    RULE {
        hadolint: Some("DL3032"),
        buildkit: None,
        slipway: None,
        summary: "`yum clean all` missing after yum command.",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const CHECK: CleanupCheck = CleanupCheck {
    tool: "yum",
    options: &YUM_OPTIONS,
    install: &["install", "groupinstall", "localinstall"],
    clean: &["clean"],
    cache: "/var/cache/yum",
    message: "`yum clean all` missing after yum command.",
};

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    report_install_without_clean(ctx, out, &CHECK);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{ranges, texts};

    #[test]
    fn install_without_clean() {
        let src = "FROM a:1\nRUN yum makecache && yum install -y x-1 && yum install -y y-2\n";
        assert_eq!(texts(&RULE, src), ["yum install"]);
        assert_eq!(ranges(&RULE, src), [(2, 22, 2, 33)]);
        let later = "FROM a:1\nRUN yum install -y x-1\nRUN yum clean all\n";
        assert_eq!(ranges(&RULE, later).len(), 1);
    }

    #[test]
    fn cleaned_or_cached() {
        for src in [
            "FROM a:1\nRUN yum install -y x-1 && yum clean all\n",
            "FROM a:1\nRUN yum clean all && yum -y install x-1\n",
            "FROM a:1\nRUN yum install -y x-1 && rm -rf /var/cache/yum/*\n",
            "FROM a:1\nRUN --mount=type=cache,target=/var/cache/yum yum install -y x-1\n",
            "FROM a:1\nRUN --mount=type=cache,target=/var/cache yum install -y x-1\n",
            "FROM a:1\nRUN yum update -y && yum remove x\n",
        ] {
            assert!(ranges(&RULE, src).is_empty(), "{src}");
        }
    }
}

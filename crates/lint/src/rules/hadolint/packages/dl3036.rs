//! DL3036: `zypper clean` missing after zypper use.

use super::rpm::{report_install_without_clean, CleanupCheck, ZYPPER_OPTIONS};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` with `zypper install`/`in` and no `zypper clean`/`cc` in the same `RUN`.
    /// The finding points at the first `zypper … install`.
    ///
    /// Deliberate differences from hadolint: an `rm` of `/var/cache/zypp` (or of something
    /// inside it) also counts as cleaning, and a `RUN` with a `--mount=type=cache` (or `tmpfs`)
    /// at `/var/cache/zypp` or a directory holding it is not flagged, since nothing of the
    /// cache reaches the image. hadolint accepts only `zypper clean`.
    ///
    /// ## Why is this bad?
    /// zypper keeps repository metadata and packages in `/var/cache/zypp`; in the layer they
    /// only add size, and cleaning in a later `RUN` does not shrink it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.58
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.58 && zypper clean
    /// ```
    ///
    /// ## Fix safety
    /// No fix: where the cleanup goes is for the author to decide.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `zypper install`/`in`이 있는데 같은 `RUN`에 `zypper clean`/`cc`가 없는 `RUN`을
    /// 찾습니다. 보고 위치는 첫 `zypper … install`입니다.
    ///
    /// hadolint와 의도적으로 다른 점: `/var/cache/zypp`(또는 그 안)을 지우는 `rm`도 정리로
    /// 인정하고, `/var/cache/zypp`나 그것을 담은 디렉터리에 `--mount=type=cache`(또는 `tmpfs`)가
    /// 있는 `RUN`은 캐시가 이미지에 들어가지 않으므로 보고하지 않습니다. hadolint는
    /// `zypper clean`만 인정합니다.
    ///
    /// ## 왜 문제인가요?
    /// zypper는 저장소 메타데이터와 패키지를 `/var/cache/zypp`에 남깁니다. 레이어 크기만
    /// 늘리고, 나중 `RUN`에서 지워도 줄지 않습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.58
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper install -y httpd=2.4.58 && zypper clean
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 정리 명령을 어디에 둘지는 작성자가 정해야 합니다.
    RULE {
        hadolint: Some("DL3036"),
        buildkit: None,
        slipway: None,
        summary: "`zypper clean` missing after zypper use.",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const CHECK: CleanupCheck = CleanupCheck {
    tool: "zypper",
    options: &ZYPPER_OPTIONS,
    install: &["install", "in"],
    clean: &["clean", "cc"],
    cache: "/var/cache/zypp",
    message: "`zypper clean` missing after zypper use.",
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
        let src = "FROM a:1\nRUN zypper refresh && zypper -n in x=1\n";
        assert_eq!(texts(&RULE, src), ["zypper -n in"]);
        assert_eq!(ranges(&RULE, src), [(2, 23, 2, 35)]);
    }

    #[test]
    fn cleaned_or_cached() {
        for src in [
            "FROM a:1\nRUN zypper -n in x=1 && zypper clean -a\n",
            "FROM a:1\nRUN zypper -n in x=1 && zypper cc\n",
            "FROM a:1\nRUN zypper -n in x=1 && rm -rf /var/cache/zypp/*\n",
            "FROM a:1\nRUN --mount=type=cache,target=/var/cache/zypp zypper -n in x=1\n",
            "FROM a:1\nRUN zypper -n remove x && zypper patch\n",
        ] {
            assert!(ranges(&RULE, src).is_empty(), "{src}");
        }
    }
}

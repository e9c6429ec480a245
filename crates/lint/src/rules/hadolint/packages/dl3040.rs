//! DL3040: `dnf clean all` missing after a dnf command.

use super::rpm::{action, YUM_OPTIONS};
use crate::rules::hadolint::shell::support::{cache_mount_covers, invocations, removes};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` where `dnf` or `microdnf` installs or upgrades packages (`install`,
    /// `groupinstall`, `localinstall`, `reinstall`, `upgrade`, `upgrade-minimal`/`up-min`) with
    /// no `clean` by the same tool (hadolint accepts any `dnf clean …`) nor an `rm` of
    /// `/var/cache/dnf`, `/var/cache/yum` or `/var/cache/libdnf5` in the same `RUN`. The finding
    /// points at the first such command.
    ///
    /// Deliberate difference from hadolint: a `--mount=type=cache` (or `tmpfs`) at any of those
    /// cache directories (or a directory holding it) keeps the `RUN` from being flagged;
    /// hadolint honours only `/var/cache/libdnf5`.
    ///
    /// ## Why is this bad?
    /// dnf keeps repository metadata and packages in its cache directory; in the layer they only
    /// add size, and cleaning in a later `RUN` does not shrink it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// No fix: where the cleanup goes is for the author to decide.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `dnf`나 `microdnf`로 패키지를 설치하거나 올리는데(`install`, `groupinstall`,
    /// `localinstall`, `reinstall`, `upgrade`, `upgrade-minimal`/`up-min`) 같은 `RUN`에 같은
    /// 도구의 `clean`(hadolint는 어떤 `dnf clean …`이든 인정)도, `/var/cache/dnf`,
    /// `/var/cache/yum`, `/var/cache/libdnf5`를 지우는 `rm`도 없는 경우를 찾습니다. 보고 위치는
    /// 첫 번째 그런 명령입니다.
    ///
    /// hadolint와 의도적으로 다른 점: 그 캐시 디렉터리(또는 그것을 담은 디렉터리)에
    /// `--mount=type=cache`(또는 `tmpfs`)가 있으면 보고하지 않습니다. hadolint는
    /// `/var/cache/libdnf5`만 인정합니다.
    ///
    /// ## 왜 문제인가요?
    /// dnf는 저장소 메타데이터와 패키지를 캐시 디렉터리에 남깁니다. 레이어 크기만 늘리고, 나중
    /// `RUN`에서 지워도 줄지 않습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM fedora:40
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 정리 명령을 어디에 둘지는 작성자가 정해야 합니다.
    RULE {
        hadolint: Some("DL3040"),
        buildkit: None,
        slipway: None,
        summary: "`dnf clean all` missing after dnf command.",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "`dnf clean all` missing after dnf command.";
const CACHES: [&str; 3] = ["/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5"];

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        if CACHES.iter().any(|cache| cache_mount_covers(ctx, run.index, cache)) {
            continue;
        }
        let invocations = invocations(commands);
        if CACHES.iter().any(|cache| removes(&invocations, cache)) {
            continue;
        }
        for tool in ["dnf", "microdnf"] {
            let mut changes = None;
            let mut cleaned = false;
            for inv in &invocations {
                let Some(act) = action(inv, &[tool], &YUM_OPTIONS) else { continue };
                match act.name {
                    "clean" => cleaned = true,
                    "install" | "groupinstall" | "localinstall" | "reinstall" | "rei" | "upgrade"
                    | "upgrade-minimal" | "up-min"
                        if changes.is_none() =>
                    {
                        changes = Some(inv.span_through(body, act.index));
                    }
                    _ => {}
                }
            }
            if let (Some(span), false) = (changes, cleaned) {
                out.report_for(run.index, span, MESSAGE);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{ranges, texts};

    #[test]
    fn changes_without_clean() {
        let src = "FROM a:1\nRUN dnf -y upgrade && dnf install -y x-1 && microdnf install y-1 && dnf clean all\n";
        assert_eq!(texts(&RULE, src), ["microdnf install"]);
        assert_eq!(ranges(&RULE, src), [(2, 45, 2, 61)]);
        let module = "FROM a:1\nRUN dnf -y module install m:1\n";
        assert_eq!(texts(&RULE, module), ["dnf -y module install"]);
    }

    #[test]
    fn cleaned_or_cached() {
        for src in [
            "FROM a:1\nRUN dnf install -y x-1 && dnf clean metadata\n",
            "FROM a:1\nRUN microdnf install -y x-1 && microdnf clean all\n",
            "FROM a:1\nRUN dnf install -y x-1 && rm -rf /var/cache/dnf\n",
            "FROM a:1\nRUN dnf install -y x-1 && rm -rf /var/cache/yum/*\n",
            "FROM a:1\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y x-1\n",
            "FROM a:1\nRUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y x-1\n",
            "FROM a:1\nRUN dnf update -y && dnf remove x && dnf -y module enable m\n",
        ] {
            assert!(ranges(&RULE, src).is_empty(), "{src}");
        }
    }
}

//! DL3009: delete the apt lists after installing something.

use super::apt::subcommand;
use crate::rules::hadolint::shell::support::{cache_mount_covers, invocations, removes};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` that runs `apt-get update` (or `apt update`, `aptitude update`) without
    /// deleting `/var/lib/apt/lists` in the same `RUN` (`rm -rf /var/lib/apt/lists/*`, or an
    /// `rm` of that directory, of something inside it or of a directory holding it). The
    /// finding points at `apt-get update`. Like hadolint, only stages that become an image are
    /// checked: the final stage and stages another `FROM` builds on; lists left in a build
    /// stage whose files are merely copied out do no harm.
    ///
    /// Not flagged (deliberately, where hadolint differs): a `RUN` whose `--mount=type=cache`
    /// or `type=tmpfs` target is `/var/lib/apt/lists` **or a directory holding it**
    /// (`/var/lib/apt`): the lists are then never written to the layer. hadolint accepts a
    /// mount at `/var/lib/apt` only together with one at `/var/cache/apt`.
    ///
    /// ## Why is this bad?
    /// The package lists take tens of megabytes, are useless at run time and go stale: they
    /// only make the image bigger. Deleting them in a later `RUN` does not help, the earlier
    /// layer keeps them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    /// or keep the lists in a cache mount:
    /// ```dockerfile
    /// FROM debian:12
    /// RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update \
    ///     && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## Fix safety
    /// No fix: where the cleanup belongs (and whether a later command of the `RUN` still needs
    /// the lists) is for the author to decide.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `apt-get update`(또는 `apt update`, `aptitude update`)를 실행하면서 같은 `RUN` 안에서
    /// `/var/lib/apt/lists`를 지우지 않는 경우(`rm -rf /var/lib/apt/lists/*`, 그 디렉터리나 그
    /// 안의 내용, 또는 그것을 담은 디렉터리를 지우는 `rm`이 없음)를 찾습니다. 보고 위치는
    /// `apt-get update`입니다. hadolint처럼 이미지가 되는 스테이지만 검사합니다. 마지막
    /// 스테이지와 다른 `FROM`이 기반으로 쓰는 스테이지입니다.
    ///
    /// 의도적으로 hadolint와 다르게, `--mount=type=cache`나 `type=tmpfs`의 대상이
    /// `/var/lib/apt/lists`이거나 **그것을 담은 디렉터리**(`/var/lib/apt`)이면 보고하지
    /// 않습니다. 목록이 레이어에 기록되지 않기 때문입니다. hadolint는 `/var/lib/apt` 마운트를
    /// `/var/cache/apt` 마운트와 함께 있을 때만 인정합니다.
    ///
    /// ## 왜 문제인가요?
    /// 패키지 목록은 수십 MB를 차지하고 실행 시에는 쓸모가 없으며 곧 낡습니다. 이미지만 커집니다.
    /// 나중 `RUN`에서 지워도 앞 레이어에 남아 있으므로 소용이 없습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    /// 또는 목록을 캐시 마운트에 둡니다.
    /// ```dockerfile
    /// FROM debian:12
    /// RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update \
    ///     && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 정리 명령을 어디에 둘지(그 `RUN`의 뒤쪽 명령이 목록을 아직
    /// 쓰는지)는 작성자가 정해야 합니다.
    RULE {
        hadolint: Some("DL3009"),
        buildkit: None,
        slipway: None,
        summary: "Delete the apt lists (/var/lib/apt/lists) after installing something",
        severity: Severity::Info,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Delete the apt lists (/var/lib/apt/lists) after installing something";
const LISTS: &str = "/var/lib/apt/lists";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        let becomes_image = run
            .stage
            .is_some_and(|s| ctx.stages[s].is_final || ctx.stages.iter().any(|other| other.base_stage == Some(s)));
        if !becomes_image || cache_mount_covers(ctx, run.index, LISTS) {
            continue;
        }
        let invocations = invocations(commands);
        let update = invocations.iter().find_map(|inv| {
            let (i, sub) = subcommand(inv, &["apt-get", "apt", "aptitude"])?;
            (sub == "update").then(|| inv.span_through(body, i))
        });
        if let Some(span) = update {
            if !removes(&invocations, LISTS) {
                out.report_for(run.index, span, MESSAGE);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges, texts};

    #[test]
    fn update_without_cleanup() {
        let src = "FROM a:1\nRUN set -eux; apt-get -q update && apt-get install -y x\n";
        assert_eq!(texts(&RULE, src), ["apt-get -q update"]);
        assert_eq!(ranges(&RULE, src), [(2, 15, 2, 32)]);
        assert_eq!(messages(&RULE, src), ["Delete the apt lists (/var/lib/apt/lists) after installing something"]);
        let apt = "FROM a:1\nRUN apt update && apt install x\nRUN aptitude update\n";
        assert_eq!(texts(&RULE, apt), ["apt update", "aptitude update"]);
    }

    #[test]
    fn heredoc_bodies_are_read() {
        let src = "FROM a:1\nRUN <<EOF\nset -e\n  apt-get update\napt-get install -y x\nEOF\n";
        assert_eq!(ranges(&RULE, src), [(4, 3, 4, 17)]);
    }

    #[test]
    fn cleanup_in_the_same_run() {
        for cleanup in [
            "rm -rf /var/lib/apt/lists/*",
            "rm -fr /var/lib/apt/lists",
            "rm -f \"/var/lib/apt/lists/\"*",
            "rm -rf /var/lib/apt",
            "rm -rf /tmp/* /var/lib/apt/lists/partial",
        ] {
            let src = format!("FROM a:1\nRUN apt-get update && apt-get install -y x && {cleanup}\n");
            assert!(ranges(&RULE, &src).is_empty(), "{cleanup}");
        }
        let later = "FROM a:1\nRUN apt-get update && apt-get install -y x\nRUN rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(ranges(&RULE, later), [(2, 5, 2, 19)]);
        let clean = "FROM a:1\nRUN apt-get update && apt-get clean\n";
        assert_eq!(ranges(&RULE, clean).len(), 1);
    }

    #[test]
    fn cache_mounts_keep_lists_out_of_the_image() {
        for target in ["/var/lib/apt/lists", "/var/lib/apt/lists/", "/var/lib/apt"] {
            let src = format!("FROM a:1\nRUN --mount=type=cache,target={target} apt-get update\n");
            assert!(ranges(&RULE, &src).is_empty(), "{target}");
        }
        let tmpfs = "FROM a:1\nRUN --mount=type=tmpfs,dst=/var/lib/apt/lists apt-get update\n";
        assert!(ranges(&RULE, tmpfs).is_empty());
        let other = "FROM a:1\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n";
        assert_eq!(ranges(&RULE, other).len(), 1);
        let bind = "FROM a:1\nRUN --mount=type=bind,target=/var/lib/apt/lists apt-get update\n";
        assert_eq!(ranges(&RULE, bind).len(), 1);
    }

    #[test]
    fn only_stages_that_become_images() {
        let build = "FROM a:1 AS build\nRUN apt-get update\nFROM b:1\nCOPY --from=build /x /x\n";
        assert!(ranges(&RULE, build).is_empty());
        let base = "FROM a:1 AS base\nRUN apt-get update\nFROM base\nRUN true\n";
        assert_eq!(ranges(&RULE, base), [(2, 5, 2, 19)]);
    }

    #[test]
    fn other_commands() {
        let src = "FROM a:1\nRUN apt-get install -y x && echo apt-get update && apt-cache update\n# hadolint ignore=DL3009\nRUN apt-get update\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

//! DL3019: use `apk add --no-cache`.

use super::apk::{apk_add, APK_OPTIONS};
use crate::rules::hadolint::shell::support::{cache_mount_covers, invocations};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `apk add` without `--no-cache`. The finding points at `apk … add`. Not flagged: a
    /// `RUN` with a `--mount=type=cache` (or `tmpfs`) at `/var/cache/apk` or a directory holding
    /// it, since the cache then stays out of the image.
    ///
    /// ## Why is this bad?
    /// Without `--no-cache` apk keeps the package index (and, with `--update`, the downloaded
    /// index) in `/var/cache/apk`, which ends up in the layer. `--no-cache` fetches a fresh index
    /// and stores nothing, so there is neither `apk update` nor a cleanup to remember.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --update curl=8.9.1-r1
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.9.1-r1
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts `--no-cache` after `add`. The same packages get installed (from a freshly
    /// read index, as a rebuild would); only the index cache is left out of the image.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `--no-cache` 없이 쓴 `apk add`를 찾습니다. 보고 위치는 `apk … add`입니다.
    /// `/var/cache/apk`나 그것을 담은 디렉터리에 `--mount=type=cache`(또는 `tmpfs`)가 있는
    /// `RUN`은 캐시가 이미지에 들어가지 않으므로 보고하지 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// `--no-cache`가 없으면 apk는 패키지 색인을 `/var/cache/apk`에 남기고 그것이 레이어에
    /// 들어갑니다. `--no-cache`는 새 색인을 받아 쓰고 아무것도 저장하지 않으므로 `apk update`도
    /// 정리 명령도 필요 없습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --update curl=8.9.1-r1
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.9.1-r1
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. `add` 뒤에 `--no-cache`를 넣습니다. 같은 패키지가 (다시 빌드할 때처럼 새로
    /// 읽은 색인으로) 설치되고, 색인 캐시만 이미지에서 빠집니다.
    RULE {
        hadolint: Some("DL3019"),
        buildkit: None,
        slipway: None,
        summary: "Use the `--no-cache` switch with `apk add`",
        severity: Severity::Info,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

const MESSAGE: &str = "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        if cache_mount_covers(ctx, run.index, "/var/cache/apk") {
            continue;
        }
        for inv in invocations(commands) {
            let Some((add, _)) = apk_add(&inv) else { continue };
            if inv.has_option(&APK_OPTIONS, "", &["no-cache"]) {
                continue;
            }
            let after = body.span(inv.args[add].span).end;
            out.report_for(run.index, inv.span_through(body, add), MESSAGE)
                .with_fix(Fix::safe("Insert `--no-cache`", vec![Edit::insert(after, " --no-cache")]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{fixed, ranges, texts};

    #[test]
    fn add_without_no_cache() {
        let src = "FROM a:1\nRUN apk update && apk -q add --update x=1 && rm -rf /var/cache/apk/*\n";
        assert_eq!(texts(&RULE, src), ["apk -q add"]);
        assert_eq!(ranges(&RULE, src), [(2, 19, 2, 29)]);
    }

    #[test]
    fn no_cache_or_cache_mount() {
        for src in [
            "FROM a:1\nRUN apk add --no-cache x=1\n",
            "FROM a:1\nRUN apk --no-cache add x=1 && apk del y\n",
            "FROM a:1\nRUN --mount=type=cache,target=/var/cache/apk apk add x=1\n",
            "FROM a:1\nRUN --mount=type=cache,target=/var/cache/apk/ apk add x=1\n",
        ] {
            assert!(ranges(&RULE, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn fix_inserts_no_cache() {
        let src = "FROM a:1\nRUN <<EOF\napk add x=1\nEOF\n";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "FROM a:1\nRUN <<EOF\napk add --no-cache x=1\nEOF\n");
    }
}

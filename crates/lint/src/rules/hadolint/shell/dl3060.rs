//! DL3060: `yarn cache clean` missing after `yarn install`.

use super::support::{cache_mount_targets, invocations, rm_targets};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` with `yarn install` (or a bare `yarn`, which is the same command, unless it
    /// only asks for `--version` or `--help`) and no
    /// `yarn cache clean` in the same `RUN`. The finding points at the first such `yarn`. As in
    /// hadolint, only stages that become an image are checked: the final stage and stages
    /// another `FROM` builds on.
    ///
    /// Deliberate differences from hadolint: a bare `yarn` counts as `yarn install`; an `rm` of
    /// the yarn cache directory (a path ending in `.cache/yarn`) counts as cleaning; and a
    /// `--mount=type=cache` (or `tmpfs`) whose target is a yarn cache directory or the `.cache`
    /// directory holding it (`/root/.cache`, `/usr/local/share/.cache`) keeps the `RUN` from
    /// being flagged (hadolint accepts targets ending in `.cache/yarn` only).
    ///
    /// ## Why is this bad?
    /// yarn keeps a copy of every downloaded package in its cache; in the layer it only adds
    /// size, often more than `node_modules` itself.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    ///
    /// ## Fix safety
    /// No fix: where the cleanup goes is for the author to decide.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `yarn install`(또는 같은 명령인 단독 `yarn`. `--version`이나 `--help`만 묻는 경우는 제외)이 있는데 같은 `RUN`에 `yarn cache clean`이
    /// 없는 `RUN`을 찾습니다. 보고 위치는 첫 번째 그런 `yarn`입니다. hadolint처럼 이미지가 되는
    /// 스테이지만 검사합니다. 마지막 스테이지와 다른 `FROM`이 기반으로 쓰는 스테이지입니다.
    ///
    /// hadolint와 의도적으로 다른 점: 단독 `yarn`도 `yarn install`로 보고, yarn 캐시
    /// 디렉터리(`.cache/yarn`으로 끝나는 경로)를 지우는 `rm`도 정리로 인정하며, 대상이 yarn 캐시
    /// 디렉터리나 그것을 담은 `.cache` 디렉터리(`/root/.cache`, `/usr/local/share/.cache`)인
    /// `--mount=type=cache`(또는 `tmpfs`)가 있으면 보고하지 않습니다(hadolint는 `.cache/yarn`으로
    /// 끝나는 대상만 인정합니다).
    ///
    /// ## 왜 문제인가요?
    /// yarn은 내려받은 모든 패키지의 사본을 캐시에 둡니다. 레이어 크기만 늘리고, 흔히
    /// `node_modules`보다 큽니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM node:22
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM node:22
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 정리 명령을 어디에 둘지는 작성자가 정해야 합니다.
    RULE {
        hadolint: Some("DL3060"),
        buildkit: None,
        slipway: None,
        summary: "`yarn cache clean` missing after `yarn install` was run.",
        severity: Severity::Info,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "`yarn cache clean` missing after `yarn install` was run.";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        let becomes_image = run
            .stage
            .is_some_and(|s| ctx.stages[s].is_final || ctx.stages.iter().any(|other| other.base_stage == Some(s)));
        let cached =
            cache_mount_targets(ctx, run.index).iter().any(|t| t.ends_with(".cache/yarn") || t.ends_with("/.cache"));
        if !becomes_image || cached {
            continue;
        }
        let invocations = invocations(commands);
        let mut install = None;
        let mut cleaned = invocations.iter().flat_map(rm_targets).any(|t| t.ends_with(".cache/yarn"));
        for inv in invocations.iter().filter(|inv| inv.name == "yarn") {
            let words: Vec<&str> =
                inv.literals.iter().flatten().filter(|l| !l.starts_with('-')).map(String::as_str).collect();
            let query =
                inv.literals.iter().flatten().any(|l| matches!(l.as_str(), "-v" | "--version" | "-h" | "--help"));
            match words.as_slice() {
                ["cache", "clean", ..] => cleaned = true,
                [] | ["install", ..] if install.is_none() && !query => {
                    let name = inv.name_word().span;
                    let verb = inv.args.iter().find(|w| w.literal().as_deref() == Some("install"));
                    install = Some(body.span(verb.map_or(name, |w| name.cover(w.span))));
                }
                _ => {}
            }
        }
        if let (Some(span), false) = (install, cleaned) {
            out.report_for(run.index, span, MESSAGE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{ranges, texts};

    #[test]
    fn install_without_clean() {
        let src = "FROM a:1\nRUN yarn install --frozen-lockfile && yarn build\n";
        assert_eq!(texts(&RULE, src), ["yarn install"]);
        assert_eq!(ranges(&RULE, src), [(2, 5, 2, 17)]);
        assert_eq!(texts(&RULE, "FROM a:1\nRUN yarn --production\n"), ["yarn"]);
        assert!(texts(&RULE, "FROM a:1\nRUN yarn --version && yarn -h\n").is_empty());
    }

    #[test]
    fn cleaned_cached_or_not_an_image() {
        for src in [
            "FROM a:1\nRUN yarn install && yarn cache clean --all\n",
            "FROM a:1\nRUN yarn install && rm -rf /usr/local/share/.cache/yarn\n",
            "FROM a:1\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
            "FROM a:1\nRUN --mount=type=cache,target=/root/.cache yarn install\n",
            "FROM a:1 AS deps\nRUN yarn install\nFROM b:1\nCOPY --from=deps /n /n\n",
            "FROM a:1\nRUN yarn add x && yarn run build\n",
        ] {
            assert!(ranges(&RULE, src).is_empty(), "{src}");
        }
    }
}

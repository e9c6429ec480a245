//! DL3042: avoid the pip cache with `pip install --no-cache-dir`.

use super::pip::pip_install;
use super::support::{cache_mount_targets, invocations, Invocation};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `pip install` (`pip`, `pip3`, `pip3.12`, `python3 -m pip`) without
    /// `--no-cache-dir`. The finding points at `pip … install`.
    ///
    /// Not flagged, as in hadolint: when `PIP_NO_CACHE_DIR` is set to a true value (`1`,
    /// `true`, `yes`, `on`) by an `ENV` earlier in the stage or as an assignment before the
    /// command (`PIP_NO_CACHE_DIR=1 pip install …`), and when a `--mount=type=cache` targets
    /// pip's cache (a path ending in `.cache/pip`).
    ///
    /// Deliberate differences from hadolint: an `ENV` in a stage this stage builds on
    /// (`FROM base`), an `ARG PIP_NO_CACHE_DIR=1` default (ARGs are in the environment of
    /// `RUN`), an earlier `export PIP_NO_CACHE_DIR=1` in the same `RUN`, and a cache or tmpfs
    /// mount of the `.cache` directory holding pip's cache (`/root/.cache`) also count.
    ///
    /// ## Why is this bad?
    /// pip keeps every downloaded wheel in `~/.cache/pip`; in the image that is dead weight,
    /// often as large as the installed packages.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install django==5.0.6
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install --no-cache-dir django==5.0.6
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts `--no-cache-dir` after `install`. The same packages get installed; only
    /// the download cache stays out of the image.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `--no-cache-dir` 없이 쓴 `pip install`(`pip`, `pip3`, `pip3.12`, `python3 -m pip`)을
    /// 찾습니다. 보고 위치는 `pip … install`입니다.
    ///
    /// hadolint처럼, 스테이지 앞쪽의 `ENV`나 명령 앞의 할당(`PIP_NO_CACHE_DIR=1 pip install …`)이
    /// `PIP_NO_CACHE_DIR`를 참 값(`1`, `true`, `yes`, `on`)으로 정하거나, pip 캐시(`.cache/pip`로
    /// 끝나는 경로)를 대상으로 하는 `--mount=type=cache`가 있으면 보고하지 않습니다.
    ///
    /// hadolint와 의도적으로 다른 점: 이 스테이지가 기반으로 삼는 스테이지(`FROM base`)의
    /// `ENV`, `ARG PIP_NO_CACHE_DIR=1` 기본값(ARG는 `RUN`의 환경에 들어감), 같은 `RUN` 앞쪽의
    /// `export PIP_NO_CACHE_DIR=1`, pip 캐시를 담은 `.cache` 디렉터리(`/root/.cache`)의 캐시나
    /// tmpfs 마운트도 인정합니다.
    ///
    /// ## 왜 문제인가요?
    /// pip는 내려받은 모든 wheel을 `~/.cache/pip`에 둡니다. 이미지 안에서는 쓸모없는 무게이고,
    /// 흔히 설치된 패키지만큼 큽니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install django==5.0.6
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install --no-cache-dir django==5.0.6
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. `install` 뒤에 `--no-cache-dir`를 넣습니다. 같은 패키지가 설치되고 다운로드
    /// 캐시만 이미지에서 빠집니다.
    RULE {
        hadolint: Some("DL3042"),
        buildkit: None,
        slipway: None,
        summary: "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

const MESSAGE: &str = "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`";
const VARIABLE: &str = "PIP_NO_CACHE_DIR";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        let cached =
            cache_mount_targets(ctx, run.index).iter().any(|t| t.ends_with(".cache/pip") || t.ends_with("/.cache"));
        if cached || set_in_stage(ctx, run.index) {
            continue;
        }
        let invocations = invocations(commands);
        for inv in &invocations {
            let Some(pip) = pip_install(inv, false) else { continue };
            if pip.options.iter().any(|o| o.starts_with("--no-cache-dir")) || set_for_command(&invocations, inv) {
                continue;
            }
            let after = body.span(inv.args[pip.install].span).end;
            out.report_for(run.index, inv.span_through(body, pip.install), MESSAGE)
                .with_fix(Fix::safe("Insert `--no-cache-dir`", vec![Edit::insert(after, " --no-cache-dir")]));
        }
    }
}

fn is_true(value: &str) -> bool {
    let value = value.trim_matches(['"', '\'']);
    ["1", "true", "yes", "on"].iter().any(|t| value.eq_ignore_ascii_case(t))
}

/// Whether `ENV`/`ARG` set the variable before instruction `index`, in its stage or in the
/// stages it builds on.
fn set_in_stage(ctx: &Context<'_>, index: usize) -> bool {
    let mut stage = ctx.stage_of(index);
    let mut end = index;
    while let Some(info) = stage {
        let set = (info.from_index..end).any(|i| match ctx.command(i) {
            Some(Command::Env { pairs }) => pairs.iter().any(|(k, v)| k == VARIABLE && is_true(v)),
            Some(Command::Arg { args }) => args.iter().any(|(k, v)| k == VARIABLE && v.as_deref().is_some_and(is_true)),
            _ => false,
        });
        if set {
            return true;
        }
        stage = info.base_stage.map(|s| &ctx.stages[s]);
        end = stage.map_or(0, |s| s.end_index);
    }
    false
}

/// Whether the variable is assigned before the command name or exported earlier in the `RUN`.
fn set_for_command(invocations: &[Invocation<'_>], command: &Invocation<'_>) -> bool {
    let assigned = |name: &str, value: Option<String>| name == VARIABLE && value.as_deref().is_some_and(is_true);
    let prefix = command.info.command.assignments.iter().any(|a| match &a.value {
        slipway_shell::AssignValue::Scalar(word) => assigned(&a.name, word.literal()),
        slipway_shell::AssignValue::Array(_) => false,
    });
    let exported = invocations.iter().filter(|inv| inv.name == "export" && !inv.info.in_subshell()).any(|inv| {
        inv.info.command.span.end <= command.info.command.span.start
            && inv
                .literals
                .iter()
                .flatten()
                .any(|l| l.split_once('=').is_some_and(|(k, v)| assigned(k, Some(v.into()))))
    });
    prefix || exported
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{fixed, ranges, texts};

    #[test]
    fn install_with_cache() {
        let src = "FROM a:1\nRUN pip install x==1 && python3 -m pip install -U pip==24 && pip download x\n";
        assert_eq!(texts(&RULE, src), ["pip install", "python3 -m pip install"]);
        assert_eq!(ranges(&RULE, src)[0], (2, 5, 2, 16));
    }

    #[test]
    fn cache_disabled() {
        for src in [
            "FROM a:1\nRUN pip install --no-cache-dir x==1 && pip --no-cache-dir install y==1\n",
            "FROM a:1\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x==1\n",
            "FROM a:1 AS base\nENV PIP_NO_CACHE_DIR=true\nFROM base\nRUN pip install x==1\n",
            "FROM a:1\nARG PIP_NO_CACHE_DIR=1\nRUN pip install x==1\n",
            "FROM a:1\nRUN PIP_NO_CACHE_DIR=1 pip install x==1\n",
            "FROM a:1\nRUN export PIP_NO_CACHE_DIR=yes && pip install x==1\n",
            "FROM a:1\nRUN --mount=type=cache,target=/root/.cache/pip pip install x==1\n",
            "FROM a:1\nRUN --mount=type=cache,target=/root/.cache pip install x==1\n",
            "FROM a:1\nRUN pipx install x && pipenv install y\n",
        ] {
            assert!(ranges(&RULE, src).is_empty(), "{src}");
        }
        for src in [
            "FROM a:1\nENV PIP_NO_CACHE_DIR=0\nRUN pip install x==1\n",
            "FROM a:1\nENV PIP_NO_CACHE_DIR=1\nFROM b:1\nRUN pip install x==1\n",
            "FROM a:1\nRUN pip install x==1\nENV PIP_NO_CACHE_DIR=1\n",
        ] {
            assert_eq!(ranges(&RULE, src).len(), 1, "{src}");
        }
    }

    #[test]
    fn fix_inserts_no_cache_dir() {
        let src = "FROM a:1\nRUN <<EOF\npip3 install x==1\nEOF\n";
        assert_eq!(
            fixed(&RULE, src, Applicability::Safe),
            "FROM a:1\nRUN <<EOF\npip3 install --no-cache-dir x==1\nEOF\n"
        );
    }
}

//! DL3047: wget without a progress bar setting.

use super::support::{invocations, Options};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `wget` without any of `-q`/`--quiet`, `-nv`/`--no-verbose`, `--progress=…`,
    /// `-o`/`--output-file` or `-a`/`--append-output` (short options may be bundled, as in
    /// `-qO-`). The finding points at `wget`.
    ///
    /// ## Why is this bad?
    /// Without a terminal wget falls back to its "dot" progress display, which prints a line
    /// every few kilobytes: big downloads flood the build log with thousands of lines.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN wget https://example.com/big.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN wget --progress=dot:giga https://example.com/big.tar.gz
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts `--progress=dot:giga` after `wget`; only the build log changes.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `-q`/`--quiet`, `-nv`/`--no-verbose`, `--progress=…`, `-o`/`--output-file`,
    /// `-a`/`--append-output`(짧은 옵션은 `-qO-`처럼 묶어도 됨) 중 어느 것도 없는 `wget`을
    /// 찾습니다. 보고 위치는 `wget`입니다.
    ///
    /// ## 왜 문제인가요?
    /// 터미널이 없으면 wget은 몇 KB마다 한 줄을 찍는 "dot" 진행 표시를 씁니다. 큰 파일을 받으면
    /// 빌드 로그가 수천 줄로 넘칩니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUN wget https://example.com/big.tar.gz
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// RUN wget --progress=dot:giga https://example.com/big.tar.gz
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. `wget` 뒤에 `--progress=dot:giga`를 넣습니다. 빌드 로그만 달라집니다.
    RULE {
        hadolint: Some("DL3047"),
        buildkit: None,
        slipway: None,
        summary: "Avoid use of wget without progress bar",
        severity: Severity::Info,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

const MESSAGE: &str = "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).";

/// wget options whose value is the next word.
const WGET_OPTIONS: Options = Options {
    short_values: "oaOPUeTtwiBQlAR",
    long_values: &["output-file", "append-output", "output-document", "directory-prefix", "user-agent", "header"],
};

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            if inv.name != "wget" {
                continue;
            }
            let quiet = inv.literals.iter().flatten().any(|l| l == "-nv")
                || inv.has_option(
                    &WGET_OPTIONS,
                    "qoa",
                    &["quiet", "no-verbose", "progress", "output-file", "append-output"],
                );
            if quiet {
                continue;
            }
            let name = body.span(inv.name_word().span);
            out.report_for(run.index, name, MESSAGE).with_fix(Fix::safe(
                "Insert `--progress=dot:giga`",
                vec![Edit::insert(name.end, " --progress=dot:giga")],
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{fixed, ranges};

    #[test]
    fn wget_without_progress_setting() {
        let src = "FROM a:1\nRUN wget -O - http://a | sh && wget -nc http://b\n";
        assert_eq!(ranges(&RULE, src), [(2, 5, 2, 9), (2, 32, 2, 36)]);
    }

    #[test]
    fn quiet_forms() {
        for flags in [
            "-q",
            "-nv",
            "--quiet",
            "--no-verbose",
            "--progress=bar:force",
            "-o log",
            "-a log",
            "-qO-",
            "--output-file=log",
        ] {
            let src = format!("FROM a:1\nRUN wget {flags} http://a\n");
            assert!(ranges(&RULE, &src).is_empty(), "{flags}");
        }
    }

    #[test]
    fn fix_sets_progress() {
        let src = "FROM a:1\nRUN wget http://a\n";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "FROM a:1\nRUN wget --progress=dot:giga http://a\n");
    }
}

//! DL3045: `COPY` to a relative destination without `WORKDIR` set.

use super::support::words;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `COPY` whose destination is relative (`COPY app.py app/`) in a stage where no
    /// `WORKDIR` has been set yet, at the destination. A stage built on an earlier stage
    /// (`FROM build`) inherits its `WORKDIR`. Destinations starting with a variable or a
    /// Windows drive may be absolute and pass.
    ///
    /// ## Why is this bad?
    /// A relative destination is resolved against the working directory of the base image,
    /// which the Dockerfile does not show and which changes when the base image does: files
    /// end up somewhere unexpected.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13
    /// COPY app.py app/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13
    /// WORKDIR /srv
    /// COPY app.py app/
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the intended folder depends on the base image's working directory.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 아직 `WORKDIR`가 설정되지 않은 스테이지에서 대상이 상대 경로인 `COPY`(`COPY app.py app/`)를
    /// 대상 위치에 보고합니다. 앞선 스테이지를 기반으로 하는 스테이지(`FROM build`)는 그 `WORKDIR`를
    /// 물려받습니다. 변수나 Windows 드라이브로 시작하는 대상은 절대 경로일 수 있으므로 통과합니다.
    ///
    /// ## 왜 문제인가요?
    /// 상대 경로 대상은 Dockerfile에 보이지 않는 베이스 이미지의 작업 디렉터리를 기준으로
    /// 해석되며, 베이스 이미지가 바뀌면 함께 바뀝니다. 파일이 예상치 못한 곳에 놓입니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM python:3.13
    /// COPY app.py app/
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM python:3.13
    /// WORKDIR /srv
    /// COPY app.py app/
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 의도한 폴더는 베이스 이미지의 작업 디렉터리에 따라 다릅니다.
    RULE {
        hadolint: Some("DL3045"),
        buildkit: None,
        slipway: None,
        summary: "COPY to a relative destination without WORKDIR set",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    let mut workdir_set: Vec<bool> = Vec::with_capacity(ctx.stages.len());
    for stage in &ctx.stages {
        let mut set = stage.base_stage.is_some_and(|base| workdir_set[base]);
        for index in stage.from_index..stage.end_index {
            match ctx.command(index) {
                Some(Command::Workdir { .. }) => set = true,
                Some(Command::Copy { dest, .. }) if !set && is_relative(dest) => {
                    let Some(token) = words(&ctx.instructions()[index].args).last() else { continue };
                    out.report_for(index, token.span, "`COPY` to a relative destination without `WORKDIR` set.");
                }
                _ => {}
            }
        }
        workdir_set.push(set);
    }
}

fn is_relative(dest: &str) -> bool {
    let path = dest.trim_matches(['"', '\'']);
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    !(path.starts_with(['/', '\\', '$']) || drive)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges, texts};

    #[test]
    fn relative_destinations_before_workdir_are_flagged() {
        let src = "FROM a:1\nCOPY a b\nCOPY [\"a\", \"./\"]\nCOPY a ~/x\nWORKDIR /w\nCOPY a b\n";
        assert_eq!(ranges(&RULE, src), [(2, 8, 2, 9), (3, 12, 3, 16), (4, 8, 4, 11)]);
        assert_eq!(texts(&RULE, src)[1], "\"./\"");
        assert_eq!(messages(&RULE, src)[0], "`COPY` to a relative destination without `WORKDIR` set.");
    }

    #[test]
    fn inherited_workdir_counts_unrelated_stages_do_not() {
        let src = "FROM a:1 AS base\nWORKDIR /w\nFROM base\nCOPY a b\nFROM a:1\nCOPY a b\n";
        assert_eq!(ranges(&RULE, src), [(6, 8, 6, 9)]);
    }

    #[test]
    fn absolute_variable_and_windows_destinations_pass() {
        let src = "FROM a:1\nCOPY a /b\nCOPY a $B\nCOPY a \"/b\"\nCOPY a C:\\b\nADD a b\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

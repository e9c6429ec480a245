//! DL3000 / WorkdirRelativePath: use absolute WORKDIR.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `WORKDIR` whose path is relative.
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` is resolved against the previous working directory, which the base
    /// image sets. When the base image changes its working directory, every later path in the
    /// Dockerfile silently moves with it. An absolute path says where files go.
    ///
    /// Paths that start with a variable (`WORKDIR $HOME/app`) and Windows drive paths
    /// (`WORKDIR C:\app`) are not flagged: they may well be absolute.
    ///
    /// This is hadolint's DL3000 and BuildKit's WorkdirRelativePath check, reported once under
    /// both names. BuildKit only warns while no absolute `WORKDIR` has been set in the stage;
    /// like hadolint, Slipway flags every relative `WORKDIR` (each one depends on what came
    /// before it).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// WORKDIR app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// WORKDIR /app
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the intended absolute path depends on the base image's working directory.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 경로가 상대 경로인 `WORKDIR`를 찾습니다.
    ///
    /// ## 왜 문제인가요?
    /// 상대 경로 `WORKDIR`는 베이스 이미지가 정한 이전 작업 디렉터리를 기준으로 해석됩니다.
    /// 베이스 이미지의 작업 디렉터리가 바뀌면 이후의 모든 경로가 말없이 함께 옮겨 갑니다.
    /// 절대 경로를 쓰면 파일이 어디에 놓이는지 분명해집니다.
    ///
    /// 변수로 시작하는 경로(`WORKDIR $HOME/app`)와 Windows 드라이브 경로(`WORKDIR C:\app`)는
    /// 절대 경로일 수 있으므로 검사하지 않습니다.
    ///
    /// hadolint의 DL3000이자 BuildKit의 WorkdirRelativePath 검사이며, 두 이름으로 한 번만
    /// 보고합니다. BuildKit은 스테이지에서 절대 `WORKDIR`가 설정되기 전까지만 경고하지만,
    /// Slipway는 hadolint처럼 모든 상대 `WORKDIR`를 보고합니다(각각이 앞선 설정에 의존합니다).
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// WORKDIR app
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// WORKDIR /app
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 의도한 절대 경로는 베이스 이미지의 작업 디렉터리에 따라 다릅니다.
    RULE {
        hadolint: Some("DL3000"),
        buildkit: Some("WorkdirRelativePath"),
        slipway: None,
        summary: "Use absolute WORKDIR",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction, command) in ctx.commands() {
        let (Command::Workdir { path }, Arguments::Text(token)) = (command, &instruction.args) else { continue };
        if !is_absolute(path) {
            out.report_for(index, token.span, "Use absolute WORKDIR");
        }
    }
}

/// Absolute, or possibly absolute (starts with a variable, a Windows drive or a UNC path).
fn is_absolute(path: &str) -> bool {
    let path = path.trim_matches(|c| c == '"' || c == '\'');
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    path.starts_with('/') || path.starts_with('$') || path.starts_with('\\') || drive
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, messages, ranges, texts};

    #[test]
    fn carries_the_buildkit_name() {
        let found = findings(&RULE, "FROM a:1\nWORKDIR app\n");
        assert_eq!((found[0].code, found[0].name), ("DL3000", Some("WorkdirRelativePath")));
    }

    #[test]
    fn relative_paths_are_flagged_at_the_path() {
        let src = "FROM a:1\nWORKDIR app\nworkdir   \"rel/dir\"\n";
        assert_eq!(ranges(&RULE, src), [(2, 9, 2, 12), (3, 11, 3, 20)]);
        assert_eq!(texts(&RULE, src), ["app", "\"rel/dir\""]);
        assert_eq!(messages(&RULE, src)[0], "Use absolute WORKDIR");
    }

    #[test]
    fn absolute_variable_and_windows_paths_pass() {
        let src = "FROM a:1\nWORKDIR /app\nWORKDIR $HOME/x\nWORKDIR ${DIR}\nWORKDIR C:\\app\nWORKDIR \"/quoted\"\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

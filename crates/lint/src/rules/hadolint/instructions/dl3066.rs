//! DL3066: non-numeric user-id may not be resolvable by the host system.

use slipway_syntax::expand::contains_expansion;

use super::support::part;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `USER` whose user part (before any `:group`) is a name rather than a number
    /// (`USER app`, `USER root`), at the name.
    ///
    /// Deliberate difference from hadolint 2.15.1: a user written with a variable
    /// (`USER $UID`) is not flagged: its value, usually a number, is only known at build time.
    ///
    /// ## Why is this bad?
    /// A name is only resolvable through the image's `/etc/passwd`. Orchestrators enforcing
    /// non-root policies (Kubernetes `runAsNonRoot`) cannot verify a name and refuse to start
    /// the container; a numeric id works everywhere.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd -u 10001 app
    /// USER app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd -u 10001 app
    /// USER 10001
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the user's id is only known inside the image.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `USER`의 사용자 부분(`:group` 앞)이 숫자가 아니라 이름이면(`USER app`, `USER root`) 그 이름
    /// 위치에 보고합니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: 변수로 쓴 사용자(`USER $UID`)는 빌드할 때에만 값(대개
    /// 숫자)을 알 수 있으므로 보고하지 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// 이름은 이미지의 `/etc/passwd`를 통해서만 해석됩니다. 루트가 아닌 실행을 강제하는
    /// 오케스트레이터(Kubernetes `runAsNonRoot`)는 이름을 확인할 수 없어 컨테이너 시작을
    /// 거부합니다. 숫자 id는 어디서나 동작합니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd -u 10001 app
    /// USER app
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd -u 10001 app
    /// USER 10001
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 사용자의 id는 이미지 안에서만 알 수 있습니다.
    RULE {
        hadolint: Some("DL3066"),
        buildkit: None,
        slipway: None,
        summary: "Non-numeric user-id may not be resolvable by host system",
        severity: Severity::Info,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction, command) in ctx.commands() {
        let (Command::User { user }, Arguments::Text(token)) = (command, &instruction.args) else { continue };
        let name = user.split(':').next().unwrap_or_default();
        if name.is_empty() || name.bytes().all(|b| b.is_ascii_digit()) || contains_expansion(name, ctx.file.escape) {
            continue;
        }
        out.report_for(
            index,
            part(ctx, token, 0..name.len()),
            "Non-numeric user-id may not be resolvable by host system",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges, texts};

    #[test]
    fn names_are_flagged_at_the_name() {
        let src = "FROM a:1\nUSER app\nUSER root:1000\n";
        assert_eq!(ranges(&RULE, src), [(2, 6, 2, 9), (3, 6, 3, 10)]);
        assert_eq!(texts(&RULE, src), ["app", "root"]);
        assert_eq!(messages(&RULE, src)[0], "Non-numeric user-id may not be resolvable by host system");
    }

    #[test]
    fn numbers_and_variables_pass() {
        assert!(ranges(&RULE, "FROM a:1\nUSER 1000\nUSER 0:0\nUSER 1000:app\nUSER $UID\nUSER ${U}:g\n").is_empty());
    }
}

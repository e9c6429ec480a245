//! DL3025 / JSONArgsRecommended: use JSON (exec) form for CMD and ENTRYPOINT.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `CMD` and `ENTRYPOINT` written in shell form (`CMD node server.js`) instead of
    /// exec form (`CMD ["node", "server.js"]`).
    ///
    /// ## Why is this bad?
    /// In shell form the command runs as `/bin/sh -c "…"`: the shell is PID 1 and does not
    /// forward signals, so `docker stop` waits for its timeout and then kills the process
    /// without a clean shutdown. An `ENTRYPOINT` in shell form also ignores `CMD` and the
    /// arguments of `docker run`.
    ///
    /// This is hadolint's DL3025 and BuildKit's JSONArgsRecommended check; Slipway reports it
    /// once under both names. Deliberate difference from hadolint 2.15.1: hadolint also flags
    /// `HEALTHCHECK CMD` in shell form, where none of this applies (the health check is not
    /// PID 1 and receives no signals); Slipway, like BuildKit, does not.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// CMD node server.js
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: exec form runs the program without a shell, so the program becomes PID 1 and
    /// receives signals itself, and variables are no longer expanded. Offered only for commands
    /// made of plain words (no quotes, variables or shell operators).
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// exec 형식(`CMD ["node", "server.js"]`) 대신 셸 형식(`CMD node server.js`)으로 쓴 `CMD`와
    /// `ENTRYPOINT`를 찾습니다.
    ///
    /// ## 왜 문제인가요?
    /// 셸 형식의 명령은 `/bin/sh -c "…"`로 실행됩니다. 셸이 PID 1이 되어 시그널을 전달하지
    /// 않으므로 `docker stop`은 제한 시간까지 기다린 뒤 프로세스를 정상 종료 없이 죽입니다.
    /// 셸 형식의 `ENTRYPOINT`는 `CMD`와 `docker run`의 인자도 무시합니다.
    ///
    /// hadolint의 DL3025이자 BuildKit의 JSONArgsRecommended 검사입니다. Slipway는 두 이름으로
    /// 한 번만 보고합니다. hadolint 2.15.1과 의도적으로 다른 점: hadolint는 셸 형식의
    /// `HEALTHCHECK CMD`도 보고하지만, 헬스 체크는 PID 1이 아니고 시그널도 받지 않으므로 해당되지
    /// 않습니다. Slipway는 BuildKit처럼 보고하지 않습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM node:22
    /// CMD node server.js
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM node:22
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전하지 않습니다. exec 형식은 셸 없이 프로그램을 실행하므로 프로그램이 PID 1이 되어
    /// 시그널을 직접 받고, 변수도 더 이상 확장되지 않습니다. 평범한 단어로만 이루어진 명령(따옴표,
    /// 변수, 셸 연산자 없음)에만 제안합니다.
    RULE {
        hadolint: Some("DL3025"),
        buildkit: Some("JSONArgsRecommended"),
        slipway: None,
        summary: "Use arguments JSON notation for CMD and ENTRYPOINT arguments",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Sometimes,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction, command) in ctx.commands() {
        if !matches!(command, Command::Cmd { .. } | Command::Entrypoint { .. }) {
            continue;
        }
        let Arguments::Text(token) = &instruction.args else { continue };
        let finding = out.report_for(index, token.span, "Use arguments JSON notation for CMD and ENTRYPOINT arguments");
        if let Some(json) = exec_form(ctx.text(token.span)) {
            finding.with_fix(Fix::unsafe_edit("Use exec form", vec![Edit::replace(token.span, json)]));
        }
    }
}

/// `echo hi` → `["echo", "hi"]` when every word is plain.
fn exec_form(text: &str) -> Option<String> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_./:=@%+,-".contains(c);
    let words: Vec<&str> = text.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
    if words.is_empty() || !words.iter().all(|w| w.chars().all(plain)) {
        return None;
    }
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    Some(format!("[{}]", quoted.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{findings, fixed, ranges};

    #[test]
    fn shell_form_is_flagged_at_the_command() {
        let src = "FROM a:1\nCMD node server.js\nENTRYPOINT exec  \"$0\"\nCMD [\"ok\"]\n";
        assert_eq!(ranges(&RULE, src), [(2, 5, 2, 19), (3, 12, 3, 22)]);
        let found = findings(&RULE, src);
        assert_eq!((found[0].code, found[0].name), ("DL3025", Some("JSONArgsRecommended")));
        assert!(found[0].fix.is_some() && found[1].fix.is_none());
    }

    #[test]
    fn unsafe_fix_converts_plain_words_only() {
        let src = "FROM a:1\nCMD node server.js --port=80\n";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), src);
        assert_eq!(
            fixed(&RULE, src, Applicability::Unsafe),
            "FROM a:1\nCMD [\"node\", \"server.js\", \"--port=80\"]\n"
        );
    }

    #[test]
    fn exec_form_and_healthcheck_pass() {
        assert!(ranges(&RULE, "FROM a:1\nCMD []\nENTRYPOINT [\"x\"]\nHEALTHCHECK CMD curl -f x || exit 1\n").is_empty());
    }
}

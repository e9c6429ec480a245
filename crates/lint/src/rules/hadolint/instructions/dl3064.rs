//! DL3064 / SecretsUsedInArgOrEnv / SW1005: sensitive data in ARG or ENV.

use slipway_syntax::instructions::typed_command;
use slipway_syntax::Instruction;

use super::support::part;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an `ARG` or `ENV` (also as an `ONBUILD` trigger) whose name says it holds a
    /// secret, at the name. Names are split
    /// into words at `_`, `-` and `.` (case-insensitively); a name is sensitive when a word is
    /// one of `password`, `passwd`, `pword`, `secret`, `token`, `auth`, `key`, `apikey`,
    /// `credential(s)` (BuildKit's list), or ends with `password`, `passwd`, `secret` or
    /// `token` (`DBPASSWORD`, `CLIENTSECRET`), unless a word is `public`, `file` or `version`
    /// (`PUBLIC_KEY`, `PASSWORD_FILE`, `TOKEN_VERSION`).
    ///
    /// This is hadolint's DL3064, BuildKit's SecretsUsedInArgOrEnv and Slipway's SW1005 (use a
    /// secret mount), reported once under all names. Deliberate differences from hadolint
    /// 2.15.1: hadolint matches substrings (flagging `TOKENIZER`, `SECRETARY`,
    /// `PRIVATE_REGISTRY`) and a list of names that are not secrets (`USERNAME`,
    /// `TRAVIS_OS_NAME`, `FACEBOOK_APP_ID`); and it only looks at the first name of an `ARG`.
    /// Difference from BuildKit: names ending in a secret word (`DBPASSWORD`) are flagged too.
    ///
    /// ## Why is this bad?
    /// `ARG` and `ENV` values end up in the image: `ENV` in its configuration, `ARG` in the
    /// build history of every layer that uses it (`docker history` shows them). Anyone who can
    /// pull the image can read the secret. A secret mount exposes it to one `RUN` only and
    /// leaves no trace: `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci`, built
    /// with `docker build --secret id=npm_token,env=NPM_TOKEN`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
    ///     echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci && rm .npmrc
    /// ```
    ///
    /// ## Fix safety
    /// No fix: moving a secret to a mount changes how the build is invoked.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 이름이 비밀 값을 담는다고 말하는 `ARG`나 `ENV`(`ONBUILD` 트리거 포함)를 이름 위치에
    /// 보고합니다. 이름은 `_`, `-`, `.`에서 단어로 나누며(대소문자 구분 없음), 단어 하나가
    /// `password`, `passwd`, `pword`, `secret`, `token`, `auth`, `key`, `apikey`,
    /// `credential(s)`(BuildKit의 목록)이거나
    /// `password`, `passwd`, `secret`, `token`으로 끝나면(`DBPASSWORD`, `CLIENTSECRET`) 민감한
    /// 이름입니다. 단, 단어 중에 `public`, `file`, `version`이 있으면(`PUBLIC_KEY`,
    /// `PASSWORD_FILE`, `TOKEN_VERSION`) 제외합니다.
    ///
    /// hadolint의 DL3064, BuildKit의 SecretsUsedInArgOrEnv, Slipway의 SW1005(시크릿 마운트 사용)이며
    /// 모든 이름으로 한 번만 보고합니다. hadolint 2.15.1과 의도적으로 다른 점: hadolint는 부분
    /// 문자열을 비교하여(`TOKENIZER`, `SECRETARY`, `PRIVATE_REGISTRY`를 보고) 비밀이 아닌 이름
    /// 목록(`USERNAME`, `TRAVIS_OS_NAME`, `FACEBOOK_APP_ID`)까지 보고하고, `ARG`의 첫 이름만
    /// 봅니다. BuildKit과 다른 점: 비밀 단어로 끝나는 이름(`DBPASSWORD`)도 보고합니다.
    ///
    /// ## 왜 문제인가요?
    /// `ARG`와 `ENV` 값은 이미지에 남습니다. `ENV`는 설정에, `ARG`는 그것을 쓰는 모든 레이어의 빌드
    /// 기록에 남아(`docker history`로 보임) 이미지를 받을 수 있는 누구나 비밀을 읽습니다. 시크릿
    /// 마운트는 `RUN` 하나에만 노출하고 흔적을 남기지 않습니다:
    /// `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci`, 빌드는
    /// `docker build --secret id=npm_token,env=NPM_TOKEN`.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM node:22
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM node:22
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
    ///     echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci && rm .npmrc
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 비밀을 마운트로 옮기면 빌드를 실행하는 방법이 바뀝니다.
    RULE {
        hadolint: Some("DL3064"),
        buildkit: Some("SecretsUsedInArgOrEnv"),
        slipway: Some("SW1005"),
        summary: "Potentially sensitive data should not be used in the ARG or ENV commands",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Potentially sensitive data should not be used in the `ARG` or `ENV` commands";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction) in ctx.instructions().iter().enumerate() {
        match (&instruction.args, ctx.command(index)) {
            (Arguments::Onbuild(inner), _) => {
                if let Ok(command) = typed_command(inner, ctx.source) {
                    check_one(ctx, out, index, inner, &command);
                }
            }
            (_, Some(command)) => check_one(ctx, out, index, instruction, command),
            _ => {}
        }
    }
}

/// An `ARG` or `ENV` (possibly the trigger of an `ONBUILD`).
fn check_one(ctx: &Context<'_>, out: &mut Reporter<'_>, index: usize, instruction: &Instruction, command: &Command) {
    match (command, &instruction.args) {
        (Command::Env { .. }, Arguments::KeyValues(pairs)) => {
            for pair in pairs.iter().filter(|p| sensitive(p.key.value.trim_matches(['"', '\'']))) {
                out.report_for(index, pair.key.span, MESSAGE);
            }
        }
        (Command::Arg { args }, Arguments::Words(words)) => {
            for ((name, _), token) in args.iter().zip(words) {
                if sensitive(name) {
                    out.report_for(index, part(ctx, token, 0..name.len()), MESSAGE);
                }
            }
        }
        _ => {}
    }
}

fn sensitive(name: &str) -> bool {
    const WORDS: &[&str] =
        &["apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token"];
    const ENDINGS: &[&str] = &["password", "passwd", "secret", "token"];
    const ALLOWED: &[&str] = &["public", "file", "version"];
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(['_', '-', '.']).collect();
    !words.iter().any(|w| ALLOWED.contains(w))
        && words.iter().any(|w| WORDS.contains(w) || ENDINGS.iter().any(|e| w.ends_with(e)))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, messages, ranges, texts};

    #[test]
    fn secret_names_are_flagged_at_the_name_under_all_names() {
        let src = "FROM a:1\nARG A=1 DB_PASSWORD=x\nENV GITHUB_TOKEN=t api_key=k\nARG OSPASSWORD\nENV \"AUTH\"=x\n";
        assert_eq!(texts(&RULE, src), ["DB_PASSWORD", "GITHUB_TOKEN", "api_key", "OSPASSWORD", "\"AUTH\""]);
        assert_eq!(ranges(&RULE, src)[0], (2, 9, 2, 20));
        assert_eq!(messages(&RULE, src)[0], super::MESSAGE);
        let found = findings(&RULE, src);
        assert_eq!((found[0].code, found[0].name), ("DL3064", Some("SecretsUsedInArgOrEnv")));
        assert!(crate::registry::find("SW1005").is_some_and(|r| r.code() == "DL3064"));
    }

    #[test]
    fn harmless_names_pass() {
        let onbuild = "FROM a:1\nONBUILD ARG NPM_TOKEN\nONBUILD ENV A_SECRET=x\n";
        assert_eq!(texts(&RULE, onbuild), ["NPM_TOKEN", "A_SECRET"]);
        let src = "FROM a:1\nARG TOKENIZER SECRETARY PRIVATE_REGISTRY USERNAME\nENV PUBLIC_KEY=x PASSWORD_FILE=/run/s KEYS=1 MONKEY=2 TOKEN_VERSION=3\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

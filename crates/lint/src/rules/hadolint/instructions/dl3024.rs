//! DL3024 / DuplicateStageName: FROM aliases (stage names) must be unique.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a stage name (`FROM … AS name`) already used by an earlier stage, compared
    /// case-insensitively, at the name.
    ///
    /// This is hadolint's DL3024 and BuildKit's DuplicateStageName check, reported once under
    /// both names. Deliberate difference from hadolint 2.15.1: hadolint compares names
    /// case-sensitively; BuildKit lower-cases them, so `AS Build` after `AS build` is a
    /// duplicate here.
    ///
    /// ## Why is this bad?
    /// `--from=name`, `FROM name` and `--target name` can only mean one stage: with two stages
    /// of the same name, references silently pick one of them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// FROM node:22 AS build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build-go
    /// FROM node:22 AS build-web
    /// ```
    ///
    /// ## Fix safety
    /// No fix: renaming a stage means renaming its references, and which ones are meant is
    /// unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 앞선 스테이지가 이미 쓴 스테이지 이름(`FROM … AS name`)을 대소문자 구분 없이 비교하여 그
    /// 이름 위치에 보고합니다.
    ///
    /// hadolint의 DL3024이자 BuildKit의 DuplicateStageName 검사이며, 두 이름으로 한 번만
    /// 보고합니다. hadolint 2.15.1과 의도적으로 다른 점: hadolint는 대소문자를 구분하지만
    /// BuildKit은 이름을 소문자로 바꾸므로, `AS build` 다음의 `AS Build`도 중복입니다.
    ///
    /// ## 왜 문제인가요?
    /// `--from=name`, `FROM name`, `--target name`은 한 스테이지만 가리킬 수 있습니다. 같은 이름의
    /// 스테이지가 둘이면 참조가 그중 하나를 말없이 고릅니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// FROM node:22 AS build
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM golang:1.23 AS build-go
    /// FROM node:22 AS build-web
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 스테이지 이름을 바꾸면 참조도 바꿔야 하는데 어느 참조를 의도했는지
    /// 알 수 없습니다.
    RULE {
        hadolint: Some("DL3024"),
        buildkit: Some("DuplicateStageName"),
        slipway: None,
        summary: "FROM aliases (stage names) must be unique",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (i, stage) in ctx.stages.iter().enumerate() {
        let Some(name) = &stage.name else { continue };
        if !ctx.stages[..i].iter().any(|s| s.name.as_ref() == Some(name)) {
            continue;
        }
        let Arguments::Words(words) = &ctx.instructions()[stage.from_index].args else { continue };
        let Some(token) = words.get(2) else { continue };
        out.report_for(stage.from_index, token.span, "FROM aliases (stage names) must be unique");
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, ranges};

    #[test]
    fn duplicates_are_flagged_at_the_name() {
        let src = "FROM a:1 AS build\nFROM a:1 AS run\nFROM a:1 AS build\nFROM a:1 as Build\n";
        assert_eq!(ranges(&RULE, src), [(3, 13, 3, 18), (4, 13, 4, 18)]);
        let found = findings(&RULE, src);
        assert_eq!((found[0].code, found[0].name), ("DL3024", Some("DuplicateStageName")));
        assert_eq!(found[0].message, "FROM aliases (stage names) must be unique");
    }

    #[test]
    fn unique_names_pass() {
        assert!(ranges(&RULE, "FROM a:1 AS build\nFROM a:1\nFROM a:1 AS run\nFROM a:1\n").is_empty());
    }
}

//! DL3049: a label required by the label schema is missing.

use super::support::{label_pairs, runnable_stages};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// With a `label-schema` in the config, flags each schema label that an image does not set,
    /// at its `FROM` keyword (one finding per missing label). Labels set by an earlier stage the
    /// image builds on (`FROM base`) count.
    ///
    /// Deliberate difference from hadolint 2.15.1: hadolint checks every stage; Slipway only
    /// checks stages that are images (the last stage, and stages no other stage uses), since
    /// the labels of a builder stage never reach a registry. hadolint also tells stages apart
    /// by their base image, so two stages `FROM` the same image share their labels there.
    ///
    /// ## Why is this bad?
    /// The schema lists what every published image must say about itself (owner, source,
    /// version, licence…); registries and audits depend on it.
    ///
    /// ## Example
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {org.opencontainers.image.source: url}
    /// FROM debian:12
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.source=https://github.com/example/app
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the label's value is unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 설정에 `label-schema`가 있으면, 이미지가 설정하지 않은 스키마 레이블마다 `FROM` 키워드 위치에
    /// 보고합니다(빠진 레이블마다 하나). 이미지가 기반으로 하는 앞선 스테이지(`FROM base`)가 설정한
    /// 레이블도 셉니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: hadolint는 모든 스테이지를 검사하지만, 빌더 스테이지의
    /// 레이블은 레지스트리에 올라가지 않으므로 Slipway는 이미지인 스테이지(마지막 스테이지와 다른
    /// 스테이지가 쓰지 않는 스테이지)만 검사합니다. hadolint는 스테이지를 베이스 이미지로도
    /// 구분하여, 같은 이미지에서 시작하는 두 스테이지가 레이블을 공유하는 것으로 봅니다.
    ///
    /// ## 왜 문제인가요?
    /// 스키마는 게시되는 모든 이미지가 스스로에 대해 밝혀야 하는 것(소유자, 소스, 버전, 라이선스
    /// 등)을 나열합니다. 레지스트리와 감사가 이에 의존합니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// # .hadolint.yaml: label-schema: {org.opencontainers.image.source: url}
    /// FROM debian:12
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// LABEL org.opencontainers.image.source=https://github.com/example/app
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 레이블의 값을 알 수 없습니다.
    RULE {
        hadolint: Some("DL3049"),
        buildkit: None,
        slipway: None,
        summary: "A label required by the label schema is missing",
        severity: Severity::Info,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    if ctx.config.label_schema.is_empty() {
        return;
    }
    let pairs = label_pairs(ctx);
    let runnable = runnable_stages(ctx);
    for stage in ctx.stages.iter().filter(|s| runnable[s.index]) {
        let mut chain = vec![stage.index];
        while let Some(base) = chain.last().and_then(|&s| ctx.stages[s].base_stage) {
            if chain.contains(&base) {
                break;
            }
            chain.push(base);
        }
        let keyword = ctx.instructions()[stage.from_index].keyword.span;
        for key in ctx.config.label_schema.keys() {
            if !pairs.iter().any(|p| &p.key == key && chain.contains(&p.stage)) {
                out.report_for(stage.from_index, keyword, format!("Label `{key}` is missing."));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::support::lint_with;
    use super::RULE;

    const SCHEMA: &str = "label-schema:\n  author: text\n  version: semver\n";

    #[test]
    fn missing_labels_are_flagged_at_from() {
        let found = lint_with(&RULE, "FROM a:1\nLABEL author=x\n", SCHEMA);
        assert_eq!(found, [("FROM".to_string(), "Label `version` is missing.".to_string())]);
        assert_eq!(lint_with(&RULE, "from a:1\n", SCHEMA).len(), 2);
    }

    #[test]
    fn inherited_labels_count_and_builder_stages_are_skipped() {
        let src = "FROM a:1 AS base\nLABEL author=x\nFROM a:1 AS build\nFROM base\nLABEL version=1.0.0\nCOPY --from=build /x /x\n";
        assert!(lint_with(&RULE, src, SCHEMA).is_empty());
    }

    #[test]
    fn no_schema_no_findings() {
        assert!(lint_with(&RULE, "FROM a:1\n", "").is_empty());
    }
}

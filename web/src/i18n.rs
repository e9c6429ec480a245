//! The UI's string catalog in English and Korean. Components never hard-code text: they ask
//! [`Text::get`] (fixed strings) or the functions below (strings with numbers).
//!
//! Rule docs, diagnostics, explanations, lessons and cache reasons come translated from the
//! core; this catalog holds only the playground's own words.

use slipway_playground::Lang;

/// Declares [`Text`] and its two translations side by side.
macro_rules! catalog {
    ($($key:ident => $en:literal, $ko:literal;)*) => {
        /// A fixed UI string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Text {
            $($key,)*
        }

        impl Text {
            /// Every key (for the completeness test).
            #[cfg(test)]
            pub const ALL: &'static [Text] = &[$(Text::$key,)*];

            /// The string in `lang`.
            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Text::$key, Lang::En) => $en, (Text::$key, Lang::Ko) => $ko,)*
                }
            }
        }
    };
}

catalog! {
    Title => "Slipway playground", "Slipway 플레이그라운드";
    Example => "Example", "예제";
    CustomProject => "(your own Dockerfile)", "(직접 작성한 Dockerfile)";
    Reset => "Reset", "초기화";
    ResetHint => "Restore the current example and discard your edits", "현재 예제로 되돌리고 수정한 내용을 버립니다";
    CopyLink => "Copy link", "링크 복사";
    ShareLinkLabel => "Share link", "공유 링크";
    ShareLinkPlaceholder => "A link to this exact state appears here", "지금 상태 그대로 여는 링크가 여기에 나타납니다";
    LinkCopied => "Link copied to the clipboard", "링크를 클립보드에 복사했습니다";
    LinkReady => "Link ready: copy it from the box", "링크가 준비되었습니다: 상자에서 복사하세요";
    ShareLoadFailed => "Could not open the shared link:", "공유 링크를 열 수 없습니다:";
    Language => "Language", "언어";
    Lesson => "Lesson", "레슨";
    EditorLabel => "Dockerfile editor", "Dockerfile 편집기";
    Problems => "Problems", "문제";
    NoProblems => "No problems found. Nice!", "문제가 없습니다. 좋습니다!";
    GoToProblem => "Go to this problem in the editor", "편집기에서 이 문제로 이동";
    Fix => "Fix:", "수정:";
    SafeFix => "Safe fix: keeps the build's behaviour", "안전한 수정: 빌드 동작을 바꾸지 않습니다";
    UnsafeFix => "Unsafe fix: may change what the build does; review it", "안전하지 않은 수정: 빌드 결과가 달라질 수 있으니 확인하세요";
    ExplainRule => "Explain", "설명 보기";
    SeverityError => "error", "오류";
    SeverityWarning => "warning", "경고";
    SeverityInfo => "info", "정보";
    SeverityStyle => "style", "스타일";
    TabExplain => "Explain", "설명";
    TabGraph => "Stage graph", "스테이지 그래프";
    TabContext => "Build context", "빌드 컨텍스트";
    TabCache => "Cache", "캐시";
    TabImage => "Image", "이미지";
    Line => "line", "줄";
    Layer => "Layer", "레이어";
    Cache => "Build cache", "빌드 캐시";
    ThisInstruction => "In this instruction", "이 명령어에서는";
    ExplainNothingTitle => "Nothing under the cursor", "커서 아래에 명령어가 없습니다";
    ExplainNothing => "Put the cursor on an instruction to see what it does, whether it makes a layer and how it affects the build cache.", "명령어에 커서를 두면 무엇을 하는지, 레이어를 만드는지, 빌드 캐시에 어떤 영향을 주는지 보여 줍니다.";
    NoRuleDoc => "This finding has no documentation page.", "이 진단에는 문서가 없습니다.";
    Target => "Target", "타깃";
    LastStage => "(last stage)", "(마지막 스테이지)";
    Builder => "Builder", "빌더";
    LegacyBuilder => "Legacy builder", "레거시 빌더";
    NoStages => "No stages: the Dockerfile has no FROM yet.", "스테이지가 없습니다: Dockerfile에 아직 FROM이 없습니다.";
    Built => "built", "빌드됨";
    NotBuilt => "skipped by this builder", "이 빌더는 건너뜀";
    LegendFrom => "FROM another stage", "다른 스테이지에서 FROM";
    LegendCopy => "COPY --from", "COPY --from";
    LegendMount => "RUN --mount from=", "RUN --mount from=";
    LegendSkipped => "greyed: BuildKit skips this stage for the target", "회색: BuildKit은 이 타깃에 필요 없는 스테이지를 건너뜁니다";
    LegendSkippedLegacy => "greyed: not built (the legacy builder builds every stage up to the target)", "회색: 빌드되지 않음 (레거시 빌더는 타깃까지 모든 스테이지를 빌드합니다)";
    NoContextFiles => "The build context is empty.", "빌드 컨텍스트가 비어 있습니다.";
    NewFilePlaceholder => "path/to/file", "경로/파일";
    NewFileLabel => "New file path", "새 파일 경로";
    AddFile => "Add file", "파일 추가";
    DeleteFile => "Delete", "삭제";
    SelectFile => "Select a file to edit it.", "편집할 파일을 선택하세요.";
    ContextHint => "These files are what COPY and ADD see. A .dockerignore file here excludes paths, as with docker build.", "COPY와 ADD가 보는 파일들입니다. 여기에 .dockerignore 파일을 두면 docker build처럼 경로를 제외합니다.";
    Remember => "Remember this build", "이 빌드 기억하기";
    RememberAgain => "Remember this build again", "이 빌드 다시 기억하기";
    RememberHint => "Then edit the Dockerfile, the context or the build args: the table shows which steps would be rebuilt.", "그다음 Dockerfile, 컨텍스트, 빌드 인자를 고쳐 보세요: 어떤 단계가 다시 빌드되는지 표에 나옵니다.";
    CacheIntro => "No build remembered yet.", "아직 기억한 빌드가 없습니다.";
    Stage => "Stage", "스테이지";
    Step => "Step", "단계";
    Instruction => "Instruction", "명령어";
    Status => "Cache", "캐시";
    Reason => "Why", "이유";
    BuildArgs => "Build arguments", "빌드 인자";
    ArgName => "NAME", "이름";
    ArgValue => "value", "값";
    AddArg => "Add", "추가";
    RemoveArg => "Remove this build argument", "이 빌드 인자 삭제";
    Advisor => "Advisor", "어드바이저";
    ApplyAdvice => "Apply this Dockerfile", "이 Dockerfile 적용";
    NoAdvice => "No reordering would make this Dockerfile cache better.", "순서를 바꿔도 캐시가 더 좋아지지 않습니다.";
    BuildImage => "Build", "빌드";
    BuildHint => "An emulated build in your browser: no registry, base images start empty.", "브라우저 안에서 흉내 낸 빌드입니다: 레지스트리가 없어 베이스 이미지는 비어 있는 상태로 시작합니다.";
    ImageStale => "The project changed since this build: build again to update.", "이 빌드 이후 프로젝트가 바뀌었습니다: 다시 빌드하세요.";
    DownloadOci => "Download OCI tar", "OCI tar 다운로드";
    ManifestDigest => "Manifest digest", "매니페스트 다이제스트";
    ChangesOnly => "Only this layer's changes", "이 레이어의 변경만";
    NoEntries => "No files.", "파일이 없습니다.";
    NoLayers => "This image has no filesystem layers: its steps changed only the config (see the history and the build log).", "이 이미지에는 파일시스템 레이어가 없습니다: 단계들이 설정만 바꾸었습니다 (히스토리와 빌드 로그를 보세요).";
    Added => "added in this layer", "이 레이어에서 추가됨";
    Changed => "changed in this layer", "이 레이어에서 변경됨";
    Deleted => "deleted in this layer", "이 레이어에서 삭제됨";
    Unchanged => "unchanged", "변경 없음";
    Config => "Config", "설정";
    Platform => "Platform", "플랫폼";
    History => "History", "히스토리";
    CreatedBy => "Created by", "생성 명령";
    Size => "Size", "크기";
    Comment => "Comment", "설명";
    BuildLog => "Build log", "빌드 로그";
}

/// The problems list heading with its count.
pub fn problems_heading(lang: Lang, count: usize) -> String {
    match lang {
        Lang::En if count == 1 => "1 problem".to_owned(),
        Lang::En => format!("{count} problems"),
        Lang::Ko => format!("문제 {count}개"),
    }
}

/// "N hits".
pub fn hits(lang: Lang, count: usize) -> String {
    match lang {
        Lang::En => format!("{count} HIT"),
        Lang::Ko => format!("HIT {count}개"),
    }
}

/// "N misses".
pub fn misses(lang: Lang, count: usize) -> String {
    match lang {
        Lang::En => format!("{count} MISS"),
        Lang::Ko => format!("MISS {count}개"),
    }
}

/// "N steps saved".
pub fn steps_saved(lang: Lang, count: usize) -> String {
    match lang {
        Lang::En if count == 1 => "1 step saved".to_owned(),
        Lang::En => format!("{count} steps saved"),
        Lang::Ko => format!("{count}단계 절약"),
    }
}

/// "N layers".
pub fn layer_count(lang: Lang, count: usize) -> String {
    match lang {
        Lang::En if count == 1 => "1 layer".to_owned(),
        Lang::En => format!("{count} layers"),
        Lang::Ko => format!("레이어 {count}개"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_has_a_distinct_korean_translation() {
        // Technical names kept as-is in both languages.
        let same = [Text::LegendCopy, Text::LegendMount];
        for &text in Text::ALL {
            let (en, ko) = (text.get(Lang::En), text.get(Lang::Ko));
            assert!(!en.is_empty() && !ko.is_empty(), "{text:?}");
            if !same.contains(&text) {
                assert_ne!(en, ko, "{text:?} is not translated");
            }
        }
    }

    #[test]
    fn counts_read_naturally_in_both_languages() {
        assert_eq!(problems_heading(Lang::En, 1), "1 problem");
        assert_eq!(problems_heading(Lang::En, 3), "3 problems");
        assert_eq!(problems_heading(Lang::Ko, 3), "문제 3개");
        assert_eq!(steps_saved(Lang::Ko, 2), "2단계 절약");
    }
}

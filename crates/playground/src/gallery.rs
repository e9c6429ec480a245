//! The examples gallery: Dockerfiles, build contexts and lessons from the study notes.
//!
//! Each example lives in `crates/playground/gallery/<id>/`: its `Dockerfile`, the build
//! context under `context/` (the files the Dockerfile copies, and a `.dockerignore` where it
//! teaches something) and the lesson in `lesson.en.md` and `lesson.ko.md`. Everything is
//! embedded at compile time, so the gallery works offline and in the browser.
//!
//! Lessons are short Markdown: paragraphs, `-` and `1.` lists, `**bold**`, `` `code` `` and
//! fenced code blocks. The title is not repeated in the lesson text.

use std::collections::BTreeMap;

use crate::{Lang, Project};

/// One example of the gallery.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Example {
    /// Stable, URL-safe identifier (lower-case letters, digits and `-`).
    pub id: &'static str,
    /// English title.
    pub title_en: &'static str,
    /// Korean title.
    pub title_ko: &'static str,
    /// English lesson (Markdown).
    pub lesson_en: &'static str,
    /// Korean lesson (Markdown).
    pub lesson_ko: &'static str,
    /// Lint codes (primary codes, as in a diagnostic's `code`) the Dockerfile must show.
    pub expected_codes: &'static [&'static str],
    #[serde(skip)]
    dockerfile: &'static str,
    #[serde(skip)]
    files: &'static [(&'static str, &'static str)],
    #[serde(skip)]
    build_args: &'static [(&'static str, &'static str)],
    #[serde(skip)]
    target: Option<&'static str>,
}

impl Example {
    /// The example as an editable project: Dockerfile, context files, build args and target.
    pub fn project(&self) -> Project {
        // extend, not collect: collecting into a BTreeMap sorts first, one more sort routine in the wasm
        let (mut files, mut build_args) = (BTreeMap::new(), BTreeMap::new());
        files.extend(self.files.iter().map(|&(path, text)| (path.to_owned(), text.to_owned())));
        build_args.extend(self.build_args.iter().map(|&(name, value)| (name.to_owned(), value.to_owned())));
        Project {
            dockerfile: self.dockerfile.to_owned(),
            files,
            build_args,
            target: self.target.map(str::to_owned),
            legacy_builder: false,
        }
    }

    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.title_en,
            Lang::Ko => self.title_ko,
        }
    }

    /// The lesson in `lang`.
    pub fn lesson(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.lesson_en,
            Lang::Ko => self.lesson_ko,
        }
    }
}

/// The example the playground opens with.
pub const DEFAULT_EXAMPLE: &str = "three-stage";

/// Every example, in gallery order.
pub fn examples() -> &'static [Example] {
    &EXAMPLES
}

/// The example with this id.
pub fn example(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// An [`Example`] whose texts are embedded from `gallery/<id>/`.
macro_rules! example {
    (
        id: $id:literal,
        title_en: $title_en:literal,
        title_ko: $title_ko:literal,
        files: [$($path:literal),* $(,)?],
        build_args: [$(($name:literal, $value:literal)),* $(,)?],
        target: $target:expr,
        expected_codes: [$($code:literal),* $(,)?] $(,)?
    ) => {
        Example {
            id: $id,
            title_en: $title_en,
            title_ko: $title_ko,
            lesson_en: include_str!(concat!("../gallery/", $id, "/lesson.en.md")),
            lesson_ko: include_str!(concat!("../gallery/", $id, "/lesson.ko.md")),
            expected_codes: &[$($code),*],
            dockerfile: include_str!(concat!("../gallery/", $id, "/Dockerfile")),
            files: &[$(($path, include_str!(concat!("../gallery/", $id, "/context/", $path)))),*],
            build_args: &[$(($name, $value)),*],
            target: $target,
        }
    };
}

static EXAMPLES: [Example; 10] = [
    example! {
        id: "three-stage",
        title_en: "Three stages: build → test → final",
        title_ko: "3단계 빌드: 빌드 → 테스트 → 최종",
        files: [],
        build_args: [],
        target: None,
        expected_codes: ["DL3006", "DL3025"],
    },
    example! {
        id: "go-multistage",
        title_en: "Go multi-stage build",
        title_ko: "Go 멀티 스테이지 빌드",
        files: ["index.html", "main.go"],
        build_args: [],
        target: None,
        expected_codes: ["DL3006", "DL3045", "DL3000"],
    },
    example! {
        id: "java-maven",
        title_en: "Java (Maven) multi-stage build",
        title_ko: "자바(메이븐) 멀티 스테이지 빌드",
        files: [".dockerignore", "pom.xml", "src/main/java/iotd/Application.java"],
        build_args: [],
        target: None,
        expected_codes: ["DL3006"],
    },
    example! {
        id: "node-multistage",
        title_en: "Node.js multi-stage build",
        title_ko: "Node.js 멀티 스테이지 빌드",
        files: [".dockerignore", "src/package.json", "src/server.js"],
        build_args: [],
        target: None,
        expected_codes: ["DL3006"],
    },
    example! {
        id: "apache-php",
        title_en: "Apache + PHP on Ubuntu 14.04",
        title_ko: "우분투 14.04 위의 아파치 + PHP",
        files: [],
        build_args: [],
        target: None,
        expected_codes: ["DL4000", "LegacyKeyValueFormat", "DL3008", "DL3009", "DL3015", "DL3059"],
    },
    example! {
        id: "nginx",
        title_en: "nginx image and the build cache",
        title_ko: "nginx 이미지와 빌드 캐시",
        files: [],
        build_args: [],
        target: None,
        expected_codes: ["DL3007", "DL4000", "DL3008", "DL3009", "DL3015"],
    },
    example! {
        id: "python-apt",
        title_en: "Broken apt-get install (python)",
        title_ko: "깨지는 apt-get install (파이썬)",
        files: [],
        build_args: [],
        target: None,
        expected_codes: ["SW1002", "DL3014", "SW1003", "DL3008", "DL3009", "DL3015", "DL3059"],
    },
    example! {
        id: "go-refactor",
        title_en: "Refactoring exercise: 800 MB → 15 MB",
        title_ko: "리팩토링 연습: 800MB → 15MB",
        files: ["index.html", "main.go"],
        build_args: [],
        target: None,
        expected_codes: ["DL3006", "DL3000", "DL3059"],
    },
    example! {
        id: "secrets",
        title_en: "Secrets: ARG vs --mount=type=secret",
        title_ko: "비밀 값: ARG vs --mount=type=secret",
        files: [],
        build_args: [
            ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00"),
            ("AWS_SECRET_ACCESS_KEY", "made-up-secret-for-the-playground"),
        ],
        target: Some("with-arg"),
        expected_codes: ["DL3064"],
    },
    example! {
        id: "target-stages",
        title_en: "--target: BuildKit vs the legacy builder",
        title_ko: "--target: BuildKit과 레거시 빌더",
        files: [],
        build_args: [],
        target: Some("stage2"),
        expected_codes: ["DL3006"],
    },
];

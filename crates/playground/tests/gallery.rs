//! The examples gallery: every example is a valid, self-contained project whose lesson matches
//! what the linter shows.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use slipway_cache::ignore::{DockerIgnore, IgnoreSource};
use slipway_playground::gallery::{example, examples, Example, DEFAULT_EXAMPLE};
use slipway_playground::{Lang, Project};
use slipway_syntax::instructions::{analyze, Command, Model};

fn model(project: &Project) -> Model {
    analyze(&slipway_syntax::parse(&project.dockerfile))
}

fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

#[test]
fn there_are_ten_examples_with_unique_url_safe_ids() {
    let ids: Vec<&str> = examples().iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), 10);
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids in {ids:?}");
    for id in ids {
        let url_safe = !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !id.starts_with('-')
            && !id.ends_with('-');
        assert!(url_safe, "id {id:?} is not lower-case letters, digits and inner dashes");
    }
}

#[test]
fn lookup_by_id_finds_each_example_and_the_default() {
    for e in examples() {
        assert_eq!(example(e.id), Some(e));
    }
    assert_eq!(example(DEFAULT_EXAMPLE).map(|e| e.id), Some(DEFAULT_EXAMPLE));
    assert_eq!(example("no-such-example"), None);
}

#[test]
fn every_dockerfile_parses_and_types_without_errors() {
    for e in examples() {
        let project = e.project();
        let file = slipway_syntax::parse(&project.dockerfile);
        let errors: Vec<_> = file.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{}: parse errors {errors:?}", e.id);
        let model = analyze(&file);
        assert!(model.diagnostics.is_empty(), "{}: instruction errors {:?}", e.id, model.diagnostics);
        assert!(!model.stages.is_empty(), "{}: no stage", e.id);
    }
}

#[test]
fn every_expected_code_is_reported_by_the_linter() {
    for e in examples() {
        assert!(!e.expected_codes.is_empty(), "{}: no expected codes", e.id);
        let findings = slipway_lint::lint(&e.project().dockerfile, &slipway_lint::Config::default());
        let reported: BTreeSet<&str> = findings.iter().map(|f| f.code).collect();
        for code in e.expected_codes {
            assert!(reported.contains(code), "{}: expected {code}, linter reported {reported:?}", e.id);
        }
    }
}

#[test]
fn every_expected_code_is_explained_in_both_lessons() {
    for e in examples() {
        for code in e.expected_codes {
            for lang in [Lang::En, Lang::Ko] {
                assert!(e.lesson(lang).contains(code), "{}: the {lang:?} lesson does not mention {code}", e.id);
            }
        }
    }
}

#[test]
fn titles_and_lessons_exist_in_both_languages() {
    for e in examples() {
        for text in [e.title_en, e.title_ko, e.lesson_en, e.lesson_ko] {
            assert!(!text.trim().is_empty(), "{}: empty title or lesson", e.id);
        }
        assert!(!has_hangul(e.title_en) && !has_hangul(e.lesson_en), "{}: Korean in the English text", e.id);
        assert!(has_hangul(e.title_ko), "{}: Korean title untranslated", e.id);
        assert!(has_hangul(e.lesson_ko), "{}: Korean lesson untranslated", e.id);
        let words = e.lesson_en.split_whitespace().count();
        assert!((80..=200).contains(&words), "{}: English lesson has {words} words, not 80-200", e.id);
        assert!(!e.lesson_en.starts_with('#') && !e.lesson_ko.starts_with('#'), "{}: lesson repeats the title", e.id);
    }
    let e = example("python-apt").unwrap();
    assert_eq!(e.title(Lang::En), e.title_en);
    assert_eq!(e.title(Lang::Ko), e.title_ko);
    assert_eq!(e.lesson(Lang::En), e.lesson_en);
    assert_eq!(e.lesson(Lang::Ko), e.lesson_ko);
}

/// The context sources of every `COPY`/`ADD` that reads the build context.
fn context_sources(model: &Model) -> Vec<String> {
    let mut sources = Vec::new();
    for stage in &model.stages {
        for typed in &stage.commands {
            match &typed.command {
                Command::Copy { sources: s, from: None, .. } => sources.extend(s.iter().cloned()),
                Command::Add { sources: s, .. } => {
                    sources.extend(s.iter().filter(|s| !s.contains("://") && !s.starts_with("git@")).cloned())
                }
                _ => {}
            }
        }
    }
    sources
}

#[test]
fn every_copied_file_is_in_the_context_and_not_ignored() {
    for e in examples() {
        let project = e.project();
        let ignore = match project.files.get(".dockerignore") {
            Some(text) => DockerIgnore::parse(".dockerignore", text.as_bytes(), IgnoreSource::Context).unwrap(),
            None => DockerIgnore::empty(),
        };
        for source in context_sources(&model(&project)) {
            assert!(!source.contains(['*', '?', '[', '$']), "{}: pattern {source:?} is not checked here", e.id);
            let path = source.trim_start_matches("./").trim_end_matches('/');
            let copied: Vec<&String> = if path.is_empty() || path == "." {
                project.files.keys().collect()
            } else {
                let dir = format!("{path}/");
                project.files.keys().filter(|f| *f == path || f.starts_with(&dir)).collect()
            };
            assert!(
                copied.iter().any(|f| !ignore.is_excluded(f)),
                "{}: `{source}` copies nothing from the context {:?}",
                e.id,
                project.files.keys().collect::<Vec<_>>()
            );
            if !path.is_empty() && path != "." {
                assert!(!ignore.is_excluded(path), "{}: `{source}` is excluded by .dockerignore", e.id);
            }
        }
    }
}

#[test]
fn the_examples_that_copy_from_the_context_have_the_files_the_notes_use() {
    let files = |id: &str| example(id).unwrap().project().files.into_keys().collect::<Vec<_>>();
    assert_eq!(files("go-multistage"), ["index.html", "main.go"]);
    assert_eq!(files("java-maven"), [".dockerignore", "pom.xml", "src/main/java/iotd/Application.java"]);
    assert_eq!(files("node-multistage"), [".dockerignore", "src/package.json", "src/server.js"]);
}

#[test]
fn dockerignore_files_exclude_what_their_lessons_say() {
    let ignore = |e: &Example| {
        DockerIgnore::parse(".dockerignore", e.project().files[".dockerignore"].as_bytes(), IgnoreSource::Context)
            .unwrap()
    };
    let java = ignore(example("java-maven").unwrap());
    assert!(java.is_excluded("target/iotd-service-0.1.0.jar"));
    assert!(!java.is_excluded("src/main/java/iotd/Application.java"));
    assert!(!java.is_excluded("pom.xml"));
    let node = ignore(example("node-multistage").unwrap());
    assert!(node.is_excluded("src/node_modules/express/index.js"));
    assert!(!node.is_excluded("src/server.js"));
}

#[test]
fn targets_name_stages_and_build_args_name_declared_args() {
    for e in examples() {
        let project = e.project();
        let model = model(&project);
        if let Some(target) = &project.target {
            assert!(model.stage(target).is_some(), "{}: target {target:?} is not a stage", e.id);
        }
        let declared: BTreeSet<String> = model
            .global_args
            .iter()
            .chain(model.stages.iter().flat_map(|s| &s.commands))
            .flat_map(|typed| match &typed.command {
                Command::Arg { args } => args.iter().map(|(name, _)| name.clone()).collect(),
                _ => Vec::new(),
            })
            .collect();
        for name in project.build_args.keys() {
            assert!(declared.contains(name), "{}: build arg {name} has no ARG", e.id);
        }
        assert!(!project.legacy_builder, "{}: examples start with BuildKit", e.id);
    }
    assert_eq!(example("target-stages").unwrap().project().target.as_deref(), Some("stage2"));
    assert_eq!(example("secrets").unwrap().project().target.as_deref(), Some("with-arg"));
}

fn gallery_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("gallery")
}

fn files_under(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(root, &path, out);
        } else {
            let relative = path.strip_prefix(root).unwrap();
            out.push(relative.components().map(|c| c.as_os_str().to_str().unwrap()).collect::<Vec<_>>().join("/"));
        }
    }
}

#[test]
fn the_gallery_directory_holds_exactly_the_embedded_examples() {
    let mut on_disk: Vec<String> = std::fs::read_dir(gallery_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let mut ids: Vec<&str> = examples().iter().map(|e| e.id).collect();
    ids.sort();
    assert_eq!(on_disk, ids);
    for e in examples() {
        let context = gallery_dir().join(e.id).join("context");
        let mut files = Vec::new();
        if context.is_dir() {
            files_under(&context, &context, &mut files);
        }
        files.sort();
        let embedded: Vec<String> = e.project().files.into_keys().collect();
        assert_eq!(files, embedded, "{}: context/ on disk and the embedded files differ", e.id);
        let dockerfile = std::fs::read_to_string(gallery_dir().join(e.id).join("Dockerfile")).unwrap();
        assert_eq!(dockerfile, e.project().dockerfile, "{}", e.id);
    }
}

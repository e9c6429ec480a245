//! What-if tables with BuildKit's (and the legacy builder's) cache rules, and the advisor.

use slipway_playground::cache_view::{advise, CacheSession, StepStatus};
use slipway_playground::{Lang, Project};

use StepStatus::{Hit, Miss, Skipped};

fn project(dockerfile: &str, files: &[(&str, &str)]) -> Project {
    Project {
        dockerfile: dockerfile.into(),
        files: files.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect(),
        ..Project::default()
    }
}

fn statuses(table: &slipway_playground::cache_view::CacheTable) -> Vec<(u32, StepStatus)> {
    table.rows.iter().map(|r| (r.line, r.status)).collect()
}

const PY: &str = "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app.py .\nENV MODE=prod\nRUN python -m compileall .\nCMD [\"python\", \"app.py\"]\n";

fn py() -> Project {
    project(
        PY,
        &[("requirements.txt", "flask\n"), ("app.py", "print(1)\n"), (".dockerignore", "*.md\n"), ("NOTES.md", "n")],
    )
}

#[test]
fn nothing_changed_hits_every_vertex_and_metadata_has_no_row() {
    let base = py();
    let session = CacheSession::remember(&base).unwrap();
    let table = session.whatif(&base, Lang::En).unwrap();
    // FROM, WORKDIR, COPY, RUN, COPY, RUN: ENV and CMD are no cache vertices under BuildKit.
    assert_eq!(statuses(&table), [(1, Hit), (2, Hit), (3, Hit), (4, Hit), (5, Hit), (7, Hit)]);
    assert_eq!((table.hits, table.misses, table.steps_saved), (6, 0, 6));
    assert!(table.rows.iter().all(|r| r.reason == "cached" && r.cost == 0));
    assert_eq!(table.rows[2].instruction, "COPY requirements.txt .");
    assert_eq!(table.rows[2].step, 2);
    assert_eq!(table.rows[2].stage, "0");
}

#[test]
fn editing_a_copied_file_misses_that_copy_and_the_rest_of_the_stage() {
    let base = py();
    let session = CacheSession::remember(&base).unwrap();
    let mut edited = base.clone();
    edited.files.insert("app.py".into(), "print(2)\n".into());
    let table = session.whatif(&edited, Lang::En).unwrap();
    assert_eq!(statuses(&table), [(1, Hit), (2, Hit), (3, Hit), (4, Hit), (5, Miss), (7, Miss)]);
    assert_eq!(table.rows[4].reason, "COPY source app.py changed");
    assert_eq!(table.rows[5].reason, "a previous step in this stage missed");
    assert_eq!((table.hits, table.misses, table.steps_saved), (4, 2, 4));
    assert_eq!(table.rows.iter().map(|r| r.cost).sum::<u32>(), 2);
    let ko = session.whatif(&edited, Lang::Ko).unwrap();
    assert_eq!(ko.rows[4].reason, "COPY 원본이 바뀌었습니다: app.py");
    assert_eq!(ko.rows[5].reason, "이 스테이지의 앞 단계가 캐시를 놓쳤습니다");
    assert_eq!(ko.rows[0].reason, "캐시에 있습니다");
}

#[test]
fn editing_an_ignored_file_or_adding_one_hits_everything() {
    let base = py();
    let session = CacheSession::remember(&base).unwrap();
    let mut edited = base.clone();
    edited.files.insert("NOTES.md".into(), "changed".into());
    edited.files.insert("README.md".into(), "new".into());
    let table = session.whatif(&edited, Lang::En).unwrap();
    assert_eq!(table.misses, 0);
    assert_eq!(table.hits, 6);
}

#[test]
fn a_build_arg_misses_from_the_first_run_that_sees_it() {
    let dockerfile =
        "FROM alpine:3.20\nCOPY a.txt /a.txt\nRUN echo one\nARG VERSION=1\nCOPY b.txt /b.txt\nRUN echo $VERSION\n";
    let base = project(dockerfile, &[("a.txt", "a"), ("b.txt", "b")]);
    let session = CacheSession::remember(&base).unwrap();
    let mut edited = base.clone();
    edited.build_args.insert("VERSION".into(), "2".into());
    let table = session.whatif(&edited, Lang::En).unwrap();
    // COPY does not see build args; the RUN after the ARG does.
    assert_eq!(statuses(&table), [(1, Hit), (2, Hit), (3, Hit), (5, Hit), (6, Miss)]);
    assert_eq!(table.rows[4].reason, "build arg VERSION changed");
    assert_eq!(session.whatif(&edited, Lang::Ko).unwrap().rows[4].reason, "빌드 인자가 바뀌었습니다: VERSION");
}

#[test]
fn editing_an_instruction_says_its_text_changed() {
    let base = py();
    let session = CacheSession::remember(&base).unwrap();
    let edited = Project { dockerfile: PY.replace("pip install -r", "pip install --no-cache-dir -r"), ..base };
    let table = session.whatif(&edited, Lang::En).unwrap();
    assert_eq!(statuses(&table), [(1, Hit), (2, Hit), (3, Hit), (4, Miss), (5, Miss), (7, Miss)]);
    assert_eq!(table.rows[3].reason, "instruction text changed");
    assert_eq!(table.rows[4].reason, "a previous step in this stage missed");
}

const STAGES: &str = "FROM alpine:3.20 AS build\nCOPY src.txt /src.txt\nRUN cat /src.txt > /out\nFROM alpine:3.20 AS test\nRUN echo test\nFROM alpine:3.20 AS final\nCOPY --from=build /out /out\n";

#[test]
fn buildkit_skips_stages_the_target_does_not_need_and_legacy_builds_up_to_it() {
    let mut base = project(STAGES, &[("src.txt", "1")]);
    base.target = Some("final".into());
    let session = CacheSession::remember(&base).unwrap();
    let table = session.whatif(&base, Lang::En).unwrap();
    // BuildKit: final needs build, not test.
    assert_eq!(statuses(&table), [(1, Hit), (2, Hit), (3, Hit), (4, Skipped), (5, Skipped), (6, Hit), (7, Hit)]);
    assert_eq!(table.rows[3].reason, "not needed for the target final");
    assert_eq!(session.whatif(&base, Lang::Ko).unwrap().rows[3].reason, "타깃 final에 필요하지 않은 스테이지입니다");

    let mut legacy = base.clone();
    legacy.legacy_builder = true;
    legacy.target = Some("test".into());
    let session = CacheSession::remember(&legacy).unwrap();
    let table = session.whatif(&legacy, Lang::En).unwrap();
    // Legacy: every stage up to the target, nothing after it.
    let status_of = |line: u32| table.rows.iter().find(|r| r.line == line).map(|r| r.status);
    assert_eq!(status_of(3), Some(Hit));
    assert_eq!(status_of(5), Some(Hit));
    assert_eq!(status_of(7), Some(Skipped));
    assert_eq!(table.rows.iter().find(|r| r.line == 7).unwrap().reason, "stage comes after the target test");
}

#[test]
fn a_changed_stage_output_misses_the_copy_from_in_the_final_stage() {
    let base = project(STAGES, &[("src.txt", "1")]);
    let session = CacheSession::remember(&base).unwrap();
    let mut edited = base.clone();
    edited.files.insert("src.txt".into(), "2".into());
    let table = session.whatif(&edited, Lang::En).unwrap();
    assert_eq!(statuses(&table), [(1, Hit), (2, Miss), (3, Miss), (4, Skipped), (5, Skipped), (6, Hit), (7, Miss)]);
    assert_eq!(table.rows[1].reason, "COPY source src.txt changed");
}

#[test]
fn the_advisor_rewrites_a_broad_copy_before_an_install() {
    let dockerfile = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"src/index.js\"]\n";
    let files = [("package.json", "{}"), ("package-lock.json", "{}"), ("src/index.js", "")];
    let advice = advise(&project(dockerfile, &files), Lang::En).unwrap();
    assert_eq!(
        advice.dockerfile,
        "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD [\"node\", \"src/index.js\"]\n"
    );
    // Editing src/index.js: before, COPY . . and npm ci rerun; after, only COPY . . does.
    assert_eq!(advice.steps_saved, 1);
    assert!(advice.summary.contains("package.json package-lock.json"), "{}", advice.summary);
    assert!(advice.summary.contains("1 saved"), "{}", advice.summary);
    let ko = advise(&project(dockerfile, &files), Lang::Ko).unwrap();
    assert!(ko.summary.contains("1단계 절약"), "{}", ko.summary);
    assert_eq!(advise(&py(), Lang::En), None);
}

#[test]
fn a_dockerfile_that_does_not_plan_is_an_error() {
    assert!(CacheSession::remember(&project("FROM a AS x\n", &[])).is_ok());
    let mut bad = project("FROM a AS x\n", &[]);
    bad.target = Some("nope".into());
    assert!(CacheSession::remember(&bad).is_err());
}

#[test]
fn whatif_of_a_parsed_dockerfile_gives_the_same_table() {
    let base = py();
    let session = CacheSession::remember(&base).unwrap();
    let mut edited = base.clone();
    edited.dockerfile = PY.replace("ENV MODE=prod", "ENV MODE=dev");
    edited.files.insert("app.py".into(), "print(2)\n".into());
    let analysis = slipway_syntax::Analysis::new(slipway_syntax::parse(&edited.dockerfile));
    let table = session.whatif_analysis(&edited, &analysis, Lang::En).unwrap();
    assert_eq!(statuses(&table), [(1, Hit), (2, Hit), (3, Hit), (4, Hit), (5, Miss), (7, Miss)]);
    assert_eq!(table, session.whatif(&edited, Lang::En).unwrap());
}

//! Build → edit → rebuild scenarios with the results BuildKit's cache rules give.

use slipway_cache::context::{MemoryContext, Timestamp};
use slipway_cache::keys::CacheKey;
use slipway_cache::plan::{plan, ContextSnapshot, Mode, Plan, PlanRequest, StageOutputs};
use slipway_cache::simulate::{simulate, CacheState, Outcome, Simulation};
use slipway_syntax::Analysis;

use Outcome::{Hit, Miss, Skipped};

/// A context, a Dockerfile and build settings, with the cache state of past builds.
struct Scenario {
    ctx: MemoryContext,
    dockerfile: String,
    build_args: Vec<(String, String)>,
    target: Option<String>,
    mode: Mode,
    state: CacheState,
}

impl Scenario {
    fn new(dockerfile: &str, files: &[(&str, &str)]) -> Self {
        let mut ctx = MemoryContext::new();
        for (path, content) in files {
            ctx.add_file(path, *content, 0o644).unwrap();
        }
        Self {
            ctx,
            dockerfile: dockerfile.to_string(),
            build_args: Vec::new(),
            target: None,
            mode: Mode::Buildkit,
            state: CacheState::new(),
        }
    }

    fn plan_with(&self, outputs: Option<&dyn StageOutputs>) -> Plan {
        let analysis = Analysis::of_bytes(self.dockerfile.as_bytes());
        assert!(!analysis.has_errors(), "{:?}", analysis.diagnostics());
        let request = PlanRequest {
            build_args: self.build_args.clone(),
            target: self.target.clone(),
            mode: self.mode,
            context: Some(ContextSnapshot::load(&self.ctx, None, None).unwrap()),
            stage_outputs: outputs,
            ..PlanRequest::default()
        };
        plan(&analysis, &request).unwrap()
    }

    fn plan(&self) -> Plan {
        self.plan_with(None)
    }

    /// Builds: every key of the plan enters the cache.
    fn build(&mut self) -> Simulation {
        let plan = self.plan();
        let result = simulate(&self.state, &plan);
        self.state.record(&plan);
        result
    }

    /// What a rebuild would do now, without recording it.
    fn whatif(&self) -> Simulation {
        simulate(&self.state, &self.plan())
    }

    fn arg(&mut self, name: &str, value: &str) {
        self.build_args.retain(|(k, _)| k != name);
        self.build_args.push((name.to_string(), value.to_string()));
    }

    fn write(&mut self, path: &str, content: &str) {
        self.ctx.add_file(path, content, 0o644).unwrap();
    }
}

/// The outcomes of the keyed steps, in order (metadata steps left out).
fn outcomes(sim: &Simulation) -> Vec<Outcome> {
    sim.steps.iter().filter_map(|s| s.result).collect()
}

/// The reason given for the step on 1-based Dockerfile `line`.
fn reason_at(plan: &Plan, sim: &Simulation, line: usize) -> String {
    let index = plan.steps.iter().find(|s| s.line == line).expect("a step on that line").index;
    sim.step(index).unwrap().reason.clone()
}

fn result_at(plan: &Plan, sim: &Simulation, line: usize) -> Option<Outcome> {
    let index = plan.steps.iter().find(|s| s.line == line).expect("a step on that line").index;
    sim.step(index).unwrap().result
}

#[test]
fn first_build_misses_everything_and_a_rebuild_hits() {
    let mut s = Scenario::new("FROM alpine\nCOPY a /a\nRUN cat /a\n", &[("a", "1")]);
    let first = s.build();
    assert_eq!(outcomes(&first), [Miss, Miss, Miss]);
    assert_eq!(first.steps[0].reason, "not in cache (no previous build)");
    assert_eq!(outcomes(&s.whatif()), [Hit, Hit, Hit]);
}

#[test]
fn unused_arg_change_misses_later_run_but_not_copy() {
    let dockerfile = "FROM alpine\nARG VERSION=1\nCOPY app.js /app/\nRUN echo building\n";
    let mut s = Scenario::new(dockerfile, &[("app.js", "x")]);
    s.build();
    s.arg("VERSION", "2");
    let sim = s.whatif();
    let plan = s.plan();
    assert_eq!(result_at(&plan, &sim, 2), None, "ARG is metadata");
    assert_eq!(result_at(&plan, &sim, 3), Some(Hit), "COPY does not see ARGs");
    assert_eq!(result_at(&plan, &sim, 4), Some(Miss), "every ARG with a value is in RUN's env");
    assert_eq!(reason_at(&plan, &sim, 4), "build arg VERSION changed from 1 to 2");
}

#[test]
fn undeclared_build_args_and_proxy_args_stay_out_of_keys() {
    let mut s = Scenario::new("FROM alpine\nRUN echo hi\n", &[]);
    s.build();
    s.arg("HTTP_PROXY", "http://proxy:3128");
    s.arg("UNUSED", "1");
    assert_eq!(outcomes(&s.whatif()), [Hit, Hit]);
    s.dockerfile = "FROM alpine\nARG HTTP_PROXY\nRUN echo hi\n".to_string();
    let sim = s.whatif();
    assert_eq!(outcomes(&sim), [Hit, Miss], "a declared proxy ARG enters the env");
    assert_eq!(sim.steps[2].reason, "build arg HTTP_PROXY set to http://proxy:3128");
}

#[test]
fn label_edit_hits_in_buildkit_and_misses_in_legacy() {
    let before = "FROM alpine\nLABEL version=1\nRUN echo hi\n";
    let after = "FROM alpine\nLABEL version=2\nRUN echo hi\n";
    let mut s = Scenario::new(before, &[]);
    s.build();
    s.dockerfile = after.to_string();
    assert_eq!(outcomes(&s.whatif()), [Hit, Hit]);

    let mut legacy = Scenario::new(before, &[]);
    legacy.mode = Mode::Legacy;
    legacy.build();
    legacy.dockerfile = after.to_string();
    let sim = legacy.whatif();
    assert_eq!(outcomes(&sim), [Hit, Miss, Miss]);
    assert_eq!(sim.steps[1].reason, "LABEL changed");
    assert_eq!(sim.steps[2].reason, "parent step missed");
}

#[test]
fn user_change_misses_run_but_not_copy() {
    let mut s = Scenario::new("FROM alpine\nUSER app\nCOPY f /f\nRUN id\n", &[("f", "1")]);
    s.build();
    s.dockerfile = "FROM alpine\nUSER web\nCOPY f /f\nRUN id\n".to_string();
    let sim = s.whatif();
    let plan = s.plan();
    assert_eq!(result_at(&plan, &sim, 3), Some(Hit));
    assert_eq!(result_at(&plan, &sim, 4), Some(Miss));
    assert_eq!(reason_at(&plan, &sim, 4), "USER changed from app to web");
}

#[test]
fn touching_a_file_changes_nothing() {
    let mut s = Scenario::new("FROM alpine\nCOPY . /src\nRUN make\n", &[("main.c", "int main;"), ("Makefile", "all:")]);
    s.build();
    s.ctx.set_mtime("main.c", Timestamp { secs: 1_900_000_000, nanos: 5 }).unwrap();
    assert_eq!(outcomes(&s.whatif()), [Hit, Hit, Hit]);
}

#[test]
fn dockerignore_exceptions_decide_what_invalidates() {
    let files = [(".dockerignore", "*.md\n!README.md\n"), ("README.md", "r"), ("CHANGELOG.md", "c"), ("app.py", "p")];
    let mut s = Scenario::new("FROM python:3.12\nCOPY . /app\nRUN python -m compileall /app\n", &files);
    s.build();
    s.write("CHANGELOG.md", "c2");
    assert_eq!(outcomes(&s.whatif()), [Hit, Hit, Hit], "CHANGELOG.md is ignored");
    s.write("README.md", "r2");
    let sim = s.whatif();
    assert_eq!(outcomes(&sim), [Hit, Miss, Miss]);
    assert_eq!(sim.steps[1].reason, "README.md changed (COPY . /app)");
    assert_eq!(sim.steps[2].reason, "parent step missed");
}

const NODE: &str =
    "FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n";

#[test]
fn manifest_first_layout_keeps_npm_ci_cached() {
    let files = [("package.json", "{}"), ("package-lock.json", "{}"), ("src/x.js", "1"), ("src/y.js", "1")];
    let mut s = Scenario::new(NODE, &files);
    s.build();
    s.write("src/x.js", "2");
    let sim = s.whatif();
    assert_eq!(outcomes(&sim), [Hit, Hit, Hit, Hit, Miss, Miss]);
    assert_eq!(sim.steps[4].reason, "src/x.js changed (COPY . .)");
    s.write("package-lock.json", "{\"lockfileVersion\":3}");
    let sim = s.whatif();
    assert_eq!(outcomes(&sim), [Hit, Hit, Miss, Miss, Miss, Miss]);
    assert_eq!(sim.steps[2].reason, "package-lock.json changed (COPY package.json package-lock.json ./)");
}

#[test]
fn target_skips_stages_it_does_not_need() {
    let dockerfile = "FROM alpine AS s1\nRUN echo one\nFROM alpine AS s2\nRUN echo two\n";
    let mut s = Scenario::new(dockerfile, &[]);
    s.target = Some("s2".to_string());
    let sim = s.build();
    assert_eq!(outcomes(&sim), [Skipped, Skipped, Miss, Miss]);
    assert_eq!(sim.steps[0].reason, "stage s1 is not needed for target s2");
    let mut legacy = Scenario::new(dockerfile, &[]);
    legacy.target = Some("s2".to_string());
    legacy.mode = Mode::Legacy;
    assert_eq!(outcomes(&legacy.build()), [Miss, Miss, Miss, Miss], "the legacy builder builds s1 too");
    legacy.target = Some("s1".to_string());
    assert_eq!(outcomes(&legacy.whatif()), [Hit, Hit, Skipped, Skipped]);
}

#[test]
fn copy_link_does_not_depend_on_earlier_steps_unless_chmod() {
    let mut s = Scenario::new("FROM alpine\nRUN echo a\nCOPY --link f /f\nRUN cat /f\n", &[("f", "1")]);
    s.build();
    s.dockerfile = "FROM alpine\nRUN echo b\nCOPY --link f /f\nRUN cat /f\n".to_string();
    let sim = s.whatif();
    assert_eq!(outcomes(&sim), [Hit, Miss, Hit, Miss]);
    assert_eq!(sim.steps[1].reason, "RUN text changed");
    assert_eq!(sim.steps[3].reason, "parent step missed");

    let mut s = Scenario::new("FROM alpine\nRUN echo a\nCOPY --link --chmod=644 f /f\n", &[("f", "1")]);
    s.build();
    s.dockerfile = "FROM alpine\nRUN echo b\nCOPY --link --chmod=644 f /f\n".to_string();
    assert_eq!(outcomes(&s.whatif()), [Hit, Miss, Miss]);
}

#[test]
fn bind_mount_sources_are_keyed_by_content() {
    let dockerfile = "FROM golang\nRUN --mount=type=bind,source=go.mod,target=/src/go.mod go mod download\n";
    let mut s = Scenario::new(dockerfile, &[("go.mod", "module a"), ("main.go", "package main")]);
    s.build();
    s.write("main.go", "package main // edited");
    assert_eq!(outcomes(&s.whatif()), [Hit, Hit]);
    s.write("go.mod", "module b");
    let sim = s.whatif();
    assert_eq!(outcomes(&sim), [Hit, Miss]);
    assert_eq!(sim.steps[1].reason, "go.mod changed (bind mount /src/go.mod)");
}

#[test]
fn cache_mount_and_secret_contents_never_enter_keys() {
    let dockerfile =
        "FROM alpine\nRUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=token,env=TOKEN make\n";
    let mut s = Scenario::new(dockerfile, &[]);
    let plan = s.plan();
    let run = &plan.steps[1];
    let inputs: Vec<String> = run.inputs.iter().map(|i| i.to_string()).collect();
    assert!(inputs.contains(&"mount /root/.cache=type=cache,id=/root/.cache,sharing=shared,readonly=false".to_string()));
    assert!(
        inputs.contains(&"mount env TOKEN=type=secret,id=token,required=false,env=TOKEN".to_string()),
        "{inputs:?}"
    );
    s.build();
    // Secret values are not even an input of the planner: whatever they are, the key is the same.
    assert_eq!(outcomes(&s.whatif()), [Hit, Hit]);
    s.dockerfile = dockerfile.replace("id=token", "id=other");
    let sim = s.whatif();
    assert_eq!(sim.steps[1].reason, "--mount env TOKEN changed");
}

#[test]
fn editing_a_run_heredoc_body_misses() {
    let mut s = Scenario::new("FROM alpine\nRUN <<EOF\necho one\nEOF\nRUN echo after\n", &[]);
    s.build();
    s.dockerfile = "FROM alpine\nRUN <<EOF\necho two\nEOF\nRUN echo after\n".to_string();
    let sim = s.whatif();
    assert_eq!(outcomes(&sim), [Hit, Miss, Miss]);
    assert_eq!(sim.steps[1].reason, "heredoc EOF changed");
}

#[test]
fn copy_heredoc_bodies_are_content() {
    let mut s = Scenario::new("FROM alpine\nARG NAME=a\nCOPY <<EOF /greeting\nhello $NAME\nEOF\n", &[]);
    s.build();
    s.arg("NAME", "b");
    assert_eq!(outcomes(&s.whatif()), [Hit, Miss], "an unquoted heredoc body is expanded");
}

#[test]
fn reverting_an_edit_hits_again() {
    let mut s = Scenario::new("FROM alpine\nCOPY conf /etc/conf\nRUN cat /etc/conf\n", &[("conf", "v1")]);
    s.build();
    s.write("conf", "v2");
    assert_eq!(outcomes(&s.build()), [Hit, Miss, Miss]);
    s.write("conf", "v1");
    assert_eq!(outcomes(&s.whatif()), [Hit, Hit, Hit], "the cache keeps the first version");
    s.arg("UNUSED", "x");
    s.dockerfile = "FROM alpine\nCOPY conf /etc/conf\nRUN cat /etc/conf\n".to_string();
    assert_eq!(outcomes(&s.whatif()), [Hit, Hit, Hit]);
}

#[test]
fn deleted_and_added_files_are_named() {
    let mut s = Scenario::new("FROM alpine\nCOPY src /src\n", &[("src/a", "1"), ("src/b", "1")]);
    s.build();
    s.ctx.remove("src/a").unwrap();
    s.write("src/c", "1");
    let sim = s.whatif();
    assert_eq!(sim.steps[1].reason, "src/a deleted, src/c added (COPY src /src)");
}

#[test]
fn base_image_digest_and_reference_changes() {
    let mut s = Scenario::new("FROM alpine:3.19\nRUN echo\n", &[]);
    s.build();
    s.dockerfile = "FROM alpine:3.20\nRUN echo\n".to_string();
    let sim = s.whatif();
    assert_eq!(outcomes(&sim), [Miss, Miss]);
    assert!(
        sim.steps[0].reason.starts_with("base image changed from docker.io/library/alpine:3.19"),
        "{}",
        sim.steps[0].reason
    );

    let analysis = Analysis::of_bytes(b"FROM alpine:3.20\nRUN echo\n");
    let with_digest = |digest: &str| PlanRequest {
        images: [("alpine:3.20".to_string(), digest.to_string())].into(),
        ..PlanRequest::default()
    };
    let mut state = CacheState::new();
    state.record(&plan(&analysis, &with_digest("sha256:aaaa")).unwrap());
    let sim = simulate(&state, &plan(&analysis, &with_digest("sha256:bbbb")).unwrap());
    assert_eq!(sim.steps[0].reason, "base image digest changed");
    assert_eq!(sim.steps[1].reason, "parent step missed");
}

#[test]
fn workdir_is_a_layer_keyed_with_source_date_epoch() {
    let mut s = Scenario::new("FROM alpine\nWORKDIR /app\nRUN pwd\n", &[]);
    let plan = s.plan();
    assert!(plan.steps[1].layer);
    s.build();
    s.arg("SOURCE_DATE_EPOCH", "1700000000");
    let sim = s.whatif();
    assert_eq!(outcomes(&sim), [Hit, Miss, Miss]);
    assert_eq!(sim.steps[1].reason, "SOURCE_DATE_EPOCH set to 1700000000");
    let root = Scenario::new("FROM alpine\nWORKDIR /\n", &[]).plan();
    assert!(!root.steps[1].layer, "WORKDIR / makes no layer");
}

#[test]
fn workdir_change_moves_relative_copy_destinations() {
    let mut s = Scenario::new("FROM alpine\nWORKDIR /app\nCOPY f .\n", &[("f", "1")]);
    assert_eq!(s.plan().steps[2].inputs.iter().find(|i| i.name == "dest").unwrap().value, "/app/");
    s.build();
    s.dockerfile = "FROM alpine\nWORKDIR /srv\nCOPY f .\n".to_string();
    let sim = s.whatif();
    assert_eq!(sim.steps[1].reason, "WORKDIR changed from /app to /srv");
    assert_eq!(sim.steps[2].reason, "destination changed from /app/ to /srv/");
}

/// Real checksums from a build engine: the file `/out` of stage 0 is the same whatever
/// the stage's key.
struct SameOutput;

impl StageOutputs for SameOutput {
    fn checksum(&self, _stage: usize, _key: &CacheKey, path: &str) -> Option<String> {
        Some(format!("sha256:fixed-{path}"))
    }
}

#[test]
fn copy_from_stage_uses_stage_outputs() {
    let dockerfile = "FROM alpine AS build\nCOPY src /src\nRUN make\nFROM alpine\nCOPY --from=build /out /out\n";
    let mut s = Scenario::new(dockerfile, &[("src/a", "1")]);
    s.build();
    s.write("src/a", "2");
    let sim = s.whatif();
    assert_eq!(
        outcomes(&sim),
        [Hit, Miss, Miss, Hit, Miss],
        "approximation: the stage reran, so its output may differ"
    );
    assert_eq!(sim.steps[4].reason, "out changed (COPY --from=build /out /out)");

    let mut state = CacheState::new();
    s.write("src/a", "1");
    state.record(&s.plan_with(Some(&SameOutput)));
    s.write("src/a", "2");
    let sim = simulate(&state, &s.plan_with(Some(&SameOutput)));
    assert_eq!(outcomes(&sim), [Hit, Miss, Miss, Hit, Hit], "same files from the stage: the copy hits");
}

#[test]
fn durations_give_a_rebuild_estimate() {
    let mut s = Scenario::new("FROM alpine\nCOPY a /a\nRUN sleep 5\n", &[("a", "1")]);
    let plan = s.plan();
    s.state.record(&plan);
    s.state.set_duration(plan.steps[1].key.unwrap(), 100);
    s.state.set_duration(plan.steps[2].key.unwrap(), 5000);
    s.write("a", "2");
    let sim = s.whatif();
    assert_eq!(sim.estimated_cost_ms, Some(5100));
    let json = s.state.to_json();
    assert_eq!(CacheState::from_json(&json).unwrap(), s.state);
}

#[test]
fn keys_are_independent_of_dockerfile_formatting_of_metadata() {
    let a = Scenario::new("FROM alpine\nENV A=1\nRUN echo $A\n", &[]).plan();
    let b = Scenario::new("FROM alpine\n# comment\nENV A=1\n\nRUN echo $A\n", &[]).plan();
    assert_eq!(a.final_key(), b.final_key());
    let c = Scenario::new("FROM alpine\nENV A=2\nRUN echo $A\n", &[]).plan();
    assert_ne!(a.final_key(), c.final_key(), "ENV values are in RUN's env");
}

#[test]
fn refreshing_a_snapshot_with_known_changes_matches_a_full_walk() {
    use slipway_cache::stat_cache::StatCache;
    let mut ctx = MemoryContext::new();
    for (path, content) in [(".dockerignore", "*.log\n"), ("a/x", "1"), ("a/y", "1"), ("b/z", "1"), ("keep", "1")] {
        ctx.add_file(path, content, 0o644).unwrap();
    }
    let mut cache = StatCache::new();
    let first = ContextSnapshot::load(&ctx, None, Some(&mut cache)).unwrap();
    ctx.add_file("a/x", "2", 0o644).unwrap();
    ctx.add_file("a/new", "3", 0o644).unwrap();
    ctx.add_file("a/debug.log", "ignored", 0o644).unwrap();
    ctx.remove("b").unwrap();
    ctx.add_file("c/d/e", "new dir", 0o644).unwrap();
    let changed: Vec<String> = ["a/x", "a/new", "a/debug.log", "b", "c/d/e"].map(String::from).to_vec();
    let refreshed = first.refresh(&ctx, &changed, &mut cache).unwrap();
    let walked = ContextSnapshot::load(&ctx, None, None).unwrap();
    assert_eq!(refreshed.hashes().root(), walked.hashes().root());
    ctx.add_file("keep", "2", 0o644).unwrap();
    let again = refreshed.refresh(&ctx, &["keep".to_string()], &mut cache).unwrap();
    assert_eq!(again.hashes().stats().files_read, 1, "only the changed file is read");
    assert_eq!(again.hashes().root(), ContextSnapshot::load(&ctx, None, None).unwrap().hashes().root());
}

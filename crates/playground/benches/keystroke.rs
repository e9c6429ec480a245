//! What one keystroke costs the playground: lint ([`check`]) and the cache what-if
//! ([`CacheSession::whatif`]) of a generated 200-line multi-stage Dockerfile (global ARGs,
//! five stages, apt-get and pip installs, COPY of context files, COPY --from) with 200
//! context files, against the build remembered before the edit. Budget: ≤ 5 ms in Chromium,
//! so ≤ 1.5 ms native.
//!
//! `cargo bench -p slipway-playground --bench keystroke`
//!
//! For instruction counts (repeatable on a busy machine), run the bench binary with
//! `SLIPWAY_KEYSTROKE=<check|dockerfile|context|keystroke|separate>[:iterations]` under callgrind: it
//! then runs that case without criterion, inside `measured`, so
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*measured*' <binary>`
//! counts only the measured work.
#![allow(missing_docs)] // criterion_group! generates an undocumented public function

use std::collections::BTreeMap;
use std::fmt::Write as _;

use criterion::{black_box, criterion_group, Criterion};
use slipway_playground::cache_view::CacheSession;
use slipway_playground::diagnostics::{check, check_analysis};
use slipway_playground::{Lang, Project};
use slipway_syntax::Analysis;

/// Python packages of the generated context: `src/<package>/<module>.py`.
const PACKAGES: usize = 12;
const MODULES: usize = 15;

/// A 200-line Dockerfile: global ARGs, a base stage with apt-get, a pip stage, a build stage
/// copying every package, a test stage, and a slim runtime stage copying from the build.
fn dockerfile() -> String {
    let mut out = String::new();
    out.push_str("# syntax=docker/dockerfile:1\n");
    out.push_str("ARG PYTHON_VERSION=3.12\nARG DEBIAN=bookworm\nARG APP_USER=app\n\n");
    out.push_str("FROM python:${PYTHON_VERSION}-slim-${DEBIAN} AS base\n");
    out.push_str("ARG DEBIAN_FRONTEND=noninteractive\n");
    out.push_str("ENV PYTHONDONTWRITEBYTECODE=1 \\\n    PYTHONUNBUFFERED=1 \\\n    PIP_NO_CACHE_DIR=1\n");
    out.push_str("RUN apt-get update \\\n");
    for package in ["build-essential", "curl", "ca-certificates", "git", "libpq-dev", "libffi-dev", "libssl-dev"] {
        let _ = writeln!(out, "    && apt-get install -y --no-install-recommends {package}=1.0 \\");
    }
    out.push_str("    && rm -rf /var/lib/apt/lists/*\n");
    out.push_str("WORKDIR /app\n\n");

    out.push_str("FROM base AS deps\n");
    out.push_str("COPY requirements.txt requirements-dev.txt ./\n");
    out.push_str("RUN pip install --no-cache-dir -r requirements.txt \\\n");
    out.push_str("    && pip install --no-cache-dir -r requirements-dev.txt\n");
    out.push_str("ENV PATH=/app/.venv/bin:$PATH\n\n");

    out.push_str("FROM deps AS build\n");
    out.push_str("ARG VERSION=0.0.0\n");
    out.push_str("ENV APP_VERSION=${VERSION}\n");
    out.push_str("COPY pyproject.toml setup.cfg ./\n");
    for package in 0..PACKAGES {
        let _ = writeln!(out, "COPY src/pkg{package} src/pkg{package}");
        let _ = writeln!(out, "RUN python -m compileall -q src/pkg{package} \\");
        let _ = writeln!(out, "    && echo \"built pkg{package} $APP_VERSION\" >> /app/build.log");
    }
    out.push_str("RUN pip install --no-deps .\n\n");

    out.push_str("FROM build AS test\n");
    out.push_str("COPY tests tests\n");
    for package in 0..PACKAGES {
        let _ = writeln!(out, "RUN python -m pytest -q tests/test_pkg{package}.py \\");
        let _ = writeln!(out, "    --maxfail=1 --disable-warnings");
    }
    out.push('\n');

    out.push_str("FROM python:${PYTHON_VERSION}-slim-${DEBIAN} AS runtime\n");
    out.push_str("ARG APP_USER\n");
    out.push_str("LABEL org.opencontainers.image.title=\"demo\" \\\n");
    out.push_str("      org.opencontainers.image.source=\"https://example.invalid/demo\"\n");
    out.push_str("RUN useradd --create-home ${APP_USER}\n");
    out.push_str("WORKDIR /app\n");
    out.push_str("COPY --from=build /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages\n");
    for package in 0..PACKAGES {
        let _ = writeln!(out, "COPY --from=build --chown=${{APP_USER}} /app/src/pkg{package} /app/src/pkg{package}");
    }
    out.push_str("COPY config/ /etc/demo/\n");
    out.push_str("ENV DEMO_CONFIG=/etc/demo/app.toml\n");
    out.push_str("USER ${APP_USER}\n");
    out.push_str("EXPOSE 8000\n");
    out.push_str("HEALTHCHECK --interval=30s CMD curl -f http://localhost:8000/health || exit 1\n");
    out.push_str("CMD [\"python\", \"-m\", \"demo\"]\n");
    let mut lines: Vec<&str> = out.lines().collect();
    let filler: Vec<String> = (lines.len()..200).map(|i| format!("# note {i}: keep the image small")).collect();
    // Comments fill the file up to 200 lines, between the test and runtime stages.
    let at = lines.iter().position(|l| l.contains("AS runtime")).unwrap_or(lines.len());
    lines.splice(at..at, filler.iter().map(String::as_str));
    lines.join("\n") + "\n"
}

/// 200 context files: packages, tests, configuration, requirement files, `.dockerignore`.
fn files() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for package in 0..PACKAGES {
        for module in 0..MODULES {
            files.insert(
                format!("src/pkg{package}/mod{module}.py"),
                format!(
                    "\"\"\"Module {module} of package {package}.\"\"\"\n\ndef f{module}():\n    return {package}\n"
                )
                .repeat(8),
            );
        }
        files.insert(format!("tests/test_pkg{package}.py"), format!("def test_{package}():\n    assert True\n"));
    }
    for name in ["app.toml", "logging.toml"] {
        files.insert(format!("config/{name}"), format!("# {name}\nlevel = \"info\"\n"));
    }
    files.insert("requirements.txt".into(), "flask==3.0.0\nrequests==2.31.0\npsycopg==3.1.0\n".into());
    files.insert("requirements-dev.txt".into(), "pytest==8.0.0\n".into());
    files.insert("pyproject.toml".into(), "[project]\nname = \"demo\"\nversion = \"0.0.0\"\n".into());
    files.insert("setup.cfg".into(), "[metadata]\nname = demo\n".into());
    files.insert("README.md".into(), "# demo\n".into());
    files.insert(".dockerignore".into(), "*.md\n**/__pycache__\n.git\n".into());
    files
}

/// The three projects of a keystroke: as remembered, after typing in the Dockerfile (a
/// character in the middle of package 5's RUN line), after typing in a context file.
struct Case {
    base: Project,
    dockerfile_edit: Project,
    context_edit: Project,
    session: CacheSession,
}

impl Case {
    fn new() -> Self {
        let base = Project { dockerfile: dockerfile(), files: files(), ..Project::default() };
        assert_eq!(base.dockerfile.lines().count(), 200);
        assert_eq!(base.files.len(), 200);
        let mut dockerfile_edit = base.clone();
        dockerfile_edit.dockerfile = base.dockerfile.replacen("built pkg5", "built pkg5x", 1);
        assert_ne!(dockerfile_edit.dockerfile, base.dockerfile);
        let mut context_edit = base.clone();
        context_edit.files.get_mut("src/pkg7/mod3.py").expect("generated file").push('x');
        let session = CacheSession::remember(&base).expect("the generated project plans");
        Self { base, dockerfile_edit, context_edit, session }
    }

    /// Everything one keystroke in the editor costs: diagnostics and the what-if table.
    /// The Dockerfile is parsed once for both (what the web front end's `keystroke_work` can do).
    fn keystroke(&self, project: &Project) -> usize {
        let analysis = Analysis::new(slipway_syntax::parse(&project.dockerfile));
        let diagnostics = check_analysis(project, &analysis, Lang::En);
        let table = self.session.whatif_analysis(project, &analysis, Lang::En).expect("what-if");
        diagnostics.len() + table.misses
    }

    /// The same work through [`check`] and [`CacheSession::whatif`], each parsing the Dockerfile.
    fn separate(&self, project: &Project) -> usize {
        let diagnostics = check(project, Lang::En);
        let table = self.session.whatif(project, Lang::En).expect("what-if");
        diagnostics.len() + table.misses
    }
}

fn bench(c: &mut Criterion) {
    let case = Case::new();
    // The edits do what they should: a miss from package 5's RUN on, one COPY and after.
    let table = case.session.whatif(&case.dockerfile_edit, Lang::En).expect("what-if");
    assert!(table.misses > 0 && table.hits > 0, "{table:?}");
    let table = case.session.whatif(&case.context_edit, Lang::En).expect("what-if");
    assert!(table.misses > 0 && table.hits > 0, "{table:?}");
    assert!(case.session.whatif(&case.base, Lang::En).expect("what-if").misses == 0);

    let mut group = c.benchmark_group("keystroke");
    group.bench_function("check", |b| b.iter(|| check(black_box(&case.dockerfile_edit), Lang::En)));
    group.bench_function("whatif_after_dockerfile_edit", |b| {
        b.iter(|| case.session.whatif(black_box(&case.dockerfile_edit), Lang::En))
    });
    group.bench_function("whatif_after_context_edit", |b| {
        b.iter(|| case.session.whatif(black_box(&case.context_edit), Lang::En))
    });
    group.bench_function("keystroke", |b| b.iter(|| case.keystroke(black_box(&case.dockerfile_edit))));
    group.bench_function("keystroke_separate_parses", |b| b.iter(|| case.separate(black_box(&case.dockerfile_edit))));
    group.finish();
}

/// The work callgrind counts (see the module documentation).
#[inline(never)]
fn measured(case: &Case, which: &str, iterations: usize) -> usize {
    let mut total = 0;
    for _ in 0..iterations {
        total += match which {
            "check" => check(black_box(&case.dockerfile_edit), Lang::En).len(),
            "dockerfile" => case.session.whatif(black_box(&case.dockerfile_edit), Lang::En).map_or(0, |t| t.misses),
            "context" => case.session.whatif(black_box(&case.context_edit), Lang::En).map_or(0, |t| t.misses),
            "keystroke" => case.keystroke(black_box(&case.dockerfile_edit)),
            "separate" => case.separate(black_box(&case.dockerfile_edit)),
            other => panic!("unknown case {other}: check, dockerfile, context, keystroke or separate"),
        };
    }
    total
}

criterion_group!(benches, bench);

fn main() {
    if let Ok(spec) = std::env::var("SLIPWAY_KEYSTROKE") {
        let (which, iterations) = spec.split_once(':').unwrap_or((spec.as_str(), "10"));
        let iterations = iterations.parse().expect("iterations");
        let case = Case::new();
        println!("{}", measured(&case, which, iterations));
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}

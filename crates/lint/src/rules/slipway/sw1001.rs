//! SW1001: the whole context (or often-changing sources) copied before a dependency install.

use slipway_syntax::instructions::CommandLine;
use slipway_syntax::Token;

use super::support::base_name;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `COPY` or `ADD` from the build context that brings in the whole context (`.`,
    /// `*`) or sources that change often (a directory such as `src/`, source files such as
    /// `*.py`) when a later `RUN` of the same stage installs dependencies: `npm ci`/`npm
    /// install`, `yarn install`, `pnpm install`, `pip install -r`, `poetry install`, `mvn
    /// dependency:go-offline` or `mvn package`, `go mod download`, `bundle install`, `cargo
    /// fetch` or `cargo build`, `composer install`. Copying only manifests and lockfiles
    /// (`package.json`, `go.sum`, …) is fine. The finding points at the source and is reported
    /// once per `COPY`.
    ///
    /// ## Why is this bad?
    /// BuildKit keys a `COPY` on the content of what it copies and every later step on the
    /// step before it. Copying all sources before the install means any edit to any source
    /// file changes the `COPY`, so the install below it misses the cache and downloads every
    /// dependency again — minutes per build for a one-line change. Copying the manifest and
    /// lockfile first and installing before copying the rest keeps the install cached until
    /// the dependencies themselves change.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci
    /// RUN npm run build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// COPY package*.json ./
    /// RUN npm ci
    /// COPY . .
    /// RUN npm run build
    /// ```
    ///
    /// ## Fix safety
    /// Display only: the suggested rewrite inserts `COPY <manifests> <dest>` before the broad
    /// copy and moves the install `RUN` up after it (for `mvn package` and `cargo build`, which
    /// need the sources, it adds `RUN mvn dependency:go-offline` or `RUN cargo fetch` instead).
    /// The manifest names are the usual ones and the install may depend on other files or on
    /// instructions in between, so check it before applying.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 같은 스테이지의 뒤쪽 `RUN`이 의존성을 설치할 때(`npm ci`/`npm install`, `yarn install`,
    /// `pnpm install`, `pip install -r`, `poetry install`, `mvn dependency:go-offline`이나
    /// `mvn package`, `go mod download`, `bundle install`, `cargo fetch`나 `cargo build`,
    /// `composer install`), 그보다 앞에서 빌드 컨텍스트 전체(`.`, `*`)나 자주 바뀌는 소스(`src/` 같은
    /// 디렉터리, `*.py` 같은 소스 파일)를 가져오는 `COPY`나 `ADD`를 찾습니다. 매니페스트와 잠금 파일
    /// (`package.json`, `go.sum` 등)만 복사하는 것은 괜찮습니다. 원본 위치에 `COPY`마다 한 번
    /// 보고합니다.
    ///
    /// ## 왜 문제인가요?
    /// BuildKit은 `COPY`를 복사하는 내용으로, 이후의 각 단계를 바로 앞 단계로 캐시 키를 만듭니다.
    /// 설치 전에 소스를 모두 복사하면 어떤 소스 파일을 고쳐도 `COPY`가 바뀌고, 그 아래 설치는 캐시를
    /// 놓쳐 모든 의존성을 다시 내려받습니다. 한 줄 고치는 데 빌드마다 몇 분이 듭니다. 매니페스트와
    /// 잠금 파일을 먼저 복사해 설치한 뒤 나머지를 복사하면, 의존성 자체가 바뀔 때까지 설치가 캐시에
    /// 남습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci
    /// RUN npm run build
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// COPY package*.json ./
    /// RUN npm ci
    /// COPY . .
    /// RUN npm run build
    /// ```
    ///
    /// ## 수정의 안전성
    /// 보여 주기만 합니다. 넓은 복사 앞에 `COPY <매니페스트> <대상>`을 넣고 설치 `RUN`을 그 뒤로
    /// 올립니다(소스가 필요한 `mvn package`와 `cargo build`에는 대신 `RUN mvn dependency:go-offline`이나
    /// `RUN cargo fetch`를 더합니다). 매니페스트 이름은 흔히 쓰는 것이고 설치가 다른 파일이나 사이의
    /// 명령어에 기댈 수 있으므로 적용하기 전에 확인하세요.
    RULE {
        hadolint: None,
        buildkit: None,
        slipway: Some("SW1001"),
        summary: "Sources copied before the dependency install invalidate its cache",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

/// A dependency install: what to copy first and, for builds that need the sources, the
/// command that fetches the dependencies alone.
struct Install {
    manifests: String,
    fetch: Option<&'static str>,
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for stage in &ctx.stages {
        let mut pending: Vec<(usize, &Token)> = Vec::new();
        let mut installed: Vec<String> = Vec::new();
        for index in stage.from_index + 1..stage.end_index {
            match ctx.command(index) {
                Some(Command::Copy { from: None, .. } | Command::Add { .. }) => {
                    let instruction = &ctx.instructions()[index];
                    if let Arguments::Words(tokens) | Arguments::Json(tokens) = &instruction.args {
                        if let Some((_, sources)) = tokens.split_last() {
                            pending.extend(sources.iter().filter(|t| is_broad(&t.value)).map(|t| (index, t)));
                        }
                    }
                }
                Some(Command::Run { command, .. }) => {
                    let Some((install, text)) = find_install(ctx, index, command) else { continue };
                    let fetched_before = install.fetch.is_some() && installed.contains(&install.manifests);
                    installed.push(install.manifests.clone());
                    if fetched_before {
                        pending.clear();
                        continue;
                    }
                    let mut reported = Vec::new();
                    for (copy, token) in pending.drain(..) {
                        if !reported.contains(&copy) {
                            reported.push(copy);
                            report(ctx, out, copy, token, index, &install, &text);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn report(
    ctx: &Context<'_>,
    out: &mut Reporter<'_>,
    copy: usize,
    source: &Token,
    run: usize,
    install: &Install,
    text: &str,
) {
    let copy_instruction = &ctx.instructions()[copy];
    let keyword = copy_instruction.keyword.value.to_ascii_uppercase();
    let message = format!(
        "{keyword} {} before `{text}` invalidates the dependency-install cache on every source change; copy {} first",
        source.value, install.manifests
    );
    let whole_context =
        matches!(source.value.trim_matches(|c| c == '"' || c == '\''), "." | "./" | "/" | "*" | "./*" | "/*");
    let dest = match &copy_instruction.args {
        Arguments::Words(tokens) | Arguments::Json(tokens) if whole_context => {
            tokens.last().map_or("./".to_string(), |t| t.value.to_string())
        }
        _ => "./".to_string(),
    };
    let dest = if dest.ends_with('/') {
        dest
    } else if dest == "." {
        "./".into()
    } else {
        format!("{dest}/")
    };
    let mut inserted = format!("COPY {} {dest}\n", install.manifests);
    let mut edits = Vec::new();
    match install.fetch {
        Some(fetch) => inserted.push_str(&format!("RUN {fetch}\n")),
        None => {
            let run_span = ctx.instructions()[run].span;
            inserted.push_str(ctx.text(run_span));
            inserted.push('\n');
            let end = ctx.source[run_span.end..].find('\n').map_or(ctx.source.len(), |n| run_span.end + n + 1);
            edits.push(Edit::delete(Span::new(run_span.start, end)));
        }
    }
    edits.push(Edit::insert(copy_instruction.span.start, inserted));
    out.report_for(copy, source.span, message)
        .with_fix(Fix::display_only(format!("Copy {} and install first", install.manifests), edits));
}

/// The dependency install run by `RUN` instruction `index`, with its command text.
fn find_install(ctx: &Context<'_>, index: usize, command: &CommandLine) -> Option<(Install, String)> {
    if let CommandLine::Exec(argv) = command {
        let (name, args) = argv.split_first()?;
        let literals: Vec<Option<String>> = args.iter().cloned().map(Some).collect();
        return Some((install_of(name.rsplit('/').next().unwrap_or(name), &literals)?, argv.join(" ")));
    }
    let (_, body, commands) = ctx.shell_commands().find(|(run, _, _)| run.index == index)?;
    commands.iter().find_map(|call| {
        let install = install_of(base_name(call)?, &call.literals)?;
        Some((install, body.text(call.info.command.span).to_string()))
    })
}

/// Which install `name args…` is, if any.
fn install_of(name: &str, literals: &[Option<String>]) -> Option<Install> {
    let words: Vec<&str> = literals.iter().map(|l| l.as_deref().unwrap_or("")).collect();
    let operands: Vec<&str> = words.iter().copied().filter(|w| !w.starts_with('-')).collect();
    let first = operands.first().copied();
    let has = |w: &str| words.contains(&w);
    let install = |manifests: &str| Some(Install { manifests: manifests.to_string(), fetch: None });
    match name {
        "npm" if matches!(first, Some("ci" | "install" | "i")) => install("package*.json"),
        "yarn" if matches!(first, None | Some("install")) => install("package.json yarn.lock"),
        "pnpm" if matches!(first, Some("install" | "i")) => install("package.json pnpm-lock.yaml"),
        "pip" | "pip3" if first == Some("install") => requirements(&words),
        n if n.starts_with("python") && words.get(..2) == Some(&["-m", "pip"]) && words.get(2) == Some(&"install") => {
            requirements(&words[3..])
        }
        "poetry" if first == Some("install") => install("pyproject.toml poetry.lock"),
        "mvn" | "mvnw" if has("dependency:go-offline") || has("dependency:resolve") => install("pom.xml"),
        "mvn" | "mvnw" if has("package") || has("install") || has("verify") => {
            Some(Install { manifests: "pom.xml".into(), fetch: Some("mvn dependency:go-offline") })
        }
        "go" if operands.get(..2) == Some(&["mod", "download"]) => install("go.mod go.sum"),
        "bundle" | "bundler" if matches!(first, None | Some("install")) => install("Gemfile Gemfile.lock"),
        "cargo" if first == Some("fetch") => install("Cargo.toml Cargo.lock"),
        "cargo" if first == Some("build") => {
            Some(Install { manifests: "Cargo.toml Cargo.lock".into(), fetch: Some("cargo fetch") })
        }
        "composer" if first == Some("install") => install("composer.json composer.lock"),
        _ => None,
    }
}

/// `pip install -r FILE` (or `--requirement FILE`, `-rFILE`, `--requirement=FILE`).
fn requirements(words: &[&str]) -> Option<Install> {
    let file = words.iter().enumerate().find_map(|(i, w)| match *w {
        "-r" | "--requirement" => words.get(i + 1).copied(),
        w => w.strip_prefix("--requirement=").or_else(|| w.strip_prefix("-r").filter(|f| !f.is_empty())),
    })?;
    let file = if file.is_empty() { "requirements.txt" } else { file };
    Some(Install { manifests: file.to_string(), fetch: None })
}

/// Whether a COPY source brings in the whole context or sources that change often.
fn is_broad(source: &str) -> bool {
    let source = source.trim_matches(|c| c == '"' || c == '\'');
    if matches!(source, "." | "./" | "/" | "*" | "./*" | "/*") {
        return true;
    }
    let base = source.trim_end_matches('/').rsplit('/').next().unwrap_or(source);
    if is_manifest(base) || base.starts_with("<<") || source.contains("://") {
        return false;
    }
    const SOURCE_EXTENSIONS: [&str; 20] = [
        "py", "js", "mjs", "ts", "jsx", "tsx", "vue", "go", "rs", "java", "kt", "scala", "rb", "php", "cs", "c", "cc",
        "cpp", "h", "swift",
    ];
    let extension = base.rsplit_once('.').map(|(_, e)| e);
    source.ends_with('/')
        || extension.is_some_and(|e| SOURCE_EXTENSIONS.contains(&e))
        || (extension.is_none() && !base.contains('*') && !base.is_empty())
}

fn is_manifest(name: &str) -> bool {
    const MANIFESTS: [&str; 22] = [
        "package.json",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "pnpm-workspace.yaml",
        ".npmrc",
        ".yarnrc.yml",
        "pyproject.toml",
        "poetry.lock",
        "Pipfile",
        "Pipfile.lock",
        "pom.xml",
        "go.mod",
        "go.sum",
        "Gemfile",
        "Gemfile.lock",
        "Cargo.toml",
        "Cargo.lock",
        "composer.json",
        "composer.lock",
        "uv.lock",
    ];
    MANIFESTS.contains(&name)
        || (name.starts_with("requirements") && name.ends_with(".txt"))
        || name.starts_with("package")
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{findings, fixed, messages, ranges, texts};

    #[test]
    fn broad_copies_before_installs_are_flagged_at_the_source() {
        let src = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n";
        assert_eq!(ranges(&RULE, src), [(3, 6, 3, 7)]);
        assert_eq!(
            messages(&RULE, src),
            ["COPY . before `npm ci` invalidates the dependency-install cache on every source change; copy package*.json first"]
        );
        assert_eq!(findings(&RULE, src)[0].fix.as_ref().map(|f| f.applicability), Some(Applicability::DisplayOnly));
        assert_eq!(
            fixed(&RULE, src, Applicability::DisplayOnly),
            "FROM node:22\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n"
        );
    }

    #[test]
    fn ecosystems_and_sources() {
        let src = "FROM python:3.12\nCOPY requirements-dev.txt ./\nCOPY app.py src/ /srv/\nRUN pip install --no-cache-dir -r requirements-dev.txt\n";
        assert_eq!(texts(&RULE, src), ["app.py"]);
        assert!(messages(&RULE, src)[0].ends_with("copy requirements-dev.txt first"));
        let src = "FROM golang:1.23\nCOPY . /src\nRUN [\"go\", \"mod\", \"download\"]\n";
        assert_eq!(texts(&RULE, src), ["."]);
        let src = "FROM maven:3\nCOPY src ./src\nCOPY pom.xml .\nRUN mvn -B package\n";
        assert_eq!(
            fixed(&RULE, src, Applicability::DisplayOnly),
            "FROM maven:3\nCOPY pom.xml ./\nRUN mvn dependency:go-offline\nCOPY src ./src\nCOPY pom.xml .\nRUN mvn -B package\n"
        );
    }

    #[test]
    fn manifest_first_and_other_stages_pass() {
        let src = "FROM node:22 AS deps\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nFROM node:22\nCOPY --from=deps /app /app\nRUN npm ci\n";
        assert!(ranges(&RULE, src).is_empty());
        assert!(ranges(&RULE, "FROM a:1\nCOPY . .\nFROM a:1\nRUN npm ci\n").is_empty());
    }
}

//! UndefinedVar: a variable used before any ARG or ENV defines it.

use slipway_syntax::expand::{references, Expander, VarRef};
use slipway_syntax::instructions::scope::{stage_scopes, Scope};
use slipway_syntax::{Heredoc, Token};

use super::support::{did_you_mean, reference_span};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `$VAR` that is not defined where BuildKit expands it: in `ENV` and `LABEL` keys
    /// and values, `ARG` defaults, `COPY`/`ADD` sources, destinations, `--chown`, `--checksum`
    /// and expanded heredoc bodies, `WORKDIR`, `USER`, `VOLUME`, `STOPSIGNAL` and `RUN --mount`
    /// values. (`RUN`, `CMD` and `ENTRYPOINT` bodies are expanded by the shell at run time, and
    /// FROM lines have UndefinedArgInFrom.) A variable is defined by an earlier `ARG` (with or
    /// without a value) or `ENV` of the stage or of the stage it is built on, an `ARG` earlier
    /// in the same instruction, or the base image. Each name is reported once per word, at its
    /// first use, with BuildKit's "did you mean" suggestion (closest defined name within two
    /// edits, case-sensitive).
    ///
    /// **The base image's environment.** BuildKit reads it from the image; the linter has no
    /// image store, so it assumes: `PATH` is always defined (BuildKit guarantees it);
    /// `scratch` defines nothing else; common official images (`alpine`, `debian`, `ubuntu`,
    /// `busybox`, `golang`, `node`, `python`, `rust`, `eclipse-temurin`/`openjdk`, `maven`,
    /// `gradle`, `ruby`, `php`, `nginx`, `httpd`, `postgres`, `redis`, …) define the variables
    /// their official Dockerfiles set (`GOPATH`, `NODE_VERSION`, `JAVA_HOME`, …). For any other
    /// image, a variable the Dockerfile does not define may come from the image, so it is only
    /// reported when it is within two edits of a defined name (a likely typo). `HOME` is not
    /// special: BuildKit does not set it, so `WORKDIR $HOME/app` on `alpine` is flagged, as
    /// BuildKit flags it.
    /// BuildKit reference: <https://docs.docker.com/go/dockerfile/rule/undefined-var/>.
    ///
    /// ## Why is this bad?
    /// An undefined variable expands to an empty string, so `COPY app $APP_DIR/` copies to `/`
    /// and `ENV PATH=$JAVA_HOM/bin:$PATH` silently breaks `PATH`. It is usually a typo or an
    /// `ARG` declared in another stage (ARGs do not cross `FROM`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ARG APP_DIR=/srv/app
    /// COPY . $APP_DIRR
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ARG APP_DIR=/srv/app
    /// COPY . $APP_DIR
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the suggestion may not be what was meant.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// BuildKit이 변수를 확장하는 곳에서 정의되지 않은 `$VAR`를 찾습니다. `ENV`와 `LABEL`의 키와 값,
    /// `ARG` 기본값, `COPY`/`ADD`의 원본·대상·`--chown`·`--checksum`·확장되는 heredoc 본문,
    /// `WORKDIR`, `USER`, `VOLUME`, `STOPSIGNAL`, `RUN --mount` 값이 대상입니다. (`RUN`, `CMD`,
    /// `ENTRYPOINT` 본문은 실행 시 셸이 확장하고, FROM 줄은 UndefinedArgInFrom이 검사합니다.) 변수는
    /// 그 스테이지나 바탕이 된 스테이지의 앞선 `ARG`(값 유무 무관)나 `ENV`, 같은 명령어의 앞선 `ARG`,
    /// 또는 베이스 이미지가 정의합니다. 이름마다 단어별로 처음 쓴 곳에 한 번 보고하며, BuildKit처럼
    /// "did you mean" 제안(대소문자를 구분해 두 글자 이내로 가장 가까운 정의된 이름)을 붙입니다.
    ///
    /// **베이스 이미지의 환경 변수.** BuildKit은 이미지에서 읽지만 린터에는 이미지 저장소가 없으므로
    /// 다음과 같이 가정합니다. `PATH`는 항상 정의됩니다(BuildKit이 보장). `scratch`는 그 밖에 아무것도
    /// 정의하지 않습니다. 흔한 공식 이미지(`alpine`, `debian`, `ubuntu`, `busybox`, `golang`, `node`,
    /// `python`, `rust`, `eclipse-temurin`/`openjdk`, `maven`, `gradle`, `ruby`, `php`, `nginx`,
    /// `httpd`, `postgres`, `redis` 등)는 공식 Dockerfile이 설정하는 변수(`GOPATH`, `NODE_VERSION`,
    /// `JAVA_HOME` 등)를 정의합니다. 그 밖의 이미지에서는 Dockerfile이 정의하지 않은 변수가 이미지에서
    /// 올 수 있으므로, 정의된 이름과 두 글자 이내로 가까운 경우(오타로 보이는 경우)에만 보고합니다.
    /// `HOME`은 특별하지 않습니다. BuildKit이 설정하지 않으므로 `alpine`에서 `WORKDIR $HOME/app`은
    /// BuildKit과 마찬가지로 보고됩니다.
    /// BuildKit 문서: <https://docs.docker.com/go/dockerfile/rule/undefined-var/>.
    ///
    /// ## 왜 문제인가요?
    /// 정의되지 않은 변수는 빈 문자열로 확장되므로 `COPY app $APP_DIR/`는 `/`로 복사하고
    /// `ENV PATH=$JAVA_HOM/bin:$PATH`는 말없이 `PATH`를 망가뜨립니다. 대개 오타이거나 다른 스테이지에서
    /// 선언한 `ARG`입니다(ARG는 `FROM`을 넘어가지 않습니다).
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ARG APP_DIR=/srv/app
    /// COPY . $APP_DIRR
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ARG APP_DIR=/srv/app
    /// COPY . $APP_DIR
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 제안이 의도한 이름이 아닐 수 있습니다.
    RULE {
        hadolint: None,
        buildkit: Some("UndefinedVar"),
        slipway: None,
        summary: "Variables should be defined before their use",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

/// Variables BuildKit never reports (build options that are not passed as environment).
const NON_ENV_ARGS: [&str; 2] = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

/// What is known of a stage's environment at its end.
#[derive(Clone)]
struct StageEnv {
    /// ARG (with a value) and ENV values.
    scope: Scope,
    /// ARG names declared, with or without a value.
    declared: Vec<String>,
    /// The base image's variables, `None` when unknown.
    image: Option<&'static [&'static str]>,
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    let mut envs: Vec<StageEnv> = Vec::with_capacity(ctx.stages.len());
    for (info, stage) in ctx.stages.iter().zip(&ctx.model.stages) {
        let mut env = match info.base_stage {
            Some(base) => envs[base].clone(),
            None if info.is_scratch => StageEnv { scope: Scope::default(), declared: Vec::new(), image: Some(&[]) },
            None => StageEnv {
                scope: Scope::default(),
                declared: Vec::new(),
                image: info.resolved_base.as_deref().and_then(image_env),
            },
        };
        let Ok(scopes) = stage_scopes(stage, ctx.file.escape, &ctx.global_args, &[], &env.scope) else {
            envs.push(env);
            continue;
        };
        for (typed, scope) in stage.commands.iter().zip(&scopes) {
            let instruction = &ctx.instructions()[typed.index];
            if let Command::Arg { args } = &typed.command {
                // The ARG's own defaults see the names it defined before them.
                env.scope = scope.clone();
                check_arg(ctx, out, typed.index, instruction, args, &mut env);
                continue;
            }
            for word in words(instruction, &typed.command) {
                report(ctx, out, typed.index, &word, scope, &env);
            }
        }
        env.scope = scopes.last().cloned().unwrap_or_default();
        envs.push(env);
    }
}

/// ARG defaults see the ARGs before them in the same instruction.
fn check_arg(
    ctx: &Context<'_>,
    out: &mut Reporter<'_>,
    index: usize,
    instruction: &slipway_syntax::Instruction,
    args: &[(String, Option<String>)],
    env: &mut StageEnv,
) {
    let Arguments::Words(tokens) = &instruction.args else { return };
    for (token, (name, default)) in tokens.iter().zip(args) {
        if let Some(default) = default {
            let offset = token.value.len() - default.len();
            report(ctx, out, index, &Word::Token(token, offset), &env.scope, env);
            if let Ok(value) = Expander::new(ctx.file.escape, &env.scope).expand_word(default) {
                env.scope.set(name, value.value);
            }
        } else if let Some(value) = ctx.global_args.get(name) {
            env.scope.set(name, value.to_string());
        }
        env.declared.push(name.clone());
    }
}

/// A piece of text BuildKit expands.
enum Word<'t> {
    /// A token, from this byte offset of its value.
    Token(&'t Token, usize),
    /// An expanded heredoc body (processed raw: quotes kept, `\` as escape).
    Heredoc(&'t Heredoc),
}

fn words<'i>(instruction: &'i slipway_syntax::Instruction, command: &Command) -> Vec<Word<'i>> {
    let mut out = Vec::new();
    let flag =
        |name: &str| instruction.flags.iter().find(|f| f.value.starts_with(name)).map(|f| Word::Token(f, name.len()));
    match command {
        Command::Env { .. } | Command::Label { .. } => {
            if let Arguments::KeyValues(pairs) = &instruction.args {
                for pair in pairs {
                    out.push(Word::Token(&pair.key, 0));
                    out.push(Word::Token(&pair.value, 0));
                }
            }
        }
        Command::Copy { .. } | Command::Add { .. } => {
            out.extend(flag("--chown="));
            if matches!(command, Command::Add { .. }) {
                out.extend(flag("--checksum="));
            }
            if let Arguments::Words(tokens) | Arguments::Json(tokens) = &instruction.args {
                let heredoc_sources = instruction.heredocs.len();
                let count = tokens.len();
                // Heredoc markers (`<<EOF`) are sources too but are not expanded as paths.
                out.extend(
                    tokens
                        .iter()
                        .enumerate()
                        .filter(|(i, t)| *i + 1 == count || heredoc_sources == 0 || !t.value.starts_with("<<"))
                        .map(|(_, t)| Word::Token(t, 0)),
                );
            }
            out.extend(instruction.heredocs.iter().filter(|h| h.expand).map(Word::Heredoc));
        }
        Command::Workdir { .. } | Command::User { .. } | Command::Stopsignal { .. } | Command::Volume { .. } => {
            match &instruction.args {
                Arguments::Text(token) => out.push(Word::Token(token, 0)),
                Arguments::Words(tokens) | Arguments::Json(tokens) => {
                    out.extend(tokens.iter().map(|t| Word::Token(t, 0)))
                }
                _ => {}
            }
        }
        Command::Run { .. } => {
            for mount in instruction.flags.iter().filter(|f| f.value.starts_with("--mount=")) {
                let mut at = "--mount=".len();
                for field in mount.value[at..].split(',') {
                    if let Some(eq) = field.find('=') {
                        out.push(Word::Token(mount, at + eq + 1));
                    }
                    at += field.len() + 1;
                }
            }
        }
        _ => {}
    }
    out
}

/// Reports the undefined variables of `word`, with the variables of `scope` in scope.
fn report(ctx: &Context<'_>, out: &mut Reporter<'_>, index: usize, word: &Word<'_>, scope: &Scope, env: &StageEnv) {
    let refs: Vec<(VarRef, Span)> = match *word {
        Word::Token(token, offset) => {
            let text = &token.value[offset..];
            let text = if token.value.starts_with("--mount=") { text.split(',').next().unwrap_or("") } else { text };
            let refs = references(text, ctx.file.escape);
            refs.into_iter()
                .map(|r| {
                    let span = reference_span(ctx, token, offset, &r);
                    (r, span)
                })
                .collect()
        }
        Word::Heredoc(heredoc) => {
            let refs = Expander::new('\\', &()).skip_process_quotes(true).references(&heredoc.content);
            let start = heredoc.body_span.start;
            refs.into_iter()
                .map(|r| (Span::new(start + r.offset, start + r.offset + r.len), r))
                .map(|(span, r)| (r, span))
                .collect()
        }
    };
    let mut reported: Vec<&str> = Vec::new();
    for (r, span) in &refs {
        let name = r.name.as_str();
        if reported.contains(&name) || is_defined(name, scope, env) {
            continue;
        }
        reported.push(name);
        let options = scope
            .vars()
            .iter()
            .map(|(k, _)| k.as_str())
            .chain(env.image.unwrap_or(&[]).iter().copied())
            .chain(std::iter::once("PATH"));
        let suggestion = did_you_mean(name, options);
        if env.image.is_none() && suggestion.is_none() {
            continue;
        }
        let mut message = format!("Usage of undefined variable '${name}'");
        if let Some(suggestion) = suggestion {
            message.push_str(&format!(" (did you mean ${suggestion}?)"));
        }
        out.report_for(index, *span, message);
    }
}

fn is_defined(name: &str, scope: &Scope, env: &StageEnv) -> bool {
    name == "PATH"
        || NON_ENV_ARGS.contains(&name)
        || scope.get(name).is_some()
        || env.declared.iter().any(|d| d == name)
        || env.image.is_some_and(|vars| vars.contains(&name))
}

/// The variables an official image's configuration sets (besides `PATH`), by repository.
fn image_env(reference: &str) -> Option<&'static [&'static str]> {
    const JAVA: &[&str] = &["JAVA_HOME", "JAVA_VERSION", "LANG", "LANGUAGE", "LC_ALL"];
    let name = reference.split('@').next().unwrap_or(reference);
    let name = match name.rfind(':') {
        Some(colon) if !name[colon..].contains('/') => &name[..colon],
        _ => name,
    };
    let name = name.strip_prefix("docker.io/").unwrap_or(name);
    let name = name.strip_prefix("library/").unwrap_or(name);
    Some(match name {
        "alpine" | "busybox" | "debian" | "ubuntu" | "centos" | "rockylinux" | "almalinux" | "amazonlinux" => &[],
        "fedora" => &["DISTTAG", "FGC", "FBR"],
        "golang" => &["GOLANG_VERSION", "GOTOOLCHAIN", "GOPATH"],
        "node" => &["NODE_VERSION", "YARN_VERSION"],
        "python" => &[
            "LANG",
            "GPG_KEY",
            "PYTHON_VERSION",
            "PYTHON_SHA256",
            "PYTHON_PIP_VERSION",
            "PYTHON_SETUPTOOLS_VERSION",
            "PYTHON_GET_PIP_URL",
            "PYTHON_GET_PIP_SHA256",
        ],
        "rust" => &["RUSTUP_HOME", "CARGO_HOME", "RUST_VERSION"],
        "eclipse-temurin" | "openjdk" | "amazoncorretto" => JAVA,
        "maven" => &["JAVA_HOME", "JAVA_VERSION", "LANG", "LANGUAGE", "LC_ALL", "MAVEN_HOME", "MAVEN_CONFIG"],
        "gradle" => &["JAVA_HOME", "JAVA_VERSION", "LANG", "LANGUAGE", "LC_ALL", "GRADLE_HOME", "GRADLE_VERSION"],
        "ruby" => &[
            "LANG",
            "RUBY_MAJOR",
            "RUBY_VERSION",
            "RUBY_DOWNLOAD_URL",
            "RUBY_DOWNLOAD_SHA256",
            "GEM_HOME",
            "BUNDLE_SILENCE_ROOT_WARNING",
            "BUNDLE_APP_CONFIG",
        ],
        "php" => &[
            "PHPIZE_DEPS",
            "PHP_INI_DIR",
            "APACHE_CONFDIR",
            "APACHE_ENVVARS",
            "PHP_CFLAGS",
            "PHP_CPPFLAGS",
            "PHP_LDFLAGS",
            "GPG_KEYS",
            "PHP_VERSION",
            "PHP_URL",
            "PHP_ASC_URL",
            "PHP_SHA256",
        ],
        "nginx" => &["NGINX_VERSION", "NJS_VERSION", "NJS_RELEASE", "PKG_RELEASE", "DYNPKG_RELEASE"],
        "httpd" => &["HTTPD_PREFIX", "HTTPD_VERSION", "HTTPD_SHA256", "HTTPD_PATCHES"],
        "postgres" => &["GOSU_VERSION", "LANG", "PG_MAJOR", "PG_VERSION", "PG_SHA256", "PGDATA", "DOCKER_PG_LLVM_DEPS"],
        "redis" => &["REDIS_VERSION", "REDIS_DOWNLOAD_URL", "REDIS_DOWNLOAD_SHA", "GOSU_VERSION"],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges, texts};

    #[test]
    fn undefined_names_are_flagged_at_the_reference() {
        let src = "FROM alpine:3.20\nARG APP_DIR=/srv/app\nCOPY . ${APP_DIRR}/\nWORKDIR $HOME/app\n";
        assert_eq!(ranges(&RULE, src), [(3, 8, 3, 19), (4, 9, 4, 14)]);
        assert_eq!(
            messages(&RULE, src),
            ["Usage of undefined variable '$APP_DIRR' (did you mean $APP_DIR?)", "Usage of undefined variable '$HOME'"]
        );
    }

    #[test]
    fn definitions_follow_buildkit_scopes() {
        let src = "ARG GLOBAL=1\nFROM scratch AS base\nARG GLOBAL\nARG EMPTY\nENV A=1 B=$A\nARG C=$A D=$C\nLABEL x=$GLOBAL y=$EMPTY z=$PATH\nFROM base\nENV E=$A$EMPTY\nFROM scratch\nENV F=$A\n";
        assert_eq!(
            texts(&RULE, src),
            ["$A", "$A"],
            "B=$A sees the ENV before the instruction; the last stage has no A"
        );
        assert_eq!(ranges(&RULE, src)[0], (5, 11, 5, 13));
    }

    #[test]
    fn base_images_and_special_words() {
        let src = "FROM golang:1.23\nENV PATH=$GOPATH/bin:$PATH\nFROM private/image:1\nENV X=$UNKNOWN_FROM_IMAGE\nARG VERSION=1\nENV Y=$VERSON\nRUN --mount=type=cache,target=$CACHE_DIR echo $NOT_CHECKED\nCOPY <<EOF /x\n$VERSION $VERSIN\nEOF\n";
        assert_eq!(texts(&RULE, src), ["$VERSON", "$VERSIN"]);
        let src = "FROM scratch\nRUN --mount=type=cache,target=$CACHE_DIR true\nCOPY <<'EOF' /x\n$NOPE\nEOF\n";
        assert_eq!(texts(&RULE, src), ["$CACHE_DIR"]);
    }
}

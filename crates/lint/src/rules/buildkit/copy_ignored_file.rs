//! CopyIgnoredFile: COPY or ADD of a path that `.dockerignore` excludes.

use slipway_syntax::expand::{contains_expansion, Expander};

use super::support::scope_before;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `COPY` (without `--from`) or `ADD` source from the build context that the
    /// `.dockerignore` in effect excludes: the path itself or one of its parent directories
    /// matches (moby/patternmatcher semantics, last match wins). Sources with variables are
    /// expanded with the stage's ARG and ENV values first; URLs, Git sources and heredocs are
    /// not checked. The finding points at the source.
    ///
    /// The check needs the build context: `slipway lint` uses the Dockerfile's directory (or
    /// `--context DIR`) with its `.dockerignore`; a caller that provides none gets no findings.
    ///
    /// Deliberate difference from BuildKit: a source naming the context root (`.`, `./`, `/`)
    /// is never flagged. Recent BuildKit flags `COPY . .` when `.dockerignore` starts with `*`
    /// and re-includes files with `!`, although the copy works (moby/buildkit#6512).
    /// BuildKit reference: <https://docs.docker.com/go/dockerfile/rule/copy-ignored-file/>.
    ///
    /// ## Why is this bad?
    /// Excluded files are not sent to the builder, so the copy fails ("not found"), or, for a
    /// directory, silently copies less than it says.
    ///
    /// ## Example
    /// ```dockerfile
    /// # .dockerignore: *.log
    /// FROM alpine:3.20
    /// COPY debug.log /var/log/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// # .dockerignore: *.log  (and !debug.log if the file is needed)
    /// FROM alpine:3.20
    /// COPY app.conf /etc/app/
    /// ```
    ///
    /// ## Fix safety
    /// No fix: either the `.dockerignore` or the Dockerfile is wrong.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 적용되는 `.dockerignore`가 제외하는 빌드 컨텍스트의 원본을 쓰는 `COPY`(`--from` 없이)와 `ADD`를
    /// 찾습니다. 경로 자체나 상위 디렉터리 가운데 하나가 패턴과 맞으면 제외된 것입니다
    /// (moby/patternmatcher 규칙, 마지막으로 맞은 패턴이 이김). 변수가 든 원본은 스테이지의 ARG와 ENV
    /// 값으로 먼저 확장하며, URL·Git 원본·heredoc은 검사하지 않습니다. 원본 위치에 보고합니다.
    ///
    /// 이 검사에는 빌드 컨텍스트가 필요합니다. `slipway lint`는 Dockerfile이 있는 디렉터리(또는
    /// `--context DIR`)와 그 `.dockerignore`를 씁니다. 컨텍스트를 주지 않으면 아무것도 보고하지 않습니다.
    ///
    /// BuildKit과 의도적으로 다른 점: 컨텍스트 루트(`.`, `./`, `/`)를 가리키는 원본은 보고하지
    /// 않습니다. 최근 BuildKit은 `.dockerignore`가 `*`로 시작하고 `!`로 파일을 다시 포함할 때 복사가
    /// 잘 되는데도 `COPY . .`를 보고합니다(moby/buildkit#6512).
    /// BuildKit 문서: <https://docs.docker.com/go/dockerfile/rule/copy-ignored-file/>.
    ///
    /// ## 왜 문제인가요?
    /// 제외된 파일은 빌더로 보내지지 않으므로 복사가 실패("not found")하거나, 디렉터리라면 적힌
    /// 것보다 적게 조용히 복사됩니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// # .dockerignore: *.log
    /// FROM alpine:3.20
    /// COPY debug.log /var/log/
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// # .dockerignore: *.log  (파일이 필요하면 !debug.log 추가)
    /// FROM alpine:3.20
    /// COPY app.conf /etc/app/
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. `.dockerignore`와 Dockerfile 가운데 어느 쪽이 틀렸는지는 작성자가 압니다.
    RULE {
        hadolint: None,
        buildkit: Some("CopyIgnoredFile"),
        slipway: None,
        summary: "Attempting to Copy file that is excluded by .dockerignore",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    let Some(build_context) = ctx.build_context else { return };
    for (index, instruction, command) in ctx.commands() {
        let verb = match command {
            Command::Copy { from: None, .. } => "Copy",
            Command::Add { .. } => "Add",
            _ => continue,
        };
        let (Arguments::Words(tokens) | Arguments::Json(tokens)) = &instruction.args else { continue };
        let Some((_, sources)) = tokens.split_last() else { continue };
        for token in sources {
            if token.value.starts_with("<<") && !instruction.heredocs.is_empty() {
                continue;
            }
            let source = if contains_expansion(&token.value, ctx.file.escape) {
                let scope = scope_before(ctx, index).unwrap_or_default();
                match Expander::new(ctx.file.escape, &scope).expand_word(&token.value) {
                    Ok(expansion) => expansion.value,
                    Err(_) => continue,
                }
            } else {
                unquote(&token.value)
            };
            if is_remote(&source) {
                continue;
            }
            let Some(path) = context_path(&source) else { continue };
            if build_context.is_ignored(&path) {
                let message = format!("Attempting to {verb} file \"{source}\" that is excluded by .dockerignore");
                out.report_for(index, token.span, message);
            }
        }
    }
}

/// A source word without its quotes (shell-form words keep them until expansion).
fn unquote(word: &str) -> String {
    word.chars().filter(|&c| c != '"' && c != '\'').collect()
}

fn is_remote(source: &str) -> bool {
    source.starts_with("http://")
        || source.starts_with("https://")
        || source.starts_with("git@")
        || source.contains("://")
}

/// The source as a context-relative `/`-separated path (`./a/../b/` → `b`); `None` for the
/// context root.
fn context_path(source: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in source.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::config::Config;
    use crate::context::BuildContext;
    use crate::linter::Linter;

    /// Ignores `*.log` and everything under `tmp/` except `tmp/keep`.
    struct Context;

    impl BuildContext for Context {
        fn is_ignored(&self, path: &str) -> bool {
            path.ends_with(".log") || (path.starts_with("tmp/") && path != "tmp/keep")
        }

        fn exists(&self, _: &str) -> bool {
            true
        }
    }

    fn found(src: &str) -> Vec<(usize, usize, usize, usize, String)> {
        let config = Config::default();
        let linter = Linter::with_rules(&config, vec![&RULE]).with_build_context(&Context);
        linter
            .lint(src)
            .into_iter()
            .map(|f| (f.start.line, f.start.column, f.end.line, f.end.column, f.message))
            .collect()
    }

    #[test]
    fn ignored_sources_are_flagged_at_the_source() {
        let src = "FROM a:1\nARG DIR=tmp\nCOPY ./debug.log tmp/keep /dst/\nADD ${DIR}/x.txt /dst/\n";
        assert_eq!(
            found(src),
            [
                (3, 6, 3, 17, "Attempting to Copy file \"./debug.log\" that is excluded by .dockerignore".to_string()),
                (4, 5, 4, 17, "Attempting to Add file \"tmp/x.txt\" that is excluded by .dockerignore".to_string()),
            ]
        );
    }

    #[test]
    fn stages_urls_roots_and_missing_context_pass() {
        let src = "FROM a:1 AS b\nCOPY --from=b /tmp/a.log /\nADD https://example.com/a.log /\nCOPY . /src\nCOPY <<EOF /x.log\nhi\nEOF\n";
        assert!(found(src).is_empty());
        assert!(crate::testing::ranges(&RULE, "FROM a:1\nCOPY a.log /\n").is_empty());
    }
}

//! SW1004: ADD of a remote URL without `--checksum`.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an `ADD` that downloads an `http://` or `https://` URL without `--checksum`, at
    /// the URL. Git sources (`https://…/repo.git`, `…#ref`) are not flagged: `--checksum` does
    /// not apply to them the same way.
    ///
    /// ## Why is this bad?
    /// Without a checksum the build trusts whatever the server returns: a compromised or
    /// changed file goes into the image unnoticed. It also hurts caching: BuildKit cannot know
    /// the content before downloading, so it fetches the URL on every build to compute the cache
    /// key, and a changed file silently invalidates every later layer. With
    /// `--checksum=sha256:…` the content is pinned, verified, and a mismatch fails the build.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD https://example.com/tool-1.2.tar.gz /tmp/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \
    ///     https://example.com/tool-1.2.tar.gz /tmp/
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the checksum has to come from the publisher (or a download you have verified).
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `--checksum` 없이 `http://`나 `https://` URL을 내려받는 `ADD`를 URL 위치에 보고합니다. Git
    /// 원본(`https://…/repo.git`, `…#ref`)은 `--checksum`이 같은 방식으로 적용되지 않으므로 보고하지
    /// 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// 체크섬이 없으면 빌드는 서버가 돌려주는 것을 무엇이든 믿습니다. 변조되거나 바뀐 파일이 모르는
    /// 사이 이미지에 들어갑니다. 캐시에도 나쁩니다. BuildKit은 내려받기 전에는 내용을 알 수 없으므로
    /// 캐시 키를 계산하려고 빌드마다 URL을 받아 오고, 파일이 바뀌면 이후 모든 레이어가 조용히
    /// 무효화됩니다. `--checksum=sha256:…`을 쓰면 내용이 고정되고 검증되며, 다르면 빌드가 실패합니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD https://example.com/tool-1.2.tar.gz /tmp/
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \
    ///     https://example.com/tool-1.2.tar.gz /tmp/
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 체크섬은 배포자(또는 직접 검증한 다운로드)에게서 가져와야 합니다.
    RULE {
        hadolint: None,
        buildkit: None,
        slipway: Some("SW1004"),
        summary: "ADD of a remote URL without --checksum",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction, command) in ctx.commands() {
        let Command::Add { checksum: None, .. } = command else { continue };
        let (Arguments::Words(tokens) | Arguments::Json(tokens)) = &instruction.args else { continue };
        let Some((_, sources)) = tokens.split_last() else { continue };
        for token in sources.iter().filter(|t| is_http(&t.value)) {
            let message = "ADD of a remote URL without `--checksum`: the download is neither verified nor pinned";
            out.report_for(index, token.span, message);
        }
    }
}

/// An HTTP(S) URL that BuildKit downloads as a file (not a Git repository).
fn is_http(source: &str) -> bool {
    let source = source.trim_matches(|c| c == '"' || c == '\'');
    let url = source.strip_prefix("http://").or_else(|| source.strip_prefix("https://"));
    url.is_some_and(|rest| {
        let path = rest.split(['?', '#']).next().unwrap_or(rest);
        !path.ends_with(".git") && !rest.contains(".git#")
    })
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges};

    #[test]
    fn urls_without_checksum_are_flagged_at_the_url() {
        let src = "FROM a:1\nADD https://example.com/t.tgz /tmp/\nADD [\"http://x.org/a\", \"/a\"]\n";
        assert_eq!(ranges(&RULE, src), [(2, 5, 2, 30), (3, 6, 3, 22)]);
        assert_eq!(
            messages(&RULE, src)[0],
            "ADD of a remote URL without `--checksum`: the download is neither verified nor pinned"
        );
    }

    #[test]
    fn checksums_local_files_git_and_copy_pass() {
        let src = "FROM a:1\nADD --checksum=sha256:abc https://example.com/t.tgz /tmp/\nADD local.tgz /tmp/\nADD https://github.com/a/b.git /src\nADD https://github.com/a/b.git#v1 /src\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}

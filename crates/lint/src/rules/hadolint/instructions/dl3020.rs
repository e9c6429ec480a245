//! DL3020: use COPY instead of ADD for files and folders.

use slipway_syntax::expand::contains_expansion;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an `ADD` with a source that is a plain local file or folder: not a URL, not a Git
    /// repository, not an archive (`.tar`, `.tar.gz`, `.tgz`, `.bz2`, `.xz`, `.zst`, `.lz`,
    /// `.lzma`, `.Z`, …; extensions compared case-insensitively), not a variable. Heredoc
    /// sources count as local files. The finding is on the `ADD` keyword.
    ///
    /// Deliberate differences from hadolint 2.15.1: Git sources (`git@host:repo`,
    /// `git://…`) are remote here (BuildKit clones them); sources written with a variable are
    /// not flagged (the value may be a URL); `.TAR`/`.Tgz` count as archives; `.zst` is an
    /// archive (BuildKit decompresses zstd).
    ///
    /// ## Why is this bad?
    /// `ADD` does more than copy: it downloads URLs and unpacks local archives. Using it for
    /// plain files hides which of those the author wanted, and a file that happens to be a tar
    /// archive gets unpacked by surprise. `COPY` only copies.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13
    /// ADD requirements.txt /app/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.13
    /// COPY requirements.txt /app/
    /// ```
    ///
    /// ## Fix safety
    /// Replaces `ADD` with `COPY` when every source is a local file, folder or heredoc and no
    /// `ADD`-only flag (`--checksum`, `--keep-git-dir`, `--unpack`) is used. `ADD` recognises
    /// archives by their content, not their name, so turning it into `COPY` is Safe only when
    /// every source is a folder (`.`, or ending in `/`) or a heredoc, which are never unpacked;
    /// otherwise the fix is Unsafe (a file might be an archive that `ADD` unpacks).
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 평범한 로컬 파일이나 폴더를 원본으로 쓰는 `ADD`를 찾습니다. URL, Git 저장소, 압축 파일(`.tar`,
    /// `.tar.gz`, `.tgz`, `.bz2`, `.xz`, `.zst`, `.lz`, `.lzma`, `.Z` 등, 확장자는 대소문자 구분
    /// 없음), 변수는 해당하지 않습니다. heredoc 원본은 로컬 파일로 봅니다. `ADD` 키워드 위치에
    /// 보고합니다.
    ///
    /// hadolint 2.15.1과 의도적으로 다른 점: Git 원본(`git@host:repo`, `git://…`)은 BuildKit이
    /// 복제하므로 원격으로 봅니다. 변수로 쓴 원본은 URL일 수 있으므로 보고하지 않습니다.
    /// `.TAR`/`.Tgz`도 압축 파일이고, BuildKit이 zstd를 풀기 때문에 `.zst`도 압축 파일입니다.
    ///
    /// ## 왜 문제인가요?
    /// `ADD`는 복사 이상을 합니다. URL을 내려받고 로컬 압축 파일을 풉니다. 평범한 파일에 쓰면
    /// 작성자가 무엇을 원했는지 숨기고, 우연히 tar인 파일은 예상치 않게 풀립니다. `COPY`는 복사만
    /// 합니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM python:3.13
    /// ADD requirements.txt /app/
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM python:3.13
    /// COPY requirements.txt /app/
    /// ```
    ///
    /// ## 수정의 안전성
    /// 모든 원본이 로컬 파일, 폴더, heredoc이고 `ADD` 전용 플래그(`--checksum`, `--keep-git-dir`,
    /// `--unpack`)가 없으면 `ADD`를 `COPY`로 바꿉니다. `ADD`는 이름이 아니라 내용으로 압축 파일을
    /// 알아보므로, 모든 원본이 풀리지 않는 폴더(`.` 또는 `/`로 끝남)나 heredoc일 때만 안전하고,
    /// 그 밖에는 안전하지 않습니다(파일이 `ADD`가 푸는 압축 파일일 수 있음).
    RULE {
        hadolint: Some("DL3020"),
        buildkit: None,
        slipway: None,
        summary: "Use COPY instead of ADD for files and folders",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::Sometimes,
        check: check,
    }
}

/// What an ADD source is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    /// A URL or Git repository.
    Remote,
    /// A local archive ADD unpacks.
    Archive,
    /// Written with a variable: unknown.
    Variable,
    /// A local folder (never unpacked).
    Folder,
    /// Any other local file (or glob).
    File,
}

const ARCHIVES: &[&str] = &[
    ".tar", ".gz", ".tgz", ".bz2", ".tbz", ".tbz2", ".tb2", ".xz", ".txz", ".zst", ".tzst", ".lz", ".lzma", ".tlz",
    ".z",
];

fn classify(source: &str, escape: char) -> Source {
    let lower = source.to_ascii_lowercase();
    let scheme = lower
        .split_once("://")
        .is_some_and(|(s, _)| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+'));
    if scheme || lower.starts_with("git@") {
        Source::Remote
    } else if contains_expansion(source, escape) {
        Source::Variable
    } else if ARCHIVES.iter().any(|ext| lower.ends_with(ext)) {
        Source::Archive
    } else if source == "." || source.ends_with('/') {
        Source::Folder
    } else {
        Source::File
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction, command) in ctx.commands() {
        let Command::Add { sources, heredocs, checksum, keep_git_dir, unpack, .. } = command else { continue };
        let kinds: Vec<Source> = sources.iter().map(|s| classify(s, ctx.file.escape)).collect();
        let local = |k: &Source| matches!(k, Source::Folder | Source::File);
        if !kinds.iter().any(local) && heredocs.is_empty() {
            continue;
        }
        let keyword = instruction.keyword.span;
        let finding = out.report_for(index, keyword, "Use COPY instead of ADD for files and folders");
        if !kinds.iter().all(local) || checksum.is_some() || *keep_git_dir || unpack.is_some() {
            continue;
        }
        let copy = if instruction.keyword.value.starts_with('a') { "copy" } else { "COPY" };
        let edit = vec![Edit::replace(keyword, copy)];
        finding.with_fix(if kinds.contains(&Source::File) {
            Fix::unsafe_edit("Replace ADD with COPY (a file that is an archive would no longer be unpacked)", edit)
        } else {
            Fix::safe("Replace ADD with COPY", edit)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{findings, fixed, messages, ranges};

    #[test]
    fn plain_files_and_folders_are_flagged_at_the_keyword() {
        let src = "FROM a:1\nADD a.txt /x\nadd --chown=1 src/ b.TAR /x/\nADD [\"a\", \"/x\"]\nADD * /x/\n";
        assert_eq!(ranges(&RULE, src), [(2, 1, 2, 4), (3, 1, 3, 4), (4, 1, 4, 4), (5, 1, 5, 4)]);
        assert_eq!(messages(&RULE, src)[0], "Use COPY instead of ADD for files and folders");
    }

    #[test]
    fn urls_git_archives_and_variables_pass() {
        let src = "FROM a:1\nADD https://x/y /z\nADD git@github.com:a/b.git /src\nADD git://h/r /s\nADD a.tar.gz b.TGZ c.zst d.Z e.lzma /x/\nADD $F /x\nADD --checksum=sha256:0 https://x/y /z\n";
        assert!(ranges(&RULE, src).is_empty());
    }

    #[test]
    fn folders_and_heredocs_get_a_safe_fix() {
        let src = "FROM a:1\nADD . /app\nadd src/ lib/ /x/\nADD <<EOF /x\nhi\nEOF\n";
        assert_eq!(
            fixed(&RULE, src, Applicability::Safe),
            "FROM a:1\nCOPY . /app\ncopy src/ lib/ /x/\nCOPY <<EOF /x\nhi\nEOF\n"
        );
    }

    #[test]
    fn files_get_an_unsafe_fix_and_mixed_sources_none() {
        let src = "FROM a:1\nADD app.py /x\nADD a.txt b.tar /x/\nADD --unpack=false a /x\n";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), src);
        assert_eq!(
            fixed(&RULE, src, Applicability::Unsafe),
            "FROM a:1\nCOPY app.py /x\nADD a.txt b.tar /x/\nADD --unpack=false a /x\n"
        );
        let found = findings(&RULE, src);
        assert_eq!(found.iter().filter(|f| f.fix.is_some()).count(), 1);
    }
}

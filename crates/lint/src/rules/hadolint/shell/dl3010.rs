//! DL3010: use ADD for extracting archives into an image.

use super::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags a `COPY` of a local tar archive (`.tar`, `.tar.gz`/`.tgz`, `.tar.bz2`/`.tbz`/
    /// `.tbz2`/`.tb2`, `.tar.xz`/`.txz`, `.tar.zst`/`.tzst`) that a later `RUN` of the same
    /// stage extracts with `tar` (`tar xzf`, `tar -xf`, `tar --extract`), naming the copied file
    /// by its path or file name. The finding points at the archive in the `COPY`.
    ///
    /// Deliberate differences from hadolint: only archives `ADD` would unpack count, so a
    /// `.zip`, `.lz`, `.lzma`, `.Z` or a plain `.gz` decompressed with `gunzip`/`unxz`/… is not
    /// flagged (`ADD` would copy those unchanged); and `tar xf` is recognised like `tar xzf`
    /// (hadolint misses it). `COPY --from` sources are never flagged.
    ///
    /// ## Why is this bad?
    /// The archive stays in the `COPY` layer even if the `RUN` deletes it, so the image carries
    /// it twice (packed and unpacked). `ADD` unpacks a local tar archive in one step and one
    /// layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// COPY app.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the `RUN` may do more than extract (options, paths, cleanup).
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 같은 스테이지의 뒤쪽 `RUN`이 `tar`(`tar xzf`, `tar -xf`, `tar --extract`)로 풀어내는 로컬
    /// tar 아카이브(`.tar`, `.tar.gz`/`.tgz`, `.tar.bz2`/`.tbz`/`.tbz2`/`.tb2`, `.tar.xz`/`.txz`,
    /// `.tar.zst`/`.tzst`)의 `COPY`를 찾습니다. 복사된 파일은 경로나 파일 이름으로 찾습니다.
    /// 보고 위치는 `COPY`의 아카이브입니다.
    ///
    /// hadolint와 의도적으로 다른 점: `ADD`가 풀어 주는 아카이브만 따지므로 `.zip`, `.lz`,
    /// `.lzma`, `.Z`, 그리고 `gunzip`/`unxz` 등으로 푸는 단순 `.gz`는 보고하지 않습니다(`ADD`는
    /// 그대로 복사함). `tar xf`도 `tar xzf`처럼 알아봅니다(hadolint는 놓침). `COPY --from`의
    /// 원본은 보고하지 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// `RUN`에서 지워도 아카이브는 `COPY` 레이어에 남으므로 이미지에 두 번(압축된 것과 푼 것)
    /// 들어갑니다. `ADD`는 로컬 tar 아카이브를 한 단계, 한 레이어로 풉니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// COPY app.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. `RUN`이 풀기 외의 일(옵션, 경로, 정리)도 할 수 있습니다.
    RULE {
        hadolint: Some("DL3010"),
        buildkit: None,
        slipway: None,
        summary: "Use `ADD` for extracting archives into an image",
        severity: Severity::Info,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Use `ADD` for extracting archives into an image";

const TAR_EXTENSIONS: [&str; 13] = [
    ".tar",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz",
    ".tbz2",
    ".tb2",
    ".tar.xz",
    ".txz",
    ".tar.zst",
    ".tzst",
    ".tar.gzip",
    ".tar.bzip2",
];

/// An archive copied into the image: where the `COPY` names it and where it lands.
struct Copied {
    index: usize,
    source: Span,
    path: String,
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for stage in &ctx.stages {
        let copied = copied_archives(ctx, stage.from_index, stage.end_index);
        let mut reported = vec![false; copied.len()];
        for (run, _, commands) in ctx.shell_commands().filter(|(run, _, _)| run.stage == Some(stage.index)) {
            for inv in invocations(commands).iter().filter(|inv| inv.name == "tar" && extracts(inv.literals)) {
                for (archive, done) in copied.iter().zip(reported.iter_mut()) {
                    if *done || archive.index > run.index {
                        continue;
                    }
                    if inv.literals.iter().flatten().any(|arg| names(arg, &archive.path)) {
                        *done = true;
                        out.report_for(archive.index, archive.source, MESSAGE);
                    }
                }
            }
        }
    }
}

fn copied_archives(ctx: &Context<'_>, from: usize, end: usize) -> Vec<Copied> {
    let mut out = Vec::new();
    for index in from..end {
        let Some(Command::Copy { from: None, .. }) = ctx.command(index) else { continue };
        let Some(Arguments::Words(tokens) | Arguments::Json(tokens)) =
            ctx.file.instructions.get(index).map(|i| &i.args)
        else {
            continue;
        };
        let Some((dest, sources)) = tokens.split_last() else { continue };
        for source in sources {
            let name = source.value.rsplit('/').next().unwrap_or("");
            if !TAR_EXTENSIONS.iter().any(|ext| name.ends_with(ext)) {
                continue;
            }
            let path = if dest.value.ends_with('/') || sources.len() > 1 {
                format!("{}/{name}", dest.value.trim_end_matches('/'))
            } else {
                dest.value.to_string()
            };
            out.push(Copied { index, source: source.span, path });
        }
    }
    out
}

/// Whether a `tar` command line extracts: `x` in the old-style first word or in a short
/// option bundle, or `--extract`/`--get`.
fn extracts(literals: &[Option<String>]) -> bool {
    literals.iter().enumerate().any(|(i, l)| {
        let Some(l) = l else { return false };
        match l.strip_prefix('-') {
            Some(long) if long.starts_with('-') => matches!(long, "-extract" | "-get"),
            Some(short) => short.contains('x'),
            None => i == 0 && l.contains('x') && l.bytes().all(|b| b.is_ascii_alphabetic()),
        }
    })
}

/// Whether `arg` names the copied file at `path`: the same absolute path, or a relative path
/// ending with its file name.
fn names(arg: &str, path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let arg = arg.strip_prefix("--file=").or_else(|| arg.strip_prefix("-f")).unwrap_or(arg);
    if arg.starts_with('/') && path.starts_with('/') {
        return arg == path;
    }
    arg.rsplit('/').next() == Some(name)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, ranges, texts};

    #[test]
    fn copied_then_extracted() {
        let src = "FROM a:1\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\n";
        assert_eq!(texts(&RULE, src), ["app.tar.gz"]);
        assert_eq!(ranges(&RULE, src), [(2, 6, 2, 16)]);
        assert_eq!(findings(&RULE, src)[0].instruction, Some(1));
        for run in ["tar xf app.tgz", "tar --extract -f /srv/app.tgz", "cd /srv && tar xjf app.tgz"] {
            let src = format!("FROM a:1\nCOPY a/app.tgz /srv/app.tgz\nRUN {run}\n");
            assert_eq!(texts(&RULE, &src), ["a/app.tgz"], "{run}");
        }
        let heredoc = "FROM a:1\nCOPY [\"x.tar\", \"y.txt\", \"/d/\"]\nRUN <<EOF\ntar -x -f /d/x.tar\nEOF\n";
        assert_eq!(texts(&RULE, heredoc), ["\"x.tar\""]);
    }

    #[test]
    fn not_extracted_or_not_a_tar() {
        for src in [
            "FROM a:1\nCOPY app.tar.gz /x\nRUN tar xzf /x/app.tar.gz\n",
            "FROM a:1\nCOPY app.tar.gz /tmp/\nRUN tar -tzf /tmp/app.tar.gz\n",
            "FROM a:1\nCOPY app.zip /tmp/\nRUN unzip /tmp/app.zip\n",
            "FROM a:1\nCOPY app.gz /tmp/\nRUN gunzip /tmp/app.gz\n",
            "FROM a:1\nADD app.tar.gz /tmp/\nRUN tar xzf /tmp/app.tar.gz\n",
            "FROM a:1\nCOPY --from=b /app.tar.gz /tmp/\nRUN tar xzf /tmp/app.tar.gz\n",
            "FROM a:1\nRUN tar xzf /tmp/app.tar.gz\nCOPY app.tar.gz /tmp/\n",
            "FROM a:1\nCOPY app.tar.gz /tmp/\nFROM b:1\nRUN tar xzf /tmp/app.tar.gz\n",
        ] {
            assert!(ranges(&RULE, src).is_empty(), "{src}");
        }
    }
}

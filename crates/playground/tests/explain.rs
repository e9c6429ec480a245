//! Explain panel: every instruction in both languages, layer and cache effects, per-instruction details.

use slipway_playground::explain::explain_at;
use slipway_playground::Lang;

const ALL: &str = "\
ARG BASE=debian:12
FROM ${BASE} AS build
LABEL org.opencontainers.image.title=demo
MAINTAINER Jane <jane@example.com>
ENV APP_HOME=/app
ARG VERSION=1.0
WORKDIR /app
USER 1000:1000
COPY --from=build --chown=app:app --link go.mod ./
ADD https://example.com/tool.tar.gz /opt/
RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=token make
EXPOSE 8080/tcp
VOLUME /data
STOPSIGNAL SIGINT
HEALTHCHECK --interval=30s CMD curl -f http://localhost/
SHELL [\"/bin/bash\", \"-c\"]
ONBUILD COPY . /src
ENTRYPOINT [\"/app/server\"]
CMD /app/server --port 8080
";

fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

#[test]
fn every_instruction_is_explained_in_both_languages() {
    let expected = [
        "ARG",
        "FROM",
        "LABEL",
        "MAINTAINER",
        "ENV",
        "ARG",
        "WORKDIR",
        "USER",
        "COPY",
        "ADD",
        "RUN",
        "EXPOSE",
        "VOLUME",
        "STOPSIGNAL",
        "HEALTHCHECK",
        "SHELL",
        "ONBUILD",
        "ENTRYPOINT",
        "CMD",
    ];
    let mut offset = 0;
    for (line, keyword) in ALL.lines().zip(expected) {
        let en = explain_at(ALL, offset + 2, Lang::En).unwrap_or_else(|| panic!("{line}"));
        let ko = explain_at(ALL, offset + 2, Lang::Ko).unwrap();
        assert_eq!(en.keyword, keyword);
        assert_eq!(ko.keyword, keyword);
        assert_eq!((en.start, en.end), (offset, offset + line.len()));
        assert!(en.title.starts_with(keyword), "{}", en.title);
        for text in [&en.summary, &en.layer, &en.cache] {
            assert!(!text.is_empty() && !has_hangul(text), "{keyword}: {text}");
        }
        for text in [&ko.title, &ko.summary, &ko.layer, &ko.cache] {
            assert!(has_hangul(text), "{keyword}: {text}");
        }
        assert_eq!(en.details.len(), ko.details.len(), "{keyword}");
        offset += line.len() + 1;
    }
    assert_eq!(offset, ALL.len());
}

#[test]
fn layers_come_from_run_copy_add_and_workdir_only() {
    let src = "FROM debian:12\nRUN make\nENV A=1\nWORKDIR /app\nWORKDIR /\nCOPY . .\n";
    let at = |needle: &str| explain_at(src, src.find(needle).unwrap(), Lang::En).unwrap();
    assert!(at("RUN").layer.starts_with("Makes a layer"));
    assert!(at("COPY").layer.starts_with("Makes a layer"));
    assert!(at("ENV").layer.starts_with("No layer"));
    assert!(at("FROM").layer.starts_with("Makes no layer of its own"));
    assert!(at("WORKDIR /app").layer.contains("only when the directory did not exist yet"));
    assert!(at("WORKDIR /\n").layer.starts_with("No layer"));
    assert!(at("RUN").cache.contains("Not by what the command downloads"));
    assert!(at("COPY").cache.contains("content checksums"));
    assert!(at("ENV").cache.contains("misses every later RUN"));
}

#[test]
fn details_name_flags_mounts_and_stages() {
    let copy = explain_at(ALL, ALL.find("COPY").unwrap(), Lang::En).unwrap();
    assert_eq!(
        copy.details,
        [
            "Sources `go.mod` → `./`.",
            "--chown=app:app: the files get this owner (root otherwise).",
            "--link: the files go into an independent layer that does not depend on the layers before, so it stays cached when earlier steps change.",
            "--from: copies from stage `build` (line 2) instead of the build context.",
        ]
    );
    let run = explain_at(ALL, ALL.find("RUN").unwrap(), Lang::En).unwrap();
    assert_eq!(run.details.len(), 3);
    assert!(run.details[0].starts_with("Shell form"));
    assert!(run.details[1].starts_with("--mount=type=cache at `/root/.cache`"));
    assert!(run.details[2].starts_with("--mount=type=secret (id `token`)"));
    let from = explain_at(ALL, ALL.find("FROM").unwrap(), Lang::En).unwrap();
    assert!(from.details.iter().any(|d| d.starts_with("Names this stage `build`")));
    let global = explain_at(ALL, 0, Lang::En).unwrap();
    assert_eq!(global.details[0], "`BASE`, default `debian:12`.");
    assert!(global.details[1].starts_with("Declared before the first FROM"));
    let entrypoint = explain_at(ALL, ALL.find("ENTRYPOINT").unwrap(), Lang::En).unwrap();
    assert!(entrypoint.details[0].starts_with("Exec form"));
    let add = explain_at(ALL, ALL.find("ADD").unwrap(), Lang::En).unwrap();
    assert!(add.details.contains(&"`https://example.com/tool.tar.gz` is fetched at build time.".to_string()));
}

#[test]
fn korean_details() {
    let copy = explain_at(ALL, ALL.find("COPY").unwrap(), Lang::Ko).unwrap();
    assert_eq!(copy.title, "COPY — 이미지에 파일 복사");
    assert_eq!(copy.details[3], "--from: 빌드 컨텍스트 대신 단계 `build`(2번 줄)에서 복사합니다.");
}

#[test]
fn heredocs_continuations_and_positions() {
    let src = "FROM debian:12\n# build it\nRUN <<EOF\nset -e\nmake $TARGET\nEOF\nRUN apt-get update \\\n && apt-get install -y curl\n";
    let heredoc_body = src.find("make").unwrap();
    let run = explain_at(src, heredoc_body, Lang::En).unwrap();
    assert_eq!(run.keyword, "RUN");
    assert_eq!(run.line, 3);
    assert_eq!(&src[run.start..run.end], "RUN <<EOF\nset -e\nmake $TARGET\nEOF");
    assert!(run.details.contains(&"Heredoc `EOF` (2 lines, variables are expanded) is the script.".to_string()));
    let continued = explain_at(src, src.find("&& apt-get").unwrap(), Lang::En).unwrap();
    assert_eq!(continued.line, 7);
    assert!(explain_at(src, src.find("# build").unwrap(), Lang::En).is_none(), "comment");
    assert!(explain_at(src, src.len(), Lang::En).is_none(), "the empty line after the final newline");
    let unterminated = "FROM debian:12\nRUN make";
    assert_eq!(explain_at(unterminated, unterminated.len(), Lang::En).unwrap().keyword, "RUN");
}

#[test]
fn errors_and_garbage_do_not_panic() {
    assert!(explain_at("FROB x\n", 1, Lang::En).is_none(), "unknown instruction");
    let bad = explain_at("FROM a\nCOPY --frm=x a b\n", 9, Lang::En).unwrap();
    assert_eq!(bad.details.len(), 1);
    assert!(bad.details[0].starts_with("This instruction has an error"));
    for offset in [0, 3, 100, usize::MAX] {
        let _ = explain_at("", offset, Lang::Ko);
        let _ = explain_at("FROM é\nRUN ü \\\n", offset, Lang::Ko);
    }
}

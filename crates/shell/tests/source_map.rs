//! Mapping shell spans back to Dockerfile lines and columns.

use slipway_shell::{parse, Location, Piece, Segment, SourceMap, Span};

/// The Dockerfile used below (lines numbered from 1):
/// ```text
/// 1 FROM alpine
/// 2 RUN set -eux; \
/// 3     apk add --no-cache \
/// 4 # a comment inside the continuation
/// 5         curl; \
/// 6     echo "héllo 😀" > /x
/// ```
const DOCKERFILE: &str = "FROM alpine\nRUN set -eux; \\\n    apk add --no-cache \\\n# a comment inside the continuation\n        curl; \\\n    echo \"héllo 😀\" > /x\n";

fn line_offset(n: usize) -> usize {
    DOCKERFILE.split_inclusive('\n').take(n - 1).map(str::len).sum()
}

fn joined() -> (String, SourceMap) {
    let l2 = line_offset(2);
    let l3 = line_offset(3);
    let l5 = line_offset(5);
    let l6 = line_offset(6);
    SourceMap::join([
        Piece { text: "set -eux; ", file_offset: l2 + 4, line: 2, column: 5 },
        Piece { text: "    apk add --no-cache ", file_offset: l3, line: 3, column: 1 },
        Piece { text: "        curl; ", file_offset: l5, line: 5, column: 1 },
        Piece { text: "    echo \"héllo 😀\" > /x", file_offset: l6, line: 6, column: 1 },
    ])
}

fn loc(offset: usize, line: u32, column: u32, utf16_column: u32) -> Location {
    Location { offset, line, column, utf16_column }
}

#[test]
fn joined_source_is_the_run_body() {
    let (src, map) = joined();
    assert_eq!(src, "set -eux;     apk add --no-cache         curl;     echo \"héllo 😀\" > /x");
    assert_eq!(map.shell_source(), src);
    assert_eq!(map.segments().len(), 4);
}

#[test]
fn commands_map_across_continuation_lines() {
    let (src, map) = joined();
    let script = parse(&src).unwrap();
    let cmds = script.simple_commands();
    assert_eq!(cmds.len(), 3);

    // `set -eux` on line 2, columns 5..13.
    let m = map.map_span(cmds[0].command.span);
    assert_eq!(m.start, loc(line_offset(2) + 4, 2, 5, 5));
    assert_eq!(m.end, loc(line_offset(2) + 12, 2, 13, 13));

    // `apk add --no-cache curl` starts on line 3 and ends on line 5 (the comment line 4 was
    // dropped by the Dockerfile parser).
    let m = map.map_span(cmds[1].command.span);
    assert_eq!((m.start.line, m.start.column), (3, 5));
    assert_eq!((m.end.line, m.end.column), (5, 13));
    assert_eq!(m.start.offset, line_offset(3) + 4);
    assert_eq!(m.end.offset, line_offset(5) + 12);
    assert_eq!(&DOCKERFILE[m.range()][..7], "apk add");
    assert!(DOCKERFILE[m.range()].ends_with("curl"));

    // The last argument of apk, `curl`, alone.
    let curl = cmds[1].command.words.last().unwrap();
    let m = map.map_span(curl.span);
    assert_eq!(&DOCKERFILE[m.range()], "curl");
    assert_eq!((m.start.line, m.start.column, m.end.column), (5, 9, 13));

    // The word ending exactly at a segment boundary stays on its line.
    let no_cache = &cmds[1].command.words[2];
    let m = map.map_span(no_cache.span);
    assert_eq!((m.end.line, m.end.column), (3, 23));
}

#[test]
fn unicode_columns_count_characters_and_utf16_units() {
    let (src, map) = joined();
    let script = parse(&src).unwrap();
    let echo = &script.simple_commands()[2];
    let word = &echo.command.words[1];
    assert_eq!(word.literal().as_deref(), Some("héllo 😀"));
    let m = map.map_span(word.span);
    // `    echo "héllo 😀" > /x`: the word starts at column 10.
    assert_eq!((m.start.line, m.start.column, m.start.utf16_column), (6, 10, 10));
    // 9 characters (2 quotes, 7 inside), 10 UTF-16 units (😀 is a surrogate pair).
    assert_eq!((m.end.column, m.end.utf16_column), (19, 20));
    assert_eq!(m.range().len(), "\"héllo 😀\"".len());
    // The redirect after it.
    let r = map.map_span(echo.command.redirects[0].span);
    assert_eq!((r.start.column, r.start.utf16_column), (20, 21));
    assert_eq!(&DOCKERFILE[r.range()], "> /x");
}

#[test]
fn location_and_end_location_at_boundaries() {
    let (_, map) = joined();
    // Offset 10 is both the end of segment 1 and the start of segment 2.
    assert_eq!(map.location(10), loc(line_offset(3), 3, 1, 1));
    assert_eq!(map.end_location(10), loc(line_offset(2) + 14, 2, 15, 15));
    // Offset 0 and clamping past the end.
    assert_eq!(map.location(0), loc(line_offset(2) + 4, 2, 5, 5));
    assert_eq!(map.end_location(0), map.location(0));
    let end = map.location(10_000);
    assert_eq!(end.line, 6);
    assert_eq!(end.offset, DOCKERFILE.len() - 1);
    // Empty spans map to a single point.
    let m = map.map_span(Span::new(10, 10));
    assert_eq!(m.start, m.end);
}

#[test]
fn offsets_inside_a_multibyte_character_snap_back() {
    let map = SourceMap::verbatim("é", 100, 7, 3);
    assert_eq!(map.location(1), loc(100, 7, 3, 3));
    assert_eq!(map.location(2), loc(102, 7, 4, 4));
}

#[test]
fn verbatim_heredoc_body_counts_lines() {
    // A heredoc body starting at line 10 of the Dockerfile.
    let body = "set -e\napt-get update\n  echo ok\n";
    let map = SourceMap::verbatim(body, 500, 10, 1);
    let script = parse(body).unwrap();
    let cmds = script.simple_commands();
    let m = map.map_span(cmds[2].command.span);
    assert_eq!(m.start, loc(500 + 24, 12, 3, 3));
    assert_eq!(m.end, loc(500 + 31, 12, 10, 10));
}

#[test]
fn segments_in_any_order_and_missing_start() {
    let map = SourceMap::new("abcdef", vec![Segment::new(3, 50, 4, 1), Segment::new(0, 10, 2, 7)]);
    assert_eq!(map.location(4), loc(51, 4, 2, 2));
    assert_eq!(map.location(1), loc(11, 2, 8, 8));
    let bare = SourceMap::new("abc\ndef", vec![]);
    assert_eq!(bare.location(5), loc(5, 2, 2, 2));
    let utf16 = SourceMap::new("x", vec![Segment::new(0, 0, 1, 5).with_utf16_column(6)]);
    assert_eq!(utf16.end_location(1), loc(1, 1, 6, 7));
}

#[test]
fn from_offsets_computes_lines_and_columns() {
    // `RUN echo "😀" \` / `  && ls`: the joined body is `echo "😀"   && ls`.
    let dockerfile = "FROM x\nRUN echo \"😀\" \\\n  && ls\n";
    let l2 = line_offset_in(dockerfile, 2);
    let l3 = line_offset_in(dockerfile, 3);
    let src = "echo \"😀\"   && ls";
    let map = SourceMap::from_offsets(src, dockerfile, [(0, l2 + 4), (12, l3)]);
    assert_eq!(map.segments()[0], Segment::new(0, l2 + 4, 2, 5));
    assert_eq!(map.segments()[1], Segment::new(12, l3, 3, 1));
    let script = parse(src).unwrap();
    let ls = &script.simple_commands()[1];
    let m = map.map_span(ls.command.span);
    assert_eq!((m.start.line, m.start.column, m.end.column), (3, 6, 8));
    assert_eq!(&dockerfile[m.range()], "ls");
    // A segment starting after a non-BMP character on its line gets its UTF-16 column.
    let map = SourceMap::from_offsets("x", "😀x", [(0, 4)]);
    assert_eq!(map.location(0), loc(4, 1, 2, 3));
}

fn line_offset_in(text: &str, n: usize) -> usize {
    text.split_inclusive('\n').take(n - 1).map(str::len).sum()
}

//! The editor's highlighted overlay and its line-number gutter, rendered as HTML text.
//!
//! Both are rebuilt on every keystroke; writing them as one string (set as the elements'
//! content) is far cheaper than building and diffing a virtual DOM node per token, which
//! matters for long Dockerfiles with many findings.
//!
//! The overlay cuts the Dockerfile at every token, diagnostic and line boundary. Each piece is
//! a `<span class="tok-…">`; the pieces a diagnostic covers are wrapped in one
//! `<span data-testid="diag-underline" data-code=… data-diag=…>` (diagnostics nest: earlier
//! starts and wider ranges outside; a diagnostic partly overlapping another is split where the
//! nesting changes). Pieces under an underline carry `data-offset` (their first byte) so that a
//! click can place the caret. A diagnostic with an empty range underlines the next character,
//! or at a line's end gets an empty `diag-empty` mark.

use std::fmt::Write;

use slipway_playground::diagnostics::{DiagnosticSeverity, DiagnosticView};
use slipway_playground::highlight::{HighlightSpan, TokenClass};

use crate::offsets;

/// The name of a severity, as in `data-severity`.
pub fn severity_name(severity: &DiagnosticSeverity) -> &'static str {
    match severity {
        DiagnosticSeverity::Error => "error",
        DiagnosticSeverity::Warning => "warning",
        DiagnosticSeverity::Info => "info",
        DiagnosticSeverity::Style => "style",
    }
}

/// Rank for choosing a line's gutter marker: the most severe wins.
fn severity_rank(severity: &DiagnosticSeverity) -> u8 {
    match severity {
        DiagnosticSeverity::Error => 3,
        DiagnosticSeverity::Warning => 2,
        DiagnosticSeverity::Info => 1,
        DiagnosticSeverity::Style => 0,
    }
}

/// Appends `text` with `&`, `<`, `>` and `"` escaped (valid in text and in quoted attributes).
fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(index) = rest.find(['&', '<', '>', '"']) {
        out.push_str(&rest[..index]);
        out.push_str(match rest.as_bytes()[index] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&quot;",
        });
        rest = &rest[index + 1..];
    }
    out.push_str(rest);
}

/// A piece of the overlay: text with one token class under a fixed set of diagnostics.
#[derive(Debug, PartialEq)]
struct Segment {
    start: usize,
    end: usize,
    class: TokenClass,
    /// Diagnostic ids covering the segment, in nesting order (see [`nesting_key`]).
    diagnostics: Vec<usize>,
    /// Diagnostics with an empty range at the segment's start (drawn as a small mark).
    empty: Vec<usize>,
}

/// The range a diagnostic underlines: its own, or the character after an empty range so that
/// it stays visible (an empty range at a line's end stays empty and gets a mark).
fn underline_range(text: &str, diagnostic: &DiagnosticView) -> (usize, usize) {
    let start = offsets::floor_char_boundary(text, diagnostic.start);
    let end = offsets::floor_char_boundary(text, diagnostic.end.max(start));
    if start < end {
        return (start, end);
    }
    match text[start..].chars().next() {
        Some(ch) if ch != '\n' => (start, start + ch.len_utf8()),
        _ => (start, start),
    }
}

/// Order of the underline elements around a segment: earlier starts outside, then wider ranges
/// outside, so that nested ranges stay one element each across segments.
fn nesting_key(ranges: &[(usize, usize)], id: usize) -> (usize, std::cmp::Reverse<usize>, usize) {
    let (start, end) = ranges[id];
    (start, std::cmp::Reverse(end), id)
}

/// Cuts the text at every token, diagnostic and line boundary (one sweep over the cuts).
fn segments(text: &str, spans: &[HighlightSpan], diagnostics: &[DiagnosticView]) -> Vec<Segment> {
    let ranges: Vec<(usize, usize)> = diagnostics.iter().map(|d| underline_range(text, d)).collect();
    let mut cuts: Vec<usize> = Vec::with_capacity(2 * (spans.len() + ranges.len()) + 2);
    cuts.extend([0, text.len()]);
    for span in spans {
        cuts.push(offsets::floor_char_boundary(text, span.start));
        cuts.push(offsets::floor_char_boundary(text, span.end));
    }
    for &(start, end) in &ranges {
        cuts.extend([start, end]);
    }
    for (index, _) in text.match_indices('\n') {
        cuts.extend([index, index + 1]);
    }
    slipway_sort::sort(&mut cuts);
    cuts.dedup();

    let mut by_start: Vec<usize> = (0..ranges.len()).collect();
    slipway_sort::sort_by_key(&mut by_start, |&id| ranges[id].0);
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(cuts.len());
    let mut span_index = 0;
    let mut step = |start: usize, end: usize, out: &mut Vec<Segment>| {
        let mut empty = Vec::new();
        while let Some(&id) = by_start.get(next).filter(|&&id| ranges[id].0 <= start) {
            if ranges[id].0 == ranges[id].1 {
                if ranges[id].0 == start {
                    empty.push(id);
                }
            } else {
                active.push(id);
            }
            next += 1;
        }
        active.retain(|&id| ranges[id].1 > start);
        if start == end {
            if !empty.is_empty() {
                out.push(Segment { start, end, class: TokenClass::Plain, diagnostics: Vec::new(), empty });
            }
            return;
        }
        while span_index < spans.len() && spans[span_index].end <= start {
            span_index += 1;
        }
        let class = spans
            .get(span_index)
            .filter(|span| span.start <= start && end <= span.end)
            .map_or(TokenClass::Plain, |span| span.class);
        let mut covering = active.clone();
        slipway_sort::sort_by_key(&mut covering, |&id| nesting_key(&ranges, id));
        out.push(Segment { start, end, class, diagnostics: covering, empty });
    };
    for window in cuts.windows(2) {
        step(window[0], window[1], &mut out);
    }
    step(text.len(), text.len(), &mut out);
    out
}

fn open_underline(out: &mut String, diagnostic: &DiagnosticView, empty: bool) {
    let _ = write!(
        out,
        r#"<span class="diag-underline{} {}" data-testid="diag-underline" data-code=""#,
        if empty { " diag-empty" } else { "" },
        diagnostic.severity.css_class()
    );
    escape_into(out, &diagnostic.code);
    let _ = write!(out, r#"" data-diag="{}">"#, diagnostic.id);
}

/// The overlay's HTML for `text` (see the module documentation).
pub fn overlay_html(text: &str, spans: &[HighlightSpan], diagnostics: &[DiagnosticView]) -> String {
    let mut out = String::with_capacity(text.len() * 3 + 64);
    // The diagnostics whose underline element is open, outermost first.
    let mut open: Vec<usize> = Vec::new();
    for segment in segments(text, spans, diagnostics) {
        let common = open.iter().zip(&segment.diagnostics).take_while(|(a, b)| a == b).count();
        for _ in common..open.len() {
            out.push_str("</span>");
        }
        open.truncate(common);
        for &id in &segment.diagnostics[common..] {
            open_underline(&mut out, &diagnostics[id], false);
            open.push(id);
        }
        for &id in &segment.empty {
            open_underline(&mut out, &diagnostics[id], true);
            out.push_str("</span>");
        }
        if segment.start < segment.end {
            let _ = write!(out, r#"<span class="{}""#, segment.class.css_class());
            if !segment.diagnostics.is_empty() {
                let _ = write!(out, r#" data-offset="{}""#, segment.start);
            }
            out.push('>');
            escape_into(&mut out, &text[segment.start..segment.end]);
            out.push_str("</span>");
        }
    }
    for _ in 0..open.len() {
        out.push_str("</span>");
    }
    // A trailing space keeps the last (possibly empty) line as tall as the textarea's.
    out.push(' ');
    out
}

/// The gutter's HTML: one row per line of `text` with its number and, for lines where a
/// diagnostic starts, a marker of the most severe one (`title` lists the line's messages).
pub fn gutter_html(text: &str, diagnostics: &[DiagnosticView]) -> String {
    let lines = text.split('\n').count();
    let mut worst: Vec<Option<&DiagnosticView>> = vec![None; lines];
    let mut messages: Vec<String> = vec![String::new(); lines];
    for diagnostic in diagnostics {
        let Some(index) = (diagnostic.line as usize).checked_sub(1).filter(|&index| index < lines) else {
            continue;
        };
        if worst[index].is_none_or(|current| severity_rank(&diagnostic.severity) > severity_rank(&current.severity)) {
            worst[index] = Some(diagnostic);
        }
        let message = &mut messages[index];
        if !message.is_empty() {
            message.push('\n');
        }
        let _ = write!(message, "{}: {}", diagnostic.code, diagnostic.message);
    }
    let mut out = String::with_capacity(lines * 48);
    for (index, marker) in worst.iter().enumerate() {
        out.push_str(r#"<div class="gutter-line">"#);
        if let Some(diagnostic) = marker {
            let _ = write!(
                out,
                r#"<span class="marker {}" data-testid="gutter-marker" data-line="{}" data-severity="{}" title=""#,
                diagnostic.severity.css_class(),
                index + 1,
                severity_name(&diagnostic.severity)
            );
            escape_into(&mut out, &messages[index]);
            out.push_str(r#""></span>"#);
        }
        let _ = write!(out, r#"<span class="number">{}</span></div>"#, index + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(id: usize, start: usize, end: usize) -> DiagnosticView {
        DiagnosticView {
            id,
            code: format!("X{id}"),
            aliases: Vec::new(),
            severity: if id == 0 { DiagnosticSeverity::Warning } else { DiagnosticSeverity::Error },
            message: String::new(),
            start,
            end,
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            doc_title: String::new(),
            doc: String::new(),
            fixes: Vec::new(),
        }
    }

    fn span(start: usize, end: usize, class: TokenClass) -> HighlightSpan {
        HighlightSpan { start, end, class }
    }

    #[test]
    fn segments_split_tokens_at_diagnostic_edges_and_lines_and_keep_newlines_covered() {
        // "FROM a\nRUN x": keyword 0..4, plain " a", newline, keyword 7..10.
        let text = "FROM a\nRUN x";
        let spans = [span(0, 4, TokenClass::Keyword), span(7, 10, TokenClass::Keyword)];
        // A diagnostic from "M a" across the newline to "RU".
        let diagnostics = [diagnostic(0, 3, 9)];
        let cuts: Vec<(usize, usize, TokenClass, Vec<usize>)> = segments(text, &spans, &diagnostics)
            .into_iter()
            .map(|s| (s.start, s.end, s.class, s.diagnostics))
            .collect();
        assert_eq!(
            cuts,
            vec![
                (0, 3, TokenClass::Keyword, vec![]),
                (3, 4, TokenClass::Keyword, vec![0]),
                (4, 6, TokenClass::Plain, vec![0]),
                (6, 7, TokenClass::Plain, vec![0]),
                (7, 9, TokenClass::Keyword, vec![0]),
                (9, 10, TokenClass::Keyword, vec![]),
                (10, 12, TokenClass::Plain, vec![]),
            ]
        );
    }

    #[test]
    fn nested_diagnostics_are_listed_outermost_first() {
        let text = "RUN apt-get install x";
        let diagnostics = [diagnostic(0, 4, 11), diagnostic(1, 0, 21)];
        let inner = segments(text, &[], &diagnostics).into_iter().find(|s| s.start == 4).unwrap();
        assert_eq!(inner.diagnostics, vec![1, 0]);
        // Equal starts: the wider range is outside.
        let same_start = [diagnostic(0, 0, 4), diagnostic(1, 0, 21)];
        let first = segments(text, &[], &same_start).into_iter().next().unwrap();
        assert_eq!(first.diagnostics, vec![1, 0]);
    }

    #[test]
    fn an_empty_range_underlines_the_next_character_or_marks_a_line_end() {
        let text = "FROM\nRUN";
        assert_eq!(underline_range(text, &diagnostic(0, 1, 1)), (1, 2));
        assert_eq!(underline_range(text, &diagnostic(0, 4, 4)), (4, 4));
        let marked = segments(text, &[], &[diagnostic(0, 8, 8)]);
        assert_eq!(marked.last().map(|s| (s.start, s.empty.clone())), Some((8, vec![0])));
    }

    #[test]
    fn one_underline_element_wraps_every_token_of_its_range() {
        // "ubuntu:latest" is three tokens; the diagnostic covers all of them.
        let text = "FROM ubuntu:latest\n";
        let spans = [
            span(0, 4, TokenClass::Keyword),
            span(5, 11, TokenClass::Plain),
            span(11, 12, TokenClass::Operator),
            span(12, 18, TokenClass::Plain),
        ];
        let html = overlay_html(text, &spans, &[diagnostic(0, 5, 18)]);
        assert_eq!(
            html,
            concat!(
                r#"<span class="tok-keyword">FROM</span><span class="tok-plain"> </span>"#,
                r#"<span class="diag-underline sev-warning" data-testid="diag-underline" data-code="X0" data-diag="0">"#,
                r#"<span class="tok-plain" data-offset="5">ubuntu</span>"#,
                r#"<span class="tok-operator" data-offset="11">:</span>"#,
                r#"<span class="tok-plain" data-offset="12">latest</span></span>"#,
                "<span class=\"tok-plain\">\n</span> "
            )
        );
    }

    #[test]
    fn text_is_escaped_and_empty_ranges_at_a_line_end_get_a_mark() {
        let html = overlay_html("RUN a<b&\"c\"", &[], &[diagnostic(1, 11, 11)]);
        assert!(html.starts_with(r#"<span class="tok-plain">RUN a&lt;b&amp;&quot;c&quot;</span>"#), "{html}");
        assert!(
            html.ends_with(concat!(
                r#"<span class="diag-underline diag-empty sev-error" data-testid="diag-underline" data-code="X1" "#,
                r#"data-diag="1"></span> "#
            )),
            "{html}"
        );
    }

    #[test]
    fn the_gutter_marks_each_line_with_its_most_severe_diagnostic() {
        let mut warning = diagnostic(0, 0, 1);
        warning.line = 2;
        warning.message = "w".into();
        let mut error = diagnostic(1, 0, 1);
        error.line = 2;
        error.message = "e<".into();
        let html = gutter_html("a\nb\nc", &[warning, error]);
        assert_eq!(
            html,
            concat!(
                r#"<div class="gutter-line"><span class="number">1</span></div>"#,
                r#"<div class="gutter-line"><span class="marker sev-error" data-testid="gutter-marker" data-line="2" "#,
                "data-severity=\"error\" title=\"X0: w\nX1: e&lt;\"></span><span class=\"number\">2</span></div>",
                r#"<div class="gutter-line"><span class="number">3</span></div>"#
            )
        );
    }
}

//! The code editor: a `<textarea>` under a highlighted overlay rendered from
//! [`slipway_playground::highlight`] and the diagnostics, with a line-number gutter.
//!
//! The textarea's text is transparent; the overlay above it draws the same text with colours
//! and wavy underlines at each diagnostic's exact byte range. The overlay ignores the mouse
//! except on underlines, which show the hover popup; a click on an underline places the caret
//! where the user clicked.

use slipway_playground::diagnostics::{DiagnosticSeverity, DiagnosticView};
use slipway_playground::highlight::{HighlightSpan, TokenClass};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::html::Scope;
use yew::prelude::*;

use crate::app::{textarea_value, App, Hover, Msg};
use crate::i18n::Text;
use crate::offsets;

/// The editor's DOM nodes.
#[derive(Default)]
pub struct Refs {
    /// The textarea.
    pub input: NodeRef,
    /// The highlighted overlay.
    pub overlay: NodeRef,
    /// The line-number gutter.
    pub gutter: NodeRef,
    /// The editor's frame (popup positions are relative to it).
    pub frame: NodeRef,
}

impl Refs {
    /// Scrolls the overlay and the gutter with the textarea.
    pub fn sync_scroll(&self) {
        let Some(input) = self.input.cast::<HtmlTextAreaElement>() else { return };
        if let Some(overlay) = self.overlay.cast::<Element>() {
            overlay.set_scroll_top(input.scroll_top());
            overlay.set_scroll_left(input.scroll_left());
        }
        if let Some(gutter) = self.gutter.cast::<Element>() {
            gutter.set_scroll_top(input.scroll_top());
        }
    }

    /// Focuses the textarea with the caret at byte offset `offset` of `text`.
    pub fn place_caret(&self, text: &str, offset: usize) {
        let Some(input) = self.input.cast::<HtmlTextAreaElement>() else { return };
        let _ = input.focus();
        let units = offsets::byte_to_utf16(text, offset) as u32;
        let _ = input.set_selection_range(units, units);
    }
}

/// The name of a severity, as in `data-severity`.
pub fn severity_name(severity: &DiagnosticSeverity) -> &'static str {
    match severity {
        DiagnosticSeverity::Error => "error",
        DiagnosticSeverity::Warning => "warning",
        DiagnosticSeverity::Info => "info",
        DiagnosticSeverity::Style => "style",
    }
}

/// The translated name of a severity.
pub fn severity_text(severity: &DiagnosticSeverity) -> Text {
    match severity {
        DiagnosticSeverity::Error => Text::SeverityError,
        DiagnosticSeverity::Warning => Text::SeverityWarning,
        DiagnosticSeverity::Info => Text::SeverityInfo,
        DiagnosticSeverity::Style => Text::SeverityStyle,
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

/// Renders the editor.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    let refs = &app.editor_refs;
    let text = &app.project.dockerfile;
    let cursor_of = {
        let input = refs.input.clone();
        move || {
            let input = input.cast::<HtmlTextAreaElement>()?;
            let units = input.selection_start().ok().flatten()? as usize;
            Some(offsets::utf16_to_byte(&input.value(), units))
        }
    };
    let on_input = link.callback(|e: InputEvent| Msg::Edit(textarea_value(&e)));
    let on_caret = {
        let cursor_of = cursor_of.clone();
        link.batch_callback(move |_: Event| cursor_of().map(Msg::Cursor))
    };
    let on_key = {
        let cursor_of = cursor_of.clone();
        link.batch_callback(move |_: KeyboardEvent| cursor_of().map(Msg::Cursor))
    };
    let on_click = link.batch_callback(move |_: MouseEvent| cursor_of().map(Msg::Cursor));
    let on_scroll = link.callback(|_: Event| Msg::Scrolled);
    let on_over = {
        let frame = refs.frame.clone();
        link.batch_callback(move |e: MouseEvent| hover_at(&e, &frame).map(|hover| Msg::Hover(Some(hover))))
    };
    let on_input_over = link.batch_callback(|_: MouseEvent| Some(Msg::Hover(None)));
    let on_leave = link.callback(|_: MouseEvent| Msg::Hover(None));
    let on_down = link.batch_callback(|e: MouseEvent| {
        let offset = click_offset(&e)?;
        e.prevent_default();
        Some(Msg::Goto(offset))
    });
    let lines = text.split('\n').count();
    html! {
        <div class="editor" ref={refs.frame.clone()} onmouseleave={on_leave}>
            <div class="gutter" ref={refs.gutter.clone()} aria-hidden="true">
                { gutter(app, lines) }
            </div>
            <div class="code">
                <textarea data-testid="editor-input" ref={refs.input.clone()} value={text.clone()}
                    spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off"
                    aria-label={Text::EditorLabel.get(app.lang)}
                    oninput={on_input} onkeyup={on_key} onclick={on_click} onselect={on_caret}
                    onscroll={on_scroll} onmouseover={on_input_over} />
                <pre class="overlay" data-testid="editor-highlight" ref={refs.overlay.clone()} aria-hidden="true"
                    onmouseover={on_over} onmousedown={on_down}>
                    <code>{ overlay(text, &app.spans, &app.diagnostics) }</code>
                </pre>
            </div>
            if let Some(hover) = &app.hover {
                { popup(app, hover, link) }
            }
        </div>
    }
}

fn gutter(app: &App, lines: usize) -> Html {
    let mut worst: Vec<Option<&DiagnosticView>> = vec![None; lines];
    for diagnostic in &app.diagnostics {
        let Some(slot) = (diagnostic.line as usize).checked_sub(1).and_then(|index| worst.get_mut(index)) else {
            continue;
        };
        if slot.is_none_or(|current| severity_rank(&diagnostic.severity) > severity_rank(&current.severity)) {
            *slot = Some(diagnostic);
        }
    }
    html! {
        <>{ for worst.iter().enumerate().map(|(index, marker)| {
            let line = index + 1;
            html! {
                <div class="gutter-line">
                    if let Some(diagnostic) = marker {
                        <span class={classes!("marker", diagnostic.severity.css_class())} data-testid="gutter-marker"
                            data-line={line.to_string()} data-severity={severity_name(&diagnostic.severity)}
                            title={line_messages(app, line)}></span>
                    }
                    <span class="number">{ line }</span>
                </div>
            }
        }) }</>
    }
}

fn line_messages(app: &App, line: usize) -> String {
    let messages: Vec<String> = app
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.line as usize == line)
        .map(|diagnostic| format!("{}: {}", diagnostic.code, diagnostic.message))
        .collect();
    messages.join("\n")
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

/// Cuts the text at every token, diagnostic and line boundary.
fn segments(text: &str, spans: &[HighlightSpan], diagnostics: &[DiagnosticView]) -> Vec<Segment> {
    let ranges: Vec<(usize, usize)> = diagnostics.iter().map(|d| underline_range(text, d)).collect();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for span in spans {
        cuts.push(offsets::floor_char_boundary(text, span.start));
        cuts.push(offsets::floor_char_boundary(text, span.end));
    }
    for &(start, end) in &ranges {
        cuts.push(start);
        cuts.push(end);
    }
    for (index, _) in text.match_indices('\n') {
        cuts.push(index);
        cuts.push(index + 1);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let empty_at = |offset: usize| -> Vec<usize> {
        ranges.iter().enumerate().filter(|(_, &(from, to))| from == to && from == offset).map(|(id, _)| id).collect()
    };
    let mut out = Vec::with_capacity(cuts.len());
    let mut span_index = 0;
    for window in cuts.windows(2) {
        let (start, end) = (window[0], window[1]);
        while span_index < spans.len() && spans[span_index].end <= start {
            span_index += 1;
        }
        let class = spans
            .get(span_index)
            .filter(|span| span.start <= start && end <= span.end)
            .map_or(TokenClass::Plain, |span| span.class);
        let mut covering: Vec<usize> = ranges
            .iter()
            .enumerate()
            .filter(|(_, &(from, to))| from <= start && end <= to && from < to)
            .map(|(id, _)| id)
            .collect();
        covering.sort_by_key(|&id| nesting_key(&ranges, id));
        out.push(Segment { start, end, class, diagnostics: covering, empty: empty_at(start) });
    }
    let trailing = empty_at(text.len());
    if !trailing.is_empty() {
        let end = text.len();
        out.push(Segment { start: end, end, class: TokenClass::Plain, diagnostics: Vec::new(), empty: trailing });
    }
    out
}

fn underline(diagnostic: &DiagnosticView, children: Vec<Html>) -> Html {
    html! {
        <span class={classes!("diag-underline", diagnostic.severity.css_class())} data-testid="diag-underline"
            data-code={diagnostic.code.clone()} data-diag={diagnostic.id.to_string()}>{ for children }</span>
    }
}

/// The overlay's content: token spans, wrapped in one underline element per diagnostic (a
/// diagnostic partly overlapping another is split where their nesting changes).
fn overlay(text: &str, spans: &[HighlightSpan], diagnostics: &[DiagnosticView]) -> Html {
    // Open underline elements, outermost first; the root has no diagnostic.
    let mut stack: Vec<(Option<usize>, Vec<Html>)> = vec![(None, Vec::new())];
    let close = |stack: &mut Vec<(Option<usize>, Vec<Html>)>| {
        if let Some((Some(id), children)) = stack.pop() {
            let element = match diagnostics.get(id) {
                Some(diagnostic) => underline(diagnostic, children),
                None => html! { <>{ for children }</> },
            };
            if let Some((_, parent)) = stack.last_mut() {
                parent.push(element);
            }
        }
    };
    for segment in segments(text, spans, diagnostics) {
        let common = stack[1..]
            .iter()
            .zip(&segment.diagnostics)
            .take_while(|((open, _), wanted)| *open == Some(**wanted))
            .count();
        while stack.len() > common + 1 {
            close(&mut stack);
        }
        for &id in &segment.diagnostics[common..] {
            stack.push((Some(id), Vec::new()));
        }
        let Some((_, children)) = stack.last_mut() else { continue };
        for diagnostic in segment.empty.iter().filter_map(|&id| diagnostics.get(id)) {
            children.push(html! {
                <span class={classes!("diag-underline", "diag-empty", diagnostic.severity.css_class())}
                    data-testid="diag-underline" data-code={diagnostic.code.clone()}
                    data-diag={diagnostic.id.to_string()}></span>
            });
        }
        if segment.start < segment.end {
            let offset = (!segment.diagnostics.is_empty()).then(|| segment.start.to_string());
            children.push(html! {
                <span class={segment.class.css_class()} data-offset={offset}>{ &text[segment.start..segment.end] }</span>
            });
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    let root = stack.pop().map(|(_, children)| children).unwrap_or_default();
    // A trailing space keeps the last (possibly empty) line as tall as the textarea's.
    html! { <>{ for root }{ " " }</> }
}

/// The diagnostics under the mouse, from the underline element it entered.
fn hover_at(e: &MouseEvent, frame: &NodeRef) -> Option<Hover> {
    let mut element = e.target()?.dyn_into::<Element>().ok()?;
    let mut ids = Vec::new();
    let mut anchor = None;
    loop {
        if element.tag_name().eq_ignore_ascii_case("pre") {
            break;
        }
        if let Some(id) = element.get_attribute("data-diag").and_then(|id| id.parse().ok()) {
            ids.push(id);
            anchor.get_or_insert_with(|| element.clone());
        }
        element = element.parent_element()?;
    }
    let anchor = anchor?;
    ids.reverse();
    let frame = frame.cast::<Element>()?.get_bounding_client_rect();
    let rect = anchor.get_bounding_client_rect();
    Some(Hover { ids, left: rect.left() - frame.left(), top: rect.bottom() - frame.top() })
}

/// Where a click on an underline puts the caret: the character under the mouse.
fn click_offset(e: &MouseEvent) -> Option<usize> {
    let element = e.target()?.dyn_into::<Element>().ok()?;
    let start: usize = element.get_attribute("data-offset")?.parse().ok()?;
    let segment = element.text_content().unwrap_or_default();
    let chars = segment.chars().count().max(1);
    let rect = element.dyn_ref::<HtmlElement>()?.get_bounding_client_rect();
    let width = rect.width() / chars as f64;
    let index = if width > 0.0 { ((f64::from(e.client_x()) - rect.left()) / width).round().max(0.0) } else { 0.0 };
    let within = offsets::advance_chars(&segment, 0, (index as usize).min(chars));
    Some(start + within)
}

fn popup(app: &App, hover: &Hover, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let style = format!("left: {:.0}px; top: {:.0}px", hover.left.max(0.0), hover.top);
    html! {
        <div class="hover" data-testid="diag-hover" role="tooltip" style={style}>
            { for hover.ids.iter().rev().filter_map(|&id| app.diagnostics.get(id)).map(|diagnostic| {
                let code = diagnostic.code.clone();
                html! {
                    <div class="hover-item">
                        <div class="hover-head">
                            <span class={classes!("badge", diagnostic.severity.css_class())}>
                                { severity_text(&diagnostic.severity).get(lang) }
                            </span>
                            <code>{ &diagnostic.code }</code>
                            <span class="doc-title">{ &diagnostic.doc_title }</span>
                        </div>
                        <p>{ &diagnostic.message }</p>
                        <button class="link" data-testid="hover-explain-link"
                            onclick={link.callback(move |_| Msg::ShowRule(code.clone()))}>
                            { Text::ExplainRule.get(lang) }
                        </button>
                    </div>
                }
            }) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slipway_playground::diagnostics::DiagnosticSeverity;

    fn diagnostic(id: usize, start: usize, end: usize) -> DiagnosticView {
        DiagnosticView {
            id,
            code: format!("X{id}"),
            aliases: Vec::new(),
            severity: DiagnosticSeverity::Warning,
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
}

//! The code editor: a `<textarea>` under a highlighted overlay rendered from
//! [`slipway_playground::highlight`] and the diagnostics, with a line-number gutter.
//!
//! The textarea's text is transparent; the overlay above it draws the same text with colours
//! and wavy underlines at each diagnostic's exact byte range. The overlay ignores the mouse
//! except on underlines, which show the hover popup; a click on an underline places the caret
//! where the user clicked.

use slipway_playground::diagnostics::DiagnosticSeverity;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::html::Scope;
use yew::prelude::*;

use crate::app::{textarea_value, App, Hover, Msg};
use crate::doc;
use crate::i18n::Text;
use crate::offsets;
use crate::overlay;
use crate::panels::px;

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

/// The translated name of a severity.
pub fn severity_text(severity: &DiagnosticSeverity) -> Text {
    match severity {
        DiagnosticSeverity::Error => Text::SeverityError,
        DiagnosticSeverity::Warning => Text::SeverityWarning,
        DiagnosticSeverity::Info => Text::SeverityInfo,
        DiagnosticSeverity::Style => Text::SeverityStyle,
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
    html! {
        <div class="editor" ref={refs.frame.clone()} onmouseleave={on_leave}>
            <div class="gutter" ref={refs.gutter.clone()} aria-hidden="true">
                { Html::from_html_unchecked(overlay::gutter_html(text, &app.diagnostics).into()) }
            </div>
            <div class="code">
                <textarea data-testid="editor-input" ref={refs.input.clone()} value={text.clone()}
                    spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off"
                    aria-label={Text::EditorLabel.get(app.lang)}
                    oninput={on_input} onkeyup={on_key} onclick={on_click} onselect={on_caret}
                    onscroll={on_scroll} onmouseover={on_input_over} />
                <pre class="overlay" data-testid="editor-highlight" ref={refs.overlay.clone()} aria-hidden="true"
                    onmouseover={on_over} onmousedown={on_down}>
                    <code>{ Html::from_html_unchecked(overlay::overlay_html(text, &app.spans, &app.diagnostics).into()) }</code>
                </pre>
            </div>
            if let Some(hover) = &app.hover {
                { popup(app, hover, link) }
            }
        </div>
    }
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
    let style = format!("left: {}px; top: {}px", px(hover.left.max(0.0) as f32), px(hover.top as f32));
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
                        </div>
                        <p>{ doc::inline(&diagnostic.message) }</p>
                        if diagnostic.doc_title != diagnostic.message {
                            <p class="doc-title">{ doc::inline(&diagnostic.doc_title) }</p>
                        }
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

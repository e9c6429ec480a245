//! The Explain panel: the instruction under the cursor, or a rule's documentation.

use slipway_playground::diagnostics::rule_doc;
use slipway_playground::explain::explain_at;
use yew::prelude::*;

use crate::app::{App, ExplainTarget};
use crate::doc;
use crate::i18n::Text;

/// Renders the panel.
pub fn view(app: &App) -> Html {
    let lang = app.lang;
    match &app.explain {
        ExplainTarget::Rule(code) => match rule_doc(code, lang) {
            Some((title, body)) => html! {
                <article class="explain">
                    <h3 data-testid="explain-title"><code>{ code }</code>{ " " }{ title }</h3>
                    <div data-testid="explain-body">{ doc::view(&body) }</div>
                </article>
            },
            None => html! {
                <article class="explain">
                    <h3 data-testid="explain-title"><code>{ code }</code></h3>
                    <p data-testid="explain-body">{ Text::NoRuleDoc.get(lang) }</p>
                </article>
            },
        },
        ExplainTarget::Cursor => match explain_at(&app.project.dockerfile, app.cursor, lang) {
            Some(explanation) => html! {
                <article class="explain">
                    <h3 data-testid="explain-title">
                        { &explanation.title }
                        <span class="muted">{ format!(" · {} {}", Text::Line.get(lang), explanation.line) }</span>
                    </h3>
                    <div data-testid="explain-body">
                        <p>{ doc::inline(&explanation.summary) }</p>
                        <h4>{ Text::Layer.get(lang) }</h4>
                        <p>{ doc::inline(&explanation.layer) }</p>
                        <h4>{ Text::Cache.get(lang) }</h4>
                        <p>{ doc::inline(&explanation.cache) }</p>
                        if !explanation.details.is_empty() {
                            <h4>{ Text::ThisInstruction.get(lang) }</h4>
                            <ul>{ for explanation.details.iter().map(|detail| html! { <li>{ doc::inline(detail) }</li> }) }</ul>
                        }
                    </div>
                </article>
            },
            None => html! {
                <article class="explain">
                    <h3 data-testid="explain-title">{ Text::ExplainNothingTitle.get(lang) }</h3>
                    <p data-testid="explain-body" class="muted">{ Text::ExplainNothing.get(lang) }</p>
                </article>
            },
        },
    }
}

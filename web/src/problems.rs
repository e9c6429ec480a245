//! The problems list: every diagnostic with its quick fixes and an "explain" link.

use yew::html::Scope;
use yew::prelude::*;

use crate::app::{App, Msg};
use crate::doc;
use crate::editor::severity_text;
use crate::i18n::{self, Text};
use crate::overlay::severity_name;
use slipway_playground::Lang;

/// Renders the problems list.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    html! {
        <section class="problems" aria-label={Text::Problems.get(lang)}>
            <h2>{ i18n::problems_heading(lang, app.diagnostics.len()) }</h2>
            if app.diagnostics.is_empty() {
                <p class="empty">{ Text::NoProblems.get(lang) }</p>
            }
            <ul>
                { for app.diagnostics.iter().map(|diagnostic| {
                    let id = diagnostic.id;
                    let start = diagnostic.start;
                    let code = diagnostic.code.clone();
                    let aliases = (!diagnostic.aliases.is_empty()).then(|| diagnostic.aliases.join(", "));
                    html! {
                        <li class={classes!("problem", diagnostic.severity.css_class())} data-testid="problem"
                            data-code={diagnostic.code.clone()} data-line={diagnostic.line.to_string()}
                            data-severity={severity_name(&diagnostic.severity)}>
                            <button class="location link" title={Text::GoToProblem.get(lang)}
                                onclick={link.callback(move |_| Msg::Goto(start))}>
                                { format!("{}:{}", diagnostic.line, diagnostic.column) }
                            </button>
                            <span class={classes!("badge", diagnostic.severity.css_class())}>
                                { severity_text(&diagnostic.severity).get(lang) }
                            </span>
                            <code class="code" title={aliases}>{ &diagnostic.code }</code>
                            // Findings' messages are English (as hadolint's and BuildKit's are); in Korean
                            // the rule's Korean title leads and the English message follows.
                            if lang == Lang::Ko && !diagnostic.doc_title.is_empty() {
                                <span class="message">
                                    { doc::inline(&diagnostic.doc_title) }
                                    <span class="message-original" lang="en">{ doc::inline(&diagnostic.message) }</span>
                                </span>
                            } else {
                                <span class="message">{ doc::inline(&diagnostic.message) }</span>
                            }
                            <span class="actions">
                                { for diagnostic.fixes.iter().map(|fix| {
                                    let index = fix.index;
                                    let title = if fix.safe { Text::SafeFix } else { Text::UnsafeFix };
                                    html! {
                                        <button class={classes!("fix", (!fix.safe).then_some("unsafe"))}
                                            data-testid="fix-button" title={title.get(lang)}
                                            onclick={link.callback(move |_| Msg::ApplyFix(id, index))}>
                                            { Text::Fix.get(lang) }{ " " }{ doc::inline(&fix.label) }
                                        </button>
                                    }
                                }) }
                                <button class="link" data-testid="explain-link"
                                    onclick={link.callback(move |_| Msg::ShowRule(code.clone()))}>
                                    { Text::ExplainRule.get(lang) }
                                </button>
                            </span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

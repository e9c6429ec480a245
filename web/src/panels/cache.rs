//! The Cache panel: remember a build, then see what every edit would rebuild; build args; the
//! advisor's reordering.

use slipway_playground::cache_view::StepStatus;
use yew::html::Scope;
use yew::prelude::*;

use crate::app::{input_value, App, Msg};
use crate::i18n::{self, Text};

fn status_name(status: &StepStatus) -> &'static str {
    match status {
        StepStatus::Hit => "HIT",
        StepStatus::Miss => "MISS",
        StepStatus::Skipped => "SKIPPED",
    }
}

fn build_args(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let on_add = link.callback(|e: SubmitEvent| {
        e.prevent_default();
        Msg::AddArg
    });
    html! {
        <section class="build-args">
            <h3>{ Text::BuildArgs.get(lang) }</h3>
            <ul>
                { for app.project.build_args.iter().map(|(name, value)| {
                    let edit = name.clone();
                    let remove = name.clone();
                    html! {
                        <li class="build-arg" data-name={name.clone()}>
                            <code>{ name }</code>{ "=" }
                            <input value={value.clone()} aria-label={name.clone()}
                                oninput={link.callback(move |e: InputEvent| Msg::EditArg(edit.clone(), input_value(&e)))} />
                            <button class="link" title={Text::RemoveArg.get(lang)}
                                onclick={link.callback(move |_| Msg::RemoveArg(remove.clone()))}>{ "×" }</button>
                        </li>
                    }
                }) }
            </ul>
            <form class="add-arg" onsubmit={on_add}>
                <input data-testid="build-arg-name" value={app.new_arg.0.clone()} placeholder={Text::ArgName.get(lang)}
                    aria-label={Text::ArgName.get(lang)} oninput={link.callback(|e: InputEvent| Msg::ArgName(input_value(&e)))} />
                <input data-testid="build-arg-value" value={app.new_arg.1.clone()} placeholder={Text::ArgValue.get(lang)}
                    aria-label={Text::ArgValue.get(lang)} oninput={link.callback(|e: InputEvent| Msg::ArgValue(input_value(&e)))} />
                <button type="submit" data-testid="build-arg-add">{ Text::AddArg.get(lang) }</button>
            </form>
        </section>
    }
}

fn table(app: &App) -> Html {
    let lang = app.lang;
    match &app.table {
        None => html! { <p class="muted">{ Text::CacheIntro.get(lang) }</p> },
        Some(Err(error)) => html! { <p class="error" data-testid="cache-error">{ error }</p> },
        Some(Ok(table)) => html! {
            <>
                <p class="summary">
                    <span class="hit">{ i18n::hits(lang, table.hits) }</span>{ " · " }
                    <span class="miss">{ i18n::misses(lang, table.misses) }</span>{ " · " }
                    <strong data-testid="cache-saved">{ i18n::steps_saved(lang, table.steps_saved) }</strong>
                </p>
                <table class="cache-table" data-testid="cache-table">
                    <thead>
                        <tr>
                            <th>{ Text::Stage.get(lang) }</th>
                            <th>{ Text::Step.get(lang) }</th>
                            <th>{ Text::Instruction.get(lang) }</th>
                            <th>{ Text::Status.get(lang) }</th>
                            <th>{ Text::Reason.get(lang) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for table.rows.iter().map(|row| {
                            let status = status_name(&row.status);
                            html! {
                                <tr class={format!("status-{}", status.to_ascii_lowercase())} data-testid="cache-row"
                                    data-status={status} data-line={row.line.to_string()}>
                                    <td>{ &row.stage }</td>
                                    <td>{ row.step }</td>
                                    <td><code>{ &row.instruction }</code></td>
                                    <td><span class="status">{ status }</span></td>
                                    <td>{ &row.reason }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </>
        },
    }
}

/// Renders the panel.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let remember = if app.session.is_some() { Text::RememberAgain } else { Text::Remember };
    html! {
        <div class="cache-panel">
            <div class="controls">
                <button class="primary" data-testid="cache-remember" onclick={link.callback(|_| Msg::Remember)}>
                    { remember.get(lang) }
                </button>
                <span class="muted">{ Text::RememberHint.get(lang) }</span>
            </div>
            if let Some(error) = &app.cache_error {
                <p class="error" data-testid="cache-error">{ error }</p>
            }
            { table(app) }
            { build_args(app, link) }
            <section class="advisor">
                <h3>{ Text::Advisor.get(lang) }</h3>
                if let Some(advice) = &app.advice {
                    <p data-testid="advisor-summary">
                        { &advice.summary }{ " " }<strong>{ i18n::steps_saved(lang, advice.steps_saved) }</strong>
                    </p>
                    <pre class="advice">{ &advice.dockerfile }</pre>
                    <button class="primary" data-testid="advisor-apply" onclick={link.callback(|_| Msg::ApplyAdvice)}>
                        { Text::ApplyAdvice.get(lang) }
                    </button>
                } else {
                    <p class="muted" data-testid="advisor-summary">{ Text::NoAdvice.get(lang) }</p>
                }
            </section>
        </div>
    }
}

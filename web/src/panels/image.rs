//! The Image panel: run the emulated build, browse each layer's file tree, the config and the
//! history, and download the image as an OCI tar.

use slipway_playground::image_view::{BuiltImage, FileEntry, Marker};
use yew::html::Scope;
use yew::prelude::*;

use super::human_size;
use crate::app::{App, ImageState, Msg};
use crate::i18n::{self, Text};

fn marker_name(marker: &Marker) -> &'static str {
    match marker {
        Marker::Added => "added",
        Marker::Changed => "changed",
        Marker::Deleted => "deleted",
        Marker::Unchanged => "unchanged",
    }
}

fn marker_symbol(marker: &Marker) -> &'static str {
    match marker {
        Marker::Added => "+",
        Marker::Changed => "~",
        Marker::Deleted => "−",
        Marker::Unchanged => "",
    }
}

fn marker_text(marker: &Marker) -> Text {
    match marker {
        Marker::Added => Text::Added,
        Marker::Changed => Text::Changed,
        Marker::Deleted => Text::Deleted,
        Marker::Unchanged => Text::Unchanged,
    }
}

fn entries(app: &App, entries: &[FileEntry]) -> Html {
    let lang = app.lang;
    if entries.is_empty() {
        return html! { <p class="muted">{ Text::NoEntries.get(lang) }</p> };
    }
    html! {
        <table class="tree">
            <tbody>
                { for entries.iter().map(|entry| {
                    let depth = entry.path.trim_end_matches('/').matches('/').count();
                    let name = entry.path.trim_end_matches('/').rsplit('/').next().unwrap_or(&entry.path);
                    let marker = marker_name(&entry.marker);
                    let shown = match &entry.link_target {
                        Some(target) => format!("{name} → {target}"),
                        None if entry.kind == "dir" => format!("{name}/"),
                        None => name.to_owned(),
                    };
                    html! {
                        <tr class={format!("entry marker-{marker}")} data-testid="image-entry" data-path={entry.path.clone()}
                            data-marker={marker} title={entry.path.clone()}>
                            <td class="mark" title={marker_text(&entry.marker).get(lang)}>{ marker_symbol(&entry.marker) }</td>
                            <td class="mode"><code>{ &entry.mode }</code></td>
                            <td class="size">{ if entry.kind == "file" { human_size(entry.size) } else { String::new() } }</td>
                            <td class="name" style={format!("padding-left: calc({depth} * 1.2em + 0.3em)")}>{ shown }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

fn config(app: &App, image: &BuiltImage) -> Html {
    let lang = app.lang;
    let config = &image.config;
    let list = |values: &Option<Vec<String>>| match values {
        Some(values) => serde_json::to_string(values).unwrap_or_default(),
        None => "—".to_owned(),
    };
    let or_dash = |value: &str| if value.is_empty() { "—".to_owned() } else { value.to_owned() };
    html! {
        <dl class="config" data-testid="image-config">
            <dt>{ "Env" }</dt>
            <dd>{ for config.env.iter().map(|env| html! { <div><code>{ env }</code></div> }) }</dd>
            <dt>{ "Cmd" }</dt><dd><code>{ list(&config.cmd) }</code></dd>
            <dt>{ "Entrypoint" }</dt><dd><code>{ list(&config.entrypoint) }</code></dd>
            <dt>{ "WorkingDir" }</dt><dd><code>{ or_dash(&config.working_dir) }</code></dd>
            <dt>{ "User" }</dt><dd><code>{ or_dash(&config.user) }</code></dd>
            <dt>{ "ExposedPorts" }</dt><dd><code>{ or_dash(&config.exposed_ports.join(" ")) }</code></dd>
            <dt>{ "Labels" }</dt>
            <dd>{ for config.labels.iter().map(|(key, value)| html! { <div><code>{ format!("{key}={value}") }</code></div> }) }</dd>
            <dt>{ Text::Platform.get(lang) }</dt><dd><code>{ format!("{}/{}", config.os, config.architecture) }</code></dd>
        </dl>
    }
}

fn history(app: &App, image: &BuiltImage) -> Html {
    let lang = app.lang;
    html! {
        <table class="history">
            <thead><tr><th>{ Text::CreatedBy.get(lang) }</th><th>{ Text::Size.get(lang) }</th><th>{ Text::Comment.get(lang) }</th></tr></thead>
            <tbody>
                { for image.history.iter().rev().map(|row| html! {
                    <tr data-testid="history-row" class={classes!(row.empty_layer.then_some("empty"))}>
                        <td><code>{ &row.created_by }</code></td>
                        <td>{ if row.empty_layer { "0 B".to_owned() } else { human_size(row.size) } }</td>
                        <td>{ &row.comment }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

fn built(app: &App, state: &ImageState, image: &BuiltImage, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let layer = state.layer.min(image.layers.len().saturating_sub(1));
    let tree = match image.layers.get(layer) {
        Some(selected) if state.changes_only => selected.entries.clone(),
        Some(_) => image.tree_at(layer),
        None => Vec::new(),
    };
    html! {
        <>
            <div class="controls">
                <span class="muted">{ i18n::layer_count(lang, image.layers.len()) }</span>
                <code class="digest" title={Text::ManifestDigest.get(lang)}>{ &image.manifest_digest }</code>
                <button data-testid="image-download" onclick={link.callback(|_| Msg::Download)}>
                    { Text::DownloadOci.get(lang) }
                </button>
            </div>
            if image.layers.is_empty() {
                <p class="notice" data-testid="image-empty">{ Text::NoLayers.get(lang) }</p>
            }
            <div class="image-grid">
                <ol class="layers">
                    { for image.layers.iter().map(|item| {
                        let index = item.index;
                        html! {
                            <li>
                                <button class={classes!("layer", (index == layer).then_some("active"))} data-testid="layer-item"
                                    data-index={index.to_string()} onclick={link.callback(move |_| Msg::SelectLayer(index))}>
                                    <span class="layer-head">
                                        { format!("#{} · {}", index, human_size(item.size)) }
                                    </span>
                                    <code class="created-by">{ &item.created_by }</code>
                                </button>
                            </li>
                        }
                    }) }
                </ol>
                <div class="tree-view">
                    <label class="toggle">
                        <input type="checkbox" checked={state.changes_only} onchange={link.callback(|_| Msg::ToggleChangesOnly)} />
                        { Text::ChangesOnly.get(lang) }
                    </label>
                    { entries(app, &tree) }
                </div>
            </div>
            <h3>{ Text::Config.get(lang) }</h3>
            { config(app, image) }
            <h3>{ Text::History.get(lang) }</h3>
            { history(app, image) }
            if !image.log.is_empty() {
                <details class="log">
                    <summary>{ Text::BuildLog.get(lang) }</summary>
                    <pre>{ image.log.join("\n") }</pre>
                </details>
            }
        </>
    }
}

/// Renders the panel.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    html! {
        <div class="image-panel">
            <div class="controls">
                <button class="primary" data-testid="image-build" onclick={link.callback(|_| Msg::Build)}>
                    { Text::BuildImage.get(lang) }
                </button>
                <span class="muted">{ Text::BuildHint.get(lang) }</span>
            </div>
            if let Some(state) = &app.image {
                if state.built_from != app.project {
                    <p class="notice">{ Text::ImageStale.get(lang) }</p>
                }
                { match &state.result {
                    Ok(image) => built(app, state, image, link),
                    Err(error) => html! { <p class="error" data-testid="image-error">{ error }</p> },
                } }
            }
        </div>
    }
}

//! The Build context panel: the project's virtual files (add, edit, delete; `.dockerignore` is
//! one of them).

use yew::html::Scope;
use yew::prelude::*;

use crate::app::{input_value, textarea_value, App, Msg};
use crate::i18n::Text;

/// Renders the panel.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    let lang = app.lang;
    let selected = app.selected_file.as_ref().and_then(|path| app.project.files.get_key_value(path));
    let on_new_path = link.callback(|e: InputEvent| Msg::NewPath(input_value(&e)));
    let on_add = link.callback(|e: SubmitEvent| {
        e.prevent_default();
        Msg::AddFile
    });
    html! {
        <div class="context-panel">
            <div class="files">
                <ul class="file-list">
                    { for app.project.files.keys().map(|path| {
                        let current = app.selected_file.as_ref() == Some(path);
                        let select = path.clone();
                        html! {
                            <li>
                                <button class={classes!("file", current.then_some("active"))} data-testid="context-file"
                                    data-path={path.clone()} onclick={link.callback(move |_| Msg::SelectFile(select.clone()))}>
                                    { path }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
                if app.project.files.is_empty() {
                    <p class="muted">{ Text::NoContextFiles.get(lang) }</p>
                }
                <form class="add-file" onsubmit={on_add}>
                    <input data-testid="context-new-path" value={app.new_path.clone()} oninput={on_new_path}
                        placeholder={Text::NewFilePlaceholder.get(lang)} aria-label={Text::NewFileLabel.get(lang)} />
                    <button type="submit" data-testid="context-add">{ Text::AddFile.get(lang) }</button>
                </form>
                <p class="hint muted">{ Text::ContextHint.get(lang) }</p>
            </div>
            <div class="file-editor">
                if let Some((path, contents)) = selected {
                    <div class="file-head">
                        <code>{ path }</code>
                        <button class="danger" data-testid="context-delete" onclick={link.callback(|_| Msg::DeleteFile)}>
                            { Text::DeleteFile.get(lang) }
                        </button>
                    </div>
                    <textarea data-testid="context-editor" value={contents.clone()} spellcheck="false" wrap="off"
                        aria-label={path.clone()} oninput={link.callback(|e: InputEvent| Msg::EditFile(textarea_value(&e)))} />
                } else {
                    <p class="muted">{ Text::SelectFile.get(lang) }</p>
                }
            </div>
        </div>
    }
}

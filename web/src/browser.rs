//! The few browser services the playground uses: localStorage, the URL fragment, the document's
//! language, the clipboard and file downloads. Failures (storage disabled, no clipboard
//! permission) are ignored: the playground keeps working without them.

use wasm_bindgen::{JsCast, JsValue};

/// localStorage key of the UI language (`en` / `ko`).
pub const LANG_KEY: &str = "slipway.lang";
/// localStorage key of the autosaved project (JSON of `SharedState`).
pub const PROJECT_KEY: &str = "slipway.project";
/// The URL fragment prefix of a shared state.
pub const SHARE_PREFIX: &str = "#s=";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// The stored value of `key`, if storage is available and holds it.
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key` (ignored when storage is unavailable or full).
pub fn save(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

/// The page's URL fragment, including the `#` (empty when there is none).
pub fn hash() -> String {
    window().and_then(|window| window.location().hash().ok()).unwrap_or_default()
}

/// Sets the URL fragment (the browser records it; the page does not reload).
pub fn set_hash(hash: &str) {
    if let Some(window) = window() {
        let _ = window.location().set_hash(hash);
    }
}

/// Removes the URL fragment without adding a history entry.
pub fn clear_hash() {
    let Some(window) = window() else { return };
    let location = window.location();
    if location.hash().map(|hash| hash.is_empty()).unwrap_or(true) {
        return;
    }
    let url = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Calls a function whenever the URL fragment changes (e.g. a share link pasted into the
/// address bar of an open playground); stops when dropped.
pub struct HashListener {
    callback: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl HashListener {
    /// Starts listening.
    pub fn new(on_change: impl FnMut() + 'static) -> Self {
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(on_change);
        if let Some(window) = window() {
            let _ = window.add_event_listener_with_callback("hashchange", callback.as_ref().unchecked_ref());
        }
        Self { callback }
    }
}

impl Drop for HashListener {
    fn drop(&mut self) {
        if let Some(window) = window() {
            let _ = window.remove_event_listener_with_callback("hashchange", self.callback.as_ref().unchecked_ref());
        }
    }
}

/// The page's full address.
pub fn href() -> String {
    window().and_then(|window| window.location().href().ok()).unwrap_or_default()
}

/// The browser's preferred language tag, e.g. `ko-KR`.
pub fn navigator_language() -> String {
    window().and_then(|window| window.navigator().language()).unwrap_or_default()
}

/// Sets `<html lang>`.
pub fn set_document_lang(tag: &str) {
    if let Some(root) = window().and_then(|window| window.document()).and_then(|doc| doc.document_element()) {
        let _ = root.set_attribute("lang", tag);
    }
}

/// Marks the page ready (`<body data-ready="true">`) for tests and the budget script.
pub fn mark_ready() {
    if let Some(body) = window().and_then(|window| window.document()).and_then(|doc| doc.body()) {
        let _ = body.set_attribute("data-ready", "true");
    }
}

/// Asks the browser to copy `text` to the clipboard; returns whether the request was made
/// (the browser may still refuse it, e.g. without a user gesture or permission).
pub fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = window() else { return false };
    let Ok(clipboard) = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("clipboard")) else {
        return false;
    };
    if clipboard.is_undefined() || clipboard.is_null() {
        return false;
    }
    let Ok(write) = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText")) else { return false };
    let Some(write) = write.dyn_ref::<js_sys::Function>() else { return false };
    match write.call1(&clipboard, &JsValue::from_str(text)) {
        Ok(promise) => {
            // A refused permission rejects the promise; swallow it so the console stays clean.
            if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
                let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
                let _ = promise.catch(&ignore);
                ignore.forget();
            }
            true
        }
        Err(_) => false,
    }
}

/// Offers `bytes` as a file download named `file_name`.
pub fn download(bytes: &[u8], file_name: &str, mime: &str) -> Result<(), JsValue> {
    let window = window().ok_or_else(|| JsValue::from_str("no window"))?;
    let document = window.document().ok_or_else(|| JsValue::from_str("no document"))?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    let body = document.body().ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&anchor)?;
    anchor.click();
    body.remove_child(&anchor)?;
    // Revoke later: the download reads the URL after this handler returns.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000)?;
    Ok(())
}

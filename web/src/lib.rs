//! The browser playground: a Yew front end that renders the views of [`slipway_playground`].
//!
//! Everything the playground shows is computed by `slipway-playground` (the same parser, linter,
//! cache simulator and build engine as the command line); this crate only keeps the UI state,
//! renders it and talks to the browser (localStorage, the URL fragment, downloads).
//!
//! `index.html` calls [`run`] after loading the module and puts the module's exports on
//! `window.slipway` (see [`exports`]).

mod app;
mod browser;
mod doc;
mod editor;
pub mod exports;
mod i18n;
mod offsets;
mod overlay;
mod panels;
mod problems;

pub use app::App;

/// Mounts the playground into the page's `#app` element.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn run() {
    let document = web_sys::window().and_then(|window| window.document()).expect("the page has a document");
    match document.get_element_by_id("app") {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}

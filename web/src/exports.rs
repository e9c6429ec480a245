//! Functions exported to JavaScript (`window.slipway.*`), for the budget script and the tests.
//!
//! The app publishes its current project, language and remembered build here after every
//! change, so [`keystroke_work`] measures a keystroke against what the user sees.

use std::cell::RefCell;
use std::rc::Rc;

use slipway_playground::cache_view::CacheSession;
use slipway_playground::share::{self, SharedState};
use slipway_playground::{diagnostics, Lang, Project};
use slipway_syntax::Analysis;
use wasm_bindgen::prelude::*;

/// What the app last published.
#[derive(Default)]
struct Live {
    project: Project,
    lang: Lang,
    /// The build remembered in the cache panel.
    session: Option<Rc<CacheSession>>,
    /// A build remembered from `project` for [`keystroke_work`] when the user has not
    /// remembered one, so a keystroke always includes a cache re-plan.
    probe: Option<(Project, CacheSession)>,
}

thread_local! {
    static LIVE: RefCell<Live> = RefCell::new(Live::default());
}

/// Records the app's current state (called by the app after every change).
pub(crate) fn publish(project: &Project, lang: Lang, session: Option<&Rc<CacheSession>>) {
    LIVE.with(|live| {
        let mut live = live.borrow_mut();
        live.project.clone_from(project);
        live.lang = lang;
        live.session = session.cloned();
    });
}

/// Runs what one keystroke in the editor costs with `dockerfile` as the new text: the
/// diagnostics (`check`) and the cache re-plan (`whatif`) against the current project's context
/// and remembered build. Returns the number of diagnostics.
#[wasm_bindgen]
pub fn keystroke_work(dockerfile: &str) -> u32 {
    LIVE.with(|live| {
        let mut live = live.borrow_mut();
        let mut edited = live.project.clone();
        edited.dockerfile = dockerfile.to_owned();
        // One parse serves the linter and the cache planner, as in the editor.
        let analysis = Analysis::new(slipway_syntax::parse(&edited.dockerfile));
        let count = diagnostics::check_analysis(&edited, &analysis, live.lang).len();
        if live.session.is_none() && live.probe.as_ref().is_none_or(|(from, _)| *from != live.project) {
            live.probe = CacheSession::remember(&live.project).ok().map(|s| (live.project.clone(), s));
        }
        let live = &*live;
        if let Some(session) = live.session.as_deref().or(live.probe.as_ref().map(|(_, session)| session)) {
            // The table itself is not needed here: only the work of computing it.
            let _ = session.whatif_analysis(&edited, &analysis, live.lang);
        }
        u32::try_from(count).unwrap_or(u32::MAX)
    })
}

/// Encodes a shared state given as JSON (`{"project": {...}, "lang": ..., "example": ...}`) into
/// the text that follows `#s=` in a share link.
#[wasm_bindgen]
pub fn encode_share(state_json: &str) -> Result<String, JsError> {
    let state: SharedState = serde_json::from_slice(state_json.as_bytes()).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(share::encode(&state))
}

/// Decodes the text after `#s=` into the shared state as JSON; throws the codec's error message.
#[wasm_bindgen]
pub fn decode_share(text: &str) -> Result<String, JsError> {
    let state = share::decode(text).map_err(|e| JsError::new(&e.to_string()))?;
    serde_json::to_string(&state).map_err(|e| JsError::new(&e.to_string()))
}

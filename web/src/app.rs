//! The playground's root component: the UI state, its messages, and the page layout.

use std::rc::Rc;

use slipway_playground::cache_view::{self, Advice, CacheSession, CacheTable};
use slipway_playground::diagnostics::{self, DiagnosticView};
use slipway_playground::highlight::{self, HighlightSpan};
use slipway_playground::image_view::{self, BuiltImage};
use slipway_playground::share::{self, SharedState};
use slipway_playground::{gallery, Lang, Project};
use slipway_syntax::Analysis;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::browser;
use crate::editor;
use crate::exports;
use crate::i18n::Text;
use crate::offsets;
use crate::panels;
use crate::problems;

/// The right-hand panels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The instruction under the cursor, or a rule's documentation.
    Explain,
    /// The stage graph.
    Graph,
    /// The virtual build context.
    Context,
    /// The cache what-if table and the advisor.
    Cache,
    /// The emulated build's image.
    Image,
}

impl Tab {
    /// Every tab, in display order.
    pub const ALL: [Tab; 5] = [Tab::Explain, Tab::Graph, Tab::Context, Tab::Cache, Tab::Image];

    /// The name used in `data-testid` (`tab-<name>`, `panel-<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Tab::Explain => "explain",
            Tab::Graph => "graph",
            Tab::Context => "context",
            Tab::Cache => "cache",
            Tab::Image => "image",
        }
    }

    fn label(self) -> Text {
        match self {
            Tab::Explain => Text::TabExplain,
            Tab::Graph => Text::TabGraph,
            Tab::Context => Text::TabContext,
            Tab::Cache => Text::TabCache,
            Tab::Image => Text::TabImage,
        }
    }
}

/// What the Explain panel shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExplainTarget {
    /// The instruction at the cursor.
    Cursor,
    /// A rule's documentation (from an "explain" link).
    Rule(String),
}

/// The diagnostics under the mouse, and where to show their popup (pixels from the editor's
/// top-left corner).
#[derive(Clone, Debug, PartialEq)]
pub struct Hover {
    /// Diagnostic ids, outermost first.
    pub ids: Vec<usize>,
    /// Popup position.
    pub left: f64,
    /// Popup position.
    pub top: f64,
}

/// The result of the last emulated build, with the project it was built from.
pub struct ImageState {
    /// The image, or the build's error.
    pub result: Result<Rc<BuiltImage>, String>,
    /// The project the build ran on (to flag a stale image).
    pub built_from: Project,
    /// The selected layer.
    pub layer: usize,
    /// Show only the selected layer's changes instead of the whole tree.
    pub changes_only: bool,
}

/// The outcome of the share button.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareStatus {
    /// Nothing shared yet.
    Idle,
    /// The link was written and the clipboard asked to copy it.
    Copied,
    /// The link was written; the clipboard is unavailable.
    LinkOnly,
}

/// Messages of [`App`].
pub enum Msg {
    /// The Dockerfile text changed.
    Edit(String),
    /// The cursor moved to this byte offset.
    Cursor(usize),
    /// Put the cursor at a byte offset and focus the editor.
    Goto(usize),
    /// The editor scrolled.
    Scrolled,
    /// Apply fix `.1` of diagnostic `.0`.
    ApplyFix(usize, usize),
    /// Show a rule's documentation in the Explain panel.
    ShowRule(String),
    /// The mouse is over these diagnostics (or none).
    Hover(Option<Hover>),
    /// Switch panels.
    SelectTab(Tab),
    /// Switch the UI language.
    SetLang(Lang),
    /// Load a gallery example.
    LoadExample(String),
    /// Restore the current example.
    Reset,
    /// Write the share link.
    Share,
    /// The URL fragment changed (maybe a share link pasted into the address bar).
    HashChanged,
    /// Change the `--target` stage.
    SetTarget(Option<String>),
    /// Choose the legacy builder (`true`) or BuildKit.
    SetLegacy(bool),
    /// Select a context file.
    SelectFile(String),
    /// Edit the selected context file.
    EditFile(String),
    /// The new file path input changed.
    NewPath(String),
    /// Add a context file at the new path.
    AddFile,
    /// Delete the selected context file.
    DeleteFile,
    /// The new build argument's name changed.
    ArgName(String),
    /// The new build argument's value changed.
    ArgValue(String),
    /// Add the new build argument.
    AddArg,
    /// Change a build argument's value.
    EditArg(String, String),
    /// Remove a build argument.
    RemoveArg(String),
    /// Remember the current project as the cache's previous build.
    Remember,
    /// Replace the Dockerfile with the advisor's suggestion.
    ApplyAdvice,
    /// Run the emulated build.
    Build,
    /// Select an image layer.
    SelectLayer(usize),
    /// Toggle between the whole tree and the layer's changes.
    ToggleChangesOnly,
    /// Download the image as an OCI tar.
    Download,
}

/// The playground.
pub struct App {
    pub(crate) lang: Lang,
    pub(crate) project: Project,
    pub(crate) example: Option<String>,
    pub(crate) diagnostics: Vec<DiagnosticView>,
    pub(crate) spans: Vec<HighlightSpan>,
    pub(crate) cursor: usize,
    pub(crate) explain: ExplainTarget,
    pub(crate) tab: Tab,
    pub(crate) hover: Option<Hover>,
    pub(crate) selected_file: Option<String>,
    pub(crate) new_path: String,
    pub(crate) new_arg: (String, String),
    pub(crate) session: Option<Rc<CacheSession>>,
    pub(crate) cache_error: Option<String>,
    pub(crate) table: Option<Result<CacheTable, String>>,
    pub(crate) advice: Option<Advice>,
    pub(crate) image: Option<ImageState>,
    pub(crate) share_link: String,
    pub(crate) share_status: ShareStatus,
    pub(crate) load_error: Option<String>,
    pub(crate) editor_refs: editor::Refs,
    /// The share text this page last wrote into the fragment (its own `hashchange` is ignored).
    written_share: String,
    _hash_listener: browser::HashListener,
}

/// Where the first state comes from: a share link, the autosave, or the default example.
fn initial_state() -> (SharedState, Option<String>) {
    let hash = browser::hash();
    let mut load_error = None;
    if let Some(text) = hash.strip_prefix(browser::SHARE_PREFIX) {
        match share::decode(text) {
            Ok(state) => return (state, None),
            Err(error) => load_error = Some(error.to_string()),
        }
    }
    if let Some(saved) = browser::load(browser::PROJECT_KEY) {
        if let Ok(state) = serde_json::from_slice::<SharedState>(saved.as_bytes()) {
            return (state, load_error);
        }
    }
    let example = gallery::example(gallery::DEFAULT_EXAMPLE).or_else(|| gallery::examples().first());
    let state = SharedState {
        project: example.map(|example| example.project()).unwrap_or_default(),
        lang: Lang::En,
        example: example.map(|example| example.id.to_owned()),
    };
    (state, load_error)
}

/// The language to start with: the remembered choice, else a shared link's, else the browser's.
fn initial_lang(state: &SharedState, from_link: bool) -> Lang {
    if from_link {
        return state.lang;
    }
    if let Some(lang) = browser::load(browser::LANG_KEY).and_then(|tag| Lang::parse(&tag)) {
        return lang;
    }
    if browser::navigator_language().to_ascii_lowercase().starts_with("ko") {
        Lang::Ko
    } else {
        Lang::En
    }
}

/// The `lang` tag of a language.
pub fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Ko => "ko",
    }
}

impl App {
    /// Recomputes what depends on the project or the language (the Dockerfile is parsed once
    /// for the diagnostics and the cache table).
    fn refresh(&mut self) {
        let analysis = Analysis::new(slipway_syntax::parse(&self.project.dockerfile));
        self.diagnostics = diagnostics::check_analysis(&self.project, &analysis, self.lang);
        self.spans = highlight::highlight(&self.project.dockerfile);
        self.cursor = offsets::floor_char_boundary(&self.project.dockerfile, self.cursor);
        self.refresh_cache(Some(&analysis));
        exports::publish(&self.project, self.lang, self.session.as_ref());
    }

    /// Recomputes the cache table and the advice (only while the Cache panel is open).
    fn refresh_cache(&mut self, analysis: Option<&Analysis>) {
        if self.tab != Tab::Cache {
            self.table = None;
            self.advice = None;
            return;
        }
        let parsed;
        let analysis = match analysis {
            Some(analysis) => analysis,
            None => {
                parsed = Analysis::new(slipway_syntax::parse(&self.project.dockerfile));
                &parsed
            }
        };
        self.table = self.session.as_ref().map(|session| session.whatif_analysis(&self.project, analysis, self.lang));
        self.advice = cache_view::advise(&self.project, self.lang);
    }

    /// After an edit: recompute, autosave, and drop a share fragment that no longer matches.
    fn project_changed(&mut self) {
        self.refresh();
        self.hover = None;
        if self.selected_file.as_ref().is_some_and(|path| !self.project.files.contains_key(path)) {
            self.selected_file = None;
        }
        let state = self.shared_state();
        if let Ok(json) = serde_json::to_string(&state) {
            browser::save(browser::PROJECT_KEY, &json);
        }
        browser::clear_hash();
        self.share_status = ShareStatus::Idle;
    }

    fn shared_state(&self) -> SharedState {
        SharedState { project: self.project.clone(), lang: self.lang, example: self.example.clone() }
    }

    fn load_project(&mut self, project: Project) {
        self.project = project;
        self.cursor = 0;
        self.explain = ExplainTarget::Cursor;
        self.selected_file = self.project.files.keys().next().cloned();
        self.session = None;
        self.cache_error = None;
        self.image = None;
        self.project_changed();
    }

    fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
        browser::save(browser::LANG_KEY, lang_tag(lang));
        browser::set_document_lang(lang_tag(lang));
        self.refresh();
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let from_link = browser::hash().starts_with(browser::SHARE_PREFIX);
        let (state, load_error) = initial_state();
        let lang = initial_lang(&state, from_link && load_error.is_none());
        let mut app = App {
            lang,
            selected_file: state.project.files.keys().next().cloned(),
            project: state.project,
            example: state.example,
            diagnostics: Vec::new(),
            spans: Vec::new(),
            cursor: 0,
            explain: ExplainTarget::Cursor,
            tab: Tab::Explain,
            hover: None,
            new_path: String::new(),
            new_arg: (String::new(), String::new()),
            session: None,
            cache_error: None,
            table: None,
            advice: None,
            image: None,
            share_link: String::new(),
            share_status: ShareStatus::Idle,
            load_error,
            editor_refs: editor::Refs::default(),
            written_share: String::new(),
            _hash_listener: {
                let link = ctx.link().clone();
                browser::HashListener::new(move || link.send_message(Msg::HashChanged))
            },
        };
        browser::save(browser::LANG_KEY, lang_tag(lang));
        browser::set_document_lang(lang_tag(lang));
        app.refresh();
        app
    }

    fn update(&mut self, _ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Edit(text) => {
                if text == self.project.dockerfile {
                    return false;
                }
                self.project.dockerfile = text;
                self.project_changed();
            }
            Msg::Cursor(offset) => {
                let moved = offset != self.cursor || self.explain != ExplainTarget::Cursor;
                self.cursor = offset;
                self.explain = ExplainTarget::Cursor;
                return moved;
            }
            Msg::Goto(offset) => {
                self.cursor = offset;
                self.explain = ExplainTarget::Cursor;
                self.editor_refs.place_caret(&self.project.dockerfile, offset);
            }
            Msg::Scrolled => {
                self.editor_refs.sync_scroll();
                return self.hover.take().is_some();
            }
            Msg::ApplyFix(id, fix) => {
                let Some(text) = diagnostics::apply_fix(&self.project, id, fix) else { return false };
                self.project.dockerfile = text;
                self.project_changed();
            }
            Msg::ShowRule(code) => {
                self.explain = ExplainTarget::Rule(code);
                self.tab = Tab::Explain;
                self.hover = None;
            }
            Msg::Hover(hover) => {
                if hover == self.hover {
                    return false;
                }
                self.hover = hover;
            }
            Msg::SelectTab(tab) => {
                self.tab = tab;
                self.refresh_cache(None);
            }
            Msg::SetLang(lang) => self.set_lang(lang),
            Msg::LoadExample(id) => {
                let Some(example) = gallery::example(&id) else { return false };
                self.example = Some(example.id.to_owned());
                self.load_project(example.project());
            }
            Msg::Reset => {
                let example = self.example.as_deref().and_then(gallery::example);
                let example = example.or_else(|| gallery::example(gallery::DEFAULT_EXAMPLE));
                let Some(example) = example else { return false };
                self.example = Some(example.id.to_owned());
                self.load_project(example.project());
            }
            Msg::Share => {
                let text = share::encode(&self.shared_state());
                browser::set_hash(&format!("{}{}", browser::SHARE_PREFIX, text));
                self.written_share = text;
                self.share_link = browser::href();
                self.share_status = if browser::copy_to_clipboard(&self.share_link) {
                    ShareStatus::Copied
                } else {
                    ShareStatus::LinkOnly
                };
            }
            Msg::HashChanged => {
                let hash = browser::hash();
                let Some(text) = hash.strip_prefix(browser::SHARE_PREFIX) else { return false };
                if text == self.written_share {
                    return false;
                }
                match share::decode(text) {
                    Ok(state) => {
                        self.load_error = None;
                        self.example = state.example;
                        self.set_lang(state.lang);
                        self.load_project(state.project);
                    }
                    Err(error) => self.load_error = Some(error.to_string()),
                }
            }
            Msg::SetTarget(target) => {
                self.project.target = target;
                self.project_changed();
            }
            Msg::SetLegacy(legacy) => {
                self.project.legacy_builder = legacy;
                self.project_changed();
            }
            Msg::SelectFile(path) => self.selected_file = Some(path),
            Msg::EditFile(text) => {
                let Some(path) = &self.selected_file else { return false };
                let Some(contents) = self.project.files.get_mut(path) else { return false };
                *contents = text;
                self.project_changed();
            }
            Msg::NewPath(path) => {
                self.new_path = path;
                return false;
            }
            Msg::AddFile => {
                let path = self.new_path.trim().trim_start_matches("./").trim_start_matches('/').to_owned();
                if path.is_empty() {
                    return false;
                }
                self.project.files.entry(path.clone()).or_default();
                self.selected_file = Some(path);
                self.new_path.clear();
                self.project_changed();
            }
            Msg::DeleteFile => {
                let Some(path) = self.selected_file.take() else { return false };
                self.project.files.remove(&path);
                self.selected_file = self.project.files.keys().next().cloned();
                self.project_changed();
            }
            Msg::ArgName(name) => {
                self.new_arg.0 = name;
                return false;
            }
            Msg::ArgValue(value) => {
                self.new_arg.1 = value;
                return false;
            }
            Msg::AddArg => {
                let name = self.new_arg.0.trim().to_owned();
                if name.is_empty() {
                    return false;
                }
                let value = std::mem::take(&mut self.new_arg.1);
                self.new_arg.0.clear();
                self.project.build_args.insert(name, value);
                self.project_changed();
            }
            Msg::EditArg(name, value) => {
                self.project.build_args.insert(name, value);
                self.project_changed();
            }
            Msg::RemoveArg(name) => {
                self.project.build_args.remove(&name);
                self.project_changed();
            }
            Msg::Remember => {
                match CacheSession::remember(&self.project) {
                    Ok(session) => {
                        self.session = Some(Rc::new(session));
                        self.cache_error = None;
                    }
                    Err(error) => {
                        self.session = None;
                        self.cache_error = Some(error);
                    }
                }
                self.refresh();
            }
            Msg::ApplyAdvice => {
                let Some(advice) = self.advice.take() else { return false };
                self.project.dockerfile = advice.dockerfile;
                self.project_changed();
            }
            Msg::Build => {
                let result = image_view::build_image(&self.project, self.lang).map(Rc::new);
                let layer = result.as_ref().map(|image| image.layers.len().saturating_sub(1)).unwrap_or(0);
                self.image = Some(ImageState { result, built_from: self.project.clone(), layer, changes_only: false });
            }
            Msg::SelectLayer(layer) => {
                let Some(image) = &mut self.image else { return false };
                image.layer = layer;
            }
            Msg::ToggleChangesOnly => {
                let Some(image) = &mut self.image else { return false };
                image.changes_only = !image.changes_only;
            }
            Msg::Download => {
                let Some(Ok(image)) = self.image.as_ref().map(|state| &state.result) else { return false };
                let _ = browser::download(&image.oci_tar(), "image.oci.tar", "application/x-tar");
                return false;
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        html! {
            <div class="app">
                { self.header(link) }
                if let Some(error) = &self.load_error {
                    <div class="banner error" data-testid="share-error">
                        { format!("{} {}", Text::ShareLoadFailed.get(self.lang), error) }
                    </div>
                }
                <main class="layout">
                    <section class="left">
                        { self.lesson() }
                        { editor::view(self, link) }
                        { problems::view(self, link) }
                    </section>
                    <section class="right">
                        <nav class="tabs" role="tablist">
                            { for Tab::ALL.iter().map(|&tab| self.tab_button(tab, link)) }
                        </nav>
                        <div class="panel" data-testid={format!("panel-{}", self.tab.name())} role="tabpanel">
                            { panels::view(self, link) }
                        </div>
                    </section>
                </main>
            </div>
        }
    }

    fn rendered(&mut self, _ctx: &Context<Self>, first_render: bool) {
        self.editor_refs.sync_scroll();
        if first_render {
            browser::mark_ready();
        }
    }
}

impl App {
    fn header(&self, link: &html::Scope<App>) -> Html {
        let lang = self.lang;
        let on_example =
            link.callback(|e: Event| Msg::LoadExample(e.target_unchecked_into::<HtmlSelectElement>().value()));
        let lang_button = |choice: Lang, label: &'static str| {
            let class = if choice == lang { "lang active" } else { "lang" };
            html! {
                <button class={class} data-testid={format!("lang-{}", lang_tag(choice))}
                    aria-pressed={(choice == lang).to_string()}
                    onclick={link.callback(move |_| Msg::SetLang(choice))}>{ label }</button>
            }
        };
        let status = match self.share_status {
            ShareStatus::Idle => "",
            ShareStatus::Copied => Text::LinkCopied.get(lang),
            ShareStatus::LinkOnly => Text::LinkReady.get(lang),
        };
        html! {
            <header class="top">
                <h1>{ Text::Title.get(lang) }</h1>
                <label class="field">
                    <span>{ Text::Example.get(lang) }</span>
                    <select data-testid="example-select" onchange={on_example}>
                        if self.example.is_none() {
                            <option value="" selected=true>{ Text::CustomProject.get(lang) }</option>
                        }
                        { for gallery::examples().iter().map(|example| html! {
                            <option value={example.id} selected={self.example.as_deref() == Some(example.id)}>
                                { example.title(lang) }
                            </option>
                        }) }
                    </select>
                </label>
                <button data-testid="reset-button" title={Text::ResetHint.get(lang)}
                    onclick={link.callback(|_| Msg::Reset)}>{ Text::Reset.get(lang) }</button>
                <div class="share">
                    <button data-testid="share-button" onclick={link.callback(|_| Msg::Share)}>
                        { Text::CopyLink.get(lang) }
                    </button>
                    <input data-testid="share-link" readonly=true value={self.share_link.clone()}
                        placeholder={Text::ShareLinkPlaceholder.get(lang)} aria-label={Text::ShareLinkLabel.get(lang)}
                        onfocus={Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select())} />
                    <span class="status" role="status">{ status }</span>
                </div>
                <div class="langs" role="group" aria-label={Text::Language.get(lang)}>
                    { lang_button(Lang::En, "English") }
                    { lang_button(Lang::Ko, "한국어") }
                </div>
            </header>
        }
    }

    fn lesson(&self) -> Html {
        let Some(example) = self.example.as_deref().and_then(gallery::example) else { return Html::default() };
        html! {
            <details class="lesson" open=true>
                <summary>{ format!("{}: {}", Text::Lesson.get(self.lang), example.title(self.lang)) }</summary>
                <div data-testid="lesson">{ crate::doc::view(example.lesson(self.lang)) }</div>
            </details>
        }
    }

    fn tab_button(&self, tab: Tab, link: &html::Scope<App>) -> Html {
        let selected = tab == self.tab;
        html! {
            <button role="tab" class={if selected { "tab active" } else { "tab" }}
                aria-selected={selected.to_string()} data-testid={format!("tab-{}", tab.name())}
                onclick={link.callback(move |_| Msg::SelectTab(tab))}>
                { tab.label().get(self.lang) }
            </button>
        }
    }
}

/// The value of a `<textarea>` event's target.
pub fn textarea_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlTextAreaElement>().value()
}

/// The value of an `<input>` event's target.
pub fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

//! The build: parse, resolve the target and the stages it needs, evaluate them level by
//! level, then write the image (config, manifest) and name it.

use slipway_cache::context::BuildContext;
use slipway_layers::oci::{media_type, to_canonical_json, Descriptor, ImageConfig, ImageManifest, Platform};
use slipway_layers::BlobStore;
use slipway_syntax::instructions::graph::{target_stage, StageGraph};
use slipway_syntax::instructions::scope::{global_scope, Platforms};
use slipway_syntax::Analysis;

use crate::error::{BuildError, Result};
use crate::eval::Session;
use crate::executor::Executor;
use crate::fetch::Fetcher;
use crate::history::finish;
use crate::options::BuildOptions;
use crate::progress::{Event, ProgressSink, Stopwatch};
use crate::stage::StageState;
use crate::store::Store;

/// The services a build uses: where images and the cache live, how RUN steps run, how ADD
/// downloads, and how steps are timed.
#[derive(Clone, Copy)]
pub struct Engine<'a> {
    /// Image, layer and cache-record storage.
    pub store: &'a dyn BlobStore,
    /// Runs RUN steps.
    pub executor: &'a dyn Executor,
    /// Downloads `ADD <url>` sources.
    pub fetcher: &'a dyn Fetcher,
    /// Times steps for progress output.
    pub stopwatch: &'a dyn Stopwatch,
}

/// What a build produced.
#[derive(Clone, Debug)]
pub struct BuildOutput {
    /// The image manifest (with its platform), stored in the store.
    pub manifest: Descriptor,
    /// The image config.
    pub config: ImageConfig,
    /// Steps that were executed, in order.
    pub executed: Vec<String>,
    /// Steps whose result came from the cache.
    pub cached: Vec<String>,
    /// RUN steps with commands the executor could not emulate, and those commands.
    pub not_emulated: Vec<(String, Vec<String>)>,
}

/// Builds `options.dockerfile` with `context`, reporting to `progress`.
pub fn build(
    engine: &Engine<'_>,
    context: &dyn BuildContext,
    options: &BuildOptions,
    progress: &mut dyn ProgressSink,
) -> Result<BuildOutput> {
    let analysis = Analysis::of_bytes(options.dockerfile.as_bytes());
    if let Some(error) = analysis.diagnostics().into_iter().find(|d| d.is_error()) {
        let line = analysis.file.line_index().line_of(error.span.start) + 1;
        return Err(BuildError::Dockerfile(format!("Dockerfile:{line}: {}", error.message)));
    }
    let platforms =
        Platforms { build: options.build_platform.to_string(), target: options.target_platform.to_string() };
    let global = global_scope(&analysis.model, analysis.file.escape, &options.build_args, &platforms)
        .map_err(|e| BuildError::Dockerfile(e.to_string()))?;
    let (graph, graph_errors) = StageGraph::build(&analysis.file, &analysis.model, &global);
    if let Some(error) = graph_errors.first() {
        return Err(BuildError::Dockerfile(error.message.clone()));
    }
    let target = target_stage(&analysis.model, options.target.as_deref()).map_err(BuildError::Dockerfile)?;
    let store = Store::open(engine.store)?;
    let mut session = Session::new(
        store,
        (engine.executor, engine.fetcher, engine.stopwatch),
        progress,
        options,
        context,
        (&analysis.file, &analysis.model, &graph),
        global,
    );
    for level in graph.levels(target) {
        for stage in level {
            let state = session.eval_stage(stage)?;
            session.done[stage] = Some(state);
        }
    }
    let state = session.done[target].take().ok_or_else(|| BuildError::Dockerfile("the target was not built".into()))?;
    let created = session.epoch.or(state.last_created).unwrap_or(options.now);
    let (manifest, config) = write_image(engine.store, state, created)?;
    for tag in &options.tags {
        session.store.tag(tag, &manifest)?;
    }
    let names = options.tags.iter().map(|t| crate::store::normalize_name(t)).collect();
    session.progress.event(Event::Image { digest: manifest.digest.to_string(), names });
    Ok(BuildOutput {
        manifest,
        config,
        executed: session.executed,
        cached: session.cached,
        not_emulated: session.not_emulated,
    })
}

/// Stores the config and manifest of a finished stage.
fn write_image(store: &dyn BlobStore, state: StageState, created: i64) -> Result<(Descriptor, ImageConfig)> {
    let mut config = state.config;
    config.rootfs.diff_ids = state.layers.iter().map(|l| l.diff_id.clone()).collect();
    finish(&mut config, created);
    config.validate()?;
    let config_json = to_canonical_json(&config)?;
    let config_descriptor = Descriptor::of(media_type::OCI_CONFIG, &config_json);
    store.put_verified(&config_descriptor.digest, &config_json)?;
    let layers = state.layers.iter().map(|l| l.descriptor.clone()).collect();
    let manifest_json = to_canonical_json(&ImageManifest::new(config_descriptor, layers))?;
    let mut descriptor = Descriptor::of(media_type::OCI_MANIFEST, &manifest_json);
    let mut platform = Platform::new(&config.os, &config.architecture);
    platform.variant.clone_from(&config.variant);
    descriptor.platform = Some(platform);
    store.put_verified(&descriptor.digest, &manifest_json)?;
    Ok((descriptor, config))
}

//! Progress events, and the BuildKit-like plain text and JSON renderings of them.

use serde::Serialize;

/// Something that happened during a build.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A step started (vertices: FROM, RUN, COPY/ADD, WORKDIR).
    Start {
        /// Step number in the build, from 1.
        id: usize,
        /// `[stage 2/3] RUN …`.
        name: String,
    },
    /// A step's result came from the cache.
    Cached {
        /// Step number.
        id: usize,
    },
    /// Output of a running step.
    Output {
        /// Step number.
        id: usize,
        /// `stdout` or `stderr`.
        stream: &'static str,
        /// The text (lossy UTF-8).
        text: String,
    },
    /// A note about a step, e.g. `not emulated: apt-get`.
    Warning {
        /// Step number.
        id: usize,
        /// The note.
        message: String,
    },
    /// A step finished.
    Done {
        /// Step number.
        id: usize,
        /// Seconds it took (0 when cached).
        seconds: f64,
    },
    /// The image was written.
    Image {
        /// Manifest digest.
        digest: String,
        /// Names pointed at it.
        names: Vec<String>,
    },
}

/// Receives events; the engine needs nothing else to report progress.
pub trait ProgressSink {
    /// Handles one event.
    fn event(&mut self, event: Event);
}

/// Measures step durations; the core never reads a clock itself.
pub trait Stopwatch {
    /// Seconds since some fixed instant.
    fn seconds(&self) -> f64;
}

/// A stopwatch that always reads 0 (deterministic tests, the browser without a timer).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoStopwatch;

impl Stopwatch for NoStopwatch {
    fn seconds(&self) -> f64 {
        0.0
    }
}

/// Discards events.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl ProgressSink for NoProgress {
    fn event(&mut self, _event: Event) {}
}

/// Keeps every event (tests, the playground).
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    /// The events in order.
    pub events: Vec<Event>,
}

impl ProgressSink for Recorder {
    fn event(&mut self, event: Event) {
        self.events.push(event);
    }
}

impl Recorder {
    /// The names of the steps that were executed (not cached).
    pub fn executed(&self) -> Vec<String> {
        let cached: Vec<usize> =
            self.events.iter().filter_map(|e| if let Event::Cached { id } = e { Some(*id) } else { None }).collect();
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Start { id, name } if !cached.contains(id) => Some(name.clone()),
                _ => None,
            })
            .collect()
    }
}

/// BuildKit's `--progress plain` lines for one event (`#3 [build 1/2] RUN …`, `#3 CACHED`,
/// `#3 DONE 0.1s`); empty for nothing to print.
pub fn plain_line(event: &Event) -> String {
    match event {
        Event::Start { id, name } => format!("#{id} {name}\n"),
        Event::Cached { id } => format!("#{id} CACHED\n"),
        Event::Output { id, text, .. } => text.lines().map(|line| format!("#{id} {line}\n")).collect(),
        Event::Warning { id, message } => format!("#{id} WARNING: {message}\n"),
        Event::Done { id, seconds } => {
            // Tenths by integer formatting: float formatting would add its tables to the playground's wasm.
            let tenths = (seconds.max(0.0) * 10.0).round() as u64;
            format!("#{id} DONE {}.{}s\n\n", tenths / 10, tenths % 10)
        }
        Event::Image { digest, names } if names.is_empty() => format!("writing image {digest} done\n"),
        Event::Image { digest, names } => format!("writing image {digest} done\nnaming to {} done\n", names.join(", ")),
    }
}

/// One JSON object per line.
pub fn json_line(event: &Event) -> String {
    let mut line = serde_json::to_string(event).unwrap_or_default();
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_look_like_buildkit() {
        let start = Event::Start { id: 2, name: "[build 1/2] RUN echo hi".into() };
        assert_eq!(plain_line(&start), "#2 [build 1/2] RUN echo hi\n");
        assert_eq!(plain_line(&Event::Cached { id: 2 }), "#2 CACHED\n");
        assert_eq!(plain_line(&Event::Done { id: 2, seconds: 0.04 }), "#2 DONE 0.0s\n\n");
        assert!(json_line(&start).starts_with(r#"{"event":"start","id":2"#));
    }
}

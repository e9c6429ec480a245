//! Image config and history as BuildKit's Dockerfile frontend writes them: the empty image a
//! `FROM scratch` stage starts from, `created_by` strings, `empty_layer` entries and the
//! final timestamps.

use slipway_layers::oci::time::rfc3339;
use slipway_layers::oci::{History, ImageConfig};
use slipway_syntax::gocompat::quote_list;

use crate::options::Platform;

/// BuildKit's history comment.
pub const HISTORY_COMMENT: &str = "buildkit.dockerfile.v0";

/// The default `PATH` of a Linux image without one.
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The config a `FROM scratch` stage starts with: the platform, `PATH` and working directory `/`.
pub fn empty_image(platform: &Platform) -> ImageConfig {
    let mut config = ImageConfig::new(&platform.os, &platform.architecture);
    config.variant.clone_from(&platform.variant);
    config.config.env = vec![format!("PATH={DEFAULT_PATH}")];
    config.config.working_dir = Some("/".to_owned());
    config
}

/// Appends a history entry. `with_state` adds BuildKit's ` # buildkit` suffix (RUN, COPY,
/// ADD); `created` is filled in by [`finish`].
pub fn commit(config: &mut ImageConfig, created_by: String, with_layer: bool, with_state: bool) {
    let created_by = if with_state { format!("{created_by} # buildkit") } else { created_by };
    config.history.push(History {
        created: None,
        author: None,
        created_by: Some(created_by),
        comment: Some(HISTORY_COMMENT.to_owned()),
        empty_layer: !with_layer,
    });
}

/// Marks the last history entry as making no layer (the step changed nothing).
pub fn mark_last_empty(config: &mut ImageConfig) {
    if let Some(last) = config.history.last_mut() {
        last.empty_layer = true;
    }
}

/// Sets the image's `created` and that of every history entry that has none.
pub fn finish(config: &mut ImageConfig, created: i64) {
    let stamp = rfc3339(created);
    for entry in &mut config.history {
        if entry.created.is_none() {
            entry.created = Some(stamp.clone());
        }
    }
    config.created = Some(stamp);
}

/// `RUN` history text: declared build args as `|N K=V …` then the argv, space-joined.
pub fn run_created_by(argv: &[String], build_args: &[(String, String)]) -> String {
    let mut parts = Vec::new();
    if !build_args.is_empty() {
        parts.push(format!("|{}", build_args.len()));
        parts.extend(build_args.iter().map(|(k, v)| format!("{k}={v}")));
    }
    parts.extend(argv.iter().cloned());
    format!("RUN {}", parts.join(" "))
}

/// `CMD`/`ENTRYPOINT` history text: Go's `%q` of the argv.
pub fn argv_created_by(instruction: &str, argv: &[String]) -> String {
    format!("{instruction} {}", quote_list(argv))
}

/// Go's `%v` of a string slice: `[a b]` (VOLUME, SHELL).
pub fn go_list(items: &[String]) -> String {
    format!("[{}]", items.join(" "))
}

/// Go's `time.Duration.String()`.
pub fn go_duration(nanos: i64) -> String {
    if nanos == 0 {
        return "0s".to_owned();
    }
    let negative = nanos < 0;
    let n = nanos.unsigned_abs();
    let sign = if negative { "-" } else { "" };
    if n < 1_000 {
        return format!("{sign}{n}ns");
    }
    if n < 1_000_000 {
        return format!("{sign}{}µs", fraction(n, 1_000));
    }
    if n < 1_000_000_000 {
        return format!("{sign}{}ms", fraction(n, 1_000_000));
    }
    let hours = n / 3_600_000_000_000;
    let minutes = n / 60_000_000_000 % 60;
    let seconds = fraction(n % 60_000_000_000, 1_000_000_000);
    let mut out = sign.to_owned();
    if hours > 0 {
        out.push_str(&format!("{hours}h"));
    }
    if hours > 0 || minutes > 0 {
        out.push_str(&format!("{minutes}m"));
    }
    out.push_str(&format!("{seconds}s"));
    out
}

/// `value / unit` with the remainder as a decimal fraction without trailing zeros.
fn fraction(value: u64, unit: u64) -> String {
    let whole = value / unit;
    let rest = value % unit;
    if rest == 0 {
        return whole.to_string();
    }
    let width = unit.ilog10() as usize;
    let digits = format!("{rest:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_like_go() {
        assert_eq!(go_duration(0), "0s");
        assert_eq!(go_duration(30_000_000_000), "30s");
        assert_eq!(go_duration(90_000_000_000), "1m30s");
        assert_eq!(go_duration(1_500_000_000), "1.5s");
        assert_eq!(go_duration(3_600_000_000_000), "1h0m0s");
        assert_eq!(go_duration(2_000_000), "2ms");
        assert_eq!(go_duration(1_500), "1.5µs");
    }

    #[test]
    fn run_text_lists_build_args() {
        let argv = vec!["/bin/sh".to_owned(), "-c".to_owned(), "echo hi".to_owned()];
        assert_eq!(run_created_by(&argv, &[]), "RUN /bin/sh -c echo hi");
        let args = [("A".to_owned(), "1".to_owned()), ("B".to_owned(), String::new())];
        assert_eq!(run_created_by(&argv, &args), "RUN |2 A=1 B= /bin/sh -c echo hi");
        assert_eq!(argv_created_by("CMD", &argv), r#"CMD ["/bin/sh" "-c" "echo hi"]"#);
    }

    #[test]
    fn history_entries_get_the_build_time() {
        let mut config = empty_image(&Platform::linux_amd64());
        commit(&mut config, "ENV A=b".into(), false, false);
        commit(&mut config, "RUN /bin/sh -c true".into(), true, true);
        finish(&mut config, 0);
        assert_eq!(config.history[0].created.as_deref(), Some("1970-01-01T00:00:00Z"));
        assert!(config.history[0].empty_layer);
        assert_eq!(config.history[1].created_by.as_deref(), Some("RUN /bin/sh -c true # buildkit"));
    }
}

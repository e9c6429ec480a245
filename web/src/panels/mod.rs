//! The right-hand panels, one module each.

mod cache;
mod context;
mod explain;
mod graph;
mod image;

use yew::html::Scope;
use yew::prelude::*;

use crate::app::{App, Tab};

/// Renders the selected panel.
pub fn view(app: &App, link: &Scope<App>) -> Html {
    match app.tab {
        Tab::Explain => explain::view(app),
        Tab::Graph => graph::view(app, link),
        Tab::Context => context::view(app, link),
        Tab::Cache => cache::view(app, link),
        Tab::Image => image::view(app, link),
    }
}

/// A byte count for people: `512 B`, `1.5 KB`, `12.0 MB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// The value of a `<select>` change event's target.
pub fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_switch_units_at_1024() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(5 * 1024 * 1024), "5.0 MB");
    }
}

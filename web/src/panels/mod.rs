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

/// A byte count for people: `512 B`, `1.5 KB`, `12.0 MB` (one decimal, rounded half up).
///
/// Integer arithmetic only: float formatting would add its tables to the playground's download.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut unit = 0;
    let mut divisor: u128 = 1024;
    while u128::from(bytes) >= divisor * 1024 && unit + 1 < UNITS.len() {
        divisor *= 1024;
        unit += 1;
    }
    let tenths = (u128::from(bytes) * 10 + divisor / 2) / divisor;
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
}

/// A length in CSS pixels, rounded to a whole pixel (integer formatting: see [`human_size`]).
pub fn px(value: f32) -> String {
    (value.round() as i64).to_string()
}

/// The value of a `<select>` change event's target.
pub fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()
}

#[cfg(test)]
mod tests {
    use super::{human_size, px};

    #[test]
    fn sizes_switch_units_at_1024() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(5 * 1024 * 1024), "5.0 MB");
        assert_eq!(human_size(1024 * 1024 - 1), "1024.0 KB");
        assert_eq!(human_size(1075), "1.0 KB");
        assert_eq!(human_size(1076), "1.1 KB");
    }

    #[test]
    fn pixels_round_to_whole_numbers() {
        assert_eq!(px(12.0), "12");
        assert_eq!(px(-12.0), "-12");
        assert_eq!(px(99.5), "100");
        assert_eq!(px(0.4), "0");
    }
}

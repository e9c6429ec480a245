//! The rules, one file each, grouped by directory; each group's `mod.rs` has its own table so
//! that groups can grow independently.

pub(crate) mod buildkit;
pub(crate) mod hadolint;
pub(crate) mod slipway;

use crate::rule::Rule;

/// (group directory, its table), in the order rules are listed.
pub(crate) const GROUPS: &[(&str, &[Rule])] = &[
    ("hadolint/instructions", hadolint::instructions::RULES),
    ("hadolint/shell", hadolint::shell::RULES),
    ("hadolint/packages", hadolint::packages::RULES),
    ("buildkit", buildkit::RULES),
    ("slipway", slipway::RULES),
];

/// What a rule file needs: `use crate::rules::prelude::*;`.
pub(crate) mod prelude {
    pub(crate) use crate::context::Context;
    pub(crate) use crate::declare_rule;
    pub(crate) use crate::finding::{Edit, Fix, Reporter};
    pub(crate) use crate::rule::{FixAvailability, Severity};
    pub(crate) use slipway_syntax::instructions::Command;
    pub(crate) use slipway_syntax::{Arguments, Span};
}

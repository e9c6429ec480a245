//! What a rule is: its identities (hadolint code, BuildKit check name, Slipway code), default
//! severity, whether it runs by default, its documentation and its check function.
//!
//! Rules are declared with [`declare_rule!`](crate::declare_rule), which keeps the rustdoc and
//! the runtime documentation ([`Rule::doc`]) one and the same text.

use serde::{Deserialize, Serialize};

use crate::context::Context;
use crate::finding::Reporter;

/// How serious a finding is, hadolint's four levels. Ordered from least to most serious.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Cosmetic.
    Style,
    /// A suggestion.
    Info,
    /// A likely problem or a departure from best practice.
    Warning,
    /// A definite problem.
    Error,
}

impl Severity {
    /// All severities, most serious first.
    pub const ALL: [Severity; 4] = [Severity::Error, Severity::Warning, Severity::Info, Severity::Style];

    /// The lower-case name hadolint uses (`error`, `warning`, `info`, `style`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Style => "style",
        }
    }

    /// Parses a severity name, case-insensitively.
    pub fn parse(name: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a rule can offer a fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixAvailability {
    /// The rule never offers a fix.
    None,
    /// Some findings carry a fix.
    Sometimes,
    /// Every finding carries a fix.
    Always,
}

/// The check function of a rule: reads the [`Context`] and reports findings.
pub type CheckFn = fn(&Context<'_>, &mut Reporter<'_>);

/// A lint rule. Declare one with [`declare_rule!`](crate::declare_rule); list it in its group's
/// table (`rules/<group>/mod.rs`).
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// hadolint's code (`DL3008`), when hadolint has the rule.
    pub hadolint: Option<&'static str>,
    /// BuildKit's check name (`JSONArgsRecommended`), when BuildKit has the check.
    pub buildkit: Option<&'static str>,
    /// Slipway's own code (`SW1001`) for rules neither tool has, or for Slipway-only variants.
    pub slipway: Option<&'static str>,
    /// One-line summary for `slipway rules` (English).
    pub summary: &'static str,
    /// Default severity (hadolint's where hadolint has the rule).
    pub severity: Severity,
    /// Whether the rule runs without being enabled (hadolint: DL3057 and DL1001 are off).
    pub default_enabled: bool,
    /// Whether findings may carry fixes.
    pub fix: FixAvailability,
    /// The rule's documentation: English, then a `# 한국어` section (see [`RuleDoc`]).
    pub doc: &'static str,
    /// The check.
    pub check: CheckFn,
}

impl Rule {
    /// The primary code: the hadolint code, else the Slipway code, else the BuildKit name.
    /// This is the `code` of every finding of the rule.
    pub fn code(&self) -> &'static str {
        self.hadolint.or(self.slipway).or(self.buildkit).unwrap_or("")
    }

    /// Every identity of the rule (codes and BuildKit name).
    pub fn identities(&self) -> impl Iterator<Item = &'static str> {
        [self.hadolint, self.slipway, self.buildkit].into_iter().flatten()
    }

    /// Whether `id` names this rule (any of its identities, ASCII case-insensitive).
    pub fn is(&self, id: &str) -> bool {
        let id = id.trim();
        self.identities().any(|own| own.eq_ignore_ascii_case(id))
    }

    /// Whether any of `ids` names this rule.
    pub fn is_any<S: AsRef<str>>(&self, ids: &[S]) -> bool {
        ids.iter().any(|id| self.is(id.as_ref()))
    }

    /// The documentation split into languages.
    pub fn docs(&self) -> RuleDoc {
        RuleDoc::parse(self.doc)
    }

    /// Anchor of the rule's documentation page, e.g. `rules/DL3008`.
    pub fn doc_path(&self) -> String {
        format!("rules/{}", self.code())
    }
}

/// Documentation languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Korean.
    Ko,
}

impl Lang {
    /// Parses `en` / `ko`.
    pub fn parse(name: &str) -> Option<Lang> {
        match name.to_ascii_lowercase().as_str() {
            "en" | "english" => Some(Lang::En),
            "ko" | "kr" | "korean" => Some(Lang::Ko),
            _ => None,
        }
    }
}

/// The heading that starts the Korean half of a rule's doc comment.
pub const KOREAN_HEADING: &str = "# 한국어";

/// A rule's documentation in English and Korean, as Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleDoc {
    /// English text (`## What it does`, `## Why is this bad?`, `## Example`, `## Use instead`,
    /// `## Fix safety`).
    pub en: String,
    /// Korean text (the same sections, translated), empty when missing.
    pub ko: String,
}

impl RuleDoc {
    /// Splits the raw doc text (one line per `///` line, each with its leading space) at the
    /// [`KOREAN_HEADING`] line.
    pub fn parse(raw: &str) -> RuleDoc {
        let mut en = String::new();
        let mut ko = String::new();
        let mut korean = false;
        for line in raw.lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            if line.trim() == KOREAN_HEADING {
                korean = true;
                continue;
            }
            let out = if korean { &mut ko } else { &mut en };
            out.push_str(line);
            out.push('\n');
        }
        RuleDoc { en: en.trim().to_string() + "\n", ko: ko.trim().to_string() + "\n" }
    }

    /// The text in `lang` (English when the Korean text is missing).
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko if !self.ko.trim().is_empty() => &self.ko,
            _ => &self.en,
        }
    }
}

/// Declares a rule as a `pub const RULE: Rule` whose rustdoc and [`Rule::doc`] are the same doc
/// comment. See `RULES.md` for the file template.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// …
///     /// # 한국어
///     /// ## 무엇을 하나요
///     /// …
///     RULE {
///         hadolint: Some("DL3000"),
///         buildkit: Some("WorkdirRelativePath"),
///         slipway: None,
///         summary: "Use absolute WORKDIR",
///         severity: Severity::Error,
///         default_enabled: true,
///         fix: FixAvailability::None,
///         check: check,
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])+
        RULE {
            hadolint: $hadolint:expr,
            buildkit: $buildkit:expr,
            slipway: $slipway:expr,
            summary: $summary:expr,
            severity: $severity:expr,
            default_enabled: $enabled:expr,
            fix: $fix:expr,
            check: $check:expr $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        pub const RULE: $crate::Rule = $crate::Rule {
            hadolint: $hadolint,
            buildkit: $buildkit,
            slipway: $slipway,
            summary: $summary,
            severity: $severity,
            default_enabled: $enabled,
            fix: $fix,
            doc: concat!($($doc, "\n"),+),
            check: $check,
        };
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_splits_at_korean_heading() {
        let doc = RuleDoc::parse(" ## What it does\n Checks.\n\n # 한국어\n ## 무엇을 하나요\n 검사합니다.\n");
        assert_eq!(doc.en, "## What it does\nChecks.\n");
        assert_eq!(doc.ko, "## 무엇을 하나요\n검사합니다.\n");
        assert_eq!(doc.text(Lang::Ko), doc.ko);
    }

    #[test]
    fn severity_order_and_names() {
        assert!(Severity::Error > Severity::Warning && Severity::Info > Severity::Style);
        assert_eq!(Severity::parse("Warning"), Some(Severity::Warning));
        assert_eq!(Severity::parse("ignore"), None);
    }
}

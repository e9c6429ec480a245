//! The table of every rule: the concatenation of the per-group tables in `rules/`.

use crate::rule::Rule;
use crate::rules::GROUPS;

/// Every rule, group by group, in table order.
pub fn all_rules() -> impl Iterator<Item = &'static Rule> {
    GROUPS.iter().flat_map(|(_, rules)| rules.iter())
}

/// The groups: (directory under `rules/`, its rules).
pub fn groups() -> &'static [(&'static str, &'static [Rule])] {
    GROUPS
}

/// The rule named by `id`: a DL/SW code or a BuildKit check name, case-insensitive.
pub fn find(id: &str) -> Option<&'static Rule> {
    all_rules().find(|rule| rule.is(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_are_unique_and_documented() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in all_rules() {
            for id in rule.identities() {
                assert!(seen.insert(id.to_ascii_lowercase()), "{id} is declared twice");
            }
            let doc = rule.docs();
            for section in ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety"] {
                assert!(doc.en.contains(section), "{}: English doc lacks {section}", rule.code());
            }
            assert!(
                doc.ko.lines().filter(|l| l.starts_with("## ")).count() >= 5,
                "{}: Korean doc incomplete",
                rule.code()
            );
            assert!(!rule.summary.is_empty());
        }
    }

    #[test]
    fn find_by_code_or_name() {
        assert_eq!(find("dl4000").map(|r| r.code()), Some("DL4000"));
        assert_eq!(find("MaintainerDeprecated").map(|r| r.code()), Some("DL4000"));
        assert!(find("DL9999").is_none());
    }
}

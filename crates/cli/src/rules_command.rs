//! `slipway rules` (every rule: code, BuildKit name, severity, summary) and `slipway explain
//! CODE` (a rule's documentation, English or Korean), both read from the rule registry.

use std::process::ExitCode;

use clap::Args;
use slipway_lint::registry::{all_rules, find};
use slipway_lint::{Lang, Rule};

/// Arguments of `slipway rules`.
#[derive(Args)]
pub struct RulesArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Arguments of `slipway explain`.
#[derive(Args)]
pub struct ExplainArgs {
    /// A DL/SW code or a BuildKit check name.
    code: String,
    /// Language: en or ko.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
}

fn parse_lang(value: &str) -> Result<Lang, String> {
    Lang::parse(value).ok_or_else(|| format!("unknown language '{value}' (en|ko)"))
}

/// The table of rules.
pub fn table() -> String {
    let mut out = String::new();
    for rule in all_rules() {
        let name = rule.buildkit.filter(|n| *n != rule.code()).unwrap_or("");
        let off = if rule.default_enabled { "" } else { " (off by default)" };
        let severity = rule.severity.as_str();
        out.push_str(&format!("{:<28} {:<28} {severity:<7} {}{off}\n", rule.code(), name, rule.summary));
    }
    out
}

fn rule_json(rule: &Rule) -> serde_json::Value {
    serde_json::json!({
        "code": rule.code(),
        "hadolint": rule.hadolint,
        "buildkit": rule.buildkit,
        "slipway": rule.slipway,
        "severity": rule.severity,
        "enabled": rule.default_enabled,
        "fix": rule.fix,
        "summary": rule.summary,
    })
}

/// Runs `slipway rules`.
pub fn run_rules(args: &RulesArgs) -> ExitCode {
    if args.json {
        let rules: Vec<_> = all_rules().map(rule_json).collect();
        println!("{}", serde_json::to_string_pretty(&rules).unwrap_or_default());
    } else {
        print!("{}", table());
    }
    ExitCode::SUCCESS
}

/// A rule's explanation: a header line, then its doc in `lang`.
pub fn explain(rule: &Rule, lang: Lang) -> String {
    let mut names: Vec<&str> = rule.identities().collect();
    names.dedup();
    let off = if rule.default_enabled { "" } else { ", off by default" };
    format!("{} — {} ({}{off})\n\n{}", names.join(" / "), rule.summary, rule.severity, rule.docs().text(lang))
}

/// Runs `slipway explain`: exit 2 for an unknown code.
pub fn run_explain(args: &ExplainArgs) -> ExitCode {
    match find(&args.code) {
        Some(rule) => {
            print!("{}", explain(rule, args.lang));
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("slipway: unknown rule '{}' (see `slipway rules`)", args.code);
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_lists_every_rule() {
        let table = table();
        assert_eq!(table.lines().count(), all_rules().count());
        assert!(table
            .lines()
            .any(|l| l.starts_with("DL4000                       MaintainerDeprecated") && l.contains("error")));
    }

    #[test]
    fn explain_in_both_languages() {
        let rule = find("MaintainerDeprecated").unwrap();
        let en = explain(rule, Lang::En);
        assert!(en.starts_with("DL4000 / MaintainerDeprecated — MAINTAINER is deprecated (error)"), "{en}");
        assert!(en.contains("## Why is this bad?"));
        assert!(explain(rule, Lang::Ko).contains("## 왜 문제인가요?"));
    }
}

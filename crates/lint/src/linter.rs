//! Runs the enabled rules over one file and applies, in order: severity overrides, the
//! `# check=skip=…;error=true;experimental=…` directive, and ignore pragmas.

use slipway_syntax::directive::{parse_check, CheckDirective};
use slipway_syntax::instructions::{analyze, Model};
use slipway_syntax::{Dockerfile, Span};

use crate::config::Config;
use crate::context::{parse_runs, BuildContext, Context};
use crate::finding::{Finding, Reporter};
use crate::pragma::Pragmas;
use crate::registry::all_rules;
use crate::rule::{Rule, Severity};

/// Lints `source` with `config` and every registered rule.
pub fn lint(source: &str, config: &Config) -> Vec<Finding> {
    Linter::new(config).lint(source)
}

/// A configured linter.
pub struct Linter<'a> {
    config: &'a Config,
    build_context: Option<&'a dyn BuildContext>,
    /// Candidate rules and whether they run without a `# check=experimental=` naming them.
    rules: Vec<(&'a Rule, bool)>,
}

impl<'a> Linter<'a> {
    /// A linter running every registered rule that `config` enables, plus off-by-default
    /// BuildKit checks that a file's `# check=experimental=NAME|all` directive enables.
    pub fn new(config: &'a Config) -> Linter<'a> {
        let rules = all_rules()
            .filter(|r| !r.is_any(&config.ignored))
            .map(|r| (r, config.is_enabled(r)))
            .filter(|(r, enabled)| *enabled || r.buildkit.is_some())
            .collect();
        Linter { config, build_context: None, rules }
    }

    /// A linter running exactly `rules` (whether enabled by default or not).
    pub fn with_rules(config: &'a Config, rules: Vec<&'a Rule>) -> Linter<'a> {
        Linter { config, build_context: None, rules: rules.into_iter().map(|r| (r, true)).collect() }
    }

    /// Lints against a build context (for rules that look at files, e.g. CopyIgnoredFile).
    pub fn with_build_context(mut self, build_context: &'a dyn BuildContext) -> Linter<'a> {
        self.build_context = Some(build_context);
        self
    }

    /// Lints one file's text. Findings are sorted by position, then code.
    pub fn lint(&self, source: &str) -> Vec<Finding> {
        let file = slipway_syntax::parse(source);
        let model = analyze(&file);
        self.lint_parsed(&file, &model)
    }

    /// Lints a file already parsed and analysed (e.g. the `file` and `model` of a
    /// [`slipway_syntax::Analysis`] that other tools share); the same findings as
    /// [`lint`](Self::lint) of its source.
    pub fn lint_parsed(&self, file: &Dockerfile, model: &Model) -> Vec<Finding> {
        let pragmas = Pragmas::collect(file);
        let check = file.directive("check").and_then(|d| parse_check(&d.value).ok()).unwrap_or_default();
        let runs = parse_runs(file, model, &pragmas);
        let ctx = Context::new(file, model, self.config, &pragmas, &runs, self.build_context);
        let spans: Vec<Span> = file.instructions.iter().map(|i| i.span).collect();
        let mut findings = Vec::new();
        let runs =
            |(rule, enabled): &(&'a Rule, bool)| (*enabled || experimental(&check, rule)) && !skipped(&check, rule);
        for rule in self.rules.iter().filter(|r| runs(r)).map(|(rule, _)| *rule) {
            let mut reporter = Reporter::new(rule, &file.source, file.line_index(), &spans);
            (rule.check)(&ctx, &mut reporter);
            let severity = self.severity(&check, rule);
            findings.extend(reporter.into_findings().into_iter().map(|mut f| {
                f.severity = severity;
                f
            }));
        }
        if !self.config.disable_ignore_pragma {
            findings.retain(|f| !pragmas.suppresses(f));
        }
        slipway_sort::sort_by(&mut findings, |a, b| {
            (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
        });
        findings.dedup();
        findings
    }

    fn severity(&self, check: &CheckDirective, rule: &Rule) -> Severity {
        if let Some(severity) = self.config.severity_override(rule) {
            return severity;
        }
        if check.error && rule.buildkit.is_some() {
            return Severity::Error;
        }
        rule.severity
    }
}

/// `# check=experimental=A,B` (or `all`) names the rule's BuildKit check.
fn experimental(check: &CheckDirective, rule: &Rule) -> bool {
    rule.buildkit.is_some() && check.experimental.iter().any(|name| name.eq_ignore_ascii_case("all") || rule.is(name))
}

/// `# check=skip=A,B` (or `skip=all`) names the rule's BuildKit check.
fn skipped(check: &CheckDirective, rule: &Rule) -> bool {
    rule.buildkit.is_some() && check.skip.iter().any(|name| name.eq_ignore_ascii_case("all") || rule.is(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(src: &str, config: &Config) -> Vec<(&'static str, usize)> {
        lint(src, config).iter().map(|f| (f.code, f.start.line)).collect()
    }

    #[test]
    fn next_line_global_and_named_ignores() {
        let src = "FROM ubuntu:1\n# hadolint ignore=DL3000 # because\nWORKDIR aa\n#hadolint ignore=DL3000\n\nWORKDIR bb\n# hadolint global ignore=JSONArgsRecommended\nCMD x\n# hadolint ignore=DL3000\n# other\nWORKDIR dd\n";
        assert_eq!(codes(src, &Config::default()), [("DL3000", 6), ("DL3000", 11)]);
        let config = Config { disable_ignore_pragma: true, ..Config::default() };
        assert_eq!(codes(src, &config).len(), 4);
    }

    #[test]
    fn stage_ignore_follows_hadolint_lines() {
        // hadolint 2.15.1 reports DL3000 on lines 2 and 4 and 8 here: the pragma covers the
        // lines after the one below it, up to the next FROM.
        let src = "FROM a:1\nWORKDIR a0\n# hadolint stage ignore=DL3000\nWORKDIR aa\nWORKDIR bb\nWORKDIR cc\nFROM a:1 AS x\nWORKDIR dd\n";
        let lines: Vec<usize> =
            lint(src, &Config::default()).iter().filter(|f| f.code == "DL3000").map(|f| f.start.line).collect();
        assert_eq!(lines, [2, 4, 8]);
        let above_from =
            "FROM a:1\n# hadolint stage ignore=DL3000,DL3006\nFROM ubuntu\nWORKDIR aa\nFROM ubuntu:1\nWORKDIR bb\n";
        let found: Vec<_> =
            codes(above_from, &Config::default()).into_iter().filter(|(c, _)| c.starts_with("DL300")).collect();
        assert_eq!(found, [("DL3006", 3), ("DL3000", 6)]);
    }

    #[test]
    fn multi_line_findings_are_ignored_by_their_instruction() {
        let src = "FROM a:1\n# hadolint ignore=DL3008\nRUN apt-get update \\\n && apt-get install -y curl\nRUN apt-get install -y \\\n  wget\n";
        let found: Vec<_> = codes(src, &Config::default()).into_iter().filter(|(c, _)| *c == "DL3008").collect();
        assert_eq!(found, [("DL3008", 6)]);
    }

    #[test]
    fn config_ignores_and_overrides() {
        let src = "FROM ubuntu\nWORKDIR aa\n";
        let config = Config::from_yaml("ignored: [DL3006]\noverride:\n  style: [DL3000]\n").unwrap();
        let findings = lint(src, &config);
        assert_eq!(findings.len(), 1);
        assert_eq!((findings[0].code, findings[0].severity), ("DL3000", Severity::Style));
    }

    #[test]
    fn check_directive_skips_and_raises() {
        let src = "# check=skip=JSONArgsRecommended\nFROM ubuntu:1\nCMD x\nFROM a:1 as b\n";
        assert_eq!(codes(src, &Config::default()), [("FromAsCasing", 4)]);
        let src = "# check=error=true\nFROM ubuntu:1\nCMD x\nWORKDIR aa\n";
        let findings = lint(src, &Config::default());
        let severities: Vec<_> = findings.iter().map(|f| (f.code, f.severity)).collect();
        assert_eq!(severities, [("DL3025", Severity::Error), ("DL3000", Severity::Error)]);
    }

    #[test]
    fn experimental_checks_run_when_the_directive_names_them() {
        fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
            for stage in &ctx.stages {
                out.report(ctx.instructions()[stage.from_index].keyword.span, "experimental");
            }
        }
        const OFF: Rule = Rule {
            hadolint: None,
            buildkit: Some("TestExperimental"),
            slipway: None,
            summary: "test",
            severity: Severity::Warning,
            default_enabled: false,
            fix: crate::rule::FixAvailability::None,
            doc: "",
            check,
        };
        let config = Config::default();
        let linter = Linter { config: &config, build_context: None, rules: vec![(&OFF, false)] };
        assert!(linter.lint("FROM a:1\n").is_empty());
        assert_eq!(linter.lint("# check=experimental=TestExperimental\nFROM a:1\n").len(), 1);
        assert_eq!(linter.lint("# check=experimental=all\nFROM a:1\n").len(), 1);
        assert!(linter.lint("# check=experimental=all;skip=TestExperimental\nFROM a:1\n").is_empty());
    }

    #[test]
    fn linting_a_parsed_file_finds_what_linting_its_text_does() {
        let config = Config::default();
        let linter = Linter::new(&config);
        for src in [
            "FROM ubuntu\nRUN apt-get install curl\nWORKDIR aa\n",
            "# check=skip=JSONArgsRecommended\nFROM ubuntu:1\nCMD x\nFROM a:1 as b\n",
            "FROM ubuntu:1\n# hadolint ignore=DL3000\nWORKDIR aa\nFROB x\n",
        ] {
            let file = slipway_syntax::parse(src);
            let expected = linter.lint(src);
            assert!(!expected.is_empty());
            assert_eq!(linter.lint_parsed(&file, &analyze(&file)), expected, "{src}");
        }
    }

    #[test]
    fn parse_errors_do_not_stop_the_linter() {
        let src = "FROM ubuntu:1\nFROB x\nWORKDIR aa\n";
        assert_eq!(codes(src, &Config::default()), [("DL1000", 2), ("DL3000", 3)]);
    }
}

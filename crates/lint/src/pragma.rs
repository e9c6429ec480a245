//! Inline pragmas in comment lines, with hadolint 2.15.1's scoping:
//!
//! - `# hadolint ignore=DL3006,SC2086` — the instruction starting on the very next line;
//! - `# hadolint global ignore=…` — the whole file;
//! - `# hadolint stage ignore=…` — from the second line after the pragma up to the next `FROM`
//!   that starts after the line following the pragma (so a pragma directly above a `FROM`
//!   covers that stage's instructions, not the `FROM` itself);
//! - `# hadolint shell=bash` — the shell used to analyse later `RUN`s;
//! - `# slipway ignore=…` (and `global`/`stage`) — the same with our own spelling.
//!
//! Spaces are allowed around keywords, `=` and commas; a trailing `# reason` is allowed; any
//! other trailing text makes the comment an ordinary comment (as in hadolint). Codes may be
//! DL/SC/SW codes or BuildKit check names. The `# check=skip=…` directive is read by
//! [`crate::linter`].

use slipway_syntax::{Dockerfile, ElementKind};

use crate::finding::Finding;

/// What a pragma does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PragmaKind {
    /// `ignore=`: the next line.
    Ignore(Vec<String>),
    /// `global ignore=`: the whole file.
    GlobalIgnore(Vec<String>),
    /// `stage ignore=`: the rest of the stage.
    StageIgnore(Vec<String>),
    /// `shell=`: the shell for later `RUN`s.
    Shell(String),
}

/// A pragma and the 1-based line of its comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pragma {
    /// The comment's line.
    pub line: usize,
    /// What it says.
    pub kind: PragmaKind,
}

/// Parses the text of one comment line (`# hadolint ignore=DL3006`); `None` for an ordinary
/// comment.
pub fn parse_comment(line: &str) -> Option<PragmaKind> {
    let rest = line.trim_start().strip_prefix('#')?.trim_start();
    let rest = rest.strip_prefix("hadolint").or_else(|| rest.strip_prefix("slipway"))?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start();
    if let Some(value) = keyword_value(rest, "shell") {
        let shell = value.split_whitespace().next()?;
        return Some(PragmaKind::Shell(shell.to_string()));
    }
    let (scope, rest) = match rest.split_once([' ', '\t']) {
        Some(("global", rest)) => ("global", rest.trim_start()),
        Some(("stage", rest)) => ("stage", rest.trim_start()),
        _ => ("", rest),
    };
    let codes = code_list(keyword_value(rest, "ignore")?)?;
    Some(match scope {
        "global" => PragmaKind::GlobalIgnore(codes),
        "stage" => PragmaKind::StageIgnore(codes),
        _ => PragmaKind::Ignore(codes),
    })
}

/// `keyword = value` → the value.
fn keyword_value<'t>(text: &'t str, keyword: &str) -> Option<&'t str> {
    let rest = text.strip_prefix(keyword)?.trim_start();
    Some(rest.strip_prefix('=')?.trim_start())
}

/// `A, B # reason` → `[A, B]`; `None` when anything else follows the list.
fn code_list(text: &str) -> Option<Vec<String>> {
    let list = match text.split_once('#') {
        Some((list, _reason)) => list,
        None => text,
    };
    let codes: Vec<String> = list.split(',').map(|c| c.trim().to_string()).collect();
    let valid = |c: &String| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-');
    codes.iter().all(valid).then_some(codes)
}

/// All pragmas of a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pragmas {
    pragmas: Vec<Pragma>,
    shells: Vec<(usize, String)>,
    /// Start lines of the FROM instructions, in order.
    from_lines: Vec<usize>,
    /// Start line of each instruction.
    instruction_lines: Vec<usize>,
}

impl Pragmas {
    /// Reads the pragmas of every comment line of `file`.
    pub fn collect(file: &Dockerfile) -> Pragmas {
        let mut pragmas = Vec::new();
        for element in &file.elements {
            if element.kind != ElementKind::Comment {
                continue;
            }
            let first_line = file.line_index().line_of(element.span.start);
            for (n, text) in file.text(element.span).lines().enumerate() {
                if let Some(kind) = parse_comment(text) {
                    pragmas.push(Pragma { line: first_line + n, kind });
                }
            }
        }
        let shells = pragmas.iter().filter_map(|p| {
            if let PragmaKind::Shell(s) = &p.kind {
                Some((p.line, s.clone()))
            } else {
                None
            }
        });
        Pragmas {
            shells: shells.collect(),
            from_lines: file
                .instructions
                .iter()
                .filter(|i| i.known_name() == Some("from"))
                .map(|i| i.start_line)
                .collect(),
            instruction_lines: file.instructions.iter().map(|i| i.start_line).collect(),
            pragmas,
        }
    }

    /// Every pragma, in line order.
    pub fn all(&self) -> &[Pragma] {
        &self.pragmas
    }

    /// `# hadolint shell=` pragmas: (line, shell), in line order.
    pub fn shells(&self) -> &[(usize, String)] {
        &self.shells
    }

    /// Whether an ignore pragma silences `finding`.
    pub fn suppresses(&self, finding: &Finding) -> bool {
        let line = match finding.instruction {
            Some(i) => self.instruction_lines.get(i).copied().unwrap_or(finding.start.line),
            None => finding.start.line,
        };
        self.pragmas.iter().any(|pragma| match &pragma.kind {
            PragmaKind::Ignore(codes) => line == pragma.line + 1 && names(codes, finding),
            PragmaKind::GlobalIgnore(codes) => names(codes, finding),
            PragmaKind::StageIgnore(codes) => self.in_stage_scope(pragma.line, line) && names(codes, finding),
            PragmaKind::Shell(_) => false,
        })
    }

    fn in_stage_scope(&self, pragma_line: usize, line: usize) -> bool {
        let first = pragma_line + 1;
        line > first && !self.from_lines.iter().any(|&from| from > first && from <= line)
    }
}

fn names(codes: &[String], finding: &Finding) -> bool {
    codes.iter().any(|code| finding.is(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar() {
        assert_eq!(
            parse_comment("# hadolint ignore=DL3006,SC2086"),
            Some(PragmaKind::Ignore(vec!["DL3006".into(), "SC2086".into()]))
        );
        assert_eq!(
            parse_comment("#   hadolint   ignore = DL3000 , DL3025 # why"),
            Some(PragmaKind::Ignore(vec!["DL3000".into(), "DL3025".into()]))
        );
        assert_eq!(
            parse_comment("# hadolint global ignore=DL3008"),
            Some(PragmaKind::GlobalIgnore(vec!["DL3008".into()]))
        );
        assert_eq!(
            parse_comment("# hadolint stage ignore=DL3008"),
            Some(PragmaKind::StageIgnore(vec!["DL3008".into()]))
        );
        assert_eq!(
            parse_comment("# slipway ignore=JSONArgsRecommended"),
            Some(PragmaKind::Ignore(vec!["JSONArgsRecommended".into()]))
        );
        assert_eq!(parse_comment("# hadolint shell=bash"), Some(PragmaKind::Shell("bash".into())));
        assert_eq!(parse_comment("# hadolint ignore=DL3000 foo"), None);
        assert_eq!(parse_comment("# hadolint ignore="), None);
        assert_eq!(parse_comment("# hadolintignore=DL3000"), None);
        assert_eq!(parse_comment("# just a comment"), None);
    }

    #[test]
    fn stage_scope_follows_hadolint() {
        // Lines: 1 FROM, 2 WORKDIR, 3 pragma, 4-6 WORKDIR, 7 FROM, 8 WORKDIR.
        let src = "FROM a:1\nWORKDIR a0\n# hadolint stage ignore=DL3000\nWORKDIR aa\nWORKDIR bb\nWORKDIR cc\nFROM a:1 AS x\nWORKDIR dd\n";
        let file = slipway_syntax::parse(src);
        let pragmas = Pragmas::collect(&file);
        let covered: Vec<usize> = (1..=8).filter(|&l| pragmas.in_stage_scope(3, l)).collect();
        assert_eq!(covered, [5, 6]);
        let above_from = "FROM a:1\n# hadolint stage ignore=DL3000\nFROM a:1\nWORKDIR aa\nWORKDIR bb\n";
        let pragmas = Pragmas::collect(&slipway_syntax::parse(above_from));
        assert_eq!((1..=5).filter(|&l| pragmas.in_stage_scope(2, l)).collect::<Vec<_>>(), [4, 5]);
    }
}

//! Explaining a miss in words: match the step with its counterpart in the last recorded
//! build and describe what changed among the inputs of its key.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use super::state::{same_short_digest, CacheState, StepRecord};
use crate::keys::KeyInput;
use crate::plan::{Plan, Step};

/// How many changed files a reason names before summarizing the rest.
const MAX_FILES: usize = 3;

/// Explains misses of one plan against one state.
pub(super) struct Explainer<'a> {
    state: &'a CacheState,
    plan: &'a Plan,
}

impl<'a> Explainer<'a> {
    pub fn new(state: &'a CacheState, plan: &'a Plan) -> Self {
        Self { state, plan }
    }

    /// The reason `step` (at `position` in the plan) missed and its estimated cost.
    pub fn explain_miss(&self, position: usize, step: &Step, parent_missed: bool) -> (String, Option<u64>) {
        let Some(last) = &self.state.last else {
            return ("not in cache (no previous build)".to_string(), None);
        };
        let Some(previous) = self.counterpart(position, step, &last.steps) else {
            return (format!("new instruction ({})", first_line(&step.instruction)), None);
        };
        let cost = previous.key.and_then(|k| self.state.keys.get(&k)).and_then(|k| k.duration_ms);
        let changes = self.changes(step, previous);
        let reason = if !changes.is_empty() {
            changes.join("; ")
        } else if parent_missed {
            "parent step missed".to_string()
        } else if previous.inputs.iter().find(|i| i.name == "parent") != step.inputs.iter().find(|i| i.name == "parent")
        {
            "parent step changed".to_string()
        } else {
            "not in cache".to_string()
        };
        (reason, cost)
    }

    /// The step of the last build that `step` replaces: in the same stage and of the same
    /// kind, with the same text if there is one, else at the same position in the stage.
    fn counterpart(&self, position: usize, step: &Step, previous: &'a [StepRecord]) -> Option<&'a StepRecord> {
        let kind = step.op.kind();
        let same_stage: Vec<(usize, &StepRecord)> =
            previous.iter().filter(|r| r.stage_name == step.stage_name).enumerate().collect();
        let ordinal = self.plan.steps[..position].iter().filter(|s| s.stage_name == step.stage_name).count();
        let same_text = same_stage
            .iter()
            .filter(|(_, r)| r.kind == kind && r.instruction == step.instruction)
            .min_by_key(|(i, _)| i.abs_diff(ordinal));
        same_text.or_else(|| same_stage.iter().find(|(i, r)| *i == ordinal && r.kind == kind)).map(|(_, r)| *r)
    }

    /// One phrase per changed input (the parent excluded).
    fn changes(&self, step: &Step, previous: &StepRecord) -> Vec<String> {
        let old = group(&previous.inputs);
        let new = group(&step.inputs);
        let names: BTreeSet<&str> = old.keys().chain(new.keys()).copied().filter(|n| *n != "parent").collect();
        let mut ordered: Vec<&str> = step.inputs.iter().map(|i| i.name.as_str()).collect();
        ordered.extend(previous.inputs.iter().map(|i| i.name.as_str()));
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for name in ordered {
            if !names.contains(name) || !seen.insert(name) {
                continue;
            }
            let (before, after) = (old.get(name), new.get(name));
            if before.map(|v| values(v)) == after.map(|v| values(v)) {
                continue;
            }
            out.push(self.phrase(step, previous, name, before.map(|v| v.as_slice()), after.map(|v| v.as_slice())));
        }
        out
    }

    fn phrase(
        &self,
        step: &Step,
        previous: &StepRecord,
        name: &str,
        before: Option<&[&KeyInput]>,
        after: Option<&[&KeyInput]>,
    ) -> String {
        let old = before.and_then(|v| v.first()).map(|i| i.value.as_str());
        let new = after.and_then(|v| v.first()).map(|i| i.value.as_str());
        let keyword = keyword(&step.instruction);
        let change = |what: &str, old: Option<&str>, new: Option<&str>| match (old, new) {
            (Some(o), Some(n)) => format!("{what} changed from {} to {}", shown(o), shown(n)),
            (None, Some(n)) => format!("{what} set to {}", shown(n)),
            (Some(o), None) => format!("{what} removed (was {})", shown(o)),
            (None, None) => format!("{what} changed"),
        };
        if let Some(var) = name.strip_prefix("env ") {
            let origin = after.or(before).and_then(|v| v.first()).and_then(|i| i.origin.as_deref()).unwrap_or("env");
            return change(&format!("{origin} {var}"), old, new);
        }
        if let Some(heredoc) = name.strip_prefix("heredoc ") {
            return format!("heredoc {heredoc} changed");
        }
        if let Some(source) = name.strip_prefix("source ") {
            return match (old, new) {
                (Some(_), Some(_)) => self.files_changed(source, &step.instruction),
                (None, Some(_)) => format!("source {source} added ({})", first_line(&step.instruction)),
                (Some(_), None) => format!("source {source} removed ({})", first_line(&step.instruction)),
                (None, None) => format!("sources changed ({})", first_line(&step.instruction)),
            };
        }
        if let Some(mount) = name.strip_prefix("mount ") {
            if let Some(target) = mount.strip_suffix(" content") {
                let source = after.or(before).and_then(|v| v.first()).and_then(|i| i.origin.as_deref()).unwrap_or("");
                let files = source.strip_prefix("context ").map(|path| self.changed_files(path)).unwrap_or_default();
                return if files.is_empty() {
                    format!("bind mount {target} content changed")
                } else {
                    format!("{} (bind mount {target})", files)
                };
            }
            return match (old, new) {
                (None, Some(_)) => format!("--mount {mount} added"),
                (Some(_), None) => format!("--mount {mount} removed"),
                _ => format!("--mount {mount} changed"),
            };
        }
        match name {
            "argv" => format!("{keyword} text changed"),
            "instruction" => {
                if previous.instruction == step.instruction {
                    format!("{keyword} value changed")
                } else {
                    format!("{keyword} changed")
                }
            }
            "digest" => {
                let origin = |v: Option<&[&KeyInput]>| v.and_then(|v| v.first()).and_then(|i| i.origin.clone());
                let (from, to) = (origin(before), origin(after));
                if from != to {
                    change("base image", from.as_deref(), to.as_deref())
                } else {
                    "base image digest changed".to_string()
                }
            }
            "user" => change("USER", old.map(or_root), new.map(or_root)),
            "workdir" => change("WORKDIR", old, new),
            "path" => change("WORKDIR", old, new),
            "dest" => change("destination", old, new),
            "from" => change("--from", old, new),
            "platform" => change("platform", old, new),
            "network" | "security" | "chown" | "chmod" | "link" | "parents" | "unpack" | "checksum"
            | "keep-git-dir" => change(&format!("--{name}"), old, new),
            "exclude" => "--exclude patterns changed".to_string(),
            "device" => "--device list changed".to_string(),
            other => change(other, old, new),
        }
    }

    /// `a changed (COPY …)`, naming the files that changed under `source`.
    fn files_changed(&self, source: &str, instruction: &str) -> String {
        let files = self.changed_files(source);
        if files.is_empty() {
            format!("{source} changed ({})", first_line(instruction))
        } else {
            format!("{files} ({})", first_line(instruction))
        }
    }

    /// The context files under `source` that differ between the last build and this plan:
    /// one merge pass over both file lists, which are in walk order.
    fn changed_files(&self, source: &str) -> String {
        let (Some(last), Some(context)) = (&self.state.last, &self.plan.context) else { return String::new() };
        let source = crate::path::normalize(source);
        let pattern =
            source.contains(['*', '?', '[']).then(|| crate::ignore::Pattern::new(&source).ok().flatten()).flatten();
        let selected = |path: &str| match &pattern {
            Some(p) => {
                let mut prefix = path;
                loop {
                    if p.matches(prefix) {
                        return true;
                    }
                    match prefix.rfind('/') {
                        Some(i) => prefix = &prefix[..i],
                        None => return false,
                    }
                }
            }
            None => crate::plan::under_source(&source, path),
        };
        let mut changes = Vec::new();
        let mut count = 0;
        let mut note = |path: &str, what: &str| {
            if selected(path) {
                count += 1;
                if changes.len() < MAX_FILES {
                    changes.push(format!("{path} {what}"));
                }
            }
        };
        let mut old = last.files.iter().peekable();
        let mut new = context.files().peekable();
        loop {
            let order = match (old.peek(), new.peek()) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some((o, _)), Some((n, _))) => crate::path::cmp_walk_order(o, n),
            };
            match order {
                Ordering::Less => {
                    if let Some((path, _)) = old.next() {
                        note(path, "deleted");
                    }
                }
                Ordering::Greater => {
                    if let Some((path, _)) = new.next() {
                        note(path, "added");
                    }
                }
                Ordering::Equal => {
                    if let (Some((path, before)), Some((_, after))) = (old.next(), new.next()) {
                        if !same_short_digest(before, &after) {
                            note(path, "changed");
                        }
                    }
                }
            }
        }
        match count {
            0 => String::new(),
            n if n <= MAX_FILES => changes.join(", "),
            n => format!("{} and {} more", changes.join(", "), n - MAX_FILES),
        }
    }
}

fn group(inputs: &[KeyInput]) -> BTreeMap<&str, Vec<&KeyInput>> {
    let mut out: BTreeMap<&str, Vec<&KeyInput>> = BTreeMap::new();
    for input in inputs {
        out.entry(input.name.as_str()).or_default().push(input);
    }
    out
}

fn values<'v>(inputs: &'v [&KeyInput]) -> Vec<&'v str> {
    inputs.iter().map(|i| i.value.as_str()).collect()
}

fn keyword(instruction: &str) -> String {
    instruction.split_whitespace().next().unwrap_or("").to_ascii_uppercase()
}

fn first_line(instruction: &str) -> &str {
    instruction.lines().next().unwrap_or("").trim()
}

fn or_root(user: &str) -> &str {
    if user.is_empty() {
        "root"
    } else {
        user
    }
}

/// A value as shown in a reason: long values (argv, checksums) are shortened.
fn shown(value: &str) -> String {
    if value.chars().count() > 40 {
        format!("{}…", value.chars().take(40).collect::<String>())
    } else {
        value.to_string()
    }
}

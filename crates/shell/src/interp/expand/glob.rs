//! Pathname expansion against the [`crate::interp::Fs`]: results sorted by bytes, hidden
//! entries only matched by a pattern starting with a literal `.`.

use crate::interp::fs::FileType;
use crate::interp::pattern;
use crate::interp::shell::Shell;

impl Shell<'_> {
    /// The paths matching `pattern` (quoted characters escaped), sorted; empty when none.
    pub(super) fn glob(&mut self, pattern: &str) -> Vec<String> {
        let components: Vec<&str> = pattern.split('/').filter(|c| !c.is_empty()).collect();
        let wants_dir = pattern.ends_with('/');
        let mut candidates = vec![if pattern.starts_with('/') { "/".to_string() } else { String::new() }];
        for (i, component) in components.iter().enumerate() {
            let last = i + 1 == components.len();
            let mut next = Vec::new();
            if !pattern::has_glob(component) {
                let literal = pattern::unescape(component);
                next.extend(candidates.iter().map(|c| join(c, &literal)));
            } else {
                for candidate in &candidates {
                    let dir = if candidate.is_empty() { self.st.cwd.clone() } else { self.abs(candidate) };
                    let Ok(real) = self.fs.resolve(&dir, true) else { continue };
                    let Ok(names) = self.fs.read_dir(&real) else { continue };
                    for name in names {
                        if name.starts_with('.') && !component.starts_with('.') {
                            continue;
                        }
                        if !pattern::matches(component, &name) {
                            continue;
                        }
                        let path = join(candidate, &name);
                        if (!last || wants_dir) && !self.is_dir(&path) {
                            continue;
                        }
                        next.push(path);
                    }
                }
            }
            candidates = next;
            if candidates.is_empty() {
                return Vec::new();
            }
        }
        let mut found: Vec<String> = candidates
            .into_iter()
            .filter(|c| !c.is_empty() && self.exists(c))
            .map(|c| if wants_dir && !c.ends_with('/') { format!("{c}/") } else { c })
            .collect();
        slipway_sort::sort(&mut found);
        found.dedup();
        found
    }

    fn is_dir(&mut self, path: &str) -> bool {
        self.fs.stat(&self.abs(path)).is_ok_and(|m| m.kind == FileType::Dir)
    }

    fn exists(&mut self, path: &str) -> bool {
        let abs = self.abs(path);
        self.fs.resolve(&abs, false).and_then(|real| self.fs.lstat(&real)).is_ok()
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

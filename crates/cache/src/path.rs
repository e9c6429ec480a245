//! Context-relative path helpers.
//!
//! Paths inside a build context are `/`-separated, relative to the context root, without a
//! leading `/` or `./`; the root itself is the empty string.

/// Lexically cleans `path` exactly like Go's `filepath.Clean` on Unix.
///
/// Repeated separators collapse, `.` elements vanish, `..` removes the element before it
/// (or is kept at the front of a relative path, or dropped after a leading `/`), and a
/// trailing separator is removed. An empty result is `"."` (or `"/"` for a rooted path).
pub fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for elem in path.split('/') {
        match elem {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|last| *last != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    let joined = out.join("/");
    match (rooted, joined.is_empty()) {
        (true, true) => "/".to_string(),
        (true, false) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// Normalizes any user-supplied path into the context form: cleaned, without a leading `/`,
/// and `""` for the root. `..` elements that would leave the root are dropped, as BuildKit
/// does when it resolves paths inside a context.
pub fn normalize(path: &str) -> String {
    if is_normal(path) {
        return path.to_string();
    }
    let cleaned = clean(&format!("/{path}"));
    cleaned.trim_start_matches('/').to_string()
}

/// Whether `path` is already in the context form: no empty, `.` or `..` element (so no
/// leading, trailing or repeated `/`). Most paths are, and need no cleaning.
fn is_normal(path: &str) -> bool {
    path.is_empty() || path.split('/').all(|elem| !matches!(elem, "" | "." | ".."))
}

/// Joins a context directory path and a child name.
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Splits a context path into its parent directory and its final element.
/// The parent of a top-level entry is the root `""`.
pub fn split(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path),
    }
}

/// Compares two context paths in walk order: parents before children, siblings by name
/// bytes. This is byte order with `/` ranked below every other byte, the order BuildKit's
/// checksum tree keeps its keys in (`a` < `a/z` < `a-b`).
pub fn cmp_walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    let rank = |c: u8| if c == b'/' { 0 } else { c };
    a.bytes().map(rank).cmp(b.bytes().map(rank))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_matches_go() {
        let cases = [
            ("", "."),
            (".", "."),
            ("a//b", "a/b"),
            ("a/./b/", "a/b"),
            ("a/../b", "b"),
            ("../a", "../a"),
            ("a/../../b", "../b"),
            ("/../a", "/a"),
            ("/", "/"),
            ("//a//", "/a"),
            ("a/b/..", "a"),
            ("../../x/..", "../.."),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "clean({input:?})");
        }
    }

    #[test]
    fn normalize_is_clean_without_the_leading_separator() {
        // Every path of up to 6 characters from `a`, `.` and `/`.
        let mut paths = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = paths.iter().flat_map(|p| ["a", ".", "/"].map(|c| format!("{p}{c}"))).collect();
            paths.extend(longer);
            slipway_sort::sort(&mut paths);
            paths.dedup();
        }
        for path in &paths {
            let slow = clean(&format!("/{path}")).trim_start_matches('/').to_string();
            assert_eq!(normalize(path), slow, "normalize({path:?})");
        }
    }

    #[test]
    fn normalize_and_split() {
        assert_eq!(normalize("./a/../b/"), "b");
        assert_eq!(normalize("/"), "");
        assert_eq!(normalize("../x"), "x");
        assert_eq!(split("a/b/c"), ("a/b", "c"));
        assert_eq!(split("c"), ("", "c"));
        assert_eq!(join("", "c"), "c");
        assert_eq!(join("a", "c"), "a/c");
        assert_eq!(normalize("a/b.c/..d"), "a/b.c/..d");
        let mut v = vec!["a-b", "a/z", "a", "a.b", "b", "a/z/y"];
        slipway_sort::sort_by(&mut v, |x, y| cmp_walk_order(x, y));
        assert_eq!(v, ["a", "a/z", "a/z/y", "a-b", "a.b", "b"]);
    }
}

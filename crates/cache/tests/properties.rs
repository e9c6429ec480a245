//! Property tests: the matcher never panics, walk and `is_excluded` agree, checksums ignore
//! mtimes and insertion order.

use proptest::prelude::*;
use slipway_cache::checksum::{ChecksumOptions, ContentHashes};
use slipway_cache::context::{BuildContext, FileKind, MemoryContext, Timestamp};
use slipway_cache::ignore::PatternMatcher;
use slipway_cache::walk;

fn pattern() -> impl Strategy<Value = String> {
    prop::string::string_regex(r"!?[ab/*?\[\]\\^.\-é]{0,8}").unwrap()
}

fn rel_path() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(vec!["a", "b", "ab", "a.b", "é", "[a]"]), 1..4)
        .prop_map(|parts| parts.join("/"))
}

proptest! {
    #[test]
    fn matching_never_panics(patterns in prop::collection::vec(pattern(), 0..5), path in rel_path()) {
        if let Ok(m) = PatternMatcher::new(&patterns) {
            let _ = m.is_excluded(&path);
            let _ = m.matches_or_parent_matches(&path);
        }
    }

    #[test]
    fn walk_lists_exactly_the_files_not_excluded(
        patterns in prop::collection::vec(pattern(), 0..4),
        files in prop::collection::btree_set(rel_path(), 1..12),
    ) {
        let Ok(m) = PatternMatcher::new(&patterns) else { return Ok(()) };
        let mut ctx = MemoryContext::new();
        let mut files_added = Vec::new();
        for f in &files {
            if ctx.add_file(f, f.as_bytes(), 0o644).is_ok() {
                files_added.push(f.clone());
            }
        }
        let listed = walk(&ctx, &m).unwrap();
        for f in files_added {
            if !matches!(ctx.stat(&f), Ok(s) if s.kind == FileKind::File) {
                continue;
            }
            let in_walk = listed.iter().any(|e| e.path == f);
            prop_assert_eq!(in_walk, !m.is_excluded(&f), "{:?} {}", patterns, f);
        }
    }

    #[test]
    fn checksums_ignore_mtime_and_insertion_order(
        files in prop::collection::btree_map("[a-c]{1,2}(/[a-c]{1,2}){0,2}", "[a-z]{0,5}", 1..10),
        secs in 0i64..1_000_000,
    ) {
        let build = |reverse: bool| {
            let mut ctx = MemoryContext::new();
            let mut items: Vec<_> = files.iter().collect();
            if reverse {
                items.reverse();
            }
            for (path, body) in items {
                let _ = ctx.add_file(path, body.as_bytes(), 0o644);
            }
            ctx
        };
        let a = build(false);
        let mut b = build(true);
        for path in files.keys() {
            let _ = b.set_mtime(path, Timestamp { secs, nanos: 0 });
        }
        let none = PatternMatcher::default();
        let opts = ChecksumOptions::default();
        let ha = ContentHashes::of_context(&a, &none, &opts, None).unwrap();
        let hb = ContentHashes::of_context(&b, &none, &opts, None).unwrap();
        // Insertion order can decide whether a path became a file or a directory; compare
        // only when both trees agree on the structure.
        let shape = |h: &ContentHashes| h.iter().map(|(e, _)| (e.path.clone(), e.stat.kind)).collect::<Vec<_>>();
        if shape(&ha) == shape(&hb) {
            prop_assert_eq!(ha.root(), hb.root());
        }
    }
}

//! The sorts give exactly the standard library's stable results, ties included.

/// Pseudo-random pairs whose first field repeats a lot, so that ties are common.
fn pairs(seed: u64, len: usize) -> Vec<(u8, usize)> {
    let mut state = seed | 1;
    (0..len)
        .map(|i| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ((state % 7) as u8, i)
        })
        .collect()
}

#[test]
fn sort_by_matches_the_standard_stable_sort() {
    for len in [0, 1, 2, 3, 10, 33, 100, 1000] {
        for seed in 1..20 {
            let compare = |a: &(u8, usize), b: &(u8, usize)| b.0.cmp(&a.0);
            let mut expected = pairs(seed, len);
            expected.sort_by(compare);
            let mut actual = pairs(seed, len);
            slipway_sort::sort_by(&mut actual, compare);
            assert_eq!(actual, expected, "len {len} seed {seed}");
        }
    }
}

#[test]
fn sort_by_key_keeps_equal_keys_in_input_order() {
    let mut items = vec![(2, "a"), (1, "b"), (2, "c"), (1, "d"), (0, "e")];
    slipway_sort::sort_by_key(&mut items, |item| item.0);
    assert_eq!(items, [(0, "e"), (1, "b"), (1, "d"), (2, "a"), (2, "c")]);
}

#[test]
fn sort_orders_naturally() {
    let mut words = vec!["pear".to_string(), "apple".into(), "fig".into(), "apple".into()];
    slipway_sort::sort(&mut words);
    assert_eq!(words, ["apple", "apple", "fig", "pear"]);
}

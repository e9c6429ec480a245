//! "Did you mean …?" suggestions, as BuildKit's `suggest` package makes them: the
//! closest option within an edit distance below 3, none on an exact match.

/// The closest option to `value`, if one is near enough (ties go to the earlier option).
pub fn did_you_mean<'a>(
    value: &str,
    options: impl IntoIterator<Item = &'a str>,
    case_sensitive: bool,
) -> Option<&'a str> {
    if value.is_empty() {
        return None;
    }
    let fold = |s: &str| {
        if case_sensitive {
            s.to_string()
        } else {
            s.to_lowercase()
        }
    };
    let value = fold(value);
    let mut best: Option<(&str, usize)> = None;
    for option in options {
        let candidate = fold(option);
        if candidate == value {
            return None;
        }
        let distance = levenshtein(&value, &candidate);
        if distance < best.map_or(3, |(_, d)| d) {
            best = Some((option, distance));
        }
    }
    best.map(|(option, _)| option)
}

/// Edit distance in characters.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == cb { previous } else { 1 + previous.min(current).min(row[j]) };
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names() {
        assert_eq!(did_you_mean("mout", ["mount", "network"], true), Some("mount"));
        assert_eq!(did_you_mean("xyzzy", ["mount"], true), None);
        assert_eq!(did_you_mean("RUNN", ["run", "from"], false), Some("run"));
        assert_eq!(did_you_mean("run", ["run"], false), None);
    }
}

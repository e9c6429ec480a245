//! Brace expansion (`{a,b}`, `{1..5}`, `{a..e}`, `{10..0..2}`), done by bash before every
//! other expansion and only on unquoted text; POSIX `sh` has none.

use crate::word::{Literal, Word, WordPart};

/// Most words one brace expansion may produce; beyond that the word is left as written.
const MAX_WORDS: usize = 4096;

#[derive(Debug, Clone)]
enum Item<'a> {
    /// An unquoted literal character (braces, commas and dots are active).
    Ch(char),
    /// Any other part, carried through unchanged.
    Part(&'a WordPart),
}

/// The words `word` expands to, or `None` when it holds no brace expansion.
pub fn expand(word: &Word) -> Option<Vec<Word>> {
    let has_brace = word.parts.iter().any(|p| matches!(p, WordPart::Literal(l) if l.value.contains('{')));
    if !has_brace {
        return None;
    }
    let mut items = Vec::new();
    for part in &word.parts {
        match part {
            WordPart::Literal(l) => items.extend(l.value.chars().map(Item::Ch)),
            other => items.push(Item::Part(other)),
        }
    }
    let mut done = Vec::new();
    let mut pending = vec![items];
    let mut expanded = false;
    while let Some(items) = pending.pop() {
        match expand_first(&items) {
            Some(variants) => {
                expanded = true;
                if done.len() + pending.len() + variants.len() > MAX_WORDS {
                    return None;
                }
                pending.extend(variants.into_iter().rev());
            }
            None => done.push(items),
        }
    }
    expanded.then(|| done.into_iter().map(|items| rebuild(&items, word)).collect())
}

/// Expands the first valid brace expression of `items`.
fn expand_first<'a>(items: &[Item<'a>]) -> Option<Vec<Vec<Item<'a>>>> {
    for (open, item) in items.iter().enumerate() {
        if !matches!(item, Item::Ch('{')) {
            continue;
        }
        let mut depth = 0;
        let mut commas = Vec::new();
        let mut close = None;
        for (j, item) in items.iter().enumerate().skip(open + 1) {
            match item {
                Item::Ch('{') => depth += 1,
                Item::Ch('}') if depth == 0 => {
                    close = Some(j);
                    break;
                }
                Item::Ch('}') => depth -= 1,
                Item::Ch(',') if depth == 0 => commas.push(j),
                _ => {}
            }
        }
        let Some(close) = close else { continue };
        let (prefix, suffix) = (&items[..open], &items[close + 1..]);
        let alternatives: Vec<Vec<Item<'a>>> = if !commas.is_empty() {
            let mut bounds = vec![open];
            bounds.extend(&commas);
            bounds.push(close);
            bounds.windows(2).map(|w| items[w[0] + 1..w[1]].to_vec()).collect()
        } else {
            let text: Option<String> =
                items[open + 1..close].iter().map(|i| if let Item::Ch(c) = i { Some(*c) } else { None }).collect();
            match text.and_then(|t| sequence(&t)) {
                Some(words) => words.into_iter().map(|w| w.chars().map(Item::Ch).collect()).collect(),
                None => continue,
            }
        };
        return Some(
            alternatives
                .into_iter()
                .map(|alt| prefix.iter().cloned().chain(alt).chain(suffix.iter().cloned()).collect())
                .collect(),
        );
    }
    None
}

/// `1..5`, `5..1`, `0..10..2`, `a..e`.
fn sequence(text: &str) -> Option<Vec<String>> {
    let parts: Vec<&str> = text.split("..").collect();
    let (start, end, step) = match parts.as_slice() {
        [a, b] => (*a, *b, None),
        [a, b, s] => (*a, *b, Some(s.parse::<i64>().ok()?.unsigned_abs().max(1))),
        _ => return None,
    };
    if let (Ok(a), Ok(b)) = (start.parse::<i64>(), end.parse::<i64>()) {
        let step = step.unwrap_or(1);
        let count = a.abs_diff(b) / step + 1;
        if count > MAX_WORDS as u64 {
            return None;
        }
        let width = if start.trim_start_matches('-').starts_with('0') && start.len() > 1 { start.len() } else { 0 };
        let step = i64::try_from(step).ok()?;
        return Some(
            (0..count as i64)
                .map(|k| if a <= b { a + k * step } else { a - k * step })
                .map(|v| format!("{v:0width$}"))
                .collect(),
        );
    }
    let (a, b) = (single_char(start)?, single_char(end)?);
    let step = usize::try_from(step.unwrap_or(1)).ok()?;
    let range: Vec<char> = if a <= b { (a..=b).collect() } else { (b..=a).rev().collect() };
    Some(range.into_iter().step_by(step).map(String::from).collect())
}

fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    let c = chars.next().filter(char::is_ascii_alphabetic)?;
    chars.next().is_none().then_some(c)
}

fn rebuild(items: &[Item<'_>], original: &Word) -> Word {
    let mut parts = Vec::new();
    let mut text = String::new();
    for item in items {
        match item {
            Item::Ch(c) => text.push(*c),
            Item::Part(p) => {
                if !text.is_empty() {
                    parts.push(WordPart::Literal(Literal { value: std::mem::take(&mut text), span: original.span }));
                }
                parts.push((*p).clone());
            }
        }
    }
    if !text.is_empty() {
        parts.push(WordPart::Literal(Literal { value: text, span: original.span }));
    }
    Word { parts, span: original.span }
}

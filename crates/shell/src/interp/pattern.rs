//! Shell pattern matching (`*`, `?`, `[…]`, backslash escapes) for `case`, `${V#p}`,
//! `[[ == ]]` and pathname expansion.
//!
//! Matching uses the classic single-backtrack-point algorithm for `*`, so it runs in
//! `O(pattern × text)` time with no recursion.

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Char(char),
    Any,
    Star,
    Class { negated: bool, items: Vec<ClassItem> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ClassItem {
    Char(char),
    Range(char, char),
    Named(String),
}

fn compile(pattern: &str) -> Vec<Tok> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                toks.push(Tok::Char(chars[i + 1]));
                i += 2;
                continue;
            }
            '*' => {
                if toks.last() != Some(&Tok::Star) {
                    toks.push(Tok::Star);
                }
            }
            '?' => toks.push(Tok::Any),
            '[' => {
                if let Some((tok, next)) = class(&chars, i) {
                    toks.push(tok);
                    i = next;
                    continue;
                }
                toks.push(Tok::Char('['));
            }
            c => toks.push(Tok::Char(c)),
        }
        i += 1;
    }
    toks
}

/// Parses a bracket expression starting at `chars[start] == '['`; returns the token and the
/// index after `]`, or `None` when it is not closed (then `[` is literal).
fn class(chars: &[char], start: usize) -> Option<(Tok, usize)> {
    let mut i = start + 1;
    let negated = matches!(chars.get(i), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        if c == ']' && !first {
            return Some((Tok::Class { negated, items }, i + 1));
        }
        first = false;
        if c == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars[i + 2..].iter().collect();
            if let Some(end) = rest.find(":]") {
                items.push(ClassItem::Named(rest[..end].to_string()));
                i += 2 + rest[..end].chars().count() + 2;
                continue;
            }
        }
        let (c, width) = if c == '\\' && i + 1 < chars.len() { (chars[i + 1], 2) } else { (c, 1) };
        if chars.get(i + width) == Some(&'-') && chars.get(i + width + 1).is_some_and(|&e| e != ']') {
            let end = chars[i + width + 1];
            items.push(ClassItem::Range(c, end));
            i += width + 2;
        } else {
            items.push(ClassItem::Char(c));
            i += width;
        }
    }
}

fn named_class(name: &str, c: char) -> bool {
    match name {
        "alpha" => c.is_alphabetic(),
        "digit" => c.is_ascii_digit(),
        "alnum" => c.is_alphanumeric(),
        "upper" => c.is_uppercase(),
        "lower" => c.is_lowercase(),
        "space" => c.is_whitespace(),
        "blank" => c == ' ' || c == '\t',
        "punct" => c.is_ascii_punctuation(),
        "xdigit" => c.is_ascii_hexdigit(),
        "cntrl" => c.is_control(),
        "print" => !c.is_control(),
        "graph" => !c.is_control() && c != ' ',
        _ => false,
    }
}

fn tok_matches(tok: &Tok, c: char) -> bool {
    match tok {
        Tok::Char(p) => *p == c,
        Tok::Any => true,
        Tok::Star => false,
        Tok::Class { negated, items } => {
            let hit = items.iter().any(|item| match item {
                ClassItem::Char(p) => *p == c,
                ClassItem::Range(a, b) => *a <= c && c <= *b,
                ClassItem::Named(n) => named_class(n, c),
            });
            hit != *negated
        }
    }
}

fn match_toks(toks: &[Tok], text: &[char]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while t < text.len() {
        match toks.get(p) {
            Some(Tok::Star) => {
                backtrack = Some((p, t));
                p += 1;
            }
            Some(tok) if tok_matches(tok, text[t]) => {
                p += 1;
                t += 1;
            }
            _ => match backtrack {
                Some((bp, bt)) => {
                    p = bp + 1;
                    t = bt + 1;
                    backtrack = Some((bp, bt + 1));
                }
                None => return false,
            },
        }
    }
    toks[p..].iter().all(|tok| *tok == Tok::Star)
}

/// Whether the whole of `text` matches `pattern`.
pub fn matches(pattern: &str, text: &str) -> bool {
    let text: Vec<char> = text.chars().collect();
    match_toks(&compile(pattern), &text)
}

/// Whether `pattern` holds an unescaped `*`, `?` or a closed `[…]`.
pub fn has_glob(pattern: &str) -> bool {
    compile(pattern).iter().any(|t| !matches!(t, Tok::Char(_)))
}

/// `pattern` with its escapes removed (for a pattern without glob characters).
pub fn unescape(pattern: &str) -> String {
    compile(pattern)
        .into_iter()
        .map(|t| match t {
            Tok::Char(c) => c,
            _ => '?',
        })
        .collect()
}

/// Escapes `text` so that it matches only itself.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '?' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Which end `${V#p}`-style removal works from and how much it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trim {
    /// `#`: shortest matching prefix.
    ShortPrefix,
    /// `##`: longest matching prefix.
    LongPrefix,
    /// `%`: shortest matching suffix.
    ShortSuffix,
    /// `%%`: longest matching suffix.
    LongSuffix,
}

/// Removes the part of `value` matched by `pattern` as `${V#p}`, `${V%%p}`, … do.
pub fn trim(value: &str, pattern: &str, how: Trim) -> String {
    let toks = compile(pattern);
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    let cut = |range: std::ops::Range<usize>| chars[range].iter().collect::<String>();
    let prefix = matches!(how, Trim::ShortPrefix | Trim::LongPrefix);
    // `P*` matches some prefix only if it matches the whole value, and `*P` some suffix only
    // if it matches the whole value: one check rules out the quadratic search.
    let star_end = if prefix { toks.last() == Some(&Tok::Star) } else { toks.first() == Some(&Tok::Star) };
    if star_end && !match_toks(&toks, &chars) {
        return value.to_string();
    }
    // Without a `*` only one length can match.
    let fixed = (!toks.contains(&Tok::Star)).then_some(toks.len());
    let candidates: Box<dyn Iterator<Item = usize>> = match (fixed, how) {
        (Some(len), Trim::ShortPrefix | Trim::LongPrefix) => Box::new((len <= n).then_some(len).into_iter()),
        (Some(len), _) => Box::new(n.checked_sub(len).into_iter()),
        (None, Trim::ShortPrefix | Trim::LongSuffix) => Box::new(0..=n),
        (None, _) => Box::new((0..=n).rev()),
    };
    let mut candidates = candidates;
    let found = if prefix {
        candidates.find(|&i| match_toks(&toks, &chars[..i])).map(|i| cut(i..n))
    } else {
        candidates.find(|&i| match_toks(&toks, &chars[i..])).map(|i| cut(0..i))
    };
    found.unwrap_or_else(|| value.to_string())
}

/// Replaces matches of `pattern` in `value` (`${V/p/r}` and friends): the longest match at
/// each position, the first one only unless `all`; `anchor` is `Some(true)` for a prefix
/// match, `Some(false)` for a suffix match.
pub fn replace(value: &str, pattern: &str, replacement: &str, all: bool, anchor: Option<bool>) -> String {
    let toks = compile(pattern);
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    match anchor {
        Some(true) => {
            return match (0..=n).rev().find(|&i| match_toks(&toks, &chars[..i])) {
                Some(i) => format!("{replacement}{}", chars[i..].iter().collect::<String>()),
                None => value.to_string(),
            }
        }
        Some(false) => {
            return match (0..=n).find(|&i| match_toks(&toks, &chars[i..])) {
                Some(i) => format!("{}{replacement}", chars[..i].iter().collect::<String>()),
                None => value.to_string(),
            }
        }
        None => {}
    }
    if toks.is_empty() {
        return value.to_string();
    }
    let fixed = (!toks.contains(&Tok::Star)).then_some(toks.len());
    let mut out = String::new();
    let mut i = 0;
    let mut replaced = false;
    while i < n {
        let end = if replaced && !all {
            None
        } else if let Some(len) = fixed {
            Some(i + len).filter(|&j| j <= n && match_toks(&toks, &chars[i..j]))
        } else {
            (i + 1..=n).rev().find(|&j| match_toks(&toks, &chars[i..j]))
        };
        match end {
            Some(j) => {
                out.push_str(replacement);
                i = j;
                replaced = true;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

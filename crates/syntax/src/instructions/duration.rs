//! Go's `time.ParseDuration`, used for HEALTHCHECK intervals.

use crate::gocompat::quote;

/// Parses a Go duration (`1h2m3.5s`, `300ms`, `-1.5h`, `0`) into nanoseconds.
pub fn parse_duration(text: &str) -> Result<i128, String> {
    let invalid = || format!("time: invalid duration {}", quote(text));
    let mut s = text;
    let negative = s.starts_with('-');
    if let Some(rest) = s.strip_prefix(['-', '+']) {
        s = rest;
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: i128 = 0;
    while !s.is_empty() {
        let int_len = s.bytes().take_while(u8::is_ascii_digit).count();
        let (int_part, rest) = s.split_at(int_len);
        let (frac_part, rest) = match rest.strip_prefix('.') {
            Some(after) => {
                let n = after.bytes().take_while(u8::is_ascii_digit).count();
                (Some(&after[..n]), &after[n..])
            }
            None => (None, rest),
        };
        if int_part.is_empty() && frac_part.is_none_or(str::is_empty) {
            return Err(invalid());
        }
        let unit_len = rest.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(rest.len());
        let (unit, rest) = rest.split_at(unit_len);
        if unit.is_empty() {
            return Err(format!("time: missing unit in duration {}", quote(text)));
        }
        let scale: i128 = match unit {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(format!("time: unknown unit {} in duration {}", quote(unit), quote(text))),
        };
        let whole: i128 = if int_part.is_empty() { 0 } else { int_part.parse().map_err(|_| invalid())? };
        let mut value = whole.checked_mul(scale).ok_or_else(invalid)?;
        if let Some(frac) = frac_part.filter(|f| !f.is_empty()) {
            let digits = &frac[..frac.len().min(30)];
            let numerator: i128 = digits.parse().map_err(|_| invalid())?;
            value += numerator * scale / 10i128.pow(digits.len() as u32);
        }
        total = total.checked_add(value).ok_or_else(invalid)?;
        if total > i64::MAX as i128 {
            return Err(invalid());
        }
        s = rest;
    }
    Ok(if negative { -total } else { total })
}

/// Formats nanoseconds as Go's `Duration.String` does for whole milliseconds and up
/// (enough for BuildKit's messages, e.g. `1ms`).
pub fn format_millis(nanos: i128) -> String {
    format!("{}ms", nanos / 1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Ok(30_000_000_000));
        assert_eq!(parse_duration("1m30s"), Ok(90_000_000_000));
        assert_eq!(parse_duration("1.5h"), Ok(5_400_000_000_000));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("-2ms"), Ok(-2_000_000));
        assert_eq!(parse_duration("10"), Err("time: missing unit in duration \"10\"".into()));
        assert_eq!(parse_duration("5x"), Err("time: unknown unit \"x\" in duration \"5x\"".into()));
        assert_eq!(parse_duration("abc"), Err("time: invalid duration \"abc\"".into()));
        assert_eq!(parse_duration(""), Err("time: invalid duration \"\"".into()));
    }
}

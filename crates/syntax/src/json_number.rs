//! Whether a JSON number literal fits an `f64` (Go's `encoding/json` rejects a number that
//! overflows to infinity), decided on the decimal digits alone, without a float parser.
//!
//! A decimal rounds to infinity exactly when it is at least halfway between `f64::MAX`
//! (`(2^53 - 1) * 2^971`) and `2^1024`, that is `(2^54 - 1) * 2^970`: at the tie itself
//! round-half-to-even picks `2^1024`, as `f64::MAX`'s mantissa is odd. Numbers that underflow
//! round to zero or a subnormal, which is finite.

/// The decimal digits of `(2^54 - 1) * 2^970`, a 309-digit integer.
const OVERFLOW_DIGITS: &[u8] = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether `number`, which must follow JSON's number grammar, is finite as an `f64`.
pub(crate) fn fits_f64(number: &str) -> bool {
    let number = number.strip_prefix('-').unwrap_or(number);
    let (mantissa, exponent) = match number.find(['e', 'E']) {
        Some(at) => (&number[..at], exponent_value(&number[at + 1..])),
        None => (number, 0),
    };
    let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = integer.bytes().chain(fraction.bytes()).skip_while(|&b| b == b'0');
    let significant: Vec<u8> = digits.collect();
    let trailing_zeros = significant.iter().rev().take_while(|&&b| b == b'0').count();
    let significant = &significant[..significant.len() - trailing_zeros];
    if significant.is_empty() {
        return true;
    }
    // The value is 0.<significant> * 10^point; the threshold is 0.<OVERFLOW_DIGITS> * 10^309.
    let leading_digits = integer.bytes().skip_while(|&b| b == b'0').count() as i64;
    let leading_fraction_zeros = match leading_digits {
        0 => fraction.bytes().take_while(|&b| b == b'0').count() as i64,
        _ => 0,
    };
    let point = (leading_digits - leading_fraction_zeros).saturating_add(exponent);
    match point.cmp(&(OVERFLOW_DIGITS.len() as i64)) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        std::cmp::Ordering::Equal => significant < OVERFLOW_DIGITS,
    }
}

/// The value of an exponent (`[+-]digits`), saturated far beyond any number's digit count.
fn exponent_value(text: &str) -> i64 {
    const LIMIT: i64 = 1 << 58;
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = digits.bytes().fold(0i64, |value, b| (value * 10 + i64::from(b - b'0')).min(LIMIT));
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(2^54 - 1) * 2^970` computed with schoolbook decimal arithmetic.
    fn threshold_digits() -> Vec<u8> {
        let multiply = |factor: u32, digits: &mut Vec<u32>| {
            let mut carry = 0u64;
            for digit in digits.iter_mut() {
                let value = u64::from(*digit) * u64::from(factor) + carry;
                *digit = (value % 10) as u32;
                carry = value / 10;
            }
            while carry > 0 {
                digits.push((carry % 10) as u32);
                carry /= 10;
            }
        };
        // 2^54 - 1 = 18014398509481983
        let mut little_endian: Vec<u32> = "18014398509481983".bytes().rev().map(|b| u32::from(b - b'0')).collect();
        for _ in 0..970 {
            multiply(2, &mut little_endian);
        }
        little_endian.iter().rev().map(|&d| b'0' + d as u8).collect()
    }

    #[test]
    fn threshold_constant_is_halfway_above_max() {
        assert_eq!(threshold_digits(), OVERFLOW_DIGITS);
    }

    fn agrees(text: &str) -> bool {
        let expected = text.parse::<f64>().unwrap().is_finite();
        assert_eq!(fits_f64(text), expected, "{text}");
        expected
    }

    #[test]
    fn boundary_cases() {
        for text in [
            "0",
            "-0",
            "0.0e999999999999999999999",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.797693134862315807e308",
            "1.7976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797758720709633028641669288791094655554785194040263065748867150582068190890200070838367627385484581771153176447573027006985557136695962284291481986083493647529271907416844436551070434271155969950809304288017790417449779e308",
            "1.79769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791e308",
            "1.79769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497789999e308",
            "1.7976931348623159e308",
            "-1.7976931348623159e308",
            "17976931348623158e292",
            "0.00017976931348623158e312",
            "000.00017976931348623157e312",
            "1e308",
            "1e309",
            "10e308",
            "0.1e310",
            "0.1e309",
            "1e-400",
            "1e-99999999999999999999999",
            "1e99999999999999999999999",
            "2.4703282292062327e-324",
            "123.456E+2",
            "100000000000000000000000000000000000000e270",
            "100000000000000000000000000000000000000e271",
            "0.0000000000000000000000000000001e339",
            "0.0000000000000000000000000000001e340",
        ] {
            agrees(text);
        }
    }

    #[test]
    fn generated_numbers_agree_with_the_float_parser() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |bound: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % bound
        };
        let prefix = std::str::from_utf8(OVERFLOW_DIGITS).unwrap();
        let mut finite = 0;
        for _ in 0..200_000 {
            let mut text = String::new();
            if next(2) == 0 {
                text.push('-');
            }
            let zeros = next(4) as usize;
            let body_len = 1 + next(40) as usize;
            let mut body: String = "0".repeat(zeros);
            match next(3) {
                0 => body.extend((0..body_len).map(|_| char::from(b'0' + next(10) as u8))),
                // near the threshold: a prefix of its digits, then one tweaked or extra digit
                _ => {
                    let keep = 1 + next(prefix.len() as u64) as usize;
                    body.push_str(&prefix[..keep]);
                    match next(3) {
                        0 => body.push(char::from(b'0' + next(10) as u8)),
                        1 => body.push_str(&"0".repeat(next(5) as usize)),
                        _ => {}
                    }
                }
            }
            let dot = next(body.len() as u64 + 1) as usize;
            let (integer, fraction) = body.split_at(dot);
            let integer = integer.trim_start_matches('0');
            text.push_str(if integer.is_empty() { "0" } else { integer });
            if !fraction.is_empty() {
                text.push('.');
                text.push_str(fraction);
            }
            let integer_digits = integer.len() as i64;
            // exponents that put the value near 10^309 most of the time
            let exponent = match next(4) {
                0 => next(700) as i64 - 350,
                _ => 309 - integer_digits + next(5) as i64 - 2,
            };
            text.push(['e', 'E'][next(2) as usize]);
            if exponent >= 0 && next(2) == 0 {
                text.push('+');
            }
            text.push_str(&exponent.to_string());
            finite += usize::from(agrees(&text));
        }
        assert!((20_000..180_000).contains(&finite), "both outcomes are exercised: {finite} finite");
    }
}

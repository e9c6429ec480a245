//! Arithmetic expansion: `$((…))`, `((…))` and `for ((…))`, over 64-bit integers with
//! wrapping overflow, as in the shells.
//!
//! Supported: decimal, `0x` hex and leading-`0` octal literals, variables (whose values are
//! themselves evaluated, to a bounded depth), unary `+ - ! ~`, `++`/`--`, binary
//! `* / % + - << >> < <= > >= == != & ^ | && || **`, `?:`, assignments (`= += -= *= /= %=
//! <<= >>= &= ^= |=`), commas and parentheses.

use super::state::{is_name, State};

/// Deepest nesting of parentheses, operators and variable indirection accepted.
const MAX_DEPTH: usize = 64;

/// Evaluates `expr`, reading and assigning variables in `state`.
pub fn eval(expr: &str, state: &mut State) -> Result<i64, String> {
    eval_depth(expr, state, 0)
}

fn eval_depth(expr: &str, state: &mut State, depth: usize) -> Result<i64, String> {
    let toks = lex(expr)?;
    if toks.is_empty() {
        return Ok(0);
    }
    let mut p = Parser { toks, pos: 0, state, depth };
    let value = p.comma()?;
    match p.toks.get(p.pos) {
        None => Ok(value),
        Some(t) => Err(format!("syntax error: unexpected `{}`", t.text())),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Num(i64),
    Name(String),
    Op(&'static str),
}

impl Tok {
    fn text(&self) -> String {
        match self {
            Tok::Num(n) => n.to_string(),
            Tok::Name(n) => n.clone(),
            Tok::Op(o) => (*o).to_string(),
        }
    }
}

const OPS: [&str; 40] = [
    "<<=", ">>=", "**", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "&=",
    "^=", "|=", "+", "-", "*", "/", "%", "<", ">", "&", "^", "|", "!", "~", "?", ":", "=", "(", ")", ",", ";",
];

fn lex(expr: &str) -> Result<Vec<Tok>, String> {
    let mut toks = Vec::new();
    let bytes = expr.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'#' || bytes[i] == b'_') {
                i += 1;
            }
            toks.push(Tok::Num(number(&expr[start..i])?));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            toks.push(Tok::Name(expr[start..i].to_string()));
        } else {
            let op = OPS.iter().find(|op| expr[i..].starts_with(**op)).ok_or_else(|| {
                let ch = expr[i..].chars().next().unwrap_or('?');
                format!("syntax error: invalid character `{ch}`")
            })?;
            if *op == ";" {
                return Err("syntax error: unexpected `;`".to_string());
            }
            toks.push(Tok::Op(op));
            i += op.len();
        }
    }
    Ok(toks)
}

/// Parses an integer literal: decimal, `0x…`, `0…` (octal) or `base#digits`.
fn number(text: &str) -> Result<i64, String> {
    let bad = || format!("invalid number `{text}`");
    let (radix, digits) = if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        (16, hex)
    } else if let Some((base, digits)) = text.split_once('#') {
        let base: u32 = base.parse().map_err(|_| bad())?;
        if !(2..=36).contains(&base) {
            return Err(bad());
        }
        (base, digits)
    } else if text.len() > 1 && text.starts_with('0') {
        (8, &text[1..])
    } else {
        (10, text)
    };
    if digits.is_empty() {
        return Err(bad());
    }
    let mut value: i64 = 0;
    for c in digits.chars() {
        let d = c.to_digit(radix).ok_or_else(bad)?;
        value = value.wrapping_mul(i64::from(radix)).wrapping_add(i64::from(d));
    }
    Ok(value)
}

struct Parser<'s> {
    toks: Vec<Tok>,
    pos: usize,
    state: &'s mut State,
    depth: usize,
}

/// Binary operators by precedence level, loosest first (below `?:`).
const LEVELS: [&[&str]; 10] = [
    &["||"],
    &["&&"],
    &["|"],
    &["^"],
    &["&"],
    &["==", "!="],
    &["<", "<=", ">", ">="],
    &["<<", ">>"],
    &["+", "-"],
    &["*", "/", "%"],
];

impl Parser<'_> {
    fn peek_op(&self) -> Option<&'static str> {
        match self.toks.get(self.pos) {
            Some(Tok::Op(o)) => Some(o),
            _ => None,
        }
    }

    fn eat(&mut self, op: &str) -> bool {
        if self.peek_op() == Some(op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("expression nested too deeply".to_string());
        }
        Ok(())
    }

    fn comma(&mut self) -> Result<i64, String> {
        let mut value = self.assign()?;
        while self.eat(",") {
            value = self.assign()?;
        }
        Ok(value)
    }

    fn assign(&mut self) -> Result<i64, String> {
        if let (Some(Tok::Name(name)), Some(Tok::Op(op))) = (self.toks.get(self.pos), self.toks.get(self.pos + 1)) {
            let op = *op;
            if matches!(op, "=" | "+=" | "-=" | "*=" | "/=" | "%=" | "<<=" | ">>=" | "&=" | "^=" | "|=") {
                let name = name.clone();
                self.pos += 2;
                self.enter()?;
                let rhs = self.assign()?;
                self.depth -= 1;
                let value = if op == "=" { rhs } else { binary(&op[..op.len() - 1], self.var(&name)?, rhs)? };
                self.state.set(&name, value.to_string());
                return Ok(value);
            }
        }
        self.ternary()
    }

    fn ternary(&mut self) -> Result<i64, String> {
        let cond = self.binary(0)?;
        if !self.eat("?") {
            return Ok(cond);
        }
        self.enter()?;
        let yes = self.assign()?;
        if !self.eat(":") {
            return Err("syntax error: expected `:`".to_string());
        }
        let no = self.assign()?;
        self.depth -= 1;
        Ok(if cond != 0 { yes } else { no })
    }

    fn binary(&mut self, level: usize) -> Result<i64, String> {
        let Some(ops) = LEVELS.get(level) else { return self.power() };
        let mut lhs = self.binary(level + 1)?;
        while let Some(op) = self.peek_op().filter(|op| ops.contains(op)) {
            self.pos += 1;
            let rhs = self.binary(level + 1)?;
            lhs = binary(op, lhs, rhs)?;
        }
        Ok(lhs)
    }

    fn power(&mut self) -> Result<i64, String> {
        let base = self.unary()?;
        if self.eat("**") {
            self.enter()?;
            let exp = self.power()?;
            self.depth -= 1;
            return binary("**", base, exp);
        }
        Ok(base)
    }

    fn unary(&mut self) -> Result<i64, String> {
        self.enter()?;
        let value = match self.peek_op() {
            Some(op @ ("++" | "--")) => {
                self.pos += 1;
                let Some(Tok::Name(name)) = self.toks.get(self.pos).cloned() else {
                    return Err(format!("syntax error: `{op}` needs a variable"));
                };
                self.pos += 1;
                let value = self.var(&name)?.wrapping_add(if op == "++" { 1 } else { -1 });
                self.state.set(&name, value.to_string());
                value
            }
            Some(op @ ("+" | "-" | "!" | "~")) => {
                self.pos += 1;
                let v = self.unary()?;
                match op {
                    "-" => v.wrapping_neg(),
                    "!" => i64::from(v == 0),
                    "~" => !v,
                    _ => v,
                }
            }
            _ => self.primary()?,
        };
        self.depth -= 1;
        Ok(value)
    }

    fn primary(&mut self) -> Result<i64, String> {
        let tok = self.toks.get(self.pos).cloned();
        self.pos += 1;
        match tok {
            Some(Tok::Num(n)) => Ok(n),
            Some(Tok::Name(name)) => {
                let value = self.var(&name)?;
                match self.peek_op() {
                    Some(op @ ("++" | "--")) => {
                        self.pos += 1;
                        let new = value.wrapping_add(if op == "++" { 1 } else { -1 });
                        self.state.set(&name, new.to_string());
                        Ok(value)
                    }
                    _ => Ok(value),
                }
            }
            Some(Tok::Op("(")) => {
                let value = self.comma()?;
                if !self.eat(")") {
                    return Err("syntax error: missing `)`".to_string());
                }
                Ok(value)
            }
            Some(t) => Err(format!("syntax error: unexpected `{}`", t.text())),
            None => Err("syntax error: operand expected".to_string()),
        }
    }

    /// A variable's value as a number: unset or empty is 0, other values are evaluated.
    fn var(&mut self, name: &str) -> Result<i64, String> {
        let text = self.state.get(name).unwrap_or_default().trim().to_string();
        if text.is_empty() {
            return Ok(0);
        }
        if let Ok(n) = text.parse::<i64>() {
            return Ok(n);
        }
        if self.depth >= MAX_DEPTH || (is_name(&text) && text == name) {
            return Err(format!("{name}: expression recursion level exceeded"));
        }
        eval_depth(&text, self.state, self.depth + 8)
    }
}

fn binary(op: &str, a: i64, b: i64) -> Result<i64, String> {
    Ok(match op {
        "+" => a.wrapping_add(b),
        "-" => a.wrapping_sub(b),
        "*" => a.wrapping_mul(b),
        "/" | "%" if b == 0 => return Err("division by zero".to_string()),
        "/" => a.wrapping_div(b),
        "%" => a.wrapping_rem(b),
        "**" if b < 0 => return Err("exponent less than 0".to_string()),
        "**" => a.wrapping_pow(u32::try_from(b).unwrap_or(u32::MAX)),
        "<<" => a.wrapping_shl((b & 63) as u32),
        ">>" => a.wrapping_shr((b & 63) as u32),
        "<" => i64::from(a < b),
        "<=" => i64::from(a <= b),
        ">" => i64::from(a > b),
        ">=" => i64::from(a >= b),
        "==" => i64::from(a == b),
        "!=" => i64::from(a != b),
        "&" => a & b,
        "^" => a ^ b,
        "|" => a | b,
        "&&" => i64::from(a != 0 && b != 0),
        "||" => i64::from(a != 0 || b != 0),
        _ => return Err(format!("syntax error: unknown operator `{op}`")),
    })
}

//! BuildKit's `Node.Dump()` s-expression format, as used by its parser test `result` files.

use crate::gocompat::{quote, quote_list};
use crate::tree::{Arguments, Instruction};

/// Dumps one instruction: lower-cased name, `["--flag" …]`, then each argument quoted;
/// ONBUILD nests the inner instruction in parentheses.
pub fn instruction(node: &Instruction) -> String {
    let mut out = node.keyword.value.to_lowercase();
    if !node.flags.is_empty() {
        let flags: Vec<String> = node.flags.iter().map(|f| f.value.to_string()).collect();
        out.push(' ');
        out.push_str(&quote_list(&flags));
    }
    match &node.args {
        Arguments::Onbuild(inner) => {
            out.push_str(" (");
            out.push_str(&instruction(inner));
            out.push(')');
        }
        _ => {
            for value in node.arg_values() {
                out.push(' ');
                out.push_str(&quote(&value));
            }
        }
    }
    out.trim_matches(|c: char| c.is_whitespace()).to_string()
}

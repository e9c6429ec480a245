//! Prints the syntax tree of the shell script given on standard input.

use std::io::Read;

fn main() {
    let mut src = String::new();
    if std::io::stdin().read_to_string(&mut src).is_err() {
        eprintln!("could not read standard input");
        std::process::exit(2);
    }
    match slipway_shell::parse(&src) {
        Ok(script) => {
            println!("{script:#?}");
            for c in script.simple_commands() {
                let text = c.command.span.text(&src).unwrap_or_default();
                println!("{:?} {:?} {text:?}", c.command.span, c.nesting);
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}

//! The `holon` command: atoms, record vectors and the zero-knowledge
//! anomaly detector over JSON Lines. `holon --help` lists the subcommands;
//! `holon <command> --help` explains one.
//!
//! One file per subcommand; [`args`] parses options (on `lexopt`),
//! [`input`] is the one line reader, [`output`] the one writer, and
//! [`judge`] the record loop that `detect`, `score` and `mint` share.

mod args;
mod atom;
mod detect;
mod encode;
mod input;
mod judge;
mod mint;
mod output;
mod score;
mod threads;

use std::process::ExitCode;

use output::{message, Failure};

/// The overview `holon --help` prints.
const USAGE: &str = "\
usage: holon <command> [options]

commands:
  atom      print the components of one atom
  encode    print the vector of each JSON line
  detect    learn normal records from a warm-up, then flag anomalies
  mint      learn from a warm-up and write what was learned as an engram file
  score     flag anomalies with an engram file only, as a device does
  help      print this text, or `holon help <command>` for one command

options: --help (here or after any command), --version

Input is JSON Lines (plain or gzip) from a file or standard input (`-`),
one record a line, at most 1 MiB a line; blank lines are skipped. See
`holon <command> --help`.
";

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(command) = args.next() else {
        message(format_args!("{USAGE}"));
        return ExitCode::from(2);
    };
    let rest: Vec<_> = args.collect();
    let name = command.to_string_lossy().into_owned();
    let result = match name.as_str() {
        "atom" => atom::run(rest),
        "encode" => encode::run(rest),
        "detect" => detect::run(rest),
        "mint" => mint::run(rest),
        "score" => score::run(rest),
        "help" | "--help" | "-h" => help(rest),
        "--version" | "-V" => output::print(concat!("holon ", env!("CARGO_PKG_VERSION"), "\n")),
        other => Err(Failure::Usage(format!("unknown command {other:?}"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(usage_of(&name)),
    }
}

/// The usage lines of `command` (its help up to the first blank line), or
/// the overview for an unknown one.
fn usage_of(command: &str) -> &'static str {
    let help = match command {
        "atom" => atom::HELP,
        "encode" => encode::HELP,
        "detect" => detect::HELP,
        "mint" => mint::HELP,
        "score" => score::HELP,
        _ => return USAGE,
    };
    let end = help.find("\n\n").map_or(help.len(), |at| at + 1);
    &help[..end]
}

/// `holon help [command]`.
fn help(rest: Vec<std::ffi::OsString>) -> Result<(), Failure> {
    let text = match rest.first().map(|c| c.to_string_lossy()) {
        None => USAGE,
        Some(c) => match c.as_ref() {
            "atom" => atom::HELP,
            "encode" => encode::HELP,
            "detect" => detect::HELP,
            "mint" => mint::HELP,
            "score" => score::HELP,
            other => return Err(Failure::Usage(format!("unknown command {other:?}"))),
        },
    };
    if rest.len() > 1 {
        return Err(Failure::Usage("help takes at most one command".into()));
    }
    output::print(text)
}

//! Argument parsing shared by the subcommands, on [`lexopt`]: arguments are
//! `OsString`s (a non-UTF-8 file name is a file name; a non-UTF-8 TEXT is a
//! usage error, never a panic), `--flag value` and `--flag=value` both
//! work, `--` ends the options, and every option a subcommand does not
//! take is an error naming it.

use std::ffi::OsString;
use std::path::PathBuf;

use lexopt::{Arg, Parser, ValueExt};

use crate::input::Source;
use crate::output::Failure;

/// What to do with a line that is not a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnError {
    /// End the run with the line's error (after flushing earlier output).
    Stop,
    /// Skip the line, count it, and report the count at the end.
    Skip,
}

/// Which memory a detector learns normal records with (`--memory`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemoryKind {
    /// Prototype engrams per slot (`holon_std::detect`), the default.
    Prototype,
    /// An online subspace per slot (`holon_std::detect_subspace`).
    Subspace,
}

/// Parses `--memory prototype|subspace`.
pub fn memory(parser: &mut Parser) -> Result<MemoryKind, Failure> {
    let value = parser.value()?;
    match value.to_str() {
        Some("prototype") => Ok(MemoryKind::Prototype),
        Some("subspace") => Ok(MemoryKind::Subspace),
        _ => Err(Failure::Usage(format!(
            "--memory takes prototype or subspace, not {value:?}"
        ))),
    }
}

/// Parses a whole number option value.
pub fn number(parser: &mut Parser, flag: &str) -> Result<u64, Failure> {
    let value = parser.value()?;
    let text = value.to_str().ok_or_else(|| {
        Failure::Usage(format!("{flag} takes a whole number >= 0, not {value:?}"))
    })?;
    text.parse()
        .map_err(|_| Failure::Usage(format!("{flag} takes a whole number >= 0, not {text:?}")))
}

/// Parses `--threads N`: 1 to [`MAX_THREADS`](crate::threads::MAX_THREADS).
pub fn threads(parser: &mut Parser) -> Result<usize, Failure> {
    let value = parser.value()?;
    let max = crate::threads::MAX_THREADS;
    value
        .to_str()
        .and_then(|text| text.parse::<usize>().ok())
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| {
            Failure::Usage(format!(
                "--threads takes a whole number from 1 to {max}, not {value:?}"
            ))
        })
}

/// Parses `--on-error stop|skip`.
pub fn on_error(parser: &mut Parser) -> Result<OnError, Failure> {
    let value: String = parser.value()?.string()?;
    match value.as_str() {
        "stop" => Ok(OnError::Stop),
        "skip" => Ok(OnError::Skip),
        other => Err(Failure::Usage(format!(
            "--on-error takes stop or skip, not {other:?}"
        ))),
    }
}

/// Parses a file name option value.
pub fn path(parser: &mut Parser) -> Result<PathBuf, Failure> {
    Ok(PathBuf::from(parser.value()?))
}

/// Takes the one optional INPUT positional (`-` is standard input).
pub fn input(slot: &mut Option<Source>, value: OsString, command: &str) -> Result<(), Failure> {
    if slot.is_some() {
        return Err(Failure::Usage(format!("{command} takes at most one INPUT")));
    }
    *slot = Some(if value == "-" {
        Source::Stdin
    } else {
        Source::File(PathBuf::from(value))
    });
    Ok(())
}

/// The error for an argument a subcommand does not take.
pub fn unexpected(arg: Arg<'_>, command: &str) -> Failure {
    match arg {
        Arg::Value(value) => {
            Failure::Usage(format!("{command} does not take the argument {value:?}"))
        }
        Arg::Short(c) => not_an_option(&format!("-{c}"), command),
        Arg::Long(name) => not_an_option(&format!("--{name}"), command),
    }
}

/// `--help` for a subcommand: true when the argument asks for it.
pub fn is_help(arg: &Arg<'_>) -> bool {
    matches!(arg, Arg::Short('h') | Arg::Long("help"))
}

fn not_an_option(flag: &str, command: &str) -> Failure {
    Failure::Usage(format!(
        "{command} does not take the option {flag} (use -- before an argument that starts with '-')"
    ))
}

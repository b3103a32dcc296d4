//! `holon atom`: the components of one atom.

use std::ffi::OsString;

use holon_core::{AtomKey, DEFAULT_SEED};
use lexopt::Arg;

use crate::args;
use crate::output::{self, Failure, Out};

/// `holon atom --help`.
pub const HELP: &str = "\
usage: holon atom [--seed S] [--dims D] [--] TEXT

Prints the D components (default 4096, any D >= 1) of the atom of TEXT under
seed S (default 0) as one line of '+', '-', '0'. Put -- before a TEXT that
starts with '-'. TEXT must be UTF-8.
";

/// Runs `holon atom`.
pub fn run(raw: Vec<OsString>) -> Result<(), Failure> {
    let mut parser = lexopt::Parser::from_args(raw);
    let (mut seed, mut dims, mut text) = (DEFAULT_SEED, 4096u64, None::<OsString>);
    while let Some(arg) = parser.next()? {
        match arg {
            ref a if args::is_help(a) => return output::print(HELP),
            Arg::Long("seed") => seed = args::number(&mut parser, "--seed")?,
            Arg::Long("dims") => dims = args::number(&mut parser, "--dims")?,
            Arg::Value(value) if text.is_none() => text = Some(value),
            Arg::Value(_) => return Err(Failure::Usage("atom takes exactly one TEXT".into())),
            other => return Err(args::unexpected(other, "atom")),
        }
    }
    if dims == 0 {
        return Err(Failure::Usage("--dims must be at least 1".into()));
    }
    let text = text.ok_or_else(|| Failure::Usage("atom needs a TEXT".into()))?;
    let text = text
        .into_string()
        .map_err(|t| Failure::Usage(format!("TEXT must be UTF-8, not {t:?}")))?;
    let mut out = Out::new();
    write_atom(seed, dims, &text, &mut out)?;
    out.flush()
}

/// Writes the atom's components as one line of `+`, `-`, `0`.
fn write_atom(seed: u64, dims: u64, text: &str, out: &mut Out) -> Result<(), Failure> {
    let mut stream = AtomKey::new(seed, text).stream();
    let mut chunk = [0i8; 4096];
    let mut line = [0u8; 4096];
    let mut left = dims;
    while left > 0 {
        let n = usize::try_from(left.min(chunk.len() as u64)).unwrap_or(chunk.len());
        stream.fill(&mut chunk[..n]);
        for (byte, &t) in line.iter_mut().zip(&chunk[..n]) {
            *byte = holon_core::vector::trit_char(t) as u8;
        }
        out.write(&line[..n])?;
        left -= n as u64;
    }
    out.write(b"\n")
}

//! `holon encode`: the vector of each JSON line.

use std::ffi::OsString;

use holon_core::DEFAULT_SEED;
use holon_std::Holon;
use lexopt::Arg;

use crate::args::{self, OnError};
use crate::input::{self, Lines, Next, Source, MAX_LINE_BYTES};
use crate::judge::BadLines;
use crate::output::{self, Failure, Out};

/// `holon encode --help`.
pub const HELP: &str = "\
usage: holon encode [--seed S] [--dims D] [--on-error stop|skip] [INPUT|-]

Reads JSON Lines (plain or gzip; one document a line, at most 1 MiB) from
INPUT or standard input and prints each document's vector (DESIGN section 6)
as one line of '+', '-', '0'; D from 1 to 65536 (default 4096), seed S
(default 0). A bad line ends the run after the lines before it
(--on-error stop, the default) or is skipped and counted (--on-error skip).
";

/// The largest dimension `holon encode` prints.
pub const MAX_ENCODE_DIMS: u64 = 65_536;

struct EncodeArgs {
    seed: u64,
    dims: u64,
    on_error: OnError,
    input: Source,
}

/// Runs `holon encode`.
pub fn run(raw: Vec<OsString>) -> Result<(), Failure> {
    let mut parser = lexopt::Parser::from_args(raw);
    let (mut seed, mut dims, mut on_error, mut source) =
        (DEFAULT_SEED, 4096u64, OnError::Stop, None);
    while let Some(arg) = parser.next()? {
        match arg {
            ref a if args::is_help(a) => return output::print(HELP),
            Arg::Long("seed") => seed = args::number(&mut parser, "--seed")?,
            Arg::Long("dims") => dims = args::number(&mut parser, "--dims")?,
            Arg::Long("on-error") => on_error = args::on_error(&mut parser)?,
            Arg::Value(value) => args::input(&mut source, value, "encode")?,
            other => return Err(args::unexpected(other, "encode")),
        }
    }
    if dims == 0 {
        return Err(Failure::Usage("--dims must be at least 1".into()));
    }
    if dims > MAX_ENCODE_DIMS {
        return Err(Failure::Usage(format!(
            "--dims {dims} is above the largest supported, {MAX_ENCODE_DIMS}"
        )));
    }
    let parsed = EncodeArgs {
        seed,
        dims,
        on_error,
        input: source.unwrap_or(Source::Stdin),
    };
    // Documents are encoded at the smallest supported dimension >= dims and
    // printed truncated: by the prefix property that is the vector at dims.
    match parsed.dims {
        0..=256 => encode_at::<256>(&parsed),
        257..=1024 => encode_at::<1024>(&parsed),
        1025..=4096 => encode_at::<4096>(&parsed),
        4097..=16384 => encode_at::<16384>(&parsed),
        _ => encode_at::<65536>(&parsed),
    }
}

fn encode_at<const D: usize>(parsed: &EncodeArgs) -> Result<(), Failure> {
    let name = parsed.input.name();
    let mut lines = Lines::new(
        input::open(&parsed.input, true).map_err(Failure::Input)?,
        MAX_LINE_BYTES,
    );
    let mut holon = Holon::<D>::new(parsed.seed);
    let keep = usize::try_from(parsed.dims).unwrap_or(D).min(D);
    let mut text = vec![0u8; D + 1];
    let mut out = Out::new();
    let mut bad = BadLines::new(parsed.on_error, &name);
    loop {
        let next = lines
            .next_line()
            .map_err(|e| Failure::Input(format!("reading {name}: {e}")));
        let next = match next {
            Ok(next) => next,
            Err(failure) => {
                out.flush()?;
                return Err(failure);
            }
        };
        match next {
            Next::End => break,
            Next::Bad(number, error) => bad.add(number, &error, &mut out)?,
            Next::Line(number, json) => match holon.encode_json(json) {
                Ok(v) => {
                    for (byte, &t) in text.iter_mut().zip(&v.as_trits()[..keep]) {
                        *byte = holon_core::vector::trit_char(t) as u8;
                    }
                    text[keep] = b'\n';
                    out.write(&text[..=keep])?;
                }
                Err(error) => bad.add(number, &error, &mut out)?,
            },
        }
    }
    out.flush()?;
    bad.finish();
    Ok(())
}

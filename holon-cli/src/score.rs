//! `holon score`: flag anomalies with an engram file only, as a device does.

use std::ffi::OsString;
use std::path::PathBuf;

use holon_std::detect::{EngramDetector, DETECT_BANK_CAPACITY, DETECT_DIMS};
use lexopt::Arg;

use crate::args::{self, OnError};
use crate::input::{self, Lines, Source, MAX_LINE_BYTES};
use crate::judge;
use crate::output::{self, Failure, Out};

/// `holon score --help`.
pub const HELP: &str = "\
usage: holon score --engram FILE [--on-error stop|skip] [INPUT|-]

Scores every record of INPUT (JSON Lines, plain or gzip) against the engram
file FILE only (what a device does; the seed is the file's). Output, summary
and --on-error as for `holon detect`.
";

/// Largest engram file read: a bank of DETECT_BANK_CAPACITY engrams is far
/// smaller; anything bigger is not an engram file `score` can load.
const MAX_ENGRAM_FILE_BYTES: u64 = 64 << 20;

/// Runs `holon score`.
pub fn run(raw: Vec<OsString>) -> Result<(), Failure> {
    let mut parser = lexopt::Parser::from_args(raw);
    let (mut engram, mut on_error, mut source) = (None::<PathBuf>, OnError::Stop, None);
    while let Some(arg) = parser.next()? {
        match arg {
            ref a if args::is_help(a) => return output::print(HELP),
            Arg::Long("engram") => engram = Some(args::path(&mut parser)?),
            Arg::Long("on-error") => on_error = args::on_error(&mut parser)?,
            Arg::Value(value) => args::input(&mut source, value, "score")?,
            other => return Err(args::unexpected(other, "score")),
        }
    }
    let engram = engram.ok_or_else(|| Failure::Usage("score needs --engram FILE".into()))?;
    let shown = engram.display();
    let size = std::fs::metadata(&engram)
        .map_err(|e| Failure::Input(format!("{shown}: {e}")))?
        .len();
    if size > MAX_ENGRAM_FILE_BYTES {
        return Err(Failure::Input(format!(
            "{shown}: {size} bytes is not an engram file (at most {MAX_ENGRAM_FILE_BYTES})"
        )));
    }
    let bytes = std::fs::read(&engram).map_err(|e| Failure::Input(format!("{shown}: {e}")))?;
    let mut detector = EngramDetector::<DETECT_DIMS, DETECT_BANK_CAPACITY>::from_bytes(&bytes)
        .map_err(|e| Failure::Input(format!("{shown}: {e}")))?;
    let source = source.unwrap_or(Source::Stdin);
    let name = source.name();
    let mut lines = Lines::new(
        input::open(&source, true).map_err(Failure::Input)?,
        MAX_LINE_BYTES,
    );
    let mut out = Out::new();
    judge::judge_lines(&mut detector, &mut lines, &name, 0, on_error, &mut out)?;
    Ok(())
}

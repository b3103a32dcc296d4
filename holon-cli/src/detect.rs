//! `holon detect`: learn normal records from a warm-up, then flag anomalies.

use std::ffi::OsString;

use holon_core::DEFAULT_SEED;
use holon_std::detect::{Detector, DetectorConfig, DETECT_DIMS};
use holon_std::detect_subspace::{SubspaceDetector, SubspaceDetectorConfig};
use lexopt::Arg;

use crate::args::{self, MemoryKind, OnError};
use crate::input::{self, Lines, Source, MAX_LINE_BYTES};
use crate::judge;
use crate::output::{self, message, Failure, Out};

/// `holon detect --help`.
pub const HELP: &str = "\
usage: holon detect [--memory prototype|subspace] [--warmup N] [--seed S]
                    [--on-error stop|skip] [--threads N] [INPUT|-]

Reads JSON Lines (plain or gzip; one JSON object a line, at most 1 MiB and
64 fields) from INPUT or standard input, learns normal records from the
first N records (default 300), then prints one JSON verdict per record
(line, anomaly, score, explain) in input order. Keys starting with '_' are
labels, never encoded; a per-phase table (from the _phase and _attack
labels, if any) and the verdict digest go to standard error. A bad line
ends the run after the verdicts before it (--on-error stop, the default) or
is skipped and counted (--on-error skip).

--memory says what each slot (a field, or a pair of fields) learns:
  prototype  prototype engrams, a record flagged when a slot's value is
             far from every prototype of that slot (the default)
  subspace   an online subspace (CCIPCA), a record flagged when a slot's
             value lies farther from its subspace than any warm-up value
Both print the same verdict lines, table and digest.

--threads N (1 to 64, default 1) judges the records after the warm-up on
N threads, each with its own copy of what was learned; the warm-up is
learned first, on one thread. Verdicts stay in input order, and the output,
table, digest and --on-error handling are those of one thread, byte for
byte. Memory stays bounded: a few batches of lines in flight per thread.
";

/// Runs `holon detect`.
pub fn run(raw: Vec<OsString>) -> Result<(), Failure> {
    let mut parser = lexopt::Parser::from_args(raw);
    let (mut seed, mut warmup, mut on_error, mut source) =
        (DEFAULT_SEED, 300u64, OnError::Stop, None);
    let mut memory = MemoryKind::Prototype;
    let mut threads = 1;
    while let Some(arg) = parser.next()? {
        match arg {
            ref a if args::is_help(a) => return output::print(HELP),
            Arg::Long("seed") => seed = args::number(&mut parser, "--seed")?,
            Arg::Long("warmup") => warmup = args::number(&mut parser, "--warmup")?,
            Arg::Long("on-error") => on_error = args::on_error(&mut parser)?,
            Arg::Long("memory") => memory = args::memory(&mut parser)?,
            Arg::Long("threads") => threads = args::threads(&mut parser)?,
            Arg::Value(value) => args::input(&mut source, value, "detect")?,
            other => return Err(args::unexpected(other, "detect")),
        }
    }
    let source = source.unwrap_or(Source::Stdin);
    let name = source.name();
    let mut lines = Lines::new(
        input::open(&source, true).map_err(Failure::Input)?,
        MAX_LINE_BYTES,
    );
    if warmup == 0 {
        message(format_args!(
            "holon: warning: --warmup 0 learns nothing: every record with a field is flagged\n"
        ));
    }
    let mut out = Out::new();
    let summary = match memory {
        MemoryKind::Prototype => {
            let mut detector = Detector::<DETECT_DIMS>::new(seed, DetectorConfig::default());
            judge::judge_lines(
                &mut detector,
                &mut lines,
                &name,
                warmup,
                on_error,
                threads,
                &mut out,
            )?
        }
        MemoryKind::Subspace => {
            let mut detector =
                SubspaceDetector::<DETECT_DIMS>::new(seed, SubspaceDetectorConfig::default());
            judge::judge_lines(
                &mut detector,
                &mut lines,
                &name,
                warmup,
                on_error,
                threads,
                &mut out,
            )?
        }
    };
    if summary.learned < warmup {
        message(format_args!(
            "holon: warning: the input ended during the warm-up: {} of --warmup {warmup} records learned, none judged\n",
            summary.learned
        ));
    }
    Ok(())
}

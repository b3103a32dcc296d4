//! `holon score`: flag anomalies with an engram file only, as a device does.

use std::ffi::OsString;
use std::path::PathBuf;

use holon_core::engram::EngramFile;
use holon_std::detect::{EngramDetector, DETECT_BANK_CAPACITY, DETECT_DIMS};
use holon_std::detect_subspace::SubspaceEngramDetector;
use lexopt::Arg;

use crate::args::{self, OnError};
use crate::input::{self, Lines, Source, MAX_LINE_BYTES};
use crate::judge;
use crate::output::{self, Failure, Out};

/// `holon score --help`.
pub const HELP: &str = "\
usage: holon score --engram FILE [--on-error stop|skip] [--threads N] [INPUT|-]

Scores every record of INPUT (JSON Lines, plain or gzip) against the engram
file FILE only (what a device does; the seed is the file's). Output,
summary, --on-error and --threads N (1 to 64, default 1: scoring threads,
verdicts in input order, output byte for byte as with one) as for `holon
detect`. FILE holds prototype engrams (`holon mint`) or subspace engrams
(`holon mint --memory subspace`); the file says which.
";

/// Largest engram file read: a bank of DETECT_BANK_CAPACITY prototypes is far
/// smaller, and so are the subspace engrams of a few hundred slots (136 KiB
/// each at D = 1024); anything bigger is not an engram file `score` loads.
const MAX_ENGRAM_FILE_BYTES: u64 = 64 << 20;

/// Runs `holon score`.
pub fn run(raw: Vec<OsString>) -> Result<(), Failure> {
    let mut parser = lexopt::Parser::from_args(raw);
    let (mut engram, mut on_error, mut source) = (None::<PathBuf>, OnError::Stop, None);
    let mut threads = 1;
    while let Some(arg) = parser.next()? {
        match arg {
            ref a if args::is_help(a) => return output::print(HELP),
            Arg::Long("engram") => engram = Some(args::path(&mut parser)?),
            Arg::Long("on-error") => on_error = args::on_error(&mut parser)?,
            Arg::Long("threads") => threads = args::threads(&mut parser)?,
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
    let mut engrams = load(&bytes).map_err(|e| Failure::Input(format!("{shown}: {e}")))?;
    let source = source.unwrap_or(Source::Stdin);
    let name = source.name();
    let mut lines = Lines::new(
        input::open(&source, true).map_err(Failure::Input)?,
        MAX_LINE_BYTES,
    );
    let mut out = Out::new();
    match &mut engrams {
        Engrams::Prototype(d) => {
            judge::judge_lines(&mut **d, &mut lines, &name, 0, on_error, threads, &mut out)?
        }
        Engrams::Subspace(d) => {
            judge::judge_lines(&mut **d, &mut lines, &name, 0, on_error, threads, &mut out)?
        }
    };
    Ok(())
}

/// An engram file, loaded by its kind.
enum Engrams {
    Prototype(Box<EngramDetector<DETECT_DIMS, DETECT_BANK_CAPACITY>>),
    Subspace(Box<SubspaceEngramDetector<DETECT_DIMS>>),
}

/// Loads `bytes` as the kind of engrams they hold: subspace engrams when
/// the file has any, prototypes otherwise (a file that does not check out
/// goes to the prototype loader, whose error `score` has always given).
fn load(bytes: &[u8]) -> Result<Engrams, String> {
    let kinds = EngramFile::<DETECT_DIMS, _>::new_checked(bytes)
        .ok()
        .map(|file| (file.subspace_count(), file.len()));
    match kinds {
        Some((subspaces, prototypes)) if subspaces > 0 && prototypes > 0 => Err(format!(
            "holds {prototypes} prototype and {subspaces} subspace engrams; score takes a file of one kind"
        )),
        Some((subspaces, _)) if subspaces > 0 => SubspaceEngramDetector::from_bytes(bytes)
            .map(|d| Engrams::Subspace(Box::new(d)))
            .map_err(|e| e.to_string()),
        _ => EngramDetector::from_bytes(bytes)
            .map(|d| Engrams::Prototype(Box::new(d)))
            .map_err(|e| e.to_string()),
    }
}

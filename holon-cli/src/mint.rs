//! `holon mint`: learn from a warm-up and write what was learned as an
//! engram file.

use std::ffi::OsString;
use std::io::BufRead;
use std::path::PathBuf;

use holon_core::DEFAULT_SEED;
use holon_std::detect::{Detector, DetectorConfig, DETECT_BANK_CAPACITY, DETECT_DIMS};
use holon_std::detect_subspace::{SubspaceDetector, SubspaceDetectorConfig};
use lexopt::Arg;

use crate::args::{self, MemoryKind, OnError};
use crate::input::{self, Lines, Next, Source, MAX_LINE_BYTES};
use crate::judge::{parse_record, BadLines, Memory};
use crate::output::{self, message, Failure, Out};

/// `holon mint --help`.
pub const HELP: &str = "\
usage: holon mint [--memory prototype|subspace] [--warmup N] [--seed S]
                  [--out FILE] [--on-error stop|skip] [INPUT|-]

Learns normal records from the first N records (default 300) of INPUT (JSON
Lines, plain or gzip, read as `holon detect` reads them) and writes what was
learned as an engram file FILE (default holon.engram) for `holon score` or a
device. No records is an error; fewer than N is a warning (an engram from a
short warm-up flags much normal traffic). --memory and --on-error as for
`holon detect`: --memory subspace writes one subspace engram per slot
(engram format version 2), and `holon score` on that file gives the
verdicts `holon detect --memory subspace` gives after the same warm-up.
";

/// Runs `holon mint`.
pub fn run(raw: Vec<OsString>) -> Result<(), Failure> {
    let mut parser = lexopt::Parser::from_args(raw);
    let (mut seed, mut warmup, mut on_error, mut source) =
        (DEFAULT_SEED, 300u64, OnError::Stop, None);
    let mut out_path = PathBuf::from("holon.engram");
    let mut memory = MemoryKind::Prototype;
    while let Some(arg) = parser.next()? {
        match arg {
            ref a if args::is_help(a) => return output::print(HELP),
            Arg::Long("seed") => seed = args::number(&mut parser, "--seed")?,
            Arg::Long("warmup") => warmup = args::number(&mut parser, "--warmup")?,
            Arg::Long("out") => out_path = args::path(&mut parser)?,
            Arg::Long("on-error") => on_error = args::on_error(&mut parser)?,
            Arg::Long("memory") => memory = args::memory(&mut parser)?,
            Arg::Value(value) => args::input(&mut source, value, "mint")?,
            other => return Err(args::unexpected(other, "mint")),
        }
    }
    if warmup == 0 {
        return Err(Failure::Usage("--warmup 0 would learn nothing".into()));
    }
    let source = source.unwrap_or(Source::Stdin);
    let name = source.name();
    let mut lines = Lines::new(
        input::open(&source, true).map_err(Failure::Input)?,
        MAX_LINE_BYTES,
    );
    let (bytes, what) = match memory {
        MemoryKind::Prototype => {
            let mut detector = Detector::<DETECT_DIMS>::new(seed, DetectorConfig::default());
            learn_warmup(&mut detector, &mut lines, &name, warmup, on_error)?;
            let (slots, prototypes) = detector.size();
            let bytes = detector
                .mint_bytes::<DETECT_BANK_CAPACITY>()
                .map_err(|e| {
                    Failure::Input(format!(
                        "the warm-up learned {prototypes} prototypes over {slots} slots; an engram file holds at most {DETECT_BANK_CAPACITY} ({e})"
                    ))
                })?;
            (bytes, format!("{slots} slots, {prototypes} engrams"))
        }
        MemoryKind::Subspace => {
            let mut detector =
                SubspaceDetector::<DETECT_DIMS>::new(seed, SubspaceDetectorConfig::default());
            learn_warmup(&mut detector, &mut lines, &name, warmup, on_error)?;
            let bytes = detector
                .mint_bytes()
                .map_err(|e| Failure::Input(format!("minting subspace engrams: {e}")))?;
            let (slots, components) = detector.size();
            (
                bytes,
                format!("{slots} subspace engrams, {components} components"),
            )
        }
    };
    std::fs::write(&out_path, &bytes)
        .map_err(|e| Failure::Input(format!("{}: {e}", out_path.display())))?;
    message(format_args!(
        "holon mint: {what}, {} bytes (D = {DETECT_DIMS}) written to {}\n",
        bytes.len(),
        out_path.display()
    ));
    Ok(())
}

/// Learns the first `warmup` records of `lines` with `memory`: at least one
/// (else an error), a warning when the input ends before `warmup`.
fn learn_warmup(
    memory: &mut impl Memory,
    lines: &mut Lines<Box<dyn BufRead>>,
    name: &str,
    warmup: u64,
    on_error: OnError,
) -> Result<(), Failure> {
    // Nothing goes to standard output; `BadLines` flushes this empty writer.
    let mut out = Out::new();
    let mut bad = BadLines::new(on_error, name);
    let mut learned = 0u64;
    while learned < warmup {
        let next = lines
            .next_line()
            .map_err(|e| Failure::Input(format!("reading {name}: {e}")))?;
        match next {
            Next::End => break,
            Next::Bad(number, error) => bad.add(number, &error, &mut out)?,
            Next::Line(number, text) => {
                match parse_record(text).and_then(|r| memory.learn(&r).map_err(|e| e.to_string())) {
                    Ok(()) => learned += 1,
                    Err(why) => bad.add(number, &why, &mut out)?,
                }
            }
        }
    }
    bad.finish();
    if learned == 0 {
        return Err(Failure::Input(format!(
            "{name}: no records to learn from; no engram file written"
        )));
    }
    if learned < warmup {
        message(format_args!(
            "holon: warning: only {learned} records learned (--warmup {warmup}): an engram from a short warm-up flags much normal traffic\n"
        ));
    }
    Ok(())
}

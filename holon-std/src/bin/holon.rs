//! The `holon` command-line tool. `holon help` lists the commands.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use holon_std::cli::{self, EncodeFailure, UsageError, USAGE};
use holon_std::detect::{Detector, DetectorConfig, EngramDetector};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "atom" => run_atom(rest),
        "encode" => run_encode(rest),
        "detect" => run_detect(rest),
        "mint" => run_mint(rest),
        "score" => run_score(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => Err(Failure::Usage(UsageError(format!(
            "unknown command {other:?}"
        )))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(e)) => {
            eprintln!("holon: {e}\n\n{USAGE}");
            ExitCode::from(2)
        }
        // A closed pipe (`holon atom x | head -c 10`) is not an error.
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("holon: {e}");
            ExitCode::FAILURE
        }
        Err(Failure::Input(why)) => {
            eprintln!("holon: {why}");
            ExitCode::FAILURE
        }
    }
}

enum Failure {
    Usage(UsageError),
    Io(io::Error),
    Input(String),
}

impl From<UsageError> for Failure {
    fn from(e: UsageError) -> Self {
        Failure::Usage(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

fn run_atom(args: &[String]) -> Result<(), Failure> {
    let parsed = cli::parse_atom_args(args)?;
    let mut out = BufWriter::new(io::stdout().lock());
    cli::write_atom(&parsed, &mut out)?;
    out.flush()?;
    Ok(())
}

fn run_encode(args: &[String]) -> Result<(), Failure> {
    let parsed = cli::parse_encode_args(args)?;
    let mut out = BufWriter::new(io::stdout().lock());
    let result = match &parsed.input {
        None => cli::encode_lines(&parsed, &mut io::stdin().lock(), &mut out),
        Some(path) => {
            let file = File::open(path).map_err(|e| Failure::Input(format!("{path}: {e}")))?;
            cli::encode_lines(&parsed, &mut BufReader::new(file), &mut out)
        }
    };
    out.flush()?;
    match result {
        Ok(()) => Ok(()),
        Err(EncodeFailure::Io(e)) => Err(Failure::Io(e)),
        Err(line_error) => Err(Failure::Input(line_error.to_string())),
    }
}

fn open_input(input: &Option<String>) -> Result<Box<dyn io::BufRead>, Failure> {
    Ok(match input {
        None => cli::maybe_gunzip(io::stdin().lock())?,
        Some(path) => {
            let file = File::open(path).map_err(|e| Failure::Input(format!("{path}: {e}")))?;
            cli::maybe_gunzip(BufReader::new(file))?
        }
    })
}

fn run_detect(args: &[String]) -> Result<(), Failure> {
    let parsed = cli::parse_detect_args(args)?;
    let mut judge = cli::LearningJudge {
        detector: Detector::new(parsed.seed, DetectorConfig::default()),
        warmup: parsed.warmup,
    };
    judge_stream(&parsed, &mut judge)
}

fn run_score(args: &[String]) -> Result<(), Failure> {
    let parsed = cli::parse_detect_args(args)?;
    let path = parsed
        .engram
        .clone()
        .ok_or_else(|| Failure::Usage(UsageError("score needs --engram FILE".into())))?;
    let bytes = std::fs::read(&path).map_err(|e| Failure::Input(format!("{path}: {e}")))?;
    let mut judge =
        EngramDetector::<{ cli::DETECT_DIMS }, { cli::DETECT_BANK_CAPACITY }>::from_bytes(&bytes)
            .map_err(|e| Failure::Input(format!("{path}: {e}")))?;
    judge_stream(&parsed, &mut judge)
}

fn run_mint(args: &[String]) -> Result<(), Failure> {
    let parsed = cli::parse_detect_args(args)?;
    let mut input = open_input(&parsed.input)?;
    let (bytes, slots, prototypes) = match cli::mint_lines(&parsed, &mut input) {
        Ok(minted) => minted,
        Err(EncodeFailure::Io(e)) => return Err(Failure::Io(e)),
        Err(e) => return Err(Failure::Input(e.to_string())),
    };
    std::fs::write(&parsed.out, &bytes)
        .map_err(|e| Failure::Input(format!("{}: {e}", parsed.out)))?;
    eprintln!(
        "holon mint: {slots} slots, {prototypes} engrams, {} bytes (D = {}) written to {}",
        bytes.len(),
        cli::DETECT_DIMS,
        parsed.out
    );
    Ok(())
}

fn judge_stream(
    parsed: &cli::DetectArgs,
    judge: &mut impl cli::RecordJudge,
) -> Result<(), Failure> {
    let mut input = open_input(&parsed.input)?;
    let mut out = BufWriter::new(io::stdout().lock());
    let show_progress = io::stderr().is_terminal();
    let result = cli::detect_lines(judge, &mut input, &mut out, |n| {
        if show_progress {
            eprint!("\rholon: {n} records");
        }
    });
    if show_progress {
        eprint!("\r\x1b[K");
    }
    out.flush()?;
    match result {
        Ok(summary) => {
            eprint!("{}", summary.report.render());
            eprintln!(
                "{} records in {:.2} s: {:.0} records/s (one thread, learning and I/O included)",
                summary.lines,
                summary.seconds,
                summary.lines as f64 / summary.seconds.max(1e-9)
            );
            eprintln!("verdict digest: {:016x}", summary.digest.value());
            Ok(())
        }
        Err(EncodeFailure::Io(e)) => Err(Failure::Io(e)),
        Err(line_error) => Err(Failure::Input(line_error.to_string())),
    }
}

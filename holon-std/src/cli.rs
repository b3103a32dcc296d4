//! The `holon` command line: argument parsing and subcommands.
//!
//! Parsing is hand-written (a few flags do not justify a dependency) and
//! follows the usual conventions: `--flag value` or `--flag=value`, and `--`
//! ends the options so a TEXT such as `-0` or `--seed` is taken literally.

use std::fmt;
use std::io::{self, BufRead, Write};

use holon_core::{AtomKey, DEFAULT_SEED};

use crate::detect::{Detector, DetectorConfig, EngramDetector, Verdict};
use crate::report::{StreamReport, VerdictDigest};
use crate::{EncodeError, Holon};

/// Usage text printed by `holon help` and on usage errors.
pub const USAGE: &str = "\
usage: holon <command> [options]

commands:
  atom [--seed S] [--dims D] [--] TEXT
        print the D components (default 4096) of atom TEXT under seed S
        (default 0) as one line of '+', '-', '0'
  encode [--seed S] [--dims D] [FILE|-]
        read JSON Lines (one document a line) from FILE or standard input
        and print each document's vector as one line of '+', '-', '0';
        D from 1 to 65536 (default 4096)
  detect [--warmup N] [--seed S] [FILE|-]
        read JSON Lines (plain or gzip) from FILE or standard input, learn
        normal records from the first N lines (default 300), then print one
        JSON verdict per line (line, anomaly, score, explain) in input
        order; keys starting with '_' are labels, never encoded. A per-phase
        table (from the _phase and _attack labels, if any) goes to stderr.
  mint [--warmup N] [--seed S] [--out FILE] [INPUT|-]
        learn normal records from the first N lines of INPUT (default 300)
        and write what was learned as an engram file (default holon.engram)
  score --engram FILE [INPUT|-]
        score every line of INPUT against an engram file only (what a
        device does); output and summary as for detect
  help  print this text
";

/// A command-line mistake; the binary prints it with [`USAGE`] and exits 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Options of `holon atom`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtomArgs {
    /// The codebook seed.
    pub seed: u64,
    /// How many components to print; any value >= 1.
    pub dims: u64,
    /// The atom's text.
    pub text: String,
}

/// Flags shared by the subcommands, and the positional arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CommonArgs {
    seed: u64,
    dims: u64,
    positional: Vec<String>,
}

/// Parses `--seed`, `--dims` and positionals; `--` makes the rest positional.
fn parse_common(args: &[String]) -> Result<CommonArgs, UsageError> {
    let mut parsed = CommonArgs {
        seed: DEFAULT_SEED,
        dims: 4096,
        positional: Vec::new(),
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        match flag {
            "--" => parsed.positional.extend(rest.by_ref().cloned()),
            "--seed" => parsed.seed = parse_number(flag, inline, &mut rest)?,
            "--dims" => {
                parsed.dims = parse_number(flag, inline, &mut rest)?;
                if parsed.dims == 0 {
                    return Err(UsageError("--dims must be at least 1".into()));
                }
            }
            // A lone "-" is a positional (standard input), not an option.
            _ if arg.starts_with('-') && arg.len() > 1 => {
                return Err(UsageError(format!(
                    "unknown option {arg:?} (use -- before an argument that starts with '-')"
                )))
            }
            _ => parsed.positional.push(arg.clone()),
        }
    }
    Ok(parsed)
}

/// Parses the arguments after `holon atom`.
///
/// ```
/// use holon_std::cli::{parse_atom_args, AtomArgs};
///
/// let args = ["--dims", "8", "--", "-0"].map(String::from);
/// assert_eq!(
///     parse_atom_args(&args).unwrap(),
///     AtomArgs { seed: 0, dims: 8, text: "-0".into() }
/// );
/// ```
pub fn parse_atom_args(args: &[String]) -> Result<AtomArgs, UsageError> {
    let CommonArgs {
        seed,
        dims,
        mut positional,
    } = parse_common(args)?;
    match positional.len() {
        1 => Ok(AtomArgs {
            seed,
            dims,
            text: positional.remove(0),
        }),
        0 => Err(UsageError("atom needs a TEXT".into())),
        _ => Err(UsageError("atom takes exactly one TEXT".into())),
    }
}

/// Options of `holon encode`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeArgs {
    /// The codebook seed.
    pub seed: u64,
    /// Components to print, 1 to [`MAX_ENCODE_DIMS`].
    pub dims: u64,
    /// The input file; `None` for standard input (also written `-`).
    pub input: Option<String>,
}

/// The largest dimension `holon encode` prints.
pub const MAX_ENCODE_DIMS: u64 = 65_536;

/// Parses the arguments after `holon encode`.
pub fn parse_encode_args(args: &[String]) -> Result<EncodeArgs, UsageError> {
    let CommonArgs {
        seed,
        dims,
        positional,
    } = parse_common(args)?;
    if dims > MAX_ENCODE_DIMS {
        return Err(UsageError(format!(
            "--dims {dims} is above the largest supported, {MAX_ENCODE_DIMS}"
        )));
    }
    let input = match positional.as_slice() {
        [] => None,
        [one] if one == "-" => None,
        [one] => Some(one.clone()),
        _ => return Err(UsageError("encode takes at most one FILE".into())),
    };
    Ok(EncodeArgs { seed, dims, input })
}

/// Why `holon encode` stopped.
#[derive(Debug)]
pub enum EncodeFailure {
    /// A document could not be encoded; the lines before it were written.
    Line {
        /// 1-based line number.
        line: u64,
        /// What was wrong with it.
        error: EncodeError,
    },
    /// Reading input or writing output failed.
    Io(io::Error),
}

impl fmt::Display for EncodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeFailure::Line { line, error } => write!(f, "line {line}: {error}"),
            EncodeFailure::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<io::Error> for EncodeFailure {
    fn from(e: io::Error) -> Self {
        EncodeFailure::Io(e)
    }
}

/// Encodes each line of `input` and writes its vector to `out`, stopping at
/// the first bad line (after writing and flushing all lines before it).
/// Empty lines are skipped.
///
/// Documents are encoded at the smallest supported dimension `>= dims` and
/// printed truncated: by the prefix property that is the vector at `dims`.
pub fn encode_lines(
    args: &EncodeArgs,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<(), EncodeFailure> {
    match args.dims {
        0..=256 => encode_lines_at::<256>(args, input, out),
        257..=1024 => encode_lines_at::<1024>(args, input, out),
        1025..=4096 => encode_lines_at::<4096>(args, input, out),
        4097..=16384 => encode_lines_at::<16384>(args, input, out),
        _ => encode_lines_at::<65536>(args, input, out),
    }
}

fn encode_lines_at<const D: usize>(
    args: &EncodeArgs,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<(), EncodeFailure> {
    let mut holon = Holon::<D>::new(args.seed);
    let keep = usize::try_from(args.dims).unwrap_or(D).min(D);
    let mut line = Vec::new();
    let mut text = vec![0u8; D + 1];
    let mut number = 0u64;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        number += 1;
        let document = line.strip_suffix(b"\n").unwrap_or(&line);
        let document = document.strip_suffix(b"\r").unwrap_or(document);
        if document.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match holon.encode_json_bytes(document) {
            Ok(v) => {
                for (byte, &t) in text.iter_mut().zip(&v.as_trits()[..keep]) {
                    *byte = holon_core::vector::trit_char(t) as u8;
                }
                text[keep] = b'\n';
                out.write_all(&text[..=keep])?;
            }
            Err(error) => {
                out.flush()?;
                return Err(EncodeFailure::Line {
                    line: number,
                    error,
                });
            }
        }
    }
}

fn parse_number<'a>(
    flag: &str,
    inline: Option<String>,
    rest: &mut impl Iterator<Item = &'a String>,
) -> Result<u64, UsageError> {
    let value = match inline {
        Some(v) => v,
        None => rest
            .next()
            .cloned()
            .ok_or_else(|| UsageError(format!("{flag} needs a value")))?,
    };
    value
        .parse()
        .map_err(|_| UsageError(format!("{flag} takes a whole number >= 0, not {value:?}")))
}

/// Writes the atom's components as one line of `+`, `-`, `0`.
pub fn write_atom(args: &AtomArgs, out: &mut impl Write) -> io::Result<()> {
    let mut stream = AtomKey::new(args.seed, &args.text).stream();
    let mut chunk = [0i8; 4096];
    let mut line = [0u8; 4096];
    let mut left = args.dims;
    while left > 0 {
        let n = usize::try_from(left.min(chunk.len() as u64)).unwrap_or(chunk.len());
        stream.fill(&mut chunk[..n]);
        for (byte, &t) in line.iter_mut().zip(&chunk[..n]) {
            *byte = holon_core::vector::trit_char(t) as u8;
        }
        out.write_all(&line[..n])?;
        left -= n as u64;
    }
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flags_in_both_forms() {
        let parsed = parse_atom_args(&args(&["--seed=42", "--dims", "7", "hello"])).unwrap();
        assert_eq!(
            parsed,
            AtomArgs {
                seed: 42,
                dims: 7,
                text: "hello".into()
            }
        );
    }

    #[test]
    fn double_dash_makes_dashes_literal() {
        let parsed = parse_atom_args(&args(&["--", "--seed"])).unwrap();
        assert_eq!(parsed.text, "--seed");
        assert_eq!(parse_atom_args(&args(&["x", "--"])).unwrap().text, "x");
    }

    #[test]
    fn mistakes_are_usage_errors() {
        for bad in [
            &["-0"][..],
            &[],
            &["a", "b"],
            &["--dims", "0", "x"],
            &["--dims", "-3", "x"],
            &["--seed"],
            &["--", "a", "b"],
            &["a", "--", "b"],
        ] {
            assert!(parse_atom_args(&args(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn empty_text_is_an_atom() {
        assert_eq!(parse_atom_args(&args(&["--", ""])).unwrap().text, "");
        assert_eq!(parse_atom_args(&args(&[""])).unwrap().text, "");
    }

    #[test]
    fn prints_any_dimension() {
        for dims in [1u64, 5, 4096, 4097, 10_000] {
            let a = AtomArgs {
                seed: 0,
                dims,
                text: "hello".into(),
            };
            let mut out = Vec::new();
            write_atom(&a, &mut out).unwrap();
            assert_eq!(out.len() as u64, dims + 1);
        }
    }
}

/// Options of `holon detect`, `holon mint` and `holon score`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectArgs {
    /// The codebook seed.
    pub seed: u64,
    /// Lines learned as normal before scoring starts.
    pub warmup: u64,
    /// The input file; `None` for standard input.
    pub input: Option<String>,
    /// `--out`: where `mint` writes the engram file.
    pub out: String,
    /// `--engram`: the engram file `score` reads.
    pub engram: Option<String>,
}

/// Parses the arguments after `holon detect`, `mint` or `score`.
pub fn parse_detect_args(args: &[String]) -> Result<DetectArgs, UsageError> {
    let mut warmup = 300;
    let mut out = String::from("holon.engram");
    let mut engram = None;
    let mut rest = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--" {
            rest.push(arg.clone());
            rest.extend(iter.by_ref().cloned());
            break;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        match flag {
            "--warmup" => warmup = parse_number(flag, inline, &mut iter)?,
            "--out" | "--engram" => {
                let value = match inline {
                    Some(v) => v,
                    None => iter
                        .next()
                        .cloned()
                        .ok_or_else(|| UsageError(format!("{flag} needs a file name")))?,
                };
                if flag == "--out" {
                    out = value;
                } else {
                    engram = Some(value);
                }
            }
            "--dims" => {
                return Err(UsageError(
                    "detect works at a fixed dimension; --dims is not an option here".into(),
                ))
            }
            _ => rest.push(arg.clone()),
        }
    }
    let CommonArgs {
        seed, positional, ..
    } = parse_common(&rest)?;
    let input = match positional.as_slice() {
        [] => None,
        [one] if one == "-" => None,
        [one] => Some(one.clone()),
        _ => return Err(UsageError("detect takes at most one FILE".into())),
    };
    Ok(DetectArgs {
        seed,
        warmup,
        input,
        out,
        engram,
    })
}

/// Wraps `input` in a gzip decoder when it starts with the gzip magic.
pub fn maybe_gunzip<'a>(mut input: impl BufRead + 'a) -> io::Result<Box<dyn BufRead + 'a>> {
    let gzip = input.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gzip {
        Box::new(io::BufReader::new(flate2::bufread::MultiGzDecoder::new(
            input,
        )))
    } else {
        Box::new(input)
    })
}

/// What `holon detect` or `holon score` measured, for the summary.
#[derive(Debug, Clone)]
pub struct DetectSummary {
    /// Per-phase counts.
    pub report: StreamReport,
    /// Digest of the verdicts after warm-up, in order.
    pub digest: VerdictDigest,
    /// Lines read (warm-up included).
    pub lines: u64,
    /// Seconds spent learning and scoring (I/O included).
    pub seconds: f64,
}

/// Learns from the warm-up lines, or scores.
pub trait RecordJudge {
    /// True while `line` (1-based) belongs to the warm-up.
    fn is_warmup(&self, line: u64) -> bool;
    /// Learns `record` as normal.
    fn learn(&mut self, record: &serde_json::Value);
    /// Judges `record`.
    fn judge(&mut self, record: &serde_json::Value) -> Verdict;
}

/// A [`Detector`] that learns from the first `warmup` lines.
pub struct LearningJudge {
    /// The detector.
    pub detector: Detector<DETECT_DIMS>,
    /// Lines learned before scoring.
    pub warmup: u64,
}

impl RecordJudge for LearningJudge {
    fn is_warmup(&self, line: u64) -> bool {
        line <= self.warmup
    }
    fn learn(&mut self, record: &serde_json::Value) {
        self.detector.learn(record);
    }
    fn judge(&mut self, record: &serde_json::Value) -> Verdict {
        self.detector.score(record)
    }
}

impl RecordJudge for EngramDetector<DETECT_DIMS, DETECT_BANK_CAPACITY> {
    fn is_warmup(&self, _: u64) -> bool {
        false
    }
    fn learn(&mut self, _: &serde_json::Value) {}
    fn judge(&mut self, record: &serde_json::Value) -> Verdict {
        self.score(record)
    }
}

/// Runs `judge` over `input`, writing one verdict line per input line.
/// Stops at the first line that is not a JSON object, after writing the
/// verdicts before it.
pub fn detect_lines(
    judge: &mut impl RecordJudge,
    input: &mut dyn BufRead,
    out: &mut impl Write,
    mut progress: impl FnMut(u64),
) -> Result<DetectSummary, EncodeFailure> {
    let start = std::time::Instant::now();
    let mut report = StreamReport::new();
    let mut digest = VerdictDigest::default();
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        let text = std::str::from_utf8(&line).map_err(|e| EncodeFailure::Line {
            line: number,
            error: EncodeError::InvalidUtf8 {
                offset: e.valid_up_to(),
            },
        })?;
        if text.trim().is_empty() {
            continue;
        }
        let record: serde_json::Value = match serde_json::from_str(text) {
            Ok(v @ serde_json::Value::Object(_)) => v,
            Ok(_) => {
                out.flush()?;
                return Err(EncodeFailure::Line {
                    line: number,
                    error: EncodeError::Marker("a record must be a JSON object".into()),
                });
            }
            Err(e) => {
                out.flush()?;
                return Err(EncodeFailure::Line {
                    line: number,
                    error: EncodeError::Json(e),
                });
            }
        };
        let verdict = if judge.is_warmup(number) {
            judge.learn(&record);
            serde_json::json!({"line": number, "anomaly": false, "score": 1.0, "warmup": true})
        } else {
            let v = judge.judge(&record);
            report.add(&record, v.anomaly);
            digest.add(v.anomaly, v.score);
            let explain: Vec<(String, f64)> = v
                .explanation
                .into_iter()
                .map(|(slot, score)| (slot, round4(score)))
                .collect();
            serde_json::json!({
                "line": number,
                "anomaly": v.anomaly,
                "score": round4(v.score),
                "explain": explain,
            })
        };
        serde_json::to_writer(&mut *out, &verdict).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
        if number.is_multiple_of(4096) {
            progress(number);
        }
    }
    out.flush()?;
    Ok(DetectSummary {
        report,
        digest,
        lines: number,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// A score rounded to 4 decimals for display (the digest uses exact bits).
fn round4(x: f32) -> f64 {
    (f64::from(x) * 1e4).round() / 1e4
}

/// Learns from the first `warmup` lines of `input` and returns the engram
/// file bytes, with the number of slots and prototypes.
pub fn mint_lines(
    args: &DetectArgs,
    input: &mut dyn BufRead,
) -> Result<(Vec<u8>, usize, usize), EncodeFailure> {
    let mut detector = Detector::<DETECT_DIMS>::new(args.seed, DetectorConfig::default());
    let mut line = Vec::new();
    let mut number = 0u64;
    while number < args.warmup {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        let record: serde_json::Value =
            serde_json::from_slice(&line).map_err(|e| EncodeFailure::Line {
                line: number,
                error: EncodeError::Json(e),
            })?;
        detector.learn(&record);
    }
    let bank = detector
        .mint::<DETECT_BANK_CAPACITY>()
        .map_err(|e| EncodeFailure::Line {
            line: number,
            error: EncodeError::Record(e),
        })?;
    let mut bytes = vec![0u8; bank.encoded_len()];
    bank.emit(args.seed, &mut bytes)
        .map_err(|e| EncodeFailure::Io(io::Error::other(e.to_string())))?;
    let (slots, prototypes) = detector.size();
    Ok((bytes, slots, prototypes))
}

/// Most engrams `holon mint` writes and `holon score` loads.
pub const DETECT_BANK_CAPACITY: usize = 256;

/// The dimension `holon detect` works at: small enough for the detector's
/// many slots to be cheap (and to run the same engram on a Cortex-M), large
/// enough that noise (about 1/32 in cosine) stays far below the threshold.
pub const DETECT_DIMS: usize = 1024;

//! The record loop `detect`, `score` and `mint` share: read a line, parse
//! it, check it is a record, learn it (warm-up) or judge it, and handle a
//! bad line by the `--on-error` policy.
//!
//! A detector kind is a [`Memory`]: what it learns from a record and how it
//! scores one. `detect` and `mint` use a learning detector (prototypes,
//! [`holon_std::detect::Detector`], or per-slot subspaces,
//! [`holon_std::detect_subspace::SubspaceDetector`]); `score` an engram
//! file of either kind ([`holon_std::detect::EngramDetector`],
//! [`holon_std::detect_subspace::SubspaceEngramDetector`]). The loop, the
//! verdict lines, the phase table and the digest are the same for all.

use std::fmt::Display;
use std::io::{BufRead, IsTerminal, Write};
use std::time::Instant;

use holon_std::detect::{
    Detector, EngramDetector, LineVerdict, Verdict, DETECT_BANK_CAPACITY, DETECT_DIMS,
};
use holon_std::detect_subspace::{SubspaceDetector, SubspaceEngramDetector};
use holon_std::record::{self, RecordError};
use holon_std::report::{StreamReport, VerdictDigest};
use serde_json::Value;

use crate::args::OnError;
use crate::input::{Lines, Next};
use crate::output::{message, Failure, Out};

/// What a detector kind does with records.
pub trait Memory {
    /// Learns `record` as normal.
    fn learn(&mut self, record: &Value) -> Result<(), RecordError>;
    /// Judges `record`.
    fn score(&mut self, record: &Value) -> Result<Verdict, RecordError>;
    /// Judges the record of one JSON line, the verdict [`score`](Self::score)
    /// gives, without parsing it into a `Value`; `None` when the kind has no
    /// such path or the line is not one it takes (the loop then parses it).
    fn score_line<'a>(&'a mut self, _text: &'a str) -> Option<LineVerdict<'a>> {
        None
    }
    /// Readies the memory for scoring after the warm-up, before it is
    /// cloned for `--threads` (what the first score would do anyway).
    fn prepare(&mut self) {}
}

impl Memory for Detector<DETECT_DIMS> {
    fn learn(&mut self, record: &Value) -> Result<(), RecordError> {
        Detector::learn(self, record)
    }
    fn score(&mut self, record: &Value) -> Result<Verdict, RecordError> {
        Detector::score(self, record)
    }
    fn score_line<'a>(&'a mut self, text: &'a str) -> Option<LineVerdict<'a>> {
        Detector::score_line(self, text)
    }
}

impl Memory for EngramDetector<DETECT_DIMS, DETECT_BANK_CAPACITY> {
    /// An engram file is what was learned: nothing more to learn.
    fn learn(&mut self, _: &Value) -> Result<(), RecordError> {
        Ok(())
    }
    fn score(&mut self, record: &Value) -> Result<Verdict, RecordError> {
        EngramDetector::score(self, record)
    }
    fn score_line<'a>(&'a mut self, text: &'a str) -> Option<LineVerdict<'a>> {
        EngramDetector::score_line(self, text)
    }
}

impl Memory for SubspaceDetector<DETECT_DIMS> {
    fn learn(&mut self, record: &Value) -> Result<(), RecordError> {
        SubspaceDetector::learn(self, record)
    }
    fn score(&mut self, record: &Value) -> Result<Verdict, RecordError> {
        SubspaceDetector::score(self, record)
    }
    /// Calibrates once, so the clones do not each calibrate (and drops
    /// the warm-up values before they are copied).
    fn prepare(&mut self) {
        self.calibrate();
    }
}

impl Memory for SubspaceEngramDetector<DETECT_DIMS> {
    /// Subspace engrams are what was learned: nothing more to learn.
    fn learn(&mut self, _: &Value) -> Result<(), RecordError> {
        Ok(())
    }
    fn score(&mut self, record: &Value) -> Result<Verdict, RecordError> {
        SubspaceEngramDetector::score(self, record)
    }
}

/// Bad lines under an `--on-error` policy.
pub struct BadLines<'a> {
    policy: OnError,
    name: &'a str,
    skipped: u64,
    first: Option<String>,
}

impl<'a> BadLines<'a> {
    /// No bad line yet, reading `name`.
    pub fn new(policy: OnError, name: &'a str) -> Self {
        Self {
            policy,
            name,
            skipped: 0,
            first: None,
        }
    }

    /// A bad line: under `stop`, flushes `out` and fails; under `skip`,
    /// counts it.
    pub fn add(&mut self, number: u64, why: &dyn Display, out: &mut Out) -> Result<(), Failure> {
        let what = format!("{}: line {number}: {why}", self.name);
        match self.policy {
            OnError::Stop => {
                out.flush()?;
                Err(Failure::Input(what))
            }
            OnError::Skip => {
                self.skipped += 1;
                self.first.get_or_insert(what);
                Ok(())
            }
        }
    }

    /// Reports what was skipped (on standard error).
    pub fn finish(&self) {
        if let Some(first) = &self.first {
            message(format_args!(
                "holon: skipped {} bad line{} (--on-error skip); the first: {first}\n",
                self.skipped,
                if self.skipped == 1 { "" } else { "s" }
            ));
        }
    }
}

/// Parses one line as a record, or says why it is not one.
pub fn parse_record(text: &str) -> Result<Value, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    record::as_record(&value).map_err(|e| e.to_string())?;
    Ok(value)
}

/// What a judged stream measured.
pub struct Summary {
    /// Records learned in the warm-up.
    pub learned: u64,
    /// Records judged after it.
    pub judged: u64,
}

/// Learns the first `warmup` records of `lines` with `memory`, judges the
/// rest, writes one JSON verdict line per record to `out` and the summary
/// (phase table, speed, verdict digest, skipped lines) to standard error.
/// With `threads` above 1 the records after the warm-up are judged on that
/// many threads ([`crate::threads`]), with the same output.
pub fn judge_lines(
    memory: &mut (impl Memory + Clone + Send + Sync),
    lines: &mut Lines<Box<dyn BufRead>>,
    name: &str,
    warmup: u64,
    on_error: OnError,
    threads: usize,
    out: &mut Out,
) -> Result<Summary, Failure> {
    let start = Instant::now();
    let mut report = StreamReport::new();
    let mut digest = VerdictDigest::new();
    let mut bad = BadLines::new(on_error, name);
    let mut summary = Summary {
        learned: 0,
        judged: 0,
    };
    let show_progress = std::io::stderr().is_terminal();
    // Threads that scored: one until the threaded loop starts.
    let mut scoring = 1;
    loop {
        if threads > 1 && summary.learned >= warmup {
            scoring = crate::threads::judge_rest(
                memory,
                threads,
                lines,
                name,
                &mut report,
                &mut digest,
                &mut bad,
                &mut summary,
                out,
                show_progress,
            )?;
            break;
        }
        let next = match lines.next_line() {
            Ok(next) => next,
            Err(e) => {
                out.flush()?;
                return Err(Failure::Input(format!("reading {name}: {e}")));
            }
        };
        let (number, text) = match next {
            Next::End => break,
            Next::Bad(number, error) => {
                bad.add(number, &error, out)?;
                continue;
            }
            Next::Line(number, text) => (number, text),
        };
        if summary.learned < warmup {
            let learned = parse_record(text)
                .and_then(|record| memory.learn(&record).map_err(|why| why.to_string()));
            if let Err(why) = learned {
                bad.add(number, &why, out)?;
                continue;
            }
            summary.learned += 1;
            write_warmup(out.writer(), number)?;
        } else {
            let judged = judge_line(
                memory,
                number,
                text,
                out.writer(),
                |anomaly, score, labels| {
                    summary.judged += 1;
                    report.add_labels(labels, anomaly);
                    digest.add(anomaly, score);
                },
            )?;
            if let Err(why) = judged {
                bad.add(number, &why, out)?;
                continue;
            }
        }
        if show_progress && number.is_multiple_of(4096) {
            message(format_args!("\rholon: {number} lines"));
        }
    }
    out.flush()?;
    if show_progress {
        message(format_args!("\r\x1b[K"));
    }
    let seconds = start.elapsed().as_secs_f64();
    message(format_args!("{}", report.render()));
    let threads = match scoring {
        1 => "one thread".to_string(),
        n => format!("{n} scoring threads"),
    };
    message(format_args!(
        "{} lines in {seconds:.2} s: {:.0} lines/s ({threads}, learning and I/O included)\n",
        lines.number(),
        lines.number() as f64 / seconds.max(1e-9)
    ));
    message(format_args!("verdict digest: {:016x}\n", digest.value()));
    bad.finish();
    Ok(summary)
}

/// Judges one line after the warm-up: through the memory's line path when
/// it takes the line, else as a parsed record. Writes the verdict line to
/// `w` and calls `verdict(anomaly, score, labels)`; a line that is not a
/// record it can judge is `Ok(Err(why))`, with nothing written. The
/// one-thread loop and each `--threads` worker judge lines here.
pub(crate) fn judge_line<M: Memory>(
    memory: &mut M,
    number: u64,
    text: &str,
    w: &mut impl Write,
    verdict: impl FnOnce(bool, f32, record::Labels<'_>),
) -> std::io::Result<Result<(), String>> {
    if let Some(v) = memory.score_line(text) {
        verdict(v.anomaly, v.score, v.labels);
        let explain = v
            .explanation
            .iter()
            .map(|&(slot, score)| (Name::Json(v.slot_json(slot)), score));
        write_verdict(w, number, v.anomaly, v.score, explain)?;
        return Ok(Ok(()));
    }
    let record = match parse_record(text) {
        Ok(record) => record,
        Err(why) => return Ok(Err(why)),
    };
    let v = match memory.score(&record) {
        Ok(v) => v,
        Err(why) => return Ok(Err(why.to_string())),
    };
    verdict(v.anomaly, v.score, record::labels(&record));
    let explain = v
        .explanation
        .iter()
        .map(|(slot, score)| (Name::Text(slot), *score));
    write_verdict(w, number, v.anomaly, v.score, explain)?;
    Ok(Ok(()))
}

/// A slot's name in a verdict line: text to escape, or JSON already.
enum Name<'a> {
    Text(&'a str),
    Json(&'a [u8]),
}

/// Writes a warm-up verdict line: what
/// `{"line": number, "anomaly": false, "score": 1.0, "warmup": true}`
/// serialises to (keys in order, as `serde_json`'s map has them).
fn write_warmup(w: &mut impl Write, number: u64) -> std::io::Result<()> {
    writeln!(
        w,
        r#"{{"anomaly":false,"line":{number},"score":1.0,"warmup":true}}"#
    )
}

/// Writes a verdict line: the bytes `serde_json` gives for
/// `{"line", "anomaly", "score", "explain": [[slot, score], ...]}` (keys
/// sorted, scores rounded to 4 decimals and formatted by `serde_json`),
/// without building a `Value`.
fn write_verdict<'a>(
    w: &mut impl Write,
    number: u64,
    anomaly: bool,
    score: f32,
    explain: impl Iterator<Item = (Name<'a>, f32)>,
) -> std::io::Result<()> {
    w.write_all(if anomaly {
        br#"{"anomaly":true,"explain":["#
    } else {
        br#"{"anomaly":false,"explain":["#
    })?;
    for (i, (name, slot_score)) in explain.enumerate() {
        w.write_all(if i == 0 { b"[" } else { b",[" })?;
        match name {
            Name::Text(text) => serde_json::to_writer(&mut *w, text)?,
            Name::Json(json) => w.write_all(json)?,
        }
        w.write_all(b",")?;
        serde_json::to_writer(&mut *w, &round4(slot_score))?;
        w.write_all(b"]")?;
    }
    write!(w, r#"],"line":{number},"score":"#)?;
    serde_json::to_writer(&mut *w, &round4(score))?;
    w.write_all(b"}\n")
}

/// A score rounded to 4 decimals for display (the digest uses exact bits).
fn round4(x: f32) -> f64 {
    (f64::from(x) * 1e4).round() / 1e4
}

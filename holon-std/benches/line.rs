//! Line rate of the detector on the bundled packet stream (issue 17):
//! records/s of the learning detector and of the engram detector, on the
//! line path (`score_line`: flat scanner, memoised slot scores) and on the
//! general path (`serde_json` and `score`), and nanoseconds per record
//! with a warm memo; and the same for records parsed already
//! (`score_fields`: the fields in hand, no JSON text). Decompression and output are not included (the CLI
//! adds them). Run with `cargo bench -p holon-std --bench line`.

use std::hint::black_box;
use std::io::Read;
use std::time::Instant;

use holon_std::detect::{
    Detector, DetectorConfig, EngramDetector, FieldValue, DETECT_BANK_CAPACITY,
};
use serde_json::Value;

const D: usize = 1024;
const WARMUP: usize = 300;

fn stream() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/packets/zero_hardcode_packets.jsonl.gz"
    );
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path).expect("the bundled stream"))
        .read_to_string(&mut text)
        .expect("gzip JSON lines");
    text
}

/// A flat record's fields (the bundled stream's records all are).
fn fields(record: &Value) -> Vec<(&str, FieldValue<'_>)> {
    let object = record.as_object().expect("an object");
    object
        .iter()
        .map(|(key, value)| {
            let value = match value {
                Value::String(s) => FieldValue::Str(s),
                Value::Bool(b) => FieldValue::Bool(*b),
                Value::Number(n) => FieldValue::Int(n.as_i64().expect("an integer")),
                _ => FieldValue::Null,
            };
            (key.as_str(), value)
        })
        .collect()
}

/// Runs `f` over `lines` and prints records/s and ns/record; returns the
/// sum of scores (so nothing is optimised away).
fn measure<T: ?Sized>(label: &str, lines: &[&T], mut f: impl FnMut(&T) -> f32) -> f64 {
    let start = Instant::now();
    let mut sum = 0.0f64;
    for line in lines {
        sum += f64::from(f(line));
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{label:<44} {:>10.0} records/s {:>8.0} ns/record",
        lines.len() as f64 / seconds,
        seconds * 1e9 / lines.len() as f64
    );
    black_box(sum)
}

fn main() {
    let text = stream();
    let lines: Vec<&str> = text.lines().collect();
    let (warm, rest) = lines.split_at(WARMUP);
    let mut detector = Detector::<D>::new(0, DetectorConfig::default());
    for line in warm {
        detector
            .learn(&serde_json::from_str(line).expect("JSON"))
            .expect("a record");
    }
    let bytes = detector.mint_bytes::<DETECT_BANK_CAPACITY>().expect("mint");
    let mut engrams =
        EngramDetector::<D, DETECT_BANK_CAPACITY>::from_bytes(&bytes).expect("engrams");
    println!(
        "{} records after a warm-up of {WARMUP}; D = {D}, {} engrams",
        rest.len(),
        engrams.bank().len()
    );

    // `-- one`: only the one-record loop (for a profiler).
    if std::env::args().any(|a| a == "one") {
        let repeat = vec![rest[0]; 2_000_000];
        measure("score, score_line (one record, warm)", &repeat, |l| {
            engrams.score_line(l).expect("a flat record").score
        });
        return;
    }
    let general = |d: &mut Detector<D>, line: &str| {
        d.score(&serde_json::from_str(line).expect("JSON"))
            .expect("a record")
            .score
    };
    measure("detect, general path (serde_json + score)", rest, |l| {
        general(&mut detector, l)
    });
    for pass in ["cold", "warm"] {
        measure(&format!("detect, score_line ({pass} memo)"), rest, |l| {
            detector.score_line(l).expect("a flat record").score
        });
    }
    let stats = detector.line_stats();
    println!(
        "  detector memo: {} hits, {} misses over {} lines",
        stats.hits, stats.misses, stats.lines
    );
    measure("score, general path (serde_json + score)", rest, |l| {
        engrams
            .score(&serde_json::from_str(l).expect("JSON"))
            .expect("a record")
            .score
    });
    for pass in ["cold", "warm"] {
        measure(&format!("score, score_line ({pass} memo)"), rest, |l| {
            engrams.score_line(l).expect("a flat record").score
        });
    }
    let stats = engrams.line_stats();
    println!(
        "  engram memo: {} hits, {} misses over {} lines",
        stats.hits, stats.misses, stats.lines
    );
    // One record again and again: the warm per-record cost of the library.
    let one = rest[0];
    let repeat = vec![one; 200_000];
    measure("score, score_line (one record, warm)", &repeat, |l| {
        engrams.score_line(l).expect("a flat record").score
    });

    // Records parsed already: the fields in hand (parsing not timed).
    let records: Vec<Value> = rest
        .iter()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let parsed: Vec<Vec<(&str, FieldValue<'_>)>> = records.iter().map(fields).collect();
    let parsed: Vec<&[(&str, FieldValue<'_>)]> = parsed.iter().map(Vec::as_slice).collect();
    let mut fresh = EngramDetector::<D, DETECT_BANK_CAPACITY>::from_bytes(&bytes).expect("engrams");
    for pass in ["cold", "warm"] {
        measure(
            &format!("score, score_fields ({pass} memo)"),
            &parsed,
            |f| fresh.score_fields(f).expect("a flat record").score,
        );
    }
    let repeat = vec![parsed[0]; 200_000];
    measure("score, score_fields (one record, warm)", &repeat, |f| {
        fresh.score_fields(f).expect("a flat record").score
    });
}

//! The demo a newcomer runs first: a detector that knows no ports, protocols
//! or field names learns 300 packets of normal traffic, then judges every
//! following packet on its own. Prints the per-phase table, per-packet
//! recall and false-positive rate, and why the first packet of each attack
//! was flagged.
//!
//! Run it with `cargo run --release --example demo`.

use std::io::Read;
use std::time::Instant;

use holon_std::detect::DETECT_DIMS;
use holon_std::detect::{Detector, DetectorConfig};
use holon_std::report::StreamReport;
use serde_json::Value;

const WARMUP: usize = 300;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/packets/zero_hardcode_packets.jsonl.gz"
    );
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path)?).read_to_string(&mut text)?;
    let records: Vec<Value> = text
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;

    println!(
        "holon zero-knowledge detector — {} packets, warm-up {WARMUP}",
        records.len()
    );
    println!("(labels _phase/_attack are only read to score the verdicts)\n");

    let start = Instant::now();
    let mut detector = Detector::<DETECT_DIMS>::new(0, DetectorConfig::default());
    for r in &records[..WARMUP] {
        detector.learn(r).expect("a record");
    }
    let (slots, prototypes) = detector.size();
    let mut report = StreamReport::new();
    // (phase, first flagged attack record, its least familiar slots)
    type Explained = (String, Value, Vec<(String, f32)>);
    let mut explained: Vec<Explained> = Vec::new();
    for r in &records[WARMUP..] {
        let verdict = detector.score(r).expect("a record");
        report.add(r, verdict.anomaly);
        let phase = r["_phase"].as_str().unwrap_or("-").to_string();
        if verdict.anomaly && r["_attack"] == true && !explained.iter().any(|(p, _, _)| *p == phase)
        {
            explained.push((phase, r.clone(), verdict.explanation));
        }
    }
    let seconds = start.elapsed().as_secs_f64();

    print!("{}", report.render());
    let total = report.total();
    println!(
        "\nper packet: recall {:.3}% ({} of {} attacks), false positives {:.3}% ({} of {} normal packets)",
        100.0 * total.recall(),
        total.counts.detected,
        total.counts.attacks,
        100.0 * total.false_positive_rate(),
        total.counts.false_positives,
        total.counts.normals()
    );
    for phase in report.phases().iter().filter(|p| p.counts.attacks > 0) {
        if let Some(latency) = phase.first_flag_latency {
            println!(
                "{}: first attack packet flagged after {latency} packets",
                phase.name
            );
        }
    }
    println!("\nlearned {slots} slots (fields and field pairs), {prototypes} prototypes");
    println!("why the first attack packet of each phase was flagged:");
    for (phase, record, why) in &explained {
        let mut shown = record.clone();
        if let Some(map) = shown.as_object_mut() {
            map.retain(|k, _| !k.starts_with('_'));
        }
        let slots: Vec<String> = why
            .iter()
            .take(3)
            .map(|(s, c)| format!("{s} ({c:+.2})"))
            .collect();
        println!(
            "  {phase}: {shown}\n      least familiar: {}",
            slots.join(", ")
        );
    }
    println!(
        "\n{} packets in {:.2} s: {:.0} packets/s, one thread",
        records.len(),
        seconds,
        records.len() as f64 / seconds
    );
    Ok(())
}

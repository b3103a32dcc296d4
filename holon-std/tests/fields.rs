//! `score_fields`, the line path for records already parsed into fields:
//! the verdicts of `score_line` on the same records, bit for bit, on the
//! bundled stream and on generated ones, and the same refusals.

use holon_std::detect::{
    Detector, DetectorConfig, EngramDetector, FieldValue, LineVerdict, DETECT_BANK_CAPACITY,
    DETECT_DIMS,
};
use serde_json::Value;

mod bundled;
mod generated;

const WARMUP: usize = 300;

/// A flat record's fields, or `None` for anything but an object of
/// strings, integers, bools and nulls.
fn fields(record: &Value) -> Option<Vec<(&str, FieldValue<'_>)>> {
    record
        .as_object()?
        .iter()
        .map(|(key, value)| {
            let value = match value {
                Value::String(s) => FieldValue::Str(s),
                Value::Bool(b) => FieldValue::Bool(*b),
                Value::Null => FieldValue::Null,
                Value::Number(n) => FieldValue::Int(n.as_i64()?),
                _ => return None,
            };
            Some((key.as_str(), value))
        })
        .collect()
}

/// Everything a verdict says: scores by their bits, slots by name.
#[derive(Debug, PartialEq)]
struct Said {
    anomaly: bool,
    score: u32,
    explanation: Vec<(String, u32)>,
    phase: Option<String>,
    attack: Option<bool>,
}

fn said(v: &LineVerdict<'_>) -> Said {
    Said {
        anomaly: v.anomaly,
        score: v.score.to_bits(),
        explanation: v
            .explanation
            .iter()
            .map(|&(slot, score)| (v.slot_name(slot).to_string(), score.to_bits()))
            .collect(),
        phase: v.labels.phase.map(str::to_string),
        attack: v.labels.attack,
    }
}

/// Scores every record after the warm-up as a line on one detector and as
/// fields on another (each with its own memo); returns how many records
/// were compared.
fn compare(lines: &[String]) -> usize {
    let records: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let mut learner = Detector::<DETECT_DIMS>::new(0, DetectorConfig::default());
    for record in &records[..WARMUP] {
        learner.learn(record).expect("a record");
    }
    let bytes = learner.mint_bytes::<DETECT_BANK_CAPACITY>().expect("mint");
    let engrams =
        EngramDetector::<DETECT_DIMS, DETECT_BANK_CAPACITY>::from_bytes(&bytes).expect("engrams");
    let (mut by_line, mut by_fields) = (engrams.clone(), engrams);
    let (mut learned_line, mut learned_fields) = (learner.clone(), learner);
    let mut compared = 0;
    for (line, record) in lines.iter().zip(&records).skip(WARMUP) {
        let Some(fields) = fields(record) else {
            continue;
        };
        let want = by_line.score_line(line).map(|v| said(&v));
        let got = by_fields.score_fields(&fields).map(|v| said(&v));
        assert!(want.is_some(), "a flat line the line path takes: {line}");
        assert_eq!(got, want, "{line}");
        let want = learned_line.score_line(line).map(|v| said(&v));
        let got = learned_fields.score_fields(&fields).map(|v| said(&v));
        assert_eq!(got, want, "learning detector: {line}");
        compared += 1;
    }
    compared
}

#[test]
fn fields_give_the_line_verdicts_on_the_bundled_stream() {
    let text = bundled::bundled_text();
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let compared = compare(&lines);
    assert_eq!(compared, lines.len() - WARMUP);
}

#[test]
fn fields_give_the_line_verdicts_on_generated_streams() {
    for seed in [3, 4] {
        let lines: Vec<String> = generated::generated_stream(seed)
            .iter()
            .map(Value::to_string)
            .collect();
        assert!(compare(&lines) > 5_000, "seed {seed}");
    }
}

#[test]
fn fields_the_line_path_would_refuse_are_refused() {
    let mut detector = Detector::<256>::new(0, DetectorConfig::default());
    let twice = [("a", FieldValue::Int(1)), ("a", FieldValue::Int(2))];
    assert!(detector.score_fields(&twice).is_none());
    let names: Vec<String> = (0..33).map(|i| format!("f{i}")).collect();
    let many: Vec<_> = names
        .iter()
        .map(|n| (n.as_str(), FieldValue::Null))
        .collect();
    assert!(detector.score_fields(&many).is_none());
    assert!(detector.score_fields(&many[..32]).is_some());
    let long = "k".repeat(300);
    assert!(detector
        .score_fields(&[(long.as_str(), FieldValue::Bool(true))])
        .is_none());
    // Labels are read, not scored, as in a line.
    let labelled = [
        ("_phase", FieldValue::Str("p")),
        ("_attack", FieldValue::Bool(true)),
        ("x", FieldValue::Str("y")),
    ];
    let verdict = detector.score_fields(&labelled).expect("scored");
    assert_eq!(
        (verdict.labels.phase, verdict.labels.attack),
        (Some("p"), Some(true))
    );
    assert_eq!(verdict.explanation.len(), 1);
}

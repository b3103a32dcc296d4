//! The zero-knowledge detector: per-packet recall and false positives on the
//! bundled stream, and on a stream this test makes up with other field
//! names, other services and other attacks — same code, same settings.

use holon_std::detect::DETECT_DIMS;
use holon_std::detect::{Detector, DetectorConfig};
use holon_std::report::StreamReport;
use serde_json::Value;

mod generated;
use generated::generated_stream;

mod bundled;
use bundled::bundled_stream;

/// Learns from the first `warmup` records and scores the rest.
fn run(records: &[Value], warmup: usize) -> StreamReport {
    let mut detector = Detector::<DETECT_DIMS>::new(0, DetectorConfig::default());
    for r in &records[..warmup] {
        detector.learn(r).expect("a record");
    }
    let mut report = StreamReport::new();
    for r in &records[warmup..] {
        let verdict = detector.score(r).expect("a record");
        report.add(r, verdict.anomaly);
    }
    report
}

#[test]
fn bundled_stream_per_packet_recall_and_false_positives() {
    let records = bundled_stream();
    assert_eq!(records.len(), 48_750);
    let report = run(&records, 300);
    eprint!("{}", report.render());
    let total = report.total();
    assert_eq!(total.counts.attacks, 45_585);
    assert_eq!(
        total.counts.normals(),
        2_865,
        "calm phases and normal packets mixed into attacks"
    );
    assert!(total.recall() >= 0.999, "recall {}", total.recall());
    assert!(
        total.false_positive_rate() <= 0.005,
        "FPR {}",
        total.false_positive_rate()
    );
    for phase in report.phases().iter().filter(|p| p.counts.attacks > 0) {
        let latency = phase.first_flag_latency.expect("some attack flagged");
        assert!(
            latency < 10,
            "{}: first flag after {latency} packets",
            phase.name
        );
    }
}

#[test]
fn a_different_stream_with_the_same_settings() {
    for seed in [1, 2] {
        let report = run(&generated_stream(seed), 300);
        eprint!("seed {seed}\n{}", report.render());
        let total = report.total();
        assert!(total.counts.normals() > 1500 && total.counts.attacks > 8000);
        assert!(
            total.recall() >= 0.98,
            "seed {seed}: recall {}",
            total.recall()
        );
        assert!(
            total.false_positive_rate() <= 0.01,
            "seed {seed}: FPR {}",
            total.false_positive_rate()
        );
    }
}

#[test]
fn verdicts_explain_which_fields_drove_them() {
    let records = bundled_stream();
    let mut detector = Detector::<DETECT_DIMS>::new(0, DetectorConfig::default());
    records[..300]
        .iter()
        .for_each(|r| detector.learn(r).expect("a record"));
    let first_attack = |phase: &str| {
        records
            .iter()
            .find(|r| r["_phase"] == phase && r["_attack"] == true)
            .expect("phase present")
    };
    // DNS and NTP amplification: the source port is what is new.
    for phase in ["DNS Attack", "NTP Attack"] {
        let v = detector.score(first_attack(phase)).expect("a record");
        assert!(v.anomaly);
        assert!(
            v.explanation.iter().any(|(slot, _)| slot == "src_port"),
            "{phase}: {:?}",
            v.explanation
        );
    }
    // SYN flood from an ephemeral port: every field value is common; the
    // combinations are not, above all port 80 with a bare SYN.
    let syn = records
        .iter()
        .find(|r| {
            r["_phase"] == "SYN Flood"
                && r["_attack"] == true
                && r["src_port"].as_u64() >= Some(49_152)
        })
        .expect("a SYN flood packet from an ephemeral port");
    let v = detector.score(syn).expect("a record");
    assert!(v.anomaly);
    assert!(
        v.explanation.iter().all(|(slot, _)| slot.contains('&')),
        "{:?}",
        v.explanation
    );
    assert!(
        v.explanation
            .iter()
            .any(|(slot, _)| slot == "dst_port&flags"),
        "{:?}",
        v.explanation
    );
}

#[test]
fn minted_engrams_give_the_learning_detectors_verdicts() {
    use holon_std::detect::EngramDetector;
    use holon_std::detect::DETECT_BANK_CAPACITY;

    let records = bundled_stream();
    let mut detector = Detector::<DETECT_DIMS>::new(0, DetectorConfig::default());
    records[..300]
        .iter()
        .for_each(|r| detector.learn(r).expect("a record"));
    let bank = detector
        .mint::<DETECT_BANK_CAPACITY>()
        .expect("fits the bank");
    let (_, prototypes) = detector.size();
    assert_eq!(bank.len(), prototypes);
    let mut bytes = vec![0u8; bank.encoded_len()];
    bank.emit(0, &mut bytes).expect("emits");
    let mut edge =
        EngramDetector::<DETECT_DIMS, DETECT_BANK_CAPACITY>::from_bytes(&bytes).expect("loads");
    for r in records[300..].iter().step_by(7) {
        let (learned, minted) = (detector.score(r).unwrap(), edge.score(r).unwrap());
        assert_eq!(learned.anomaly, minted.anomaly, "{r}");
        assert_eq!(learned.score.to_bits(), minted.score.to_bits(), "{r}");
    }
    // A damaged file is refused, not half-loaded.
    bytes[100] ^= 0x40;
    assert!(EngramDetector::<DETECT_DIMS, DETECT_BANK_CAPACITY>::from_bytes(&bytes).is_err());
}

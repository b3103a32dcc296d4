//! The subspace detector (per-slot CCIPCA) on the bundled packet stream and
//! on the generated streams of `detect.rs` (the generator is shared, in
//! `generated/mod.rs`, so both files test the same streams): per-packet
//! recall at least 99% and false positives at most 1%, same code and
//! settings.

use holon_std::detect::DETECT_DIMS;
use holon_std::detect_subspace::{SubspaceDetector, SubspaceDetectorConfig};
use holon_std::report::StreamReport;
use serde_json::Value;

mod generated;
use generated::generated_stream;

mod bundled;
use bundled::bundled_stream;

/// Learns from the first `warmup` records and scores the rest.
fn run(records: &[Value], warmup: usize) -> StreamReport {
    let mut detector = SubspaceDetector::<DETECT_DIMS>::new(0, SubspaceDetectorConfig::default());
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
    let report = run(&records, 300);
    eprint!("subspace detector, bundled stream\n{}", report.render());
    let total = report.total();
    assert_eq!(total.counts.attacks, 45_585);
    assert!(total.recall() >= 0.99, "recall {}", total.recall());
    assert!(
        total.false_positive_rate() <= 0.01,
        "FPR {}",
        total.false_positive_rate()
    );
}

#[test]
fn generated_streams_with_the_same_settings() {
    for seed in [1, 2] {
        let report = run(&generated_stream(seed), 300);
        eprint!(
            "subspace detector, generated stream seed {seed}\n{}",
            report.render()
        );
        let total = report.total();
        assert!(total.counts.normals() > 1500 && total.counts.attacks > 8000);
        assert!(
            total.recall() >= 0.99,
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
fn minted_engrams_give_the_same_verdicts() {
    use holon_std::detect_subspace::SubspaceEngramDetector;
    let records = generated_stream(3);
    let mut detector = SubspaceDetector::<DETECT_DIMS>::new(0, SubspaceDetectorConfig::default());
    records[..300]
        .iter()
        .for_each(|r| detector.learn(r).expect("a record"));
    let bytes = detector.mint_bytes().expect("mint");
    let mut device = SubspaceEngramDetector::<DETECT_DIMS>::from_bytes(&bytes).expect("load");
    assert_eq!(device.engrams().len(), detector.size().0);
    let mut flagged = 0;
    for r in records[300..].iter().step_by(7) {
        let (a, b) = (
            detector.score(r).expect("a record"),
            device.score(r).expect("a record"),
        );
        assert_eq!(a, b, "record {r}");
        flagged += usize::from(a.anomaly);
    }
    assert!(flagged > 0, "the sample holds attacks");
}

/// holon-rs's use of a subspace, for the side-by-side table: one
/// `OnlineSubspace<1024, 32>` over whole-record vectors (labels removed),
/// learned on the warm-up, a record anomalous when its residual is above
/// the subspace's own threshold. It flags (almost) none of the attacks.
#[test]
fn a_whole_record_subspace_misses_the_attacks() {
    use holon_core::memory::OnlineSubspace;
    let records = bundled_stream();
    let mut holon = holon_std::Holon::<1024>::new(0);
    let mut encode = |r: &Value| {
        let mut r = r.clone();
        r.as_object_mut()
            .unwrap()
            .retain(|k, _| !k.starts_with('_'));
        holon.encode(&r).expect("encodes")
    };
    let mut sub: Box<OnlineSubspace<1024, 32>> = Box::new(OnlineSubspace::new(32));
    for r in &records[..300] {
        sub.update(&encode(r));
    }
    let mut report = StreamReport::new();
    for r in &records[300..] {
        report.add(r, sub.residual(&encode(r)) > sub.threshold());
    }
    eprint!(
        "whole-record subspace (holon-rs's use), bundled stream, threshold {:.1}\n{}",
        sub.threshold(),
        report.render()
    );
    assert!(
        report.total().recall() < 0.05,
        "recall {}",
        report.total().recall()
    );
}

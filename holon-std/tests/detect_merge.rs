//! Learning split across processes: a detector restored from its
//! prototypes is itself, merging follows the documented rule (exact where
//! it can be: sums and counts), and a detector learned on partitions and
//! merged still catches the bundled stream's attacks.

use holon_core::Accumulator;
use holon_std::detect::{Detector, DetectorConfig};
use holon_std::report::StreamReport;
use serde_json::Value;

mod bundled;
use bundled::bundled_stream;

const D: usize = 1024;
const BANK: usize = 256;

fn learn(records: &[Value]) -> Detector<D> {
    let mut detector = Detector::new(0, DetectorConfig::default());
    for r in records {
        detector.learn(r).expect("a record");
    }
    detector
}

/// `parts` contiguous partitions of `records`, learned apart, merged left
/// to right.
fn learn_partitioned(records: &[Value], parts: usize) -> Detector<D> {
    let size = records.len().div_ceil(parts);
    let mut chunks = records.chunks(size).map(learn);
    let mut merged = chunks.next().expect("one partition at least");
    for d in chunks {
        merged.merge(&d);
    }
    merged
}

fn restored(d: &Detector<D>) -> Detector<D> {
    let prototypes: Vec<_> = d
        .prototypes()
        .map(|p| {
            (
                p.slot.to_string(),
                p.slot_id,
                Box::new(Accumulator::from_sums(*p.sums.sums(), p.sums.count())),
            )
        })
        .collect();
    Detector::from_prototypes(d.seed(), *d.config(), d.learned(), prototypes)
}

/// Total count per slot: how many values the slot absorbed.
fn counts_per_slot(d: &Detector<D>) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = Vec::new();
    for p in d.prototypes() {
        match out.last_mut() {
            Some((slot, n)) if slot == p.slot => *n += p.sums.count(),
            _ => out.push((p.slot.to_string(), p.sums.count())),
        }
    }
    out
}

fn report(d: &mut Detector<D>, records: &[Value]) -> StreamReport {
    let mut report = StreamReport::new();
    for r in records {
        report.add(r, d.score(r).expect("a record").anomaly);
    }
    report
}

#[test]
fn a_restored_detector_is_the_same_detector() {
    let records = bundled_stream();
    let mut original = learn(&records[..300]);
    let mut copy = restored(&original);
    assert_eq!(copy.size(), original.size());
    assert_eq!(copy.mint_bytes::<BANK>(), original.mint_bytes::<BANK>());
    for r in records.iter().skip(300).step_by(97) {
        assert_eq!(copy.score(r), original.score(r));
    }
}

#[test]
fn merging_keeps_every_value_and_is_deterministic() {
    let records = bundled_stream();
    let warmup = &records[..300];
    let single = learn(warmup);
    for parts in [2, 3, 5] {
        let merged = learn_partitioned(warmup, parts);
        assert_eq!(merged.learned(), 300);
        assert_eq!(
            counts_per_slot(&merged),
            counts_per_slot(&single),
            "{parts} partitions"
        );
        assert_eq!(
            merged.mint_bytes::<BANK>(),
            learn_partitioned(warmup, parts).mint_bytes::<BANK>()
        );
    }
    // One partition merged into an empty detector is that partition.
    let mut empty = Detector::<D>::new(0, DetectorConfig::default());
    empty.merge(&single);
    assert_eq!(empty.mint_bytes::<BANK>(), single.mint_bytes::<BANK>());
}

#[test]
fn a_merged_detector_still_catches_the_attacks() {
    let records = bundled_stream();
    let (warmup, rest) = records.split_at(300);
    for parts in [2, 4] {
        let mut merged = learn_partitioned(warmup, parts);
        let r = report(&mut merged, rest);
        let total = r.total();
        eprintln!(
            "{parts} partitions: recall {:.5}, FPR {:.5}, {:?} slots/prototypes",
            total.recall(),
            total.false_positive_rate(),
            merged.size()
        );
        assert!(total.recall() >= 0.999, "recall {}", total.recall());
        assert!(
            total.false_positive_rate() <= 0.01,
            "FPR {}",
            total.false_positive_rate()
        );
    }
}

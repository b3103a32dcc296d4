//! `holon_core::detect`: the number encoder and its vectors (positive,
//! negative, NaN), slot ids, slot scores, the record score, the verdict
//! digest, the phase table, and the flat-record scoring (leaf encoders over
//! both codebooks, hashed and tabled slot ids, `score_leaves`), against a
//! loaded bank and an empty one.

use core::hint::black_box;

use holon_core::{
    atom::{atom, DeriveAtoms},
    detect::{
        field_slot, number_encoder, number_vector, pair_slot, score_leaves, slot_count, slot_score,
        Leaf, LeafEncoder, NamedSlots, Percent, PhaseTable, RecordScore, SlotTable, VerdictDigest,
        ANOMALY_THRESHOLD,
    },
    engram::{Engram, EngramBank},
    ops, AtomCache, Vector,
};

use crate::inputs::{name, text, FILE, NUMBER, SEED, SLOT, THRESHOLD, WEIGHT};
use crate::opaque::read;

static NAME_SPLIT: usize = 3;

/// Both halves below, against a bank loaded from [`FILE`] plus one engram
/// of opaque name and slot, and against an empty bank.
pub fn exercise() {
    let mut bank = EngramBank::<1024, 4>::new();
    let _ = bank.load(read(&FILE));
    if let Ok(e) = Engram::new(
        name(),
        field_slot(read(&SEED), name()),
        atom(0, text()),
        0.3,
        1,
    ) {
        let _ = bank.push(e);
    }
    let empty = EngramBank::<3, 1>::new();
    detection(&bank);
    detection(&empty);
    flat_records(&bank);
    flat_records(&empty);
}

/// The number encoder, slot ids, slot and record scores, the verdict digest
/// and the phase table.
#[inline(never)]
fn detection<const D: usize, const N: usize>(bank: &EngramBank<D, N>) {
    let seed = read(&SEED);
    let x = read(&NUMBER);
    let encoder = number_encoder::<D>(seed);
    let v = number_vector(&encoder, x);
    black_box(number_vector(&encoder, -x));
    black_box(number_vector(&encoder, x / 0.0));
    black_box(number_vector(&encoder, (x - x) / (x - x)));
    let n = name();
    let (a, b) = n.split_at_checked(read(&NAME_SPLIT)).unwrap_or((n, ""));
    let (field, pair) = (field_slot(seed, a), pair_slot(seed, a, b));
    let mut score = RecordScore::default();
    score.add(slot_score(bank, field, &v));
    score.add(slot_score(bank, pair, &ops::bind(&v, &v)));
    score.add(read(&WEIGHT));
    black_box((score.score, score.slots, score == RecordScore::default()));
    black_box(score.is_anomaly(ANOMALY_THRESHOLD));
    black_box(score.is_anomaly(read(&THRESHOLD)));
    // The verdict digest and the phase table (rows past the cap, counts at
    // u64::MAX, percentages of nothing, the table through fmt).
    let mut digest = VerdictDigest::new();
    digest.add(score.is_anomaly(ANOMALY_THRESHOLD), score.score);
    black_box(digest.value());
    let mut table = PhaseTable::<4>::new();
    table.add(read(&NAME_SPLIT), true, score.is_anomaly(read(&THRESHOLD)));
    table.add(usize::MAX, false, true);
    let mut counts = *table.total();
    counts.merge(table.other());
    counts.records = read(&SEED);
    black_box((counts.normals(), counts.flagged(), counts.recall().milli()));
    black_box(Percent::new(u64::MAX, read(&SEED)).milli());
    black_box(table.rows().len());
}

/// The flat-record scoring on a record and a slot table whose lengths the
/// optimiser cannot see.
#[inline(never)]
fn flat_records<const D: usize, const N: usize>(bank: &EngramBank<D, N>) {
    let seed = read(&SEED);
    let mut encoder = LeafEncoder::<D, _>::new(seed, AtomCache::<D, 2>::new());
    let mut leaves = [const { Vector::<D>::zero() }; 4];
    let kinds = [
        Leaf::Str(text()),
        Leaf::Number(read(&NUMBER)),
        Leaf::Bool(true),
        Leaf::Null,
    ];
    for (leaf, v) in kinds.iter().zip(leaves.iter_mut()) {
        encoder.encode_into(*leaf, v);
    }
    black_box((encoder.seed(), encoder.codebook().stats()));
    let count = read(&NAME_SPLIT).min(leaves.len());
    let used = leaves.get(..count).unwrap_or(&[]);
    let names = [name(), text(), "x", "y"];
    let mut pair = Vector::zero();
    let paths = names.get(..count).unwrap_or(&[]);
    let named = score_leaves(bank, &NamedSlots::new(seed, paths), used, &mut pair);
    let ids = [read(&SLOT), 1, 2, 3, 4, 5, 6];
    let table = SlotTable::new(
        read(&NAME_SPLIT),
        ids.get(..slot_count(count)).unwrap_or(&ids),
    );
    let tabled = score_leaves(bank, &table, used, &mut pair);
    let mut derived = LeafEncoder::<D, _>::new(seed, DeriveAtoms);
    derived.encode_into(Leaf::Number(read(&NUMBER)), &mut pair);
    black_box((named, tabled, &pair));
}

//! The minimal application: what a real device built on holon does, and
//! nothing else, so that its flash, RAM and cycles are an application's
//! (the `app-*` images link only this, the clock and the output).
//!
//! 1. cold boot: the image paints its stack and starts its clock;
//! 2. derives the atoms of its field names (packed, straight into planes);
//! 3. encodes a 4-field record ([`crate::packed::PACKET`]) as a packed
//!    vector;
//! 4. loads the engram file the server minted: into a [`PackedBank`] in
//!    static RAM (Cortex-M4, RISC-V: 268 bytes an engram at D = 1024), or,
//!    where RAM is too small for the bank (the micro:bit's 16 KiB), matches
//!    straight from the checked file in flash;
//! 5. scores records as `holon score` does (the slots of
//!    [`crate::replay`]: every pair of leaves, then every leaf) and prints a
//!    verdict per record and the verdict digest `holon score` prints for the
//!    same records.
//!
//! Report lines:
//! ```text
//! HOLON target=<name> clock=<clock> profile=app bank=<ram|flash>
//! CYCLES app_atoms / app_record4_1024 / app_load / app_setup ticks=<n> insns=<n>
//! ENGRAMS loaded=<n> bytes=<b> bank_bytes=<b> bytes_per_engram=<b> threshold=<t>
//! VERDICT record=<i> slots=<n> score=<x.xxxxxx> anomaly=<0|1> insns=<n> match_insns=<n>
//! APP records=<n> slots=<n> insns_per_record=<n> match_insns_per_record=<n>
//! VERDICTS records=<n> anomalies=<n> digest=<16 hex digits>
//! STACK peak=<bytes> size=<bytes>
//! RESULT PASS | RESULT FAIL <why>
//! ```

use core::fmt::Write;

use holon_core::{
    atom::AtomKey,
    detect::{number_encoder, number_packed, score_slots, RecordScore},
    engram::EngramFile,
    magnitude::LogEncoder,
    packed::{self, words, PackedBank, PackedVector},
    record::Scalar,
    vector::cosine_from_counts,
};

use crate::{
    clock::Clock,
    digest::Fnv64,
    line::Line,
    replay::Value,
    slots::{RecordSlots, SlotIds},
    workload::{cycles_line, step, step_at, Failure},
};

/// The application's dimension.
pub const D: usize = 1024;
/// Words of each plane at [`D`].
pub const W: usize = words(D);
/// Engrams the RAM bank holds: the 96 the bundled stream mints, in
/// 25.7 KB (a file with more is refused, not half-loaded).
pub const BANK_CAPACITY: usize = 96;
/// Most leaves a record may have.
pub const MAX_FIELDS: usize = 5;

/// A packed vector at the application's dimension.
pub type Packed = PackedVector<D, W>;
/// The bank the application keeps in RAM.
pub type Bank = PackedBank<D, W, BANK_CAPACITY>;

/// The field names of the records, sorted (a record's leaves are given in
/// this order).
pub const NAMES: [&str; MAX_FIELDS] = ["dst_port", "flags", "payload_size", "protocol", "src_port"];

/// The records the application scores: lines 1, 2, 12, 751, 759, 1666 and
/// 2416 of `tests/data/packets/replay.jsonl` (labels dropped), each leaf an
/// index into [`NAMES`] and a value. `run-all.sh` scores the same lines with
/// `holon score` and compares the verdict digests.
pub const RECORDS: &[&[(u8, Value)]] = &[
    &[
        (0, Value::Num(51301.0)),
        (2, Value::Num(1499.0)),
        (3, Value::Str("UDP")),
        (4, Value::Num(53.0)),
    ],
    &[
        (0, Value::Num(55092.0)),
        (2, Value::Num(849.0)),
        (3, Value::Str("UDP")),
        (4, Value::Num(53.0)),
    ],
    &[
        (0, Value::Num(80.0)),
        (1, Value::Str("A")),
        (2, Value::Num(1341.0)),
        (3, Value::Str("TCP")),
        (4, Value::Num(64291.0)),
    ],
    &[
        (0, Value::Num(443.0)),
        (1, Value::Str("SA")),
        (2, Value::Num(36.0)),
        (3, Value::Str("TCP")),
        (4, Value::Num(59312.0)),
    ],
    &[
        (0, Value::Num(80.0)),
        (1, Value::Str("S")),
        (2, Value::Num(0.0)),
        (3, Value::Str("TCP")),
        (4, Value::Num(45790.0)),
    ],
    &[
        (0, Value::Num(54083.0)),
        (2, Value::Num(479.0)),
        (3, Value::Str("UDP")),
        (4, Value::Num(123.0)),
    ],
    &[
        (0, Value::Num(80.0)),
        (1, Value::Str("A")),
        (2, Value::Num(250.0)),
        (3, Value::Str("TCP")),
        (4, Value::Num(55783.0)),
    ],
];

/// Where the engrams are matched from.
pub trait Matcher {
    /// The engram of `slot` most similar to `query` (index, cosine), as
    /// [`EngramBank::best_in_slot`](holon_core::engram::EngramBank::best_in_slot).
    fn best_in_slot(&self, slot: u32, query: &Packed) -> Option<(usize, f32)>;
}

impl Matcher for Bank {
    fn best_in_slot(&self, slot: u32, query: &Packed) -> Option<(usize, f32)> {
        PackedBank::best_in_slot(self, slot, query)
    }
}

/// Matching straight from the checked engram file (in flash): each
/// prototype of the slot is unpacked and packed on the fly. No bank in RAM,
/// at the price of the conversion.
pub struct FileMatcher<'a>(pub EngramFile<D, &'a [u8]>);

impl Matcher for FileMatcher<'_> {
    fn best_in_slot(&self, slot: u32, query: &Packed) -> Option<(usize, f32)> {
        let mut best: Option<(usize, f32)> = None;
        for (index, record) in self.0.iter().enumerate() {
            if record.slot() != slot {
                continue;
            }
            let cosine = Packed::from_vector(&record.prototype()).cosine(query);
            if best.is_none_or(|(_, b)| cosine > b) {
                best = Some((index, cosine));
            }
        }
        best
    }
}

/// Atoms the RAM-bank application keeps of its recent categorical leaves
/// (2 KiB).
pub const ATOM_SLOTS: usize = 8;
/// None for the application matching from flash: on the micro:bit the
/// 264 bytes an atom would hold matter more than the time.
pub const FLASH_ATOM_SLOTS: usize = 0;

/// The packed atoms of the last `N` distinct categorical leaves (strings,
/// bools, null), replaced in turn: such values repeat from record to record
/// (`"UDP"`, `"TCP"`), and deriving an atom (SHA-256 and a ChaCha8 stream
/// of `D` trits) costs about 73 000 instructions on the Cortex-M4 (414 000
/// on the M0), against a key hash and a few compares here. `N * 264`
/// bytes, no allocation; with `N = 0` every leaf is derived.
struct AtomRing<const N: usize> {
    keys: [Option<AtomKey>; N],
    atoms: [Packed; N],
    next: usize,
}

impl<const N: usize> AtomRing<N> {
    /// The empty ring, as a constant: all zeros, which the compiler writes
    /// straight into the ring's place. A constructor call had the
    /// size-optimised build fill a ring aside and copy its 2 KiB over.
    const EMPTY: Self = Self {
        keys: [None; N],
        atoms: [const { Packed::zero() }; N],
        next: 0,
    };

    /// The atom of `key`, derived only on a miss.
    fn atom(&mut self, key: AtomKey) -> Packed {
        if let Some(hit) = self.keys.iter().position(|k| *k == Some(key)) {
            if let Some(atom) = self.atoms.get(hit) {
                return atom.clone();
            }
        }
        let atom = Packed::from_key(key);
        let slot = self.next;
        if let (Some(k), Some(a)) = (self.keys.get_mut(slot), self.atoms.get_mut(slot)) {
            *k = Some(key);
            *a = atom.clone();
        }
        self.next = if slot + 1 >= N { 0 } else { slot + 1 };
        atom
    }
}

/// A leaf's packed vector: a number's log magnitude (encoded straight
/// into the planes), or the atom of the value's text. Out of line: its
/// frame (the text's hasher, the number's planes) is on the stack only
/// while it runs, not while matching.
#[inline(never)]
fn leaf<const N: usize>(
    seed: u64,
    numbers: &LogEncoder<D>,
    atoms: &mut AtomRing<N>,
    value: Value,
) -> Packed {
    let scalar = match value {
        Value::Num(x) => return number_packed(numbers, x),
        Value::Str(text) => Scalar::Str(text),
        Value::Bool(b) => Scalar::Bool(b),
        Value::Null => Scalar::Null,
    };
    let key = scalar.key(seed).unwrap_or_else(|_| AtomKey::new(seed, ""));
    atoms.atom(key)
}

fn slot_score<M: Matcher>(bank: &M, slot: u32, value: &Packed) -> f32 {
    bank.best_in_slot(slot, value).map_or(0.0, |(_, c)| c)
}

/// Scores one record in the core's slot order (its pairs, then its leaves).
#[inline(never)]
fn score_record<M: Matcher, C: Clock, const N: usize>(
    bank: &M,
    ids: &SlotIds<MAX_FIELDS>,
    seed: u64,
    numbers: &LogEncoder<D>,
    atoms: &mut AtomRing<N>,
    fields: &[(u8, Value)],
    clock: &mut C,
) -> (RecordScore, u64) {
    let mut vectors = [const { Packed::zero() }; MAX_FIELDS];
    for ((_, value), v) in fields.iter().zip(vectors.iter_mut()) {
        *v = leaf(seed, numbers, atoms, *value);
    }
    let leaves = vectors.get(..fields.len()).unwrap_or(&[]);
    // Matching alone (the slots against the bank) is timed apart from
    // encoding the leaves.
    let t0 = clock.now();
    let total = score_slots(
        &RecordSlots { ids, fields },
        leaves,
        |slot, a, b| slot_score(bank, slot, &packed::bind(a, b)),
        |slot, v| slot_score(bank, slot, v),
    );
    (total, clock.now().wrapping_sub(t0))
}

/// Steps 2 and 3: the atoms of the names and the 4-field record.
#[inline(never)]
fn atoms_and_record<Out: Write, C: Clock>(out: &mut Out, clock: &mut C) -> Result<(), Failure> {
    let names = step(out, clock, "app_atoms", || {
        NAMES.map(|name| Packed::from_key(AtomKey::new(0, name)))
    });
    let mut leaves = [const { Packed::zero() }; 4];
    let record = step_at(out, clock, "app_record4", D, || {
        crate::packed::encode_flat(0, &crate::packed::PACKET, &mut leaves)
    })?;
    // The record carries its dst_port field: the names' atoms bind to it.
    let probe = packed::bind(&names[0], &packed::atom(0, "61864"));
    // The bank's formula on the bank's counts (the same bits as
    // `record.cosine(&probe)`): the dot and count loops are the scan's, so
    // the single-pass cosine kernel stays out of the image.
    let cos = cosine_from_counts(record.dot(&probe), record.nnz() as u64, probe.nnz() as u64);
    Line::new(out, "RECORD fields=4 d=")
        .num(D as u64)
        .text(" cos_dst_port=")
        .micros(cos)
        .end();
    if cos <= 0.3 {
        return Err("app: the record is not similar to its dst_port field");
    }
    Ok(())
}

/// The detector's number encoder, built out of line so that its
/// construction temporaries (a 4 KiB table built and moved) leave the stack
/// before scoring starts, and the encoder is written straight into the
/// caller's frame.
#[inline(never)]
fn make_numbers(seed: u64) -> LogEncoder<D> {
    number_encoder::<D>(seed)
}

/// Step 5: every record against `bank`; returns the verdict digest.
#[inline(never)]
fn score_all<M: Matcher, Out: Write, C: Clock, const N: usize>(
    bank: &M,
    seed: u64,
    threshold: f32,
    out: &mut Out,
    clock: &mut C,
) -> Result<u64, Failure> {
    // Timed by hand: a closure would return the 4 KiB encoder by value,
    // and each move can be one more copy on the stack.
    let t0 = clock.now();
    let ids = SlotIds::new(seed, &NAMES);
    let numbers = make_numbers(seed);
    let ticks = clock.now().wrapping_sub(t0);
    cycles_line(out, "app_setup", None, ticks, clock.ticks_to_insns(ticks));
    let mut atoms = AtomRing::<N>::EMPTY;
    let mut digest = Fnv64::new();
    let (mut anomalies, mut slots, mut insns, mut matching) = (0u32, 0u32, 0u64, 0u64);
    for (i, fields) in RECORDS.iter().enumerate() {
        if fields.len() > MAX_FIELDS {
            return Err("app: a record has more leaves than MAX_FIELDS");
        }
        let t0 = clock.now();
        let (score, match_ticks) =
            score_record(bank, &ids, seed, &numbers, &mut atoms, fields, clock);
        let ticks = clock.now().wrapping_sub(t0);
        let record_insns = clock.ticks_to_insns(ticks);
        let match_insns = clock.ticks_to_insns(match_ticks);
        matching += match_insns;
        let anomaly = score.is_anomaly(threshold);
        digest.write(&[u8::from(anomaly)]);
        digest.write(&score.score.to_bits().to_le_bytes());
        anomalies += u32::from(anomaly);
        slots += score.slots;
        insns += record_insns;
        Line::new(out, "VERDICT record=")
            .num(i as u64)
            .text(" slots=")
            .num(u64::from(score.slots))
            .text(" score=")
            .micros(score.score)
            .text(" anomaly=")
            .num(u64::from(anomaly))
            .text(" insns=")
            .num(record_insns)
            .text(" match_insns=")
            .num(match_insns)
            .end();
    }
    let n = RECORDS.len();
    cycles_line(out, "app_score", None, insns, insns);
    Line::new(out, "APP records=")
        .num(n as u64)
        .text(" slots=")
        .num(u64::from(slots))
        .text(" insns_per_record=")
        .num(insns / (n.max(1) as u64))
        .text(" match_insns_per_record=")
        .num(matching / (n.max(1) as u64))
        .end();
    Line::new(out, "VERDICTS records=")
        .num(n as u64)
        .text(" anomalies=")
        .num(u64::from(anomalies))
        .text(" digest=")
        .hex16(digest.finish())
        .end();
    Ok(digest.finish())
}

/// The threshold of the file's first engram (the detector's rule).
fn threshold_of(file: &EngramFile<D, &[u8]>) -> f32 {
    file.get(0)
        .map_or(holon_core::detect::ANOMALY_THRESHOLD, |r| r.threshold())
}

/// The application with the engrams loaded into `bank` (static RAM).
pub fn run_with_bank<Out: Write, C: Clock>(
    target: &str,
    out: &mut Out,
    clock: &mut C,
    engram: &[u8],
    bank: &mut Bank,
) -> bool {
    header(target, "ram", out);
    let result = atoms_and_record(out, clock).and_then(|()| {
        let file = EngramFile::<D, _>::new_checked(engram).map_err(|_| "app: bad engram file")?;
        load_bank(out, clock, &file, bank)?;
        engrams_line(out, &file, bank.len() * Bank::BYTES_PER_ENGRAM);
        score_all::<_, _, _, ATOM_SLOTS>(bank, file.seed(), threshold_of(&file), out, clock)
    });
    finish(out, result)
}

/// Step 4 into RAM, timed. Out of line: loading converts each prototype
/// through an unpacked `Vector<D>` (1 KiB), which must not stay in the
/// frame that goes on to score.
#[inline(never)]
fn load_bank<Out: Write, C: Clock>(
    out: &mut Out,
    clock: &mut C,
    file: &EngramFile<D, &[u8]>,
    bank: &mut Bank,
) -> Result<(), Failure> {
    step(out, clock, "app_load", || bank.load_file(file))
        .map_err(|_| "app: the engrams do not fit the bank")
}

/// The application matching straight from the engram file (flash).
pub fn run_from_flash<Out: Write, C: Clock>(
    target: &str,
    out: &mut Out,
    clock: &mut C,
    engram: &[u8],
) -> bool {
    header(target, "flash", out);
    let result = atoms_and_record(out, clock).and_then(|()| {
        let file = step(out, clock, "app_load", || {
            EngramFile::<D, _>::new_checked(engram)
        })
        .map_err(|_| "app: bad engram file")?;
        engrams_line(out, &file, 0);
        let (seed, threshold) = (file.seed(), threshold_of(&file));
        score_all::<_, _, _, FLASH_ATOM_SLOTS>(&FileMatcher(file), seed, threshold, out, clock)
    });
    finish(out, result)
}

fn header(target: &str, bank: &str, out: &mut dyn Write) {
    Line::new(out, "HOLON target=")
        .text(target)
        .text(" profile=app bank=")
        .text(bank)
        .end();
}

fn engrams_line(out: &mut dyn Write, file: &EngramFile<D, &[u8]>, bank_bytes: usize) {
    Line::new(out, "ENGRAMS loaded=")
        .num(file.len() as u64)
        .text(" bytes=")
        .num(file.as_bytes().len() as u64)
        .text(" bank_bytes=")
        .num(bank_bytes as u64)
        .text(" bytes_per_engram=")
        .num(Bank::BYTES_PER_ENGRAM as u64)
        .text(" threshold=")
        .micros(threshold_of(file))
        .end();
}

fn finish(out: &mut dyn Write, result: Result<u64, Failure>) -> bool {
    let (peak, size) = crate::stack::high_water();
    Line::new(out, "STACK peak=")
        .num(peak as u64)
        .text(" size=")
        .num(size as u64)
        .end();
    match result {
        // A host build has no stack to measure (size 0).
        Ok(_) if peak < size || size == 0 => {
            Line::new(out, "RESULT PASS").end();
            true
        }
        Ok(_) => {
            Line::new(out, "RESULT FAIL stack exhausted").end();
            false
        }
        Err(why) => {
            Line::new(out, "RESULT FAIL ").text(why).end();
            false
        }
    }
}

#[cfg(all(test, not(target_os = "none")))]
mod tests {
    extern crate std;

    use super::*;
    use holon_core::{
        atom::atom,
        detect::{number_vector, slot_score as bank_slot_score},
        engram::{Engram, EngramBank},
        ops::bind,
        Vector,
    };

    /// A small engram file over the application's slots: the records' own
    /// leaves and pairs as prototypes, some slots left out.
    fn engram_file() -> std::vec::Vec<u8> {
        let numbers = number_encoder::<D>(0);
        let ids = SlotIds::new(0, &NAMES);
        let mut bank = std::boxed::Box::new(EngramBank::<D, 64>::new());
        for fields in &RECORDS[..3] {
            let mut ring = AtomRing::<0>::EMPTY;
            let v: std::vec::Vec<Vector<D>> = fields
                .iter()
                .map(|(_, value)| leaf(0, &numbers, &mut ring, *value).to_vector())
                .collect();
            for (i, (a, _)) in fields.iter().enumerate() {
                let _ = bank.push(Engram::new("f", ids.field(*a), v[i].clone(), 0.3, 1).unwrap());
                if let Some((b, _)) = fields.get(i + 1) {
                    let pair = bind(&v[i], &v[i + 1]);
                    let _ = bank.push(Engram::new("p", ids.pair(*a, *b), pair, 0.3, 1).unwrap());
                }
            }
        }
        let _ = bank.push(Engram::new("x", ids.field(3), atom(0, "ICMP"), 0.3, 1).unwrap());
        let mut bytes = std::vec![0u8; bank.encoded_len()];
        bank.emit(0, &mut bytes).unwrap();
        bytes
    }

    #[test]
    fn the_atom_ring_gives_the_derived_atom_on_hits_and_after_evictions() {
        let mut ring = AtomRing::<2>::EMPTY;
        for text in ["UDP", "TCP", "UDP", "A", "TCP", "UDP", "UDP", "SA", "A"] {
            let key = AtomKey::new(0, text);
            assert_eq!(ring.atom(key), Packed::from_key(key), "{text}");
        }
        let mut none = AtomRing::<0>::EMPTY;
        let key = AtomKey::new(0, "UDP");
        assert_eq!(none.atom(key), Packed::from_key(key));
        assert_eq!(none.atom(key), Packed::from_key(key));
    }

    #[test]
    fn ram_and_flash_matching_score_as_the_engram_bank() {
        let bytes = engram_file();
        let file = EngramFile::<D, _>::new_checked(&bytes[..]).unwrap();
        let mut bank = std::boxed::Box::new(Bank::new());
        bank.load_file(&file).unwrap();
        let (reference, _) = EngramBank::<D, 64>::from_bytes(&bytes).unwrap();
        let numbers = number_encoder::<D>(0);
        let ids = SlotIds::new(0, &NAMES);
        // One ring over all records, as score_all keeps it: hits and
        // evictions must not change a score.
        let mut ram_atoms = AtomRing::<2>::EMPTY;
        for fields in RECORDS {
            let (ram, flash) = (
                score_record(
                    &*bank,
                    &ids,
                    0,
                    &numbers,
                    &mut ram_atoms,
                    fields,
                    &mut crate::clock::NullClock,
                )
                .0,
                score_record(
                    &FileMatcher(file.clone()),
                    &ids,
                    0,
                    &numbers,
                    &mut { AtomRing::<FLASH_ATOM_SLOTS>::EMPTY },
                    fields,
                    &mut crate::clock::NullClock,
                )
                .0,
            );
            // The unpacked way, as fw_harness::replay scores.
            let v: std::vec::Vec<Vector<D>> = fields
                .iter()
                .map(|(_, value)| match value {
                    Value::Num(x) => number_vector(&numbers, *x),
                    Value::Str(t) => atom(0, t),
                    _ => unreachable!(),
                })
                .collect();
            let mut expected = RecordScore::default();
            for i in 0..fields.len() {
                for j in i + 1..fields.len() {
                    let slot = ids.pair(fields[i].0, fields[j].0);
                    expected.add(bank_slot_score(&reference, slot, &bind(&v[i], &v[j])));
                }
            }
            for (i, (a, _)) in fields.iter().enumerate() {
                expected.add(bank_slot_score(&reference, ids.field(*a), &v[i]));
            }
            assert_eq!(ram, expected);
            assert_eq!(flash, expected);
        }
    }

    #[test]
    fn the_application_runs_on_the_host() {
        let bytes = std::boxed::Box::leak(engram_file().into_boxed_slice());
        let mut out = std::string::String::new();
        let mut bank = std::boxed::Box::new(Bank::new());
        assert!(
            run_with_bank(
                "host",
                &mut out,
                &mut crate::clock::NullClock,
                bytes,
                &mut bank
            ),
            "{out}"
        );
        let mut flash = std::string::String::new();
        assert!(
            run_from_flash("host", &mut flash, &mut crate::clock::NullClock, bytes),
            "{flash}"
        );
        let verdicts = |s: &str| {
            s.lines()
                .find(|l| l.starts_with("VERDICTS"))
                .map(std::string::String::from)
        };
        assert_eq!(verdicts(&out), verdicts(&flash));
        assert!(verdicts(&out).is_some());
    }
}

//! The engram replay: a device scoring a recorded packet stream against the
//! engrams a server minted from its warm-up, with the server's exact rules
//! (`holon_core::detect`), so that its verdicts equal the server's bit for
//! bit.
//!
//! The data (the engram file and the records) is made at build time by the
//! firmware crate's `build.rs`; this module only scores it. A record is its
//! leaves sorted by name; its slots are every pair of leaves (`i < j`, id
//! [`pair_slot`](holon_core::detect::pair_slot), value the binding of the two values) and then every leaf
//! (id [`field_slot`](holon_core::detect::field_slot), value the leaf's vector: the atom of a string, bool or
//! null, [`number_vector`](holon_core::detect::number_vector) of a number). A slot scores [`slot_score`](holon_core::detect::slot_score) (the
//! loop is the core's [`score_leaves`]); the
//! record's score is the worst ([`RecordScore`]), and it is an anomaly below
//! the threshold of the bank's first engram. Every verdict goes into the
//! verdict digest ([`VerdictDigest`]) and the phase table ([`PhaseTable`]),
//! both holon-core's, the very code `holon score` runs.
//!
//! Report lines:
//! ```text
//! ENGRAMS loaded=<n> capacity=<N> bytes=<b> seed=<seed> threshold=<t>
//! CYCLES replay_load ticks=<n> insns=<n>       (parsing the engram file)
//! CYCLES replay_setup ticks=<n> insns=<n>      (number encoder, slot ids)
//! CYCLES replay ticks=<n> insns=<n>            (scoring every record)
//! REPLAY records=<n> slots=<n> insns_per_record=<n> atoms_hits=<n> atoms_misses=<n> atoms_evictions=<n>
//! PHASE phase           records  attacks  flagged    recall  normals       FP       FPR
//! PHASE <name>          <n>      <n>      <n>       <%>      <n>      <n>       <%>
//! VERDICTS records=<n> anomalies=<n> digest=<16 hex digits>
//! ```
//! (the `PHASE` lines are `holon score`'s table: a header, one row per
//! `_phase` label in order of first appearance, then the row `all`; a
//! percentage of nothing prints as `-`).

use core::fmt::Write;

use holon_core::{
    detect::{score_leaves, Leaf, LeafEncoder, PhaseTable, RecordScore, VerdictDigest},
    engram::EngramBank,
    AtomCache, Vector,
};

use crate::{
    clock::Clock,
    slots::{NameIndex, RecordSlots, SlotIds},
    workload::{cycles_line, step, Failure},
};

/// Dimension of the replay: the engram file's.
pub const D: usize = 1024;

/// Engrams the device's bank holds (the host mints about 96).
pub const BANK_CAPACITY: usize = 128;

/// Atoms the codebook cache keeps (string, bool and null values).
pub const ATOM_CACHE: usize = 16;

/// Most leaves a record may have (one vector each is kept while the
/// record's pairs are scored).
pub const MAX_FIELDS: usize = 16;

/// A leaf value, as the host reads it from JSON.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A string (also the JSON text of an array): the atom of its text.
    Str(&'static str),
    /// A number, as `serde_json`'s `as_f64`.
    Num(f64),
    /// `true` or `false`: the atom of that word.
    Bool(bool),
    /// `null`: the atom of `null`.
    Null,
}

/// One leaf of a record: an index into [`Replay::names`] and the value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field(pub u8, pub Value);

/// One record: its leaves sorted by name (labels dropped), and its labels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Record {
    /// The leaves, sorted by name (byte order).
    pub fields: &'static [Field],
    /// Index into [`Replay::phases`] (the `_phase` label).
    pub phase: u8,
    /// The `_attack` label.
    pub attack: bool,
}

/// What a replay needs, all made at build time.
pub struct Replay<const NAMES: usize, const PHASES: usize> {
    /// The engram file the host minted.
    pub engram: &'static [u8],
    /// The engram count in the file's header: the bank must hold them all.
    pub engram_count: usize,
    /// Every leaf name of the records, sorted (so sorting a record's
    /// leaves by index sorts them by name).
    pub names: [&'static str; NAMES],
    /// The `_phase` labels, in order of first appearance.
    pub phases: [&'static str; PHASES],
    /// The records, in stream order.
    pub records: &'static [Record],
}

impl NameIndex for Field {
    fn name_index(&self) -> u8 {
        self.0
    }
}

/// The leaf value as the core's detector reads it.
fn leaf(value: Value) -> Leaf<'static> {
    match value {
        Value::Str(text) => Leaf::Str(text),
        Value::Num(x) => Leaf::Number(x),
        Value::Bool(b) => Leaf::Bool(b),
        Value::Null => Leaf::Null,
    }
}

/// The encoders of leaf values: numbers by the detector's log encoder,
/// everything else as an atom through a small cache.
type Leaves = LeafEncoder<D, AtomCache<D, ATOM_CACHE>>;

/// Scores one record with the core's rules ([`score_leaves`]). `vectors`
/// holds the leaves' vectors meanwhile, `pair` one binding.
fn score_record<const NAMES: usize, const N: usize>(
    bank: &EngramBank<D, N>,
    ids: &SlotIds<NAMES>,
    leaves: &mut Leaves,
    scratch: &mut Scratch,
    fields: &[Field],
) -> Result<RecordScore, Failure> {
    let vectors = scratch
        .leaves
        .get_mut(..fields.len())
        .ok_or("replay: a record has more leaves than MAX_FIELDS")?;
    for (field, v) in fields.iter().zip(vectors.iter_mut()) {
        leaves.encode_into(leaf(field.1), v);
    }
    let slots = RecordSlots { ids, fields };
    Ok(score_leaves(bank, &slots, vectors, &mut scratch.pair))
}

/// The leaf vectors of one record and one binding.
struct Scratch {
    leaves: [Vector<D>; MAX_FIELDS],
    pair: Vector<D>,
}

/// Loads the engrams, scores every record, prints the report lines (see
/// the module documentation) and returns the verdict digest.
///
/// Memory: the bank is about `BANK_CAPACITY * (D + 48)` bytes (134 KiB), the
/// atom cache `ATOM_CACHE * D`, the leaf vectors `MAX_FIELDS * D`, the number
/// encoder `4 * D`, all in this function's frame.
#[inline(never)]
pub fn run<const NAMES: usize, const PHASES: usize, W: Write, C: Clock>(
    data: &Replay<NAMES, PHASES>,
    out: &mut W,
    clock: &mut C,
) -> Result<u64, Failure> {
    let mut bank = EngramBank::<D, BANK_CAPACITY>::new();
    let seed = step(out, clock, "replay_load", || bank.load(data.engram))
        .map_err(|_| "replay: the engram file does not load into the bank")?;
    if bank.len() != data.engram_count || bank.is_empty() {
        return Err("replay: the bank does not hold every engram of the file");
    }
    let threshold = bank
        .get(0)
        .map_or(holon_core::detect::ANOMALY_THRESHOLD, |e| e.threshold());
    let _ = writeln!(
        out,
        "ENGRAMS loaded={} capacity={} bytes={} seed={} threshold={}",
        bank.len(),
        BANK_CAPACITY,
        data.engram.len(),
        seed,
        threshold
    );

    let (ids, mut leaves) = step(out, clock, "replay_setup", || {
        let ids = SlotIds::new(seed, &data.names);
        let leaves = Leaves::new(seed, AtomCache::new());
        (ids, leaves)
    });
    let mut scratch = Scratch {
        leaves: [const { Vector::<D>::zero() }; MAX_FIELDS],
        pair: Vector::zero(),
    };
    let mut phases = PhaseTable::<PHASES>::new();
    let mut digest = VerdictDigest::new();
    let (mut anomalies, mut slots) = (0u32, 0u64);

    let t0 = clock.now();
    for record in data.records {
        let score = score_record(&bank, &ids, &mut leaves, &mut scratch, record.fields)?;
        let anomaly = score.is_anomaly(threshold);
        digest.add(anomaly, score.score);
        anomalies += u32::from(anomaly);
        slots += u64::from(score.slots);
        phases.add(usize::from(record.phase), record.attack, anomaly);
    }
    let ticks = clock.now().wrapping_sub(t0);
    let insns = clock.ticks_to_insns(ticks);
    cycles_line(out, "replay", None, ticks, insns);

    let records = data.records.len();
    let stats = leaves.codebook().stats();
    let _ = writeln!(
        out,
        "REPLAY records={} slots={} insns_per_record={} atoms_hits={} atoms_misses={} atoms_evictions={}",
        records,
        slots,
        insns / (records.max(1) as u64),
        stats.hits,
        stats.misses,
        stats.evictions
    );
    let _ = phases.write(out, "PHASE ", |row| {
        data.phases.get(row).copied().unwrap_or("-")
    });
    let _ = writeln!(
        out,
        "VERDICTS records={} anomalies={} digest={:016x}",
        records,
        anomalies,
        digest.value()
    );
    if phases.other().records > 0 {
        return Err("replay: a record names a phase past the phase table");
    }
    Ok(digest.value())
}

#[cfg(all(test, not(target_os = "none")))]
mod tests {
    extern crate std;

    use super::*;
    use holon_core::atom::atom;
    use holon_core::detect::{field_slot, number_encoder, number_vector, pair_slot};
    use holon_core::engram::Engram;
    use holon_core::ops::bind;

    static NAMES: [&str; 2] = ["port", "proto"];
    static RECORDS: [Record; 3] = [
        Record {
            fields: &[Field(0, Value::Num(53.0)), Field(1, Value::Str("UDP"))],
            phase: 0,
            attack: false,
        },
        Record {
            fields: &[Field(0, Value::Num(53.0)), Field(1, Value::Str("TCP"))],
            phase: 1,
            attack: true,
        },
        Record {
            fields: &[Field(1, Value::Bool(true))],
            phase: 1,
            attack: false,
        },
    ];

    /// A bank that knows `{port: 53, proto: "UDP"}` and the scores the
    /// records get from it, computed the long way.
    #[test]
    fn replay_scores_like_the_detector_rules() {
        let seed = 7;
        let port = number_vector(&number_encoder::<D>(seed), 53.0);
        let udp: Vector<D> = atom(seed, "UDP");
        let mut bank = std::boxed::Box::new(EngramBank::<D, 4>::new());
        for (slot, v) in [
            (field_slot(seed, "port"), port.clone()),
            (field_slot(seed, "proto"), udp.clone()),
            (pair_slot(seed, "port", "proto"), bind(&port, &udp)),
        ] {
            bank.push(Engram::new("x", slot, v, 0.3, 1).unwrap())
                .unwrap();
        }
        let mut bytes = std::vec![0u8; bank.encoded_len()];
        bank.emit(seed, &mut bytes).unwrap();
        let data = Replay {
            engram: std::boxed::Box::leak(bytes.into_boxed_slice()),
            engram_count: 3,
            names: NAMES,
            phases: ["calm", "storm"],
            records: &RECORDS,
        };
        let mut out = std::string::String::new();
        let digest = run(&data, &mut out, &mut crate::clock::NullClock).unwrap();

        // The same scores the long way: each slot's best cosine (one
        // engram per slot here; none for `proto` alone), the minimum over
        // the record's slots.
        let tcp: Vector<D> = atom(seed, "TCP");
        let t: Vector<D> = atom(seed, "true");
        let pair = bind(&port, &udp);
        let scores = [
            pair.cosine(&bind(&port, &udp))
                .min(port.cosine(&port))
                .min(udp.cosine(&udp)),
            pair.cosine(&bind(&port, &tcp))
                .min(port.cosine(&port))
                .min(udp.cosine(&tcp)),
            udp.cosine(&t),
        ];
        assert!(scores[0] > 0.99 && scores[1] < 0.3 && scores[2] < 0.3);
        // The digest the long way: FNV-1a 64 over flag byte and score bits.
        let mut expect = crate::digest::Fnv64::new();
        for s in scores {
            expect.write(&[u8::from(s < 0.3)]);
            expect.write(&s.to_bits().to_le_bytes());
        }
        assert_eq!(digest, expect.finish(), "{out}");
        assert!(out.contains("VERDICTS records=3 anomalies=2 "), "{out}");
        assert!(
            out.contains("\nPHASE storm                 2        1        2  100.000%        1        1  100.000%\n"),
            "{out}"
        );
        assert!(out.contains("\nPHASE all                   3 "), "{out}");
    }
}

//! Panic-freedom check for holon-core, by linking.
//!
//! The `#[panic_handler]` calls an `extern "C"` function that nothing
//! defines. After fat LTO the handler is only kept if some panic path
//! survived optimisation, and then the link fails with
//!
//! ```text
//! undefined reference to `holon_panic_check__a_panic_path_survived_optimisation'
//! ```
//!
//! (the linker also names the function holding the call). `main` calls every
//! public holon-core operation on inputs read with `read_volatile` from
//! statics, so the optimiser cannot constant-fold bounds or lengths away.
//! That includes vectors whose components are arbitrary bytes, wrapped with
//! `Vector::from_trusted_trits` or written through `trusted_trits_mut` (a
//! logic error, which must still never reach a panic).
//!
//! Only meaningful in `--release` (the workspace profile has `lto = true`,
//! `codegen-units = 1`, `panic = "abort"`). With the feature
//! `prove-the-check-bites` a deliberate out-of-bounds-capable slice index is
//! added and the link must fail.
//!
//! The image also runs: under QEMU (mps2-an386) it exits with status 0.
#![no_std]
#![no_main]
#![deny(unsafe_code)]

use core::fmt;
use core::hint::black_box;

use cortex_m_rt::entry;
use cortex_m_semihosting::debug;
use holon_core::{
    atom::{atom, position, Codebook, DeriveAtoms},
    detect::{
        field_slot, number_encoder, number_vector, pair_slot, slot_score, Percent, PhaseTable,
        RecordScore, VerdictDigest, ANOMALY_THRESHOLD,
    },
    detect::{score_leaves, slot_count, Leaf, LeafEncoder, NamedSlots, SlotTable},
    engram::{encoded_len, packed_len, record_len, Engram, EngramBank, EngramFile},
    ops::{self, NegateMode},
    record::{RecordEncoder, Scalar, SeqMode},
    Accumulator, AtomCache, AtomHasher, AtomKey, AtomStream, DecayingAccumulator, Vector,
};

/// The only `unsafe` in this crate: opaque reads of input statics, and the
/// call to the symbol that must never be defined.
#[allow(unsafe_code)]
pub(crate) mod opaque {
    /// Reads `*v` in a way the optimiser must treat as unknown.
    pub fn read<T: Copy>(v: &T) -> T {
        // SAFETY: `v` is a valid, aligned reference; volatile only stops the
        // compiler from assuming the value.
        unsafe { core::ptr::read_volatile(v) }
    }

    extern "C" {
        /// Deliberately defined nowhere. Any reference to it that survives
        /// LTO and `--gc-sections` is a link error.
        fn holon_panic_check__a_panic_path_survived_optimisation() -> !;
    }

    pub fn panic_path_survived() -> ! {
        // SAFETY: never executes: if this call is reachable the image does
        // not link, so no binary containing it exists.
        unsafe { holon_panic_check__a_panic_path_survived_optimisation() }
    }
}

use opaque::read;

mod algebra;
mod memory;
mod packed;

static SEED: u64 = 0;
static TEXT: [u8; 16] = *b"dst_port=80/tcp!";
static TEXT_LEN: usize = 8;
static INDEX: u64 = 3;
static SHIFT: i64 = -7;
static WEIGHT: f32 = 0.25;
static THRESHOLD: f32 = 0.5;
static MIN_AGREE: usize = 2;
static TRITS: [i8; 8] = [1, -1, 0, 1, 0, 0, -1, 1];
static TRITS_LEN: usize = 8;
static TRIT_TEXT: [u8; 8] = *b"+-0+00-+";
static SLICE_INDEX: usize = 5;

/// Text of opaque length and content; invalid UTF-8 falls back to "".
fn text() -> &'static str {
    let len = read(&TEXT_LEN);
    let bytes = TEXT.get(..len).unwrap_or(&[]);
    core::str::from_utf8(bytes).unwrap_or("")
}

/// Counts characters: a `fmt::Write` sink that cannot fail.
struct Count(usize);

impl fmt::Write for Count {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 = self.0.wrapping_add(s.len());
        Ok(())
    }
}

#[inline(never)]
fn exercise<const D: usize>() {
    let seed = read(&SEED);
    let t = text();

    // atom
    let key = AtomKey::new(seed, t);
    let key2 = AtomKey::from_bytes(seed, t.as_bytes());
    let keyp = AtomKey::position(seed, read(&INDEX));
    black_box((
        key.raw(),
        key2 == key,
        AtomKey::from_raw(read(&INDEX)).raw(),
        keyp,
    ));
    let mut hasher = AtomHasher::new(seed);
    hasher
        .update_str(t)
        .update(t.as_bytes())
        .update_decimal(read(&INDEX));
    let k3 = hasher.clone().finish();
    black_box(k3);
    let mut stream = AtomStream::new(seed, t);
    let mut buf = [0i8; 37];
    stream.fill(&mut buf);
    black_box((&buf, stream.next()));
    let mut ks = key.stream();
    black_box((ks.next(), ks.next_word()));

    let a: Vector<D> = atom(seed, t);
    let b: Vector<D> = position(seed, read(&INDEX));
    let c: Vector<D> = key.vector();

    // vector
    let z = Vector::<D>::zero();
    let f = Vector::<D>::from_fn(|i| (i as i8).wrapping_mul(read(&TRITS[0])));
    let it = Vector::<D>::from_trit_iter(read(&TRITS).into_iter().cycle().take(read(&TRITS_LEN)));
    let tr = Vector::<D>::try_from_trits(TRITS.get(..read(&TRITS_LEN)).unwrap_or(&[]));
    let s = core::str::from_utf8(&TRIT_TEXT).unwrap_or("");
    let parsed: Result<Vector<D>, _> = s.parse();
    black_box((&z, &f, &it, &tr, &parsed));
    black_box((
        a.get(read(&SLICE_INDEX)),
        a.nnz(),
        a.is_zero(),
        a.as_trits(),
    ));
    black_box((a.dot(&b), a.cosine(&b), a.hamming(&b), a.agreement(&b)));
    let mut count = Count(0);
    let written = a.write_trits(&mut count).is_ok();
    black_box((written, count.0));
    black_box(holon_core::vector::trit_char(read(&TRITS[1])));
    black_box(holon_core::vector::trit_from_char(char::from(read(
        &TRIT_TEXT[2],
    ))));

    // ops
    let w = read(&WEIGHT);
    black_box(ops::bind(&a, &b));
    black_box(ops::bundle(&[&a, &b, &c]));
    black_box(ops::bundle::<D, Vector<D>>(&[]));
    black_box(ops::permute(&a, read(&SHIFT)));
    black_box(ops::permute(&a, i64::MIN));
    black_box(ops::negate(&a, &b, NegateMode::Subtract));
    black_box(ops::negate(&a, &b, NegateMode::ZeroOut));
    black_box(ops::negate(&a, &b, NegateMode::Invert));
    black_box(ops::amplify(&a, &b, w));
    black_box(ops::difference(&a, &b));
    black_box(ops::blend(&a, &b, w));
    black_box(ops::resonance(&a, &b));
    black_box(ops::prototype(&[&a, &b, &c], read(&THRESHOLD)));
    black_box(ops::prototype_min_agree(&[&a, &b, &c], read(&MIN_AGREE)));

    // accumulators
    let mut acc = Accumulator::<D>::new();
    acc.add(&a);
    acc.add_weighted(&b, read(&SHIFT) as i32);
    let other = acc.clone();
    acc.merge(&other);
    black_box((
        acc.count(),
        acc.sums(),
        acc.threshold(),
        acc.dot(&c),
        acc.cosine(&c),
    ));
    acc.clear();
    black_box(&acc);
    let mut dec = DecayingAccumulator::<D>::new();
    dec.add(&a);
    dec.add_weighted(&b, w);
    dec.decay(w);
    let other = dec.clone();
    dec.merge(&other);
    black_box((
        dec.total_weight(),
        dec.sums(),
        dec.threshold(),
        dec.dot(&c),
        dec.cosine(&c),
    ));
    dec.clear();
    black_box(&dec);

    // cache
    let mut cache = AtomCache::<D, 8>::new();
    black_box(cache.get(key));
    black_box(cache.get_str(seed, t));
    black_box(cache.get(keyp));
    black_box((
        cache.contains(key),
        cache.len(),
        cache.is_empty(),
        cache.capacity(),
        cache.stats(),
    ));
    let mut loaded = Vector::<D>::zero();
    cache.load(key, &mut loaded);
    DeriveAtoms.load(keyp, &mut loaded);
    black_box(&loaded);
    cache.clear();
    black_box(&cache);
}

static MODE: u8 = 3;
static NUMBER: f64 = 52.5;

/// A sequence mode the optimiser cannot predict.
fn mode() -> SeqMode {
    match read(&MODE) % 4 {
        0 => SeqMode::Positional,
        1 => SeqMode::Bundle,
        2 => SeqMode::Chained,
        _ => SeqMode::Ngram,
    }
}

/// Every record-encoder call, including the misuses that return errors.
#[inline(never)]
fn records<const D: usize, const DEPTH: usize, C: Codebook<D>>(
    enc: &mut RecordEncoder<D, DEPTH, C>,
) {
    let t = text();
    let n = read(&NUMBER);
    let filler: Vector<D> = atom(read(&SEED), t);
    let _ = black_box(enc.seed());
    let _ = black_box(enc.field(t, Scalar::Str(t)));
    let _ = black_box(enc.field("n", Scalar::Float(n)));
    let _ = black_box(enc.field("i", Scalar::Int(read(&SHIFT))));
    let _ = black_box(enc.field("u", Scalar::Uint(read(&INDEX))));
    let _ = black_box(enc.field("b", Scalar::Bool(n > 1.0)));
    let _ = black_box(enc.field("z", Scalar::Null));
    let _ = black_box(enc.field_vector("v", &filler));
    let _ = black_box(enc.begin_map(t));
    let _ = black_box(enc.begin_seq("xs", mode()));
    let _ = black_box(enc.item(Scalar::Str(t)));
    let _ = black_box(enc.item_vector(&filler));
    let _ = black_box(enc.begin_item_map());
    let _ = black_box(enc.field("k", Scalar::Float(n)));
    let _ = black_box(enc.end());
    let _ = black_box(enc.begin_item_seq(mode()));
    let _ = black_box(enc.item(Scalar::Null));
    let _ = black_box(enc.end());
    let _ = black_box(enc.begin_item_set());
    let _ = black_box(enc.end());
    let _ = black_box(enc.field("misplaced", Scalar::Null));
    let _ = black_box(enc.end());
    let _ = black_box(enc.begin_set("s"));
    let _ = black_box(enc.item(Scalar::Int(-1)));
    let _ = black_box(enc.end());
    let _ = black_box(enc.end());
    let _ = black_box(enc.item(Scalar::Null));
    let _ = black_box(enc.finish());
    let _ = black_box(enc.start_root_sequence(mode()));
    let _ = black_box(enc.item(Scalar::Str(t)));
    let _ = black_box(enc.finish());
    let _ = black_box(enc.start_root_set());
    let _ = black_box(enc.finish());
    let _ = black_box(enc.end());
    let _ = black_box(enc.codebook());
    enc.reset();
    let _ = black_box(Scalar::Float(n).key(read(&SEED)));
}

static NAME: [u8; 40] = *b"dst_port&src_port.with-a-long-name-here!";
static NAME_LEN: usize = 8;
static NAME_SPLIT: usize = 3;
static SLOT: u32 = 0x5eed;
static COUNT: u32 = 12;
static FILE_LEN: usize = 700;
static FILE_START: usize = 0;
/// An engram file behind an opaque pointer and length: a valid one, one
/// engram "x" of D = 3 (slot 0x5eed, threshold 0.3, count 12, `+-0`),
/// seed 7, as `EngramBank::emit` writes it.
#[rustfmt::skip]
static FILE: &[u8] = &[
    // header: magic, version 1, flags 0, D = 3, 1 engram, seed 7
    b'H', b'L', b'N', b'G', 1, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0,
    // name length and 32 bytes of name
    1, b'x', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    // slot, threshold 0.3, count, prototype `+-0`
    0xed, 0x5e, 0, 0, 0x9a, 0x99, 0x99, 0x3e, 12, 0, 0, 0, 0b00_10_01,
    // CRC-32
    0x15, 0x0f, 0x58, 0xac,
];

/// Text of opaque length from `NAME` (up to 40 bytes: longer than an
/// engram name may be).
fn name() -> &'static str {
    let len = read(&NAME_LEN);
    core::str::from_utf8(NAME.get(..len).unwrap_or(&[])).unwrap_or("")
}

/// Every public call of `holon_core::engram`: engrams, a bank of capacity
/// `N` (0 included), the byte format both ways, the checked view, its
/// records and iterator. `out` is the buffer `emit` writes into.
#[inline(never)]
fn engrams<const D: usize, const N: usize>(out: &mut [u8]) {
    let seed = read(&SEED);
    let n = name();
    let d = read(&TEXT_LEN);
    black_box((
        encoded_len(d, read(&FILE_LEN)),
        packed_len(d),
        record_len(d),
    ));
    black_box(encoded_len(usize::MAX, read(&FILE_LEN)));

    let proto: Vector<D> = atom(seed, text());
    let engram = Engram::new(n, read(&SLOT), proto.clone(), read(&WEIGHT), read(&COUNT));
    let engram2 = Engram::new(
        text(),
        read(&SLOT) ^ 1,
        position(seed, 1),
        read(&THRESHOLD),
        3,
    );
    let bad = Engram::new(n, 0, proto.clone(), read(&WEIGHT) / 0.0, 0);
    black_box((&engram, &engram2, &bad));
    if let Ok(e) = &engram {
        black_box((e.name(), e.slot(), e.threshold(), e.count(), e.prototype()));
    }

    let mut bank = EngramBank::<D, N>::new();
    black_box((
        EngramBank::<D, N>::CAPACITY,
        bank.is_empty(),
        bank.is_full(),
    ));
    for e in [engram, engram2, bad].into_iter().flatten() {
        let _ = black_box(bank.push(e.clone()));
        let _ = black_box(bank.push(e));
    }
    black_box((bank.len(), bank.get(read(&SLICE_INDEX)), bank.as_slice()));
    black_box((bank.find(n), bank.find(text())));
    for e in &bank {
        black_box(e.count());
    }
    black_box(bank.iter().len());
    let query: Vector<D> = atom(seed, n);
    black_box(bank.best_in_slot(read(&SLOT), &query));
    black_box(bank.top_k::<0>(&query));
    black_box(bank.top_k::<1>(&query));
    black_box(bank.top_k::<5>(&query));
    black_box(bank.encoded_len());

    let written = bank.emit(seed, out);
    let _ = black_box(written);
    let len = read(&FILE_LEN);
    let emitted = out.get(..len).unwrap_or(&[]);
    let outside = read(&FILE).get(read(&FILE_START)..).unwrap_or(&[]);
    for bytes in [emitted, outside] {
        if let Ok(file) = EngramFile::<D, _>::new_checked(bytes) {
            black_box((file.version(), file.flags(), file.dimensions(), file.seed()));
            black_box((
                file.len(),
                file.is_empty(),
                file.checksum(),
                file.as_bytes(),
            ));
            for record in &file {
                black_box((
                    record.name(),
                    record.slot(),
                    record.threshold(),
                    record.count(),
                ));
                black_box((record.prototype(), record.to_engram()));
            }
            let mut records = file.iter();
            black_box((
                records.size_hint(),
                records.len(),
                records.nth(read(&SLICE_INDEX)),
            ));
            black_box(records.next().map(|r| r.slot()));
            black_box(file.get(read(&SLICE_INDEX)).map(|r| r.count()));
            black_box(file.into_inner());
        }
        let parsed = EngramBank::<D, N>::from_bytes(bytes);
        let _ = black_box(
            parsed
                .as_ref()
                .map(|(b, seed)| (b.len(), *seed, *b == bank)),
        );
        let mut other = EngramBank::<D, N>::new();
        let _ = black_box(other.load(bytes));
        let _ = black_box(bank.load(bytes));
    }
    bank.clear();
    black_box(&bank);
}

/// Every public call of `holon_core::detect`: the number encoder and its
/// vectors (positive, negative, NaN), slot ids, slot scores against a bank,
/// and the record score.
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

/// The flat-record scoring of `holon_core::detect` (leaf encoders over both
/// codebooks, hashed and tabled slot ids, `score_leaves`) on a record and a
/// slot table whose lengths the optimiser cannot see.
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

static VALUE: f64 = 37.5;
static SCALE: f64 = 100.0;
static SECONDS: i64 = -11_676_096_000;
static STEPS: i32 = -4096;
static TURNS: u32 = 0x4000_0000;

/// Every public call of `holon_core::magnitude`, tables and table-free forms,
/// with values and parameters the optimiser cannot see (NaN, infinities and
/// invalid scales reach the same code paths).
#[inline(never)]
fn scalars<const D: usize>() {
    use holon_core::magnitude::{
        circular, linear, log, time, CircularEncoder, LinearEncoder, LogEncoder, TimeEncoder,
        TimePhases,
    };
    let (seed, value, scale) = (read(&SEED), read(&VALUE), read(&SCALE));
    let mut out = Vector::<D>::zero();
    if let Ok(enc) = LinearEncoder::<D>::new(seed, scale) {
        black_box((enc.scale(), enc.offset(), enc.encode(value)));
        enc.encode_into(value, &mut out);
        black_box(enc.encode_steps(read(&STEPS)));
    }
    black_box(LinearEncoder::<D>::for_range(seed, -value, scale).is_ok());
    black_box(linear::<D>(seed, value, scale));
    let log_enc = LogEncoder::<D>::new(seed);
    black_box((log_enc.decades_per_scale(), log_enc.encode(value)));
    log_enc.encode_into(value, &mut out);
    black_box(LogEncoder::<D>::with_decades(seed, scale).is_ok());
    black_box(log::<D>(seed, value));
    if let Ok(enc) = CircularEncoder::<D>::new(seed, scale) {
        black_box((
            enc.period(),
            enc.encode(value),
            enc.encode_turns(read(&TURNS)),
        ));
        enc.encode_into(value, &mut out);
    }
    black_box(circular::<D>(seed, value, scale));
    let time_enc = TimeEncoder::<D>::new(seed);
    let phases = TimePhases::from_unix(read(&SECONDS));
    black_box((
        time_enc.encode(read(&SECONDS)),
        time_enc.encode_phases(phases),
    ));
    time_enc.encode_into(read(&SECONDS), &mut out);
    black_box(time::<D>(seed, read(&SECONDS)));
    black_box(&out);
}

/// Arbitrary components, most of them not trits.
static RAW: [i8; 16] = [
    127, -128, 5, -1, 0, 1, -7, 64, -2, 2, 1, -1, 100, -100, 0, 3,
];

/// A vector of opaque, mostly non-trit components, built unchecked.
fn untrusted_vector<const D: usize>(salt: usize) -> Vector<D> {
    let mut trits = [0i8; D];
    for (i, t) in trits.iter_mut().enumerate() {
        *t = read(&RAW[i.wrapping_add(salt) % RAW.len()]);
    }
    Vector::from_trusted_trits(trits)
}

/// A codebook whose every atom is the same untrusted vector, written in
/// place.
struct Untrusted<const D: usize>(Vector<D>);

impl<const D: usize> Codebook<D> for Untrusted<D> {
    fn load(&mut self, _: AtomKey, out: &mut Vector<D>) {
        *out.trusted_trits_mut() = *self.0.as_trits();
    }
}

/// Every operation that reads a vector, on vectors that break the trit
/// invariant: the results are unspecified, but no panic path may survive.
#[inline(never)]
fn untrusted<const D: usize>() {
    let a = untrusted_vector::<D>(read(&SLICE_INDEX));
    let b = untrusted_vector::<D>(read(&SLICE_INDEX).wrapping_mul(7));
    let mut c: Vector<D> = atom(read(&SEED), text());
    for t in c.trusted_trits_mut().iter_mut() {
        *t = t.wrapping_mul(read(&RAW[0]));
    }
    let w = read(&WEIGHT);

    // vector
    black_box((a.dot(&b), a.cosine(&b), a.hamming(&b), a.agreement(&b)));
    black_box((a.nnz(), a.is_zero(), a.get(read(&SLICE_INDEX)), a == b));
    black_box(Vector::<D>::try_from_trits(a.as_trits()));
    let mut count = Count(0);
    black_box((a.write_trits(&mut count).is_ok(), count.0));

    // ops
    let mut out = Vector::<D>::zero();
    ops::bind_into(&a, &b, &mut out);
    black_box(&out);
    black_box(ops::bind(&a, &c));
    black_box(ops::bundle(&[&a, &b, &c]));
    black_box(ops::permute(&a, read(&SHIFT)));
    black_box(ops::negate(&a, &b, NegateMode::Subtract));
    black_box(ops::negate(&a, &b, NegateMode::ZeroOut));
    black_box(ops::negate(&a, &b, NegateMode::Invert));
    black_box(ops::amplify(&a, &b, w));
    black_box(ops::difference(&a, &b));
    black_box(ops::blend(&a, &b, w));
    black_box(ops::resonance(&a, &b));
    black_box(ops::prototype(&[&a, &b, &c], read(&THRESHOLD)));
    black_box(ops::prototype_min_agree(&[&a, &b, &c], read(&MIN_AGREE)));

    // accumulators, with opaque (possibly extreme) weights
    let mut acc = Accumulator::<D>::new();
    acc.add(&a);
    acc.add_weighted(&b, read(&SHIFT) as i32);
    acc.add_weighted(&c, read(&SECONDS) as i32);
    let other = acc.clone();
    acc.merge(&other);
    black_box((acc.threshold(), acc.dot(&a), acc.cosine(&b)));
    let mut dec = DecayingAccumulator::<D>::new();
    dec.add(&a);
    dec.add_weighted(&b, w);
    dec.decay(w);
    black_box((dec.threshold(), dec.dot(&a), dec.cosine(&b)));

    // a bank of untrusted prototypes, matched and written out
    let mut bank = EngramBank::<D, 2>::new();
    for (i, p) in [&a, &c].into_iter().enumerate() {
        if let Ok(e) = Engram::new(name(), read(&SLOT) ^ i as u32, p.clone(), 0.3, 1) {
            let _ = bank.push(e);
        }
    }
    black_box((bank.top_k::<2>(&b), bank.best_in_slot(read(&SLOT), &b)));
    black_box(slot_score(&bank, read(&SLOT), &a));
    let mut bytes = [0u8; 1024];
    let _ = black_box(bank.emit(read(&SEED), &mut bytes));

    // records: untrusted atoms from the codebook, fillers and items
    let mut enc = RecordEncoder::<D, 3, _>::new(read(&SEED), Untrusted(a.clone()));
    let _ = black_box(enc.field("k", Scalar::Str(text())));
    let _ = black_box(enc.field_vector("v", &b));
    let _ = black_box(enc.begin_seq("xs", mode()));
    let _ = black_box(enc.item_vector(&c));
    let _ = black_box(enc.item_vector(&b));
    let _ = black_box(enc.item(Scalar::Null));
    let _ = black_box(enc.end());
    let _ = black_box(enc.begin_set("s"));
    let _ = black_box(enc.item_vector(&a));
    let _ = black_box(enc.end());
    let _ = black_box(enc.finish());
}

#[inline(never)]
fn truncations() {
    let a: Vector<1024> = atom(read(&SEED), text());
    black_box(a.truncate::<1000>());
    black_box(a.truncate::<1>());
    black_box(a.truncate::<1024>());
}

#[entry]
fn main() -> ! {
    exercise::<1024>();
    exercise::<1000>();
    exercise::<3>();
    truncations();
    untrusted::<1024>();
    untrusted::<1001>();
    records(&mut RecordEncoder::<256, 3, _>::new(
        read(&SEED),
        DeriveAtoms,
    ));
    records(&mut RecordEncoder::<64, 2, _>::new(
        read(&SEED),
        AtomCache::<64, 4>::new(),
    ));
    let mut out = [0u8; 4096];
    scalars::<1024>();
    scalars::<7>();
    engrams::<1024, 2>(&mut out);
    engrams::<1001, 3>(&mut out);
    engrams::<3, 4>(&mut out);
    engrams::<3, 0>(&mut out);
    black_box(&out);
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
    detection(&bank);
    detection(&EngramBank::<3, 1>::new());
    algebra::exercise::<1024, 256>();
    algebra::exercise::<3, 5>();
    flat_records(&bank);
    flat_records(&EngramBank::<3, 1>::new());
    let mut memory_out = [0u8; 8192];
    memory::exercise(&mut memory_out);
    packed::exercise();

    #[cfg(feature = "prove-the-check-bites")]
    {
        // A slice index the optimiser cannot prove in bounds: keeps a
        // `panic_bounds_check` call, so the link must fail.
        let table = [1u8, 2, 3, 4];
        black_box(table[read(&SLICE_INDEX)]);
    }

    debug::exit(debug::EXIT_SUCCESS);
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    opaque::panic_path_survived()
}

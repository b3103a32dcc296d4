//! A broken promise to `Vector::from_trusted_trits` is a logic error, never a
//! panic: arbitrary `i8` components go through every public operation of
//! `holon-core` here, in a test build (overflow checks on), and the only
//! assertion is that everything returns.
//!
//! The results are unspecified, so none is compared with anything. Both
//! dimensions have tails past the kernels' blocks; 4099 also crosses the
//! point where the 64-bit kernel widens its narrow lanes. The 32-bit SWAR
//! kernel gets the same treatment in `holon-core`'s own unit tests
//! (`kernel::tests::non_trits_never_panic_in_either_implementation`).

use std::fmt::Write as _;
use std::hash::{BuildHasher, RandomState};

use holon_core::accumulator::{Accumulator, DecayingAccumulator};
use holon_core::atom::{Codebook, DeriveAtoms};
use holon_core::detect::{slot_score, RecordScore};
use holon_core::engram::{Engram, EngramBank};
use holon_core::ops::{
    amplify, bind, bind_into, blend, bundle, difference, negate, permute, prototype,
    prototype_min_agree, resonance, NegateMode,
};
use holon_core::record::{RecordEncoder, Scalar, SeqMode};
use holon_core::{AtomKey, Vector};
use proptest::prelude::*;

/// Any `i8`, with the extremes and the trits drawn often.
fn component() -> impl Strategy<Value = i8> {
    prop_oneof![
        4 => any::<i8>(),
        1 => Just(i8::MIN),
        1 => Just(i8::MAX),
        1 => -1i8..=1,
    ]
}

/// A vector built from arbitrary components without any check.
fn untrusted<const N: usize>() -> impl Strategy<Value = Vector<N>> {
    proptest::collection::vec(component(), N).prop_map(|values| {
        let trits: [i8; N] = values.try_into().expect("the strategy yields N values");
        Vector::from_trusted_trits(trits)
    })
}

fn weight() -> impl Strategy<Value = f32> {
    prop_oneof![
        any::<f32>(),
        Just(f32::NAN),
        Just(f32::MAX),
        Just(-f32::MAX),
        -2.0f32..2.0,
    ]
}

/// A codebook whose atoms are the caller's (possibly non-trit) components,
/// written in place: the path a user codebook with a broken promise takes.
struct Poisoned<const N: usize>(Vec<Vector<N>>);

impl<const N: usize> Codebook<N> for Poisoned<N> {
    fn load(&mut self, key: AtomKey, out: &mut Vector<N>) {
        let pick = (key.raw() % self.0.len() as u64) as usize;
        out.trusted_trits_mut()
            .copy_from_slice(self.0[pick].as_trits());
    }
}

/// Every vector method, operation, accumulator, bank and encoder on `xs`.
fn exercise<const N: usize>(xs: &[Vector<N>], weights: (f32, f32), ints: (i32, i32)) {
    let (a, b) = (&xs[0], &xs[1]);

    // Vector itself.
    let _ = (a.dot(b), a.cosine(b), a.hamming(b), a.agreement(b));
    let _ = (a.nnz(), a.is_zero(), a.get(N - 1), a.get(N), a == b);
    let _ = (a.truncate::<1>(), RandomState::new().hash_one(a));
    let _ = Vector::<N>::try_from_trits(a.as_trits());
    let mut text = String::new();
    write!(text, "{a} {a:?}").unwrap();
    let _ = a.clone().into_trits();

    // The algebra.
    let mut out = a.clone();
    bind_into(a, b, &mut out);
    let _ = (bind(a, b), bundle(xs), permute(a, i64::MIN), permute(a, 1));
    let many: Vec<&Vector<N>> = xs.iter().cycle().take(300).collect();
    let _ = bundle(&many);
    for mode in [
        NegateMode::Subtract,
        NegateMode::ZeroOut,
        NegateMode::Invert,
    ] {
        let _ = negate(a, b, mode);
    }
    let _ = (amplify(a, b, weights.0), blend(a, b, weights.1));
    let _ = (difference(a, b), resonance(a, b));
    let _ = (prototype(xs, weights.0), prototype_min_agree(&many, 2));

    // Accumulators, with every weight and their extremes.
    let mut acc = Accumulator::<N>::new();
    for (v, w) in xs.iter().zip([ints.0, ints.1, i32::MAX, i32::MIN, 1, -1]) {
        acc.add(v);
        acc.add_weighted(v, w);
    }
    let mut small = Accumulator::<N>::new();
    small.add_weighted(a, ints.0);
    small.add_weighted(b, 1);
    small.merge(&acc);
    acc.merge(&acc.clone());
    for acc in [&acc, &small] {
        let _ = (acc.threshold(), acc.dot(a), acc.cosine(b), acc.count());
    }
    let mut decaying = DecayingAccumulator::<N>::new();
    for v in xs {
        decaying.add(v);
        decaying.add_weighted(v, weights.0);
        decaying.add_weighted(v, f32::MAX);
        decaying.decay(weights.1);
    }
    decaying.merge(&decaying.clone());
    let _ = (decaying.threshold(), decaying.dot(a), decaying.cosine(b));

    // An engram bank, its matching and its byte format.
    let mut bank: Box<EngramBank<N, 4>> = Box::new(EngramBank::new());
    for (i, v) in xs.iter().take(4).enumerate() {
        let engram = Engram::new("e", i as u32 % 2, v.clone(), 0.5, 1).unwrap();
        bank.push(engram).unwrap();
    }
    let _ = (bank.top_k::<3>(b), bank.best_in_slot(1, a));
    let mut score = RecordScore::default();
    score.add(slot_score(&bank, 0, a));
    let _ = score.is_anomaly(0.3);
    let mut bytes = vec![0u8; bank.encoded_len()];
    bank.emit(7, &mut bytes).unwrap();
    let _ = EngramBank::<N, 4>::from_bytes(&bytes).unwrap();

    // The record encoder: non-trit atoms from a codebook, non-trit fillers
    // and items, every sequence mode (n-grams sum three products).
    let mut enc: Box<RecordEncoder<N, 4, _>> =
        Box::new(RecordEncoder::new(0, Poisoned(xs.to_vec())));
    for round in 0..2 {
        enc.field("k", Scalar::Str("v")).unwrap();
        enc.field_vector("f", a).unwrap();
        for mode in [
            SeqMode::Positional,
            SeqMode::Bundle,
            SeqMode::Chained,
            SeqMode::Ngram,
        ] {
            enc.begin_seq("s", mode).unwrap();
            for (i, v) in xs.iter().enumerate() {
                enc.item_vector(v).unwrap();
                enc.item(Scalar::Int(i as i64)).unwrap();
            }
            enc.end().unwrap();
        }
        enc.begin_set("set").unwrap();
        enc.item_vector(b).unwrap();
        enc.end().unwrap();
        // Enough leaves that the narrow sums widen (every 127 terms).
        for _ in 0..130 * round {
            enc.field_vector("g", b).unwrap();
        }
        let doc = enc.finish().unwrap();
        let _ = doc.cosine(a);
    }
    let mut honest: Box<RecordEncoder<N, 2, _>> = Box::new(RecordEncoder::new(0, DeriveAtoms));
    honest.field_vector("f", a).unwrap();
    let _ = honest.finish().unwrap();
}

proptest! {
    #[test]
    fn arbitrary_components_never_panic_short(
        xs in proptest::collection::vec(untrusted::<37>(), 2..7),
        weights in (weight(), weight()),
        ints in (any::<i32>(), any::<i32>()),
    ) {
        exercise(&xs, weights, ints);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn arbitrary_components_never_panic_long(
        xs in proptest::collection::vec(untrusted::<4099>(), 2..7),
        weights in (weight(), weight()),
        ints in (any::<i32>(), any::<i32>()),
    ) {
        exercise(&xs, weights, ints);
    }
}

#[test]
fn the_extremes_never_panic() {
    for fill in [i8::MIN, i8::MAX, -2, 2] {
        let xs = [
            Vector::<4099>::from_trusted_trits([fill; 4099]),
            Vector::from_trusted_trits([i8::MIN; 4099]),
            Vector::from_trusted_trits([i8::MAX; 4099]),
        ];
        exercise(&xs, (1.0, 0.5), (i32::MAX, i32::MIN));
    }
}

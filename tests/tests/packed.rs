//! The packed vector against the unpacked one: every operation gives the
//! same vector, the same integers and the same cosine bits, on random
//! inputs, at dimensions that fill whole words and at odd ones.

use holon_core::atom::{atom, position};
use holon_core::ops::{bind, bundle};
use holon_core::packed::{self, words, PackedVector};
use holon_core::{AtomKey, Vector};
use proptest::prelude::*;

/// Random trits with a chosen share of zeros, so sparse and dense vectors
/// (and the all-zero one) all come up.
fn vector<const N: usize>() -> impl Strategy<Value = Vector<N>> {
    (0u32..=100).prop_flat_map(|zero_percent| {
        proptest::collection::vec((0u32..100, any::<bool>()), N).prop_map(move |draws| {
            Vector::from_trit_iter(draws.into_iter().map(|(r, negative)| {
                if r < zero_percent {
                    0
                } else if negative {
                    -1
                } else {
                    1
                }
            }))
        })
    })
}

/// Every single-vector and two-vector operation at dimension `N`.
fn agree<const N: usize, const W: usize>(
    a: &Vector<N>,
    b: &Vector<N>,
) -> Result<(), TestCaseError> {
    let (pa, pb) = (
        PackedVector::<N, W>::from_vector(a),
        PackedVector::<N, W>::from_vector(b),
    );
    prop_assert_eq!(&pa.to_vector(), a);
    prop_assert_eq!(pa.nnz(), a.nnz());
    prop_assert_eq!(pa.is_zero(), a.is_zero());
    prop_assert_eq!(pa.dot(&pb), a.dot(b));
    prop_assert_eq!(pa.cosine(&pb).to_bits(), a.cosine(b).to_bits());
    prop_assert_eq!(pa.cosine(&pa).to_bits(), a.cosine(a).to_bits());
    prop_assert_eq!(
        pa.dot_and_norms(&pb),
        (a.dot(b), a.nnz() as u64, b.nnz() as u64)
    );
    prop_assert_eq!(packed::bind(&pa, &pb).to_vector(), bind(a, b));
    prop_assert_eq!(pa.to_string(), a.to_string());
    for i in 0..N {
        prop_assert_eq!(pa.get(i), a.get(i));
    }
    prop_assert_eq!(pa.get(N), None);
    let (z, n) = pa.planes();
    prop_assert_eq!(PackedVector::<N, W>::from_planes(*z, *n), Ok(pa.clone()));
    Ok(())
}

proptest! {
    #[test]
    fn every_operation_agrees_at_1024(a in vector::<1024>(), b in vector::<1024>()) {
        agree::<1024, { words(1024) }>(&a, &b)?;
    }

    #[test]
    fn every_operation_agrees_at_odd_dimensions(
        (a, b) in (vector::<100>(), vector::<100>()),
        (c, d) in (vector::<33>(), vector::<33>()),
        (e, f) in (vector::<1>(), vector::<1>()),
        (g, h) in (vector::<1021>(), vector::<1021>()),
    ) {
        agree::<100, { words(100) }>(&a, &b)?;
        agree::<33, { words(33) }>(&c, &d)?;
        agree::<1, { words(1) }>(&e, &f)?;
        agree::<1021, { words(1021) }>(&g, &h)?;
    }

    #[test]
    fn every_operation_agrees_at_large_dimensions(
        (a, b) in (vector::<4096>(), vector::<4096>()),
        (c, d) in (vector::<8191>(), vector::<8191>()),
    ) {
        // 128 words take two runs of the dot's byte lanes (124 words a
        // run), 256 words three, with a part-filled last word.
        agree::<4096, { words(4096) }>(&a, &b)?;
        agree::<8191, { words(8191) }>(&c, &d)?;
    }

    #[test]
    fn bundle_agrees(xs in proptest::collection::vec(vector::<100>(), 0..12)) {
        let packed: Vec<PackedVector<100, 4>> = xs.iter().map(PackedVector::from_vector).collect();
        prop_assert_eq!(packed::bundle(&packed).to_vector(), bundle(&xs));
        let refs: Vec<&PackedVector<100, 4>> = packed.iter().collect();
        prop_assert_eq!(packed::bundle(&refs).to_vector(), bundle(&xs));
    }

    #[test]
    fn atoms_derive_straight_into_the_planes(seed in any::<u64>(), text in ".{0,12}", index in any::<u64>()) {
        let p: PackedVector<1000, { words(1000) }> = packed::atom(seed, &text);
        prop_assert_eq!(p.to_vector(), atom::<1000>(seed, &text));
        let q: PackedVector<64, 2> = packed::position(seed, index);
        prop_assert_eq!(q.to_vector(), position::<64>(seed, index));
        let key = AtomKey::new(seed, &text);
        prop_assert_eq!(PackedVector::<33, 2>::from_key(key).to_vector(), key.vector::<33>());
    }

    #[test]
    fn truncation_keeps_the_prefix_property(a in vector::<1024>(), b in vector::<1024>()) {
        let (pa, pb) = (PackedVector::<1024, 32>::from_vector(&a), PackedVector::<1024, 32>::from_vector(&b));
        prop_assert_eq!(pa.truncate::<100, 4>().to_vector(), a.truncate::<100>());
        prop_assert_eq!(pa.truncate::<1024, 32>(), pa.clone());
        prop_assert_eq!(pa.truncate::<1, 1>().to_vector(), a.truncate::<1>());
        // bind commutes with truncation, packed as unpacked.
        prop_assert_eq!(
            packed::bind(&pa, &pb).truncate::<999, { words(999) }>(),
            packed::bind(&pa.truncate::<999, { words(999) }>(), &pb.truncate::<999, { words(999) }>())
        );
    }
}

#[test]
fn all_zero_vectors() {
    let z = PackedVector::<1024, 32>::zero();
    let a: PackedVector<1024, 32> = packed::atom(0, "a");
    assert!(z.is_zero());
    assert_eq!(
        (z.nnz(), z.dot(&a), z.cosine(&a), a.cosine(&z), z.cosine(&z)),
        (0, 0, 0.0, 0.0, 0.0)
    );
    assert!(packed::bind(&z, &a).is_zero());
    assert!(packed::bundle(&[&z, &z]).is_zero());
    assert_eq!(packed::bundle(&[&z, &a]), a);
    assert_eq!(z.to_vector(), Vector::zero());
}

#[test]
fn bundle_of_many_inputs_counts_past_small_counters() {
    // 300 copies of +1 against 299 of -1 on every component, interleaved:
    // the counters pass 256 and the sign still comes out +1.
    let plus = PackedVector::<70, 3>::from_vector(&Vector::from_fn(|_| 1));
    let minus = PackedVector::<70, 3>::from_vector(&Vector::from_fn(|_| -1));
    let mut inputs = vec![&plus; 300];
    inputs.extend(std::iter::repeat_n(&minus, 299));
    assert_eq!(packed::bundle(&inputs), plus);
    inputs.push(&minus);
    assert!(packed::bundle(&inputs).is_zero());
}

#[test]
fn a_packed_vector_is_a_quarter_of_the_bytes() {
    assert_eq!(std::mem::size_of::<PackedVector<1024, 32>>(), 1024 / 4);
    assert_eq!(std::mem::size_of::<PackedVector<4096, 128>>(), 4096 / 4);
}

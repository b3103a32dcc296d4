//! Algebraic properties of the kernel, checked on generated inputs.

use holon_core::atom::atom;
use holon_core::ops::{
    amplify, bind, blend, bundle, difference, negate, permute, prototype, resonance, NegateMode,
};
use holon_core::{Accumulator, Vector};
use proptest::prelude::*;

const D: usize = 256;

fn vector<const N: usize>() -> impl Strategy<Value = Vector<N>> {
    proptest::collection::vec(-1i8..=1, N)
        .prop_map(|trits| Vector::try_from_trits(&trits).expect("generated trits are valid"))
}

/// A non-empty list of vectors with a shuffled copy of it.
fn list_and_shuffle() -> impl Strategy<Value = (Vec<Vector<D>>, Vec<Vector<D>>)> {
    proptest::collection::vec(vector::<D>(), 1..9)
        .prop_flat_map(|xs| (Just(xs.clone()), Just(xs).prop_shuffle()))
}

proptest! {
    #[test]
    fn bind_is_self_inverse_where_the_key_is_non_zero(a in vector::<D>(), k in vector::<D>()) {
        let back = bind(&bind(&a, &k), &k);
        for ((&r, &x), &key) in back.as_trits().iter().zip(a.as_trits()).zip(k.as_trits()) {
            prop_assert_eq!(r, if key != 0 { x } else { 0 });
        }
    }

    #[test]
    fn bundle_ignores_input_order((xs, shuffled) in list_and_shuffle()) {
        prop_assert_eq!(bundle(&xs), bundle(&shuffled));
    }

    #[test]
    fn bundle_tie_gives_zero(a in vector::<D>(), b in vector::<D>()) {
        let opposite = negate(&Vector::zero(), &a, NegateMode::Subtract);
        prop_assert!(bundle(&[&a, &opposite]).is_zero());
        let pair = bundle(&[&a, &b]);
        for ((&r, &x), &y) in pair.as_trits().iter().zip(a.as_trits()).zip(b.as_trits()) {
            prop_assert_eq!(r, (x + y).signum());
        }
    }

    #[test]
    fn permute_round_trips(a in vector::<D>(), k in any::<i64>()) {
        prop_assert_eq!(permute(&permute(&a, k), k.wrapping_neg().rem_euclid(D as i64)), a.clone());
        prop_assert_eq!(permute(&permute(&a, 1), -1), a);
    }

    #[test]
    fn accumulator_keeps_frequency_where_bundle_cannot(a_text in "[a-z]{1,8}", b_text in "[A-Z]{1,8}") {
        let a: Vector<1024> = atom(0, &a_text);
        let b: Vector<1024> = atom(0, &b_text);
        let mut acc = Accumulator::<1024>::new();
        for _ in 0..100 {
            acc.add(&a);
        }
        acc.add(&b);
        let bundled = bundle(&[&a, &b]);
        prop_assert!(acc.cosine(&a) > bundled.cosine(&a) + 0.1);
        prop_assert!(acc.cosine(&b) < bundled.cosine(&b) - 0.1);
        prop_assert!(acc.threshold().cosine(&a) > bundled.cosine(&a));
    }

    #[test]
    fn independent_atoms_are_near_orthogonal(x in "[ -~]{0,12}", y in "[ -~]{0,12}", seed in any::<u64>()) {
        prop_assume!(x != y);
        let a: Vector<4096> = atom(seed, &x);
        let b: Vector<4096> = atom(seed, &y);
        prop_assert!(a.cosine(&b).abs() < 5.0 / (4096f32).sqrt());
    }

    #[test]
    fn element_wise_operations_keep_the_prefix_property(
        x in "[a-z]{1,6}", y in "[a-z]{1,6}", z in "[a-z]{1,6}", w in -2.0f32..2.0,
    ) {
        let (a, b, c): (Vector<4096>, Vector<4096>, Vector<4096>) = (atom(7, &x), atom(7, &y), atom(7, &z));
        let (sa, sb, sc): (Vector<1024>, Vector<1024>, Vector<1024>) = (atom(7, &x), atom(7, &y), atom(7, &z));
        prop_assert_eq!(bind(&a, &b).truncate::<1024>(), bind(&sa, &sb));
        prop_assert_eq!(bundle(&[&a, &b, &c]).truncate::<1024>(), bundle(&[&sa, &sb, &sc]));
        prop_assert_eq!(bundle(&[&a, &b]).truncate::<1024>(), bundle(&[&sa, &sb]));
        for mode in [NegateMode::Subtract, NegateMode::ZeroOut, NegateMode::Invert] {
            prop_assert_eq!(negate(&a, &b, mode).truncate::<1024>(), negate(&sa, &sb, mode));
        }
        prop_assert_eq!(amplify(&a, &b, w).truncate::<1024>(), amplify(&sa, &sb, w));
        prop_assert_eq!(blend(&a, &b, w).truncate::<1024>(), blend(&sa, &sb, w));
        prop_assert_eq!(difference(&a, &b).truncate::<1024>(), difference(&sa, &sb));
        prop_assert_eq!(resonance(&a, &b).truncate::<1024>(), resonance(&sa, &sb));
        prop_assert_eq!(prototype(&[&a, &b, &c], 0.6).truncate::<1024>(), prototype(&[&sa, &sb, &sc], 0.6));
        let mut big = Accumulator::<4096>::new();
        let mut small = Accumulator::<1024>::new();
        for (l, s) in [(&a, &sa), (&a, &sa), (&b, &sb), (&c, &sc)] {
            big.add(l);
            small.add(s);
        }
        prop_assert_eq!(big.threshold().truncate::<1024>(), small.threshold());
    }
}

#[test]
fn bundled_inputs_stay_similar_to_the_bundle() {
    let xs: Vec<Vector<4096>> = (0..5).map(|i| atom(0, &format!("item{i}"))).collect();
    let b = bundle(&xs);
    for x in &xs {
        assert!(b.cosine(x) > 0.25, "{}", b.cosine(x));
    }
    let outsider: Vector<4096> = atom(0, "outsider");
    assert!(b.cosine(&outsider).abs() < 5.0 / 64.0);
}

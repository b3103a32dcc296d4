//! Properties of the extended algebra on random inputs: the prefix
//! property where an operation is element-wise, documented ranges, and no
//! NaN whatever the (finite or not) parameters.

use holon_core::metric::{self, Metric};
use holon_core::ops::{self, AttendMode, Gate};
use holon_core::Vector;
use proptest::prelude::*;

const D: usize = 97;
const E: usize = 40;

fn vector<const N: usize>() -> impl Strategy<Value = Vector<N>> {
    proptest::collection::vec(-1i8..=1, N).prop_map(|t| Vector::try_from_trits(&t).unwrap())
}

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        -10.0f64..10.0,
        Just(0.0),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::MAX),
        Just(-f64::MAX),
        Just(f64::MIN_POSITIVE),
    ]
}

fn t(v: &Vector<D>) -> Vector<E> {
    v.truncate::<E>()
}

proptest! {
    #[test]
    fn element_wise_ops_keep_the_prefix_property(
        a in vector::<D>(), b in vector::<D>(), c in vector::<D>(),
        w1 in any_f64(), w2 in any_f64(), k in 0usize..120, count in 0usize..50,
    ) {
        prop_assert_eq!(t(&ops::unbind(&a, &b)), ops::unbind(&t(&a), &t(&b)));
        prop_assert_eq!(t(&ops::similarity_profile(&a, &b)), ops::similarity_profile(&t(&a), &t(&b)));
        for g in [Gate::Positive, Gate::Negative, Gate::NonZero] {
            prop_assert_eq!(t(&ops::conditional_bind(&a, &b, &c, g)), ops::conditional_bind(&t(&a), &t(&b), &t(&c), g));
        }
        prop_assert_eq!(t(&ops::analogy(&a, &b, &c)), ops::analogy(&t(&a), &t(&b), &t(&c)));
        prop_assert_eq!(t(&ops::flip(&a)), ops::flip(&t(&a)));
        prop_assert_eq!(t(&ops::power(&a, w1)), ops::power(&t(&a), w1));
        prop_assert_eq!(t(&ops::sparsify(&a, k)), ops::sparsify(&t(&a), k));
        prop_assert_eq!(t(&ops::blend_weighted(&a, &b, w1, w2)), ops::blend_weighted(&t(&a), &t(&b), w1, w2));
        prop_assert_eq!(t(&ops::prototype_add(&a, &b, count)), ops::prototype_add(&t(&a), &t(&b), count));
        for m in [AttendMode::Hard, AttendMode::Amplify] {
            prop_assert_eq!(t(&ops::attend(&a, &b, w1, m)), ops::attend(&t(&a), &t(&b), w1, m));
        }
        let xs = [a.clone(), b.clone(), c.clone()];
        let short = [t(&a), t(&b), t(&c)];
        prop_assert_eq!(t(&ops::weighted_bundle(&xs, &[w1, w2, 1.0])), ops::weighted_bundle(&short, &[w1, w2, 1.0]));
        prop_assert_eq!(t(&ops::centroid(&xs)), ops::centroid(&short));
        let mut m_long = [0.0; D];
        let mut m_short = [0.0; E];
        let v = ops::bundle_with_confidence(&xs, &mut m_long);
        prop_assert_eq!(t(&v), ops::bundle_with_confidence(&short, &mut m_short));
        prop_assert_eq!(&m_long[..E], &m_short[..]);
        prop_assert_eq!(t(&ops::project(&a, &xs, false).unwrap()).nnz() <= E, true);
    }

    #[test]
    fn similarities_stay_in_range_and_never_nan(
        a in vector::<D>(), b in vector::<D>(), p in any_f64(), w in any_f64(), ws in proptest::collection::vec(any_f64(), D),
    ) {
        let weights: [f64; D] = ws.try_into().unwrap();
        let cos = metric::cosine(&a, &b);
        prop_assert!((-1.0..=1.0).contains(&cos));
        prop_assert!((f64::from(a.cosine(&b)) - cos).abs() < 1e-6);
        for m in [Metric::Euclidean, Metric::Manhattan, Metric::Hamming, Metric::Overlap, Metric::Chebyshev] {
            let s = metric::similarity(&a, &b, m);
            prop_assert!((0.0..=1.0).contains(&s), "{:?} {}", m, s);
        }
        prop_assert!((-1.0..=1.0).contains(&metric::agreement(&a, &b)));
        prop_assert!((0.0..=1.0).contains(&metric::minkowski(&a, &b, p)));
        prop_assert!((-1.0..=1.0).contains(&metric::weighted_cosine(&a, &b, &weights)));
        prop_assert!((0.0..=1.0).contains(&metric::weighted_euclidean(&a, &b, &weights)));
        prop_assert!(!metric::significance(cos, D).is_nan());
        prop_assert!((0.0..=1.0).contains(&ops::complexity(&a)));
        prop_assert!((0.0..=1.0).contains(&ops::entropy(&a)));
        prop_assert!((-1.0..=1.0).contains(&ops::coherence(&[&a, &b])));
        // Equal vectors are maximally similar under every measure.
        prop_assert_eq!(metric::euclidean(&a, &a), 1.0);
        prop_assert_eq!(metric::hamming(&a, &a), 1.0);
        prop_assert_eq!(metric::chebyshev(&a, &a), 1.0);
        let _ = w;
    }

    #[test]
    fn rankings_are_sorted_and_bounded(
        q in vector::<D>(), book in proptest::collection::vec(vector::<D>(), 0..12), k in 0usize..6, th in any_f64(),
    ) {
        let mut out = vec![(0usize, 0.0f64); k];
        let n = ops::topk_similar(&q, &book, &mut out);
        prop_assert_eq!(n, k.min(book.len()));
        prop_assert!(out[..n].windows(2).all(|w| w[0].1 >= w[1].1));
        // The best of topk is cleanup's answer.
        if n > 0 {
            prop_assert_eq!(Some(out[0]), ops::cleanup(&q, &book));
        }
        let n = ops::invert(&q, &book, th, &mut out);
        prop_assert!(out[..n].iter().all(|m| m.1 >= th));
        prop_assert!(out[..n].windows(2).all(|w| w[0].1 >= w[1].1));
    }

    #[test]
    fn accumulator_diagnostics_stay_in_range(xs in proptest::collection::vec(vector::<D>(), 0..20), size in 0usize..5000) {
        let mut acc = holon_core::Accumulator::<D>::new();
        for x in &xs {
            acc.add(x);
        }
        prop_assert!((0.0..=1.0).contains(&acc.capacity(size)));
        prop_assert!((0.0..=1.0).contains(&acc.purity()));
        prop_assert!((0.0..=D as f64).contains(&acc.participation_ratio()));
    }
}

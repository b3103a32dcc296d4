//! The weighted metrics' summation order (issue 13): `weighted_cosine` and
//! `weighted_euclidean_distance` sum component `i` into lane `i % 32`, each
//! lane in increasing `i` from `+0.0`, and combine the 32 lanes by a
//! balanced tree of adjacent pairs (`l0 + l1`, `l2 + l3`, ..., then those
//! sums pairwise, down to one).
//!
//! The references here are plain scalar loops written from that rule and
//! from holon-rs's per-component terms; the library must equal them bit for
//! bit, stay within `1e-12` of the component-order sum holon-rs uses, and
//! never give NaN or leave its range, whatever the weights.

use holon_core::metric::{
    weighted_cosine, weighted_cosine_from_sums, weighted_euclidean, weighted_euclidean_distance,
};
use holon_core::Vector;
use proptest::prelude::*;

/// SplitMix64: a seeded source for the sweeps below.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn trit(&mut self) -> i8 {
        (self.next() % 3) as i8 - 1
    }

    /// Ordinary weights, mostly; sometimes negative, huge, tiny or special.
    fn weight(&mut self, hostile: bool) -> f64 {
        let pick = self.next() % if hostile { 12 } else { 4 };
        match pick {
            0 | 1 => self.unit() * 10.0,
            2 => self.unit() * 4.0 - 2.0,
            3 => libm::exp10(self.unit() * 40.0 - 20.0),
            4 => libm::exp10(self.unit() * 616.0 - 308.0),
            5 => f64::INFINITY,
            6 => f64::NEG_INFINITY,
            7 => f64::NAN,
            8 => -self.unit() * 1e308,
            9 => 1e308,
            10 => f64::from_bits(1 + self.next() % 0x000F_FFFF_FFFF_FFFF), // subnormal
            _ => 0.0,
        }
    }
}

fn vector<const D: usize>(rng: &mut Rng) -> Vector<D> {
    let trits: Vec<i8> = (0..D).map(|_| rng.trit()).collect();
    Vector::try_from_trits(&trits).unwrap()
}

fn weights<const D: usize>(rng: &mut Rng, hostile: bool) -> Box<[f64; D]> {
    let w: Vec<f64> = (0..D).map(|_| rng.weight(hostile)).collect();
    w.into_boxed_slice().try_into().unwrap()
}

/// Sums `terms` in the canonical order: lane `i % 32`, then the tree.
fn lanes(terms: impl Iterator<Item = f64>) -> f64 {
    lanes_of::<32>(terms)
}

/// Sums `terms` in `N` lanes (`N` a power of two), lane `i % N`, then a
/// balanced tree of adjacent pairs.
fn lanes_of<const N: usize>(terms: impl Iterator<Item = f64>) -> f64 {
    let mut l = vec![0.0f64; N];
    for (i, t) in terms.enumerate() {
        l[i % N] += t;
    }
    while l.len() > 1 {
        l = l.chunks(2).map(|p| p[0] + p[1]).collect();
    }
    l[0]
}

/// Sums `terms` in component order, as holon-rs does.
fn in_order(terms: impl Iterator<Item = f64>) -> f64 {
    let mut s = 0.0f64;
    for t in terms {
        s += t;
    }
    s
}

/// holon-rs's per-component terms of the weighted cosine:
/// `(w a_i)(w b_i)`, `(w a_i)^2`, `(w b_i)^2`; nothing for a component
/// where both are 0, whatever its weight.
fn cosine_terms<'a>(a: &'a [i8], b: &'a [i8], w: &'a [f64]) -> impl Iterator<Item = [f64; 3]> + 'a {
    a.iter().zip(b).zip(w).map(|((&x, &y), &w)| {
        if x == 0 && y == 0 {
            return [0.0; 3];
        }
        let wa = f64::from(x) * w;
        let wb = f64::from(y) * w;
        [wa * wb, wa * wa, wb * wb]
    })
}

fn cosine_with(
    sum: fn(&mut dyn Iterator<Item = f64>) -> f64,
    a: &[i8],
    b: &[i8],
    w: &[f64],
) -> f64 {
    let k = |k: usize| sum(&mut cosine_terms(a, b, w).map(move |t| t[k]));
    // The core's guarded tail on the reference's sums: this file checks the
    // order of the sums.
    weighted_cosine_from_sums(k(0), k(1), k(2))
}

/// The Euclidean terms: `(a_i - b_i)^2 * w` for differing components, the
/// weight clamped at 0 (NaN counts as 0); equal components add nothing.
fn euclidean_terms<'a>(a: &'a [i8], b: &'a [i8], w: &'a [f64]) -> impl Iterator<Item = f64> + 'a {
    a.iter().zip(b).zip(w).map(|((&x, &y), &w)| {
        if x == y {
            return 0.0;
        }
        let diff = f64::from(x) - f64::from(y);
        let w = if w > 0.0 { w } else { 0.0 };
        diff * diff * w
    })
}

fn by_lanes(t: &mut dyn Iterator<Item = f64>) -> f64 {
    lanes(t)
}

fn by_order(t: &mut dyn Iterator<Item = f64>) -> f64 {
    in_order(t)
}

/// Bit-identity with the lane reference; range and NaN-freedom always;
/// closeness to the component order for finite, non-negative weights.
fn check<const D: usize>(a: &Vector<D>, b: &Vector<D>, w: &[f64; D]) {
    let (ta, tb) = (a.as_trits(), b.as_trits());
    let c = weighted_cosine(a, b, w);
    let want = cosine_with(by_lanes, ta, tb, w);
    assert_eq!(
        c.to_bits(),
        want.to_bits(),
        "D = {D}: cosine {c} != reference {want}"
    );
    assert!((-1.0..=1.0).contains(&c), "D = {D}: cosine {c}");

    let d = weighted_euclidean_distance(a, b, w);
    let want = libm::sqrt(lanes(euclidean_terms(ta, tb, w)));
    assert_eq!(
        d.to_bits(),
        want.to_bits(),
        "D = {D}: distance {d} != reference {want}"
    );
    assert!(d >= 0.0, "D = {D}: distance {d}");
    let e = weighted_euclidean(a, b, w);
    assert!((0.0..=1.0).contains(&e), "D = {D}: similarity {e}");

    let counted = ta.iter().zip(tb).zip(w.iter());
    if counted
        .filter(|((&x, &y), _)| x != 0 || y != 0)
        .any(|(_, w)| !w.is_finite())
    {
        // A NaN or infinite weight where either trit is not 0: 0.0
        // (documented).
        assert_eq!(c, 0.0, "D = {D}");
    }
    // Against holon-rs's order. |dot| <= sqrt(norm_a * norm_b), so the
    // cosine's error is at most ~ D * eps absolute; the distance's terms
    // are all non-negative, so its error is relative.
    let order_c = cosine_with(by_order, ta, tb, w);
    if order_c != 0.0 && c != 0.0 {
        assert!(
            (c - order_c).abs() <= 1e-12,
            "D = {D}: {c} vs component order {order_c}"
        );
    }
    let order_d = libm::sqrt(in_order(euclidean_terms(ta, tb, w)));
    if order_d.is_finite() {
        assert!(
            (d - order_d).abs() <= 1e-12 * order_d,
            "D = {D}: {d} vs component order {order_d}"
        );
    }
}

fn sweep<const D: usize>(seed: u64, cases: usize) {
    let mut rng = Rng(seed);
    for case in 0..cases {
        let a = vector::<D>(&mut rng);
        // Every third pair shares most components, so equal components
        // (the Euclidean's skipped ones) and large cosines both occur.
        let mut b = vector::<D>(&mut rng);
        if case.is_multiple_of(3) {
            let mixed: Vec<i8> = a
                .as_trits()
                .iter()
                .zip(b.as_trits())
                .map(|(&x, &y)| if rng.next().is_multiple_of(4) { y } else { x })
                .collect();
            b = Vector::try_from_trits(&mixed).unwrap();
        }
        let w = weights::<D>(&mut rng, !case.is_multiple_of(2));
        check(&a, &b, &w);
        check(&a, &a, &w);
    }
}

#[test]
fn lanes_match_the_reference_at_every_length() {
    sweep::<0>(0, 4);
    sweep::<1>(1, 200);
    sweep::<7>(7, 200);
    sweep::<8>(8, 200);
    sweep::<9>(9, 200);
    sweep::<13>(13, 200);
    sweep::<31>(31, 100);
    sweep::<32>(32, 100);
    sweep::<33>(33, 100);
    sweep::<63>(63, 100);
    sweep::<65>(65, 100);
    sweep::<256>(256, 100);
    sweep::<1000>(1000, 50);
    sweep::<4096>(4096, 20);
    sweep::<4099>(4099, 10);
}

#[test]
fn every_component_lands_in_its_lane() {
    // One weight per component, the others 0: the sums are that one term.
    let a: Vector<13> = "+-+-+-+-+-+-+".parse().unwrap();
    let b: Vector<13> = "++--++--++--+".parse().unwrap();
    for i in 0..13 {
        let mut w = [0.0f64; 13];
        w[i] = 3.0;
        let expect = if a.as_trits()[i] == b.as_trits()[i] {
            1.0
        } else {
            -1.0
        };
        assert_eq!(weighted_cosine(&a, &b, &w), expect, "component {i}");
        // Opposite trits differ by 2: sqrt(2^2 * 3).
        let dist = if a.as_trits()[i] == b.as_trits()[i] {
            0.0
        } else {
            libm::sqrt(12.0)
        };
        assert_eq!(
            weighted_euclidean_distance(&a, &b, &w),
            dist,
            "component {i}"
        );
    }
}

/// Of 20 random Euclidean cases (each also checked against the library),
/// how many `other` order sums to different bits than the canonical one.
fn cases_told_apart(seed: u64, other: fn(&mut dyn Iterator<Item = f64>) -> f64) -> usize {
    let mut rng = Rng(seed);
    let mut differ = 0;
    for _ in 0..20 {
        let a = vector::<1000>(&mut rng);
        let b = vector::<1000>(&mut rng);
        let w = weights::<1000>(&mut rng, false);
        let terms = || euclidean_terms(a.as_trits(), b.as_trits(), &w[..]);
        let ours = lanes(terms());
        assert_eq!(weighted_euclidean_distance(&a, &b, &w), libm::sqrt(ours));
        if ours != other(&mut terms()) {
            differ += 1;
        }
    }
    differ
}

#[test]
fn the_order_is_the_lane_order_not_the_component_order() {
    // The bit-identity above means something only if the two orders give
    // different bits: they do, for most random inputs.
    let differ = cases_told_apart(2024, |t| in_order(t));
    assert!(
        differ >= 5,
        "only {differ} of 20 cases tell the orders apart"
    );
}

#[test]
fn the_lanes_are_thirty_two_not_eight() {
    // The 8-lane order of before gives different bits for most inputs, so
    // the bit-identity above pins the lane count.
    let differ = cases_told_apart(32, |t| lanes_of::<8>(t));
    assert!(
        differ >= 5,
        "only {differ} of 20 cases tell 32 lanes from 8"
    );
}

#[test]
fn extreme_weights_never_give_nan() {
    let specials = [
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        -1.0,
        -f64::MAX,
        1e308,
        f64::MAX,
        1.5e154, // its square overflows
        1e-160,  // its square underflows to 0
        f64::MIN_POSITIVE,
        5e-324, // the smallest subnormal
        0.0,
        -0.0,
    ];
    let mut rng = Rng(42);
    let a = vector::<37>(&mut rng);
    let b = vector::<37>(&mut rng);
    for &s in &specials {
        // All the same, one among ordinary weights, or alternating.
        let all = [s; 37];
        let mut one = [1.0f64; 37];
        one[20] = s;
        let mut alternate = [0.5f64; 37];
        for w in alternate.iter_mut().step_by(2) {
            *w = s;
        }
        for w in [&all, &one, &alternate] {
            check(&a, &b, w);
            check(&a, &a, w);
            check(&Vector::zero(), &b, w);
        }
    }
}

proptest! {
    #[test]
    fn lanes_match_the_reference(
        seed in any::<u64>(),
        hostile in any::<bool>(),
    ) {
        let mut rng = Rng(seed);
        let a = vector::<61>(&mut rng);
        let b = vector::<61>(&mut rng);
        let w = weights::<61>(&mut rng, hostile);
        check(&a, &b, &w);
    }
}

#[test]
fn a_weight_where_both_trits_are_zero_does_not_count() {
    let a: Vector<40> = "+-0+-0+-0+-0+-0+-0+-0+-0+-0+-0+-0+-0+-0+".parse().unwrap();
    let b: Vector<40> = "++0--0++0--0++0--0++0--0++0--0++0--0++0-".parse().unwrap();
    let plain: [f64; 40] = core::array::from_fn(|i| 1.0 + (i % 5) as f64);
    let want = weighted_cosine(&a, &b, &plain);
    assert!(want != 0.0);
    for bad in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 1e300, -1e300] {
        // Component 2 is 0 in both vectors.
        let mut w = plain;
        w[2] = bad;
        assert_eq!(
            weighted_cosine(&a, &b, &w).to_bits(),
            want.to_bits(),
            "{bad}"
        );
        // Component 0 is not: a weight that is not finite there gives 0.
        let mut w = plain;
        w[0] = bad;
        if !bad.is_finite() {
            assert_eq!(weighted_cosine(&a, &b, &w), 0.0, "{bad}");
        }
    }
}

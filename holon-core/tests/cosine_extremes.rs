//! Issue 11, failure 7: `Accumulator::cosine` stays in [-1, 1] at every
//! weight, up to and including saturated sums.

use holon_core::atom::atom;
use holon_core::{Accumulator, Vector};

fn in_range(c: f32) -> bool {
    (-1.0..=1.0).contains(&c)
}

#[test]
fn heavy_weights_keep_the_cosine_at_most_one() {
    let a: Vector<4096> = atom(0, "a");
    let b: Vector<4096> = atom(0, "b");
    for weight in [1, 1000, 200_000_000, i32::MAX] {
        let mut acc = Accumulator::<4096>::new();
        acc.add_weighted(&a, weight);
        let same = acc.cosine(&a);
        assert!(in_range(same), "weight {weight}: {same}");
        assert!(same > 0.999, "weight {weight}: {same}");
        let opposite = acc.cosine(&holon_core::ops::negate(
            &Vector::zero(),
            &a,
            holon_core::ops::NegateMode::Subtract,
        ));
        assert!(in_range(opposite) && opposite < -0.999, "{opposite}");
        acc.add(&b);
        assert!(in_range(acc.cosine(&b)), "weight {weight}");
    }
}

#[test]
fn saturated_sums_keep_the_cosine_in_range() {
    let a: Vector<4096> = atom(0, "a");
    let b: Vector<4096> = atom(0, "b");
    let mut acc = Accumulator::<4096>::new();
    for _ in 0..4 {
        acc.add_weighted(&a, i32::MAX);
        acc.add_weighted(&b, i32::MIN);
    }
    for probe in [&a, &b] {
        let c = acc.cosine(probe);
        assert!(in_range(c), "{c}");
    }
    let mut merged = acc.clone();
    merged.merge(&acc);
    assert!(in_range(merged.cosine(&a)));
}

//! The extended algebra (holon-rs parity: `ops` submodules, `metric`,
//! thermometer and decoders, accumulator diagnostics) on opaque inputs,
//! including vectors that break the trit invariant and buffers of opaque
//! length.

use core::hint::black_box;

use holon_core::{
    atom::atom,
    magnitude::{self, LinearEncoder, LogEncoder},
    metric::{self, Metric},
    ops::{self, AttendMode, Gate, SegmentMethod},
    Accumulator, Vector,
};

use crate::inputs::{text, untrusted_vector};
use crate::opaque::read;

static STRENGTH: f64 = 0.5;
static EXPONENT: f64 = -2.5;
static P: f64 = 3.0;
static COUNT: usize = 5;
static SMALL: usize = 3;
static WEIGHTS: [f64; 4] = [1.0, 2.5, -0.5, f64::NAN];
static ITERATIONS: usize = 2;
static ORTHOGONALIZE: bool = true;

/// Every new operation at dimension `D` (and `E` for the projection), on
/// atoms of opaque text and on untrusted vectors.
#[inline(never)]
pub fn exercise<const D: usize, const E: usize>() {
    let seed = read(&crate::inputs::SEED);
    let t = text();
    let a: Vector<D> = atom(seed, t);
    let b: Vector<D> = atom(seed, "b");
    let c: Vector<D> = untrusted_vector(read(&SMALL));
    let set = [a.clone(), b.clone(), c.clone()];
    let n = read(&SMALL).min(set.len());
    let some = set.get(..n).unwrap_or(&[]);
    let s = read(&STRENGTH);
    let k = read(&COUNT);

    // ops: element-wise
    black_box(ops::unbind(&a, &b));
    black_box(ops::similarity_profile(&a, &c));
    for gate in [Gate::Positive, Gate::Negative, Gate::NonZero] {
        black_box(ops::conditional_bind(&a, &b, &c, gate));
    }
    black_box(ops::analogy(&a, &b, &c));
    black_box(ops::flip(&c));
    black_box(ops::power(&a, read(&EXPONENT)));
    black_box(ops::power(&c, s));
    black_box(ops::prototype_add(&a, &c, k));
    black_box(ops::blend_weighted(&a, &c, s, read(&EXPONENT)));
    // attention
    for mode in [AttendMode::Hard, AttendMode::Soft, AttendMode::Amplify] {
        black_box(ops::attend(&a, &c, s, mode));
    }
    black_box(ops::reflect_about_mean(&c));
    black_box(ops::grover_amplify(&a, &c, read(&ITERATIONS)));
    // weighted superpositions
    black_box(ops::weighted_bundle(some, &WEIGHTS[..read(&SMALL).min(4)]));
    let mut margins = [0.0f64; D];
    black_box(ops::bundle_with_confidence(some, &mut margins));
    black_box(&margins);
    black_box(ops::centroid(some));
    // span
    black_box(ops::project(&a, some, read(&ORTHOGONALIZE)));
    black_box(ops::reject(&c, some, read(&ORTHOGONALIZE)));
    black_box(ops::project(&a, some, false));
    // codebook
    black_box(ops::cleanup(&a, some));
    let mut matches = [(0usize, 0.0f64); 4];
    let len = read(&SMALL).min(matches.len());
    if let Some(out) = matches.get_mut(..len) {
        black_box(ops::invert(&a, some, s, out));
        black_box(ops::topk_similar(&c, some, out));
    }
    let mut matrix = [0.0f64; 9];
    black_box(ops::similarity_matrix(
        some,
        &mut matrix[..read(&SMALL).min(9)],
    ));
    black_box(ops::similarity_matrix(some, &mut matrix));
    black_box(ops::coherence(some));
    // shape and projection
    black_box(ops::sparsify(&c, k));
    black_box((ops::complexity(&c), ops::entropy(&c)));
    black_box(ops::random_project::<D, E>(&c, seed));
    // streams
    let mut breaks = [0usize; 4];
    let mut values = [0.0f64; 4];
    let m = read(&SMALL).min(4);
    for method in [SegmentMethod::Diff, SegmentMethod::Prototype] {
        black_box(ops::segment(some, k, s, method, &mut breaks[..m]));
    }
    black_box(ops::autocorrelate(some, k, &mut values[..m]));
    black_box(ops::cross_correlate(some, &set, k, &mut values[..m]));
    black_box(ops::drift_rate(some, k, &mut values[..m]));
    black_box(&values);

    // metrics
    for metric in [
        Metric::Cosine,
        Metric::Dot,
        Metric::Euclidean,
        Metric::Manhattan,
        Metric::Hamming,
        Metric::Overlap,
        Metric::Agreement,
        Metric::Chebyshev,
    ] {
        black_box(metric::similarity(&a, &c, metric));
    }
    black_box((
        metric::euclidean_distance(&a, &c),
        metric::manhattan_distance(&a, &c),
        metric::chebyshev_distance(&a, &c),
        metric::minkowski(&a, &c, read(&P)),
        metric::minkowski_distance(&a, &c, read(&EXPONENT)),
    ));
    let mut weights = [0.0f64; D];
    for (i, w) in weights.iter_mut().enumerate() {
        *w = read(&WEIGHTS[i % WEIGHTS.len()]);
    }
    black_box((
        metric::weighted_cosine(&a, &c, &weights),
        metric::weighted_euclidean(&a, &c, &weights),
        metric::weighted_euclidean_distance(&a, &c, &weights),
        metric::weighted_cosine_from_sums(read(&P), read(&EXPONENT), read(&STRENGTH)),
        metric::significance(s, k),
    ));

    // scalars
    black_box(magnitude::thermometer::<D>(s, read(&EXPONENT), read(&P)));
    black_box(magnitude::decode_thermometer(&c, read(&EXPONENT), read(&P)));
    if let Ok(linear) = LinearEncoder::<D>::new(seed, read(&P)) {
        black_box(magnitude::decode_linear(
            &linear,
            &c,
            read(&EXPONENT),
            read(&P),
            k,
            k,
        ));
    }
    let log = LogEncoder::<D>::new(seed);
    black_box(magnitude::decode_log(&log, &a, s, read(&P), k, k));

    // accumulator diagnostics
    let mut acc = Accumulator::<D>::new();
    acc.add(&a);
    acc.add_weighted(&c, read(&crate::inputs::SHIFT) as i32);
    black_box((acc.capacity(k), acc.purity(), acc.participation_ratio()));
}

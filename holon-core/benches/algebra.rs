//! The extended algebra's kernels at D = 4096, next to the bind and cosine
//! they are compared with. Run with
//! `cargo bench -p holon-core --bench algebra -- --warm-up-time 1 --measurement-time 2`.
//!
//! As in `kernel.rs`, results are reduced to one component (or returned
//! as a float) through non-inlined wrappers, so the 4 KiB result is not
//! timed being copied through `black_box`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use holon_core::atom::atom;
use holon_core::metric::{self, Metric};
use holon_core::ops::{self, AttendMode};
use holon_core::Vector;

const D: usize = 4096;

#[inline(never)]
fn first<const N: usize>(v: Vector<N>) -> i8 {
    v.as_trits()[7]
}

fn algebra(c: &mut Criterion) {
    let a: Vector<D> = atom(0, "dst_port");
    let b: Vector<D> = atom(0, "443");
    let x: Vector<D> = atom(0, "x");
    let weights: Vec<f64> = (0..D).map(|i| (i % 7) as f64 / 3.0).collect();
    let weights: &[f64; D] = weights.as_slice().try_into().unwrap();
    let book: Vec<Vector<D>> = (0..16).map(|i| atom(0, &format!("m{i}"))).collect();

    // The reference costs.
    c.bench_function("algebra/bind_4096", |z| {
        z.iter(|| first(ops::bind(black_box(&a), black_box(&b))))
    });
    c.bench_function("algebra/cosine_f32_4096", |z| {
        z.iter(|| black_box(&a).cosine(black_box(&b)))
    });

    // Hot path.
    c.bench_function("algebra/unbind_4096", |z| {
        z.iter(|| first(ops::unbind(black_box(&a), black_box(&b))))
    });
    c.bench_function("algebra/similarity_profile_4096", |z| {
        z.iter(|| first(ops::similarity_profile(black_box(&a), black_box(&b))))
    });
    for (name, mode, strength) in [
        ("hard", AttendMode::Hard, 1.0),
        ("soft", AttendMode::Soft, 1.0),
        ("amplify", AttendMode::Amplify, 1.0),
        ("soft_neg1", AttendMode::Soft, -1.0),
        ("amplify_neg1", AttendMode::Amplify, -1.0),
        ("amplify_neg3", AttendMode::Amplify, -3.0),
    ] {
        c.bench_function(&format!("algebra/attend_{name}_4096"), |z| {
            z.iter(|| {
                first(ops::attend(
                    black_box(&a),
                    black_box(&b),
                    black_box(strength),
                    mode,
                ))
            })
        });
    }
    c.bench_function("algebra/sparsify_4096", |z| {
        z.iter(|| first(ops::sparsify(black_box(&a), black_box(1000))))
    });
    c.bench_function("algebra/metric_cosine_f64_4096", |z| {
        z.iter(|| metric::cosine(black_box(&a), black_box(&b)))
    });
    for (name, m) in [
        ("euclidean", Metric::Euclidean),
        ("manhattan", Metric::Manhattan),
        ("hamming", Metric::Hamming),
        ("overlap", Metric::Overlap),
        ("agreement", Metric::Agreement),
        ("chebyshev", Metric::Chebyshev),
    ] {
        c.bench_function(&format!("algebra/metric_{name}_4096"), |z| {
            z.iter(|| metric::similarity(black_box(&a), black_box(&b), m))
        });
    }
    c.bench_function("algebra/minkowski_3_4096", |z| {
        z.iter(|| metric::minkowski(black_box(&a), black_box(&b), black_box(3.0)))
    });
    c.bench_function("algebra/minkowski_2_5_4096", |z| {
        z.iter(|| metric::minkowski(black_box(&a), black_box(&b), black_box(2.5)))
    });
    c.bench_function("algebra/weighted_cosine_4096", |z| {
        z.iter(|| metric::weighted_cosine(black_box(&a), black_box(&b), black_box(weights)))
    });
    c.bench_function("algebra/weighted_euclidean_4096", |z| {
        z.iter(|| metric::weighted_euclidean(black_box(&a), black_box(&b), black_box(weights)))
    });
    // `significance` takes a similarity, not vectors: timed with the
    // cosine it is normally applied to.
    c.bench_function("algebra/significance_of_cosine_4096", |z| {
        z.iter(|| metric::significance(metric::cosine(black_box(&a), black_box(&b)), D))
    });

    // Less hot, for the record.
    c.bench_function("algebra/conditional_bind_4096", |z| {
        z.iter(|| {
            first(ops::conditional_bind(
                black_box(&a),
                black_box(&b),
                black_box(&x),
                ops::Gate::NonZero,
            ))
        })
    });
    c.bench_function("algebra/analogy_4096", |z| {
        z.iter(|| first(ops::analogy(black_box(&a), black_box(&b), black_box(&x))))
    });
    c.bench_function("algebra/blend_weighted_4096", |z| {
        z.iter(|| {
            first(ops::blend_weighted(
                black_box(&a),
                black_box(&b),
                black_box(0.3),
                black_box(0.9),
            ))
        })
    });
    c.bench_function("algebra/weighted_bundle_3_4096", |z| {
        z.iter(|| {
            first(ops::weighted_bundle(
                black_box(&[&a, &b, &x]),
                &[1.0, 2.5, -0.5],
            ))
        })
    });
    c.bench_function("algebra/grover_amplify_3_4096", |z| {
        z.iter(|| first(ops::grover_amplify(black_box(&a), black_box(&b), 3)))
    });
    c.bench_function("algebra/project_3_4096", |z| {
        z.iter(|| first(ops::project(black_box(&x), black_box(&book[..3]), false).unwrap()))
    });
    c.bench_function("algebra/project_orthogonal_3_4096", |z| {
        z.iter(|| first(ops::project(black_box(&x), black_box(&book[..3]), true).unwrap()))
    });
    c.bench_function("algebra/cleanup_16_4096", |z| {
        z.iter(|| ops::cleanup(black_box(&x), black_box(&book)))
    });
    c.bench_function("algebra/topk_4_of_16_4096", |z| {
        z.iter(|| {
            let mut out = [(0, 0.0); 4];
            ops::topk_similar(black_box(&x), black_box(&book), &mut out);
            out[0].0
        })
    });
    c.bench_function("algebra/entropy_4096", |z| {
        z.iter(|| ops::entropy(black_box(&a)))
    });
}

criterion_group!(benches, algebra);
criterion_main!(benches);

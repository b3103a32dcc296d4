//! SIMD kernels against the core at D = 4096, one core: every kernel at each
//! level (scalar = `holon-core`), plus the floors the report compares them
//! with. Run with `cargo bench -p holon-std --bench simd`.
//!
//! Floors: `read_floor_*` ORs every byte of two vectors with the level's
//! widest loads and one ALU operation per load — the measured cost of just
//! reading the 8 KiB a two-input kernel must read. `vector_from_*` is the
//! cost of turning a finished `[i8; D]` into a `Vector<D>` through each
//! constructor `holon-core` offers (the SIMD bind and bundle now write their
//! vector in place through `Vector::trusted_trits_mut` and pay none of it).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use holon_core::atom::atom;
use holon_core::ops::{bind, bundle};
use holon_core::{AtomKey, Vector};
use holon_std::simd::{self, Level};

const D: usize = 4096;

// Called through non-inlined wrappers, as user code in another crate would:
// inlined into criterion's loop, the compiler unrolled the 4 KiB result
// byte by byte and the bench measured that instead. Results are reduced to
// one component so no bench times moving 4 KiB through `black_box`.
#[inline(never)]
fn dot_at(level: Level, a: &Vector<D>, b: &Vector<D>) -> i64 {
    simd::dot_at(level, a, b)
}

#[inline(never)]
fn cosine_at(level: Level, a: &Vector<D>, b: &Vector<D>) -> f32 {
    simd::cosine_at(level, a, b)
}

#[inline(never)]
fn weighted_cosine_at(level: Level, a: &Vector<D>, b: &Vector<D>, w: &[f64; D]) -> f64 {
    simd::weighted_cosine_at(level, a, b, w)
}

#[inline(never)]
fn weighted_euclidean_at(level: Level, a: &Vector<D>, b: &Vector<D>, w: &[f64; D]) -> f64 {
    simd::weighted_euclidean_at(level, a, b, w)
}

#[inline(never)]
fn bind_vector_at(level: Level, a: &Vector<D>, b: &Vector<D>) -> i8 {
    simd::bind_at(level, a, b).as_trits()[7]
}

#[inline(never)]
fn bind_into_at(level: Level, a: &Vector<D>, b: &Vector<D>, out: &mut Vector<D>) {
    simd::bind_into_at(level, a, b, out)
}

#[inline(never)]
fn bind_trits_at(level: Level, a: &Vector<D>, b: &Vector<D>, out: &mut [i8; D]) {
    simd::bind_trits(level, a.as_trits(), b.as_trits(), out)
}

#[inline(never)]
fn bind_masked_avx512(a: &Vector<D>, b: &Vector<D>, out: &mut [i8; D]) {
    simd::bind_trits_avx512_masked(a.as_trits(), b.as_trits(), out)
}

#[inline(never)]
fn bundle_vector_at(level: Level, xs: &[Vector<D>]) -> i8 {
    simd::bundle_at(level, xs).as_trits()[7]
}

#[inline(never)]
fn bundle_trits_at(level: Level, xs: &[&[i8; D]], out: &mut [i8; D]) {
    simd::bundle_trits(level, xs, out)
}

#[inline(never)]
fn batch_at(level: Level, q: &Vector<D>, xs: &[Vector<D>], out: &mut [f32]) {
    simd::cosine_batch_at(level, q, xs, out)
}

#[inline(never)]
fn atom_at(level: Level, text: &str) -> i8 {
    simd::key_vector_at::<D>(level, AtomKey::new(0, text)).as_trits()[7]
}

#[inline(never)]
fn read_floor_at(level: Level, a: &Vector<D>, b: &Vector<D>) -> u8 {
    simd::read_floor_at(level, a.as_trits(), b.as_trits())
}

#[inline(never)]
fn core_bind(a: &Vector<D>, b: &Vector<D>) -> i8 {
    bind(a, b).as_trits()[7]
}

#[inline(never)]
fn core_bundle(xs: &[Vector<D>]) -> i8 {
    bundle(xs).as_trits()[7]
}

#[inline(never)]
fn vector_from_fn(t: &[i8; D]) -> i8 {
    Vector::<D>::from_fn(|i| t[i]).as_trits()[7]
}

#[inline(never)]
fn vector_from_trusted_trits(t: &[i8; D]) -> i8 {
    Vector::<D>::from_trusted_trits(*t).as_trits()[7]
}

#[inline(never)]
fn vector_try_from_trits(t: &[i8; D]) -> i8 {
    Vector::<D>::try_from_trits(t).map_or(0, |v| v.as_trits()[7])
}

#[inline(never)]
fn vector_from_trit_iter(t: &[i8; D]) -> i8 {
    Vector::<D>::from_trit_iter(t.iter().copied()).as_trits()[7]
}

#[inline(never)]
fn copy_4096(t: &[i8; D], out: &mut [i8; D]) {
    out.copy_from_slice(t)
}

fn kernels(c: &mut Criterion) {
    let a: Vector<D> = atom(0, "dst_port");
    let b: Vector<D> = atom(0, "443");
    let ten: Vec<Vector<D>> = (0..10).map(|i| atom(0, &format!("item{i}"))).collect();
    let ten_refs: Vec<&[i8; D]> = ten.iter().map(|v| v.as_trits()).collect();
    let targets: Vec<Vector<D>> = (0..64).map(|i| atom(0, &format!("proto{i}"))).collect();
    let mut scores = vec![0f32; targets.len()];
    let mut out = [0i8; D];
    let mut into = Vector::<D>::zero();
    // The weights of holon-core's `algebra` bench.
    let weights: Vec<f64> = (0..D).map(|i| (i % 7) as f64 / 3.0).collect();
    let weights: &[f64; D] = weights.as_slice().try_into().unwrap();
    let levels: Vec<Level> = Level::ALL
        .into_iter()
        .filter(|l| l.is_available())
        .collect();

    for &level in &levels {
        let n = level.name();
        c.bench_function(&format!("read_floor_8k_{n}"), |bench| {
            bench.iter(|| read_floor_at(level, black_box(&a), black_box(&b)))
        });
        c.bench_function(&format!("dot_4096_{n}"), |bench| {
            bench.iter(|| dot_at(level, black_box(&a), black_box(&b)))
        });
        c.bench_function(&format!("cosine_4096_{n}"), |bench| {
            bench.iter(|| cosine_at(level, black_box(&a), black_box(&b)))
        });
        c.bench_function(&format!("weighted_cosine_4096_{n}"), |bench| {
            bench.iter(|| {
                weighted_cosine_at(level, black_box(&a), black_box(&b), black_box(weights))
            })
        });
        c.bench_function(&format!("weighted_euclidean_4096_{n}"), |bench| {
            bench.iter(|| {
                weighted_euclidean_at(level, black_box(&a), black_box(&b), black_box(weights))
            })
        });
        c.bench_function(&format!("bind_trits_4096_{n}"), |bench| {
            bench.iter(|| bind_trits_at(level, black_box(&a), black_box(&b), &mut out))
        });
        c.bench_function(&format!("bind_vector_4096_{n}"), |bench| {
            bench.iter(|| bind_vector_at(level, black_box(&a), black_box(&b)))
        });
        c.bench_function(&format!("bind_into_vector_4096_{n}"), |bench| {
            bench.iter(|| bind_into_at(level, black_box(&a), black_box(&b), &mut into))
        });
        c.bench_function(&format!("bundle10_trits_4096_{n}"), |bench| {
            bench.iter(|| bundle_trits_at(level, black_box(&ten_refs), &mut out))
        });
        c.bench_function(&format!("bundle10_vector_4096_{n}"), |bench| {
            bench.iter(|| bundle_vector_at(level, black_box(&ten)))
        });
        c.bench_function(&format!("cosine_batch64_4096_{n}"), |bench| {
            bench.iter(|| batch_at(level, black_box(&a), black_box(&targets), &mut scores))
        });
        c.bench_function(&format!("atom_cold_4096_{n}"), |bench| {
            bench.iter(|| atom_at(level, black_box("payload_size")))
        });
    }

    if Level::Avx512.is_available() {
        c.bench_function("bind_trits_4096_avx512_masked", |bench| {
            bench.iter(|| bind_masked_avx512(black_box(&a), black_box(&b), &mut out))
        });
    }
    c.bench_function("core_bind_4096", |bench| {
        bench.iter(|| core_bind(black_box(&a), black_box(&b)))
    });
    c.bench_function("core_bundle10_4096", |bench| {
        bench.iter(|| core_bundle(black_box(&ten)))
    });
    c.bench_function("atom_key_sha256", |bench| {
        bench.iter(|| AtomKey::new(0, black_box("payload_size")))
    });
    let t = *a.as_trits();
    c.bench_function("vector_from_fn_4096", |bench| {
        bench.iter(|| vector_from_fn(black_box(&t)))
    });
    c.bench_function("vector_from_trusted_trits_4096", |bench| {
        bench.iter(|| vector_from_trusted_trits(black_box(&t)))
    });
    c.bench_function("vector_try_from_trits_4096", |bench| {
        bench.iter(|| vector_try_from_trits(black_box(&t)))
    });
    c.bench_function("vector_from_trit_iter_4096", |bench| {
        bench.iter(|| vector_from_trit_iter(black_box(&t)))
    });
    c.bench_function("copy_4096", |bench| {
        bench.iter(|| copy_4096(black_box(&t), &mut out))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    targets = kernels
}
criterion_main!(benches);

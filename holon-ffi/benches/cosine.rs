//! The cost of the C boundary: `holon_cosine` (two `int8_t` arrays in,
//! checked and copied into vectors, the core's cosine) against the Rust call
//! on two `Vector<4096>`, and `holon_bind` against `ops::bind`.
//!
//! `cargo bench -p holon-ffi --bench cosine -- --warm-up-time 1 --measurement-time 2`

use core::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use holon_core::{atom::atom, ops::bind, Vector};
use holon_ffi::algebra::{holon_bind, holon_cosine};

const D: usize = 4096;

fn bench(c: &mut Criterion) {
    let a: Vector<D> = atom(0, "dst_port");
    let b: Vector<D> = atom(0, "80");
    let (pa, pb) = (a.as_trits().as_ptr(), b.as_trits().as_ptr());
    let mut out = vec![0i8; D];
    let mut g = c.benchmark_group("d4096");
    g.bench_function("rust Vector::cosine", |bench| {
        bench.iter(|| black_box(&a).cosine(black_box(&b)))
    });
    g.bench_function("C holon_cosine", |bench| {
        // SAFETY: both arrays hold D components.
        bench.iter(|| unsafe { holon_cosine(black_box(pa), black_box(pb), D) })
    });
    g.bench_function("rust ops::bind", |bench| {
        bench.iter(|| bind(black_box(&a), black_box(&b)))
    });
    g.bench_function("C holon_bind", |bench| {
        // SAFETY: inputs and output hold D components.
        bench.iter(|| unsafe { holon_bind(black_box(pa), black_box(pb), out.as_mut_ptr(), D) })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! OnlineSubspace timings at D = 4096, K = 32 (f64 and f32): one update and
//! one residual, after 200 warm-up updates on distinct atoms. Run with
//! `cargo bench -p holon-core --bench subspace`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use holon_core::atom::atom;
use holon_core::memory::{OnlineSubspace, Real};
use holon_core::Vector;

const D: usize = 4096;
const K: usize = 32;

fn warmed<F: Real>(inputs: &[Vector<D>]) -> Box<OnlineSubspace<D, K, F>> {
    let mut sub: Box<OnlineSubspace<D, K, F>> = Box::new(OnlineSubspace::new(K));
    for x in inputs {
        sub.update(x);
    }
    sub
}

fn bench_type<F: Real>(c: &mut Criterion, label: &str) {
    let inputs: Vec<Vector<D>> = (0..256).map(|i| atom(0, &format!("x{}", i % 64))).collect();
    let mut sub = warmed::<F>(&inputs[..200]);
    let probe = &inputs[201];
    c.bench_function(&format!("subspace {label} residual D=4096 K=32"), |b| {
        b.iter(|| black_box(sub.residual(black_box(probe))))
    });
    let mut i = 0;
    c.bench_function(&format!("subspace {label} update D=4096 K=32"), |b| {
        b.iter(|| {
            i = (i + 1) % inputs.len();
            black_box(sub.update(black_box(&inputs[i])))
        })
    });
}

fn subspace(c: &mut Criterion) {
    bench_type::<f64>(c, "f64");
    bench_type::<f32>(c, "f32");
}

criterion_group!(benches, subspace);
criterion_main!(benches);

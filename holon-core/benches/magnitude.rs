//! Magnitude encoder timings at D = 4096 with the parameter tables built: the
//! numbers the README quotes. Run with
//! `cargo bench -p holon-core --bench magnitude`.
//!
//! `*_encode_4096` returns a fresh `Vector` (as `encode` does);
//! `*_encode_into_4096` writes over one the caller owns. The difference is
//! the cost of zeroing and moving a 4 KiB value, measured alone as
//! `zero_vector_4096`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use holon_core::magnitude::{CircularEncoder, LinearEncoder, LogEncoder, TimeEncoder};
use holon_core::Vector;

const D: usize = 4096;

fn scalar(c: &mut Criterion) {
    let linear: Box<LinearEncoder<D>> = Box::new(LinearEncoder::new(0, 100.0).expect("valid"));
    let log: Box<LogEncoder<D>> = Box::new(LogEncoder::new(0));
    let circular: Box<CircularEncoder<D>> = Box::new(CircularEncoder::new(0, 24.0).expect("valid"));
    let time: Box<TimeEncoder<D>> = Box::new(TimeEncoder::new(0));
    let mut out: Box<Vector<D>> = Box::new(Vector::zero());

    c.bench_function("linear_encode_4096", |bench| {
        bench.iter(|| linear.encode(black_box(37.25)))
    });
    c.bench_function("log_encode_4096", |bench| {
        bench.iter(|| log.encode(black_box(1400.0)))
    });
    c.bench_function("circular_encode_4096", |bench| {
        bench.iter(|| circular.encode(black_box(17.5)))
    });
    c.bench_function("time_encode_4096", |bench| {
        bench.iter(|| time.encode(black_box(1_704_704_400)))
    });

    c.bench_function("linear_encode_into_4096", |bench| {
        bench.iter(|| linear.encode_into(black_box(37.25), &mut out))
    });
    c.bench_function("log_encode_into_4096", |bench| {
        bench.iter(|| log.encode_into(black_box(1400.0), &mut out))
    });
    c.bench_function("circular_encode_into_4096", |bench| {
        bench.iter(|| circular.encode_into(black_box(17.5), &mut out))
    });
    c.bench_function("time_encode_into_4096", |bench| {
        bench.iter(|| time.encode_into(black_box(1_704_704_400), &mut out))
    });

    c.bench_function("zero_vector_4096", |bench| bench.iter(Vector::<D>::zero));
    c.bench_function("linear_table_build_4096", |bench| {
        bench.iter(|| LinearEncoder::<D>::new(black_box(0), 100.0).map(Box::new))
    });
    c.bench_function("linear_table_free_4096", |bench| {
        bench.iter(|| holon_core::magnitude::linear::<D>(0, black_box(37.25), 100.0))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = scalar
}
criterion_main!(benches);

//! Kernel timings at D = 4096 on the host: the numbers the README and the
//! issue notes quote. Run with `cargo bench -p holon-core --bench kernel`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use holon_core::atom::atom;
use holon_core::ops::{bind, bind_into, bundle};
use holon_core::{Accumulator, AtomCache, AtomKey, Vector};

const D: usize = 4096;

// Called through non-inlined wrappers that return one component, as user
// code in another crate would: returned whole into criterion's loop, the
// 4 KiB result was copied through `black_box` and the bench measured that
// (bind 533 ns instead of 162 ns).
#[inline(never)]
fn bind_one(a: &Vector<D>, b: &Vector<D>) -> i8 {
    bind(a, b).as_trits()[7]
}

#[inline(never)]
fn bind_into_one(a: &Vector<D>, b: &Vector<D>, out: &mut Vector<D>) -> i8 {
    bind_into(a, b, out);
    out.as_trits()[7]
}

#[inline(never)]
fn bundle_one(xs: &[Vector<D>]) -> i8 {
    bundle(xs).as_trits()[7]
}

fn kernel(c: &mut Criterion) {
    let a: Vector<D> = atom(0, "dst_port");
    let b: Vector<D> = atom(0, "443");
    let ten: Vec<Vector<D>> = (0..10).map(|i| atom(0, &format!("item{i}"))).collect();

    // Results are reduced to one component so the bench does not time
    // moving a 4 KiB return value through `black_box`.
    c.bench_function("atom_cold_4096", |bench| {
        bench.iter(|| atom::<D>(0, black_box("payload_size")).as_trits()[7])
    });
    c.bench_function("atom_key_sha256", |bench| {
        bench.iter(|| AtomKey::new(0, black_box("payload_size")))
    });

    let mut cache: Box<AtomCache<D, 64>> = Box::new(AtomCache::new());
    let key = AtomKey::new(0, "payload_size");
    cache.get(key);
    c.bench_function("atom_cached_by_key_4096", |bench| {
        bench.iter(|| cache.get(black_box(key)).as_trits()[0])
    });
    c.bench_function("atom_cached_by_text_4096", |bench| {
        bench.iter(|| cache.get_str(0, black_box("payload_size")).as_trits()[0])
    });

    c.bench_function("bind_4096", |bench| {
        bench.iter(|| bind_one(black_box(&a), black_box(&b)))
    });
    let mut out = Vector::<D>::zero();
    c.bench_function("bind_into_4096", |bench| {
        bench.iter(|| bind_into_one(black_box(&a), black_box(&b), &mut out))
    });
    c.bench_function("bundle10_4096", |bench| {
        bench.iter(|| bundle_one(black_box(&ten)))
    });
    c.bench_function("cosine_4096", |bench| {
        bench.iter(|| black_box(&a).cosine(black_box(&b)))
    });
    c.bench_function("dot_4096", |bench| {
        bench.iter(|| black_box(&a).dot(black_box(&b)))
    });

    let mut acc: Box<Accumulator<D>> = Box::new(Accumulator::new());
    c.bench_function("accumulator_add_4096", |bench| {
        bench.iter(|| acc.add(black_box(&a)))
    });
    c.bench_function("accumulator_cosine_4096", |bench| {
        bench.iter(|| acc.cosine(black_box(&b)))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = kernel
}
criterion_main!(benches);

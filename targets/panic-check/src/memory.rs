//! The memory layer's public API (online and striped subspaces, subspace
//! engrams and their version-2 byte format, the reckoner) on opaque inputs,
//! for the panic-freedom link check.

use core::hint::black_box;

use holon_core::atom::atom;
use holon_core::engram::{
    emit_engrams, emit_with_subspaces, encoded_len_of_engrams, encoded_len_with_subspaces,
    subspace_record_len, EngramBank, EngramFile, SubspaceBank, SubspaceEngram,
};
use holon_core::memory::{
    stripe_of, AccuracyCurve, ContinuousParams, ContinuousReckoner, Curve, CurveParams,
    DiscreteReckoner, OnlineSubspace, Real, StripedSubspace, SubspaceParams,
};
use holon_core::Vector;

use crate::opaque::read;

static SEED: u64 = 0;
static COMPONENTS: usize = 2;
static UPDATES: usize = 12;
static ANGLES: usize = 0;
static AMNESIA: f64 = 2.0;
static ALPHA: f64 = 0.01;
static FLOATS: [f64; 16] = [
    0.5, -1.0, 0.0, 3.25, 1e300, -1e-300, 7.0, 0.125, 2.0, -2.0, 1.0, 0.0, -0.5, 9.0, 1e-9, 4.0,
];
static NAME: [u8; 40] = *b"subspace-engram-with-a-long-name-1234567";
static NAME_LEN: usize = 8;
static BYTES_LEN: usize = 100_000;
static LABELS: usize = 3;
static RECALIBRATE: u32 = 4;

fn name() -> &'static str {
    let len = read(&NAME_LEN);
    core::str::from_utf8(NAME.get(..len).unwrap_or(&[])).unwrap_or("")
}

/// Every public operation of `OnlineSubspace<D, K, F>`.
#[inline(never)]
fn subspace<const D: usize, const K: usize, F: Real>() -> OnlineSubspace<D, K, F> {
    let seed = read(&SEED);
    let params = SubspaceParams {
        amnesia: read(&AMNESIA),
        ema_alpha: read(&ALPHA),
        reorth_interval: 5,
        ..SubspaceParams::new(read(&COMPONENTS))
    };
    let mut sub = OnlineSubspace::<D, K, F>::with_params(params)
        .unwrap_or_else(|_| OnlineSubspace::new(read(&COMPONENTS)));
    let floats: [f64; D] = core::array::from_fn(|i| read(&FLOATS[i % 16]));
    let floats32: [f32; D] = core::array::from_fn(|i| read(&FLOATS[i % 16]) as f32);
    for i in 0..read(&UPDATES) {
        let v: Vector<D> = atom(seed, if i % 3 == 0 { "a" } else { "b" });
        black_box(sub.update(&v));
    }
    black_box(sub.update(&floats));
    black_box(sub.update(&floats32));
    let probe: Vector<D> = atom(seed, "probe");
    black_box((sub.residual(&probe), sub.threshold(), sub.explained_ratio()));
    black_box((sub.eigenvalues(), sub.project(&probe), sub.active()));
    let mut out = [F::ZERO; D];
    sub.reconstruct(&probe, &mut out);
    black_box(&out);
    sub.anomalous_component(&floats, &mut out);
    black_box(&out);
    let other = OnlineSubspace::<D, 3, F>::new(read(&COMPONENTS));
    black_box(sub.subspace_alignment(&other, read(&ANGLES)));
    black_box(sub.subspace_alignment(&sub, 2));
    let mut copy = OnlineSubspace::<D, K, F>::new(1);
    let state = sub.state();
    let _ = black_box(copy.restore(&state, sub.mean(), sub.components()));
    copy.reset();
    black_box((
        sub.params(),
        sub.observations(),
        sub.components().len(),
        copy,
    ));
    sub
}

#[inline(never)]
fn striped<const D: usize>() {
    let mut s = StripedSubspace::<D, 3, 2>::new(read(&COMPONENTS));
    let seed = read(&SEED);
    for i in 0..read(&UPDATES) {
        let x: [Vector<D>; 2] = [
            atom(seed, if i % 2 == 0 { "a" } else { "b" }),
            atom(seed, "c"),
        ];
        black_box(s.update(&x));
    }
    let probe: [Vector<D>; 2] = [atom(seed, "d"), atom(seed, "e")];
    black_box((
        s.residual(&probe),
        s.residual_profile(&probe),
        s.threshold(),
    ));
    black_box((s.stripe(read(&COMPONENTS)), s.stripes().len()));
    black_box(stripe_of(name(), read(&COMPONENTS)));
    black_box(stripe_of(name(), 0));
    black_box(StripedSubspace::<D, 3, 2>::with_params(SubspaceParams::new(2)).is_ok());
}

#[inline(never)]
fn engrams<const D: usize, const K: usize, F: Real>(sub: &OnlineSubspace<D, K, F>, out: &mut [u8]) {
    let mut bank = SubspaceBank::<D, K, 2, F>::new();
    black_box(bank.push(name(), 1, sub.threshold(), sub));
    black_box(bank.push("second", 2, F::ONE, sub));
    black_box(bank.push("third", 2, F::ONE, sub));
    let probe: Vector<D> = atom(read(&SEED), "q");
    black_box((bank.top_k::<3, _>(&probe), bank.best_in_slot(2, &probe)));
    black_box((bank.find("second"), bank.get(read(&COMPONENTS)), bank.len()));
    if let Some(e) = bank.get(0) {
        black_box((
            e.name(),
            e.slot(),
            e.threshold(),
            e.is_anomalous(&probe),
            e.subspace().active(),
        ));
    }
    if let Ok(e) = SubspaceEngram::<D, K, F>::new(name(), 3, F::ONE, sub) {
        black_box(e);
    }
    let protos = EngramBank::<D, 1>::new();
    black_box(bank.encoded_len_with(&protos));
    black_box(encoded_len_of_engrams(&protos, bank.as_slice()));
    let _ = black_box(emit_engrams(read(&SEED), &protos, bank.as_slice(), out));
    black_box(encoded_len_with_subspaces(
        D,
        1,
        read(&COMPONENTS),
        usize::MAX,
    ));
    black_box(subspace_record_len(usize::MAX, read(&COMPONENTS)));
    let written = emit_with_subspaces(read(&SEED), &protos, &bank, out).unwrap_or(0);
    let len = read(&BYTES_LEN).min(written);
    let bytes = out.get(..len).unwrap_or(&[]);
    if let Ok(file) = EngramFile::<D, _>::new_checked(bytes) {
        black_box((file.subspace_count(), file.subspace_rows(), file.version()));
        for record in file.subspaces() {
            black_box((
                record.name(),
                record.slot(),
                record.threshold(),
                record.state(),
            ));
            black_box((
                record.mean(read(&COMPONENTS)),
                record.component(1, read(&UPDATES)),
            ));
            if let Ok(mut e) = SubspaceEngram::<D, K, F>::new("", 0, F::ONE, sub) {
                let _ = black_box(e.load_record(&record));
                black_box(e);
            }
            let mut target = OnlineSubspace::<D, K, F>::new(1);
            let _ = black_box(record.read_into(&mut target));
            black_box(target);
        }
        black_box(file.subspace(read(&COMPONENTS)).is_some());
    }
    let mut back = SubspaceBank::<D, K, 2, F>::new();
    let _ = black_box(back.load(bytes));
    black_box(back.remove(read(&COMPONENTS)));
    back.clear();
    black_box(back);
}

/// Every public operation of `DiscreteReckoner<D, L, H, F>` and its curve.
#[inline(never)]
fn discrete<const D: usize, const L: usize, const H: usize, F: Real>() {
    let seed = read(&SEED);
    let curve = CurveParams {
        min_resolved: read(&UPDATES),
        bins: read(&COMPONENTS),
    };
    let mut r = DiscreteReckoner::<D, L, H, F>::with_curve(read(&RECALIBRATE), curve);
    let floats: [f64; D] = core::array::from_fn(|i| read(&FLOATS[i % 16]));
    let floats32: [f32; D] = core::array::from_fn(|i| read(&FLOATS[i % 16]) as f32);
    for i in 0..read(&UPDATES) {
        let v: Vector<D> = atom(seed, if i % 3 == 0 { "a" } else { "b" });
        let label = i.checked_rem(read(&LABELS)).unwrap_or(0);
        let _ = black_box(r.observe(&v, label, read(&FLOATS[i % 16])));
        let p = r.predict(&v);
        let _ = black_box(r.resolve(p.conviction, p.label == Some(label)));
        black_box(p);
    }
    let _ = black_box(r.observe(&floats, read(&COMPONENTS), read(&AMNESIA)));
    let _ = black_box(r.observe(&floats32, 0, read(&ALPHA)));
    black_box((r.predict(&floats), r.predict(&floats32)));
    black_box((r.fit_curve(), r.curve(), r.accuracy_at(read(&FLOATS[4]))));
    let _ = black_box(r.decay(read(&FLOATS[12])));
    let l = read(&COMPONENTS);
    black_box((r.label_count(l), r.raw_prototype(l), r.discriminant(l)));
    black_box((r.updates(), r.recalibrations(), r.is_ready(), r.resolved()));
    black_box(r.curve_params());
    let mut history = AccuracyCurve::<H>::new(curve);
    for i in 0..read(&UPDATES) {
        let _ = black_box(history.resolve(read(&FLOATS[i % 16]), i % 2 == 0));
    }
    black_box((
        history.fit(read(&LABELS)),
        history.accuracy_at(read(&FLOATS[5])),
    ));
    black_box((
        history.len(),
        history.is_empty(),
        history.curve(),
        history.params(),
    ));
    history.clear();
    let c = Curve {
        base: read(&FLOATS[0]),
        a: read(&FLOATS[4]),
        b: read(&FLOATS[3]),
    };
    black_box(c.accuracy_at(read(&FLOATS[13])));
    black_box((r, history));
}

/// Every public operation of `ContinuousReckoner<D, B, F>`.
#[inline(never)]
fn continuous<const D: usize, const B: usize, F: Real>() {
    let seed = read(&SEED);
    let params = ContinuousParams {
        decay: read(&ALPHA),
        rebalance_every: read(&RECALIBRATE),
        margin: read(&FLOATS[7]),
        floor: read(&FLOATS[1]),
        ..ContinuousParams::new(read(&FLOATS[0]))
    };
    let mut r = ContinuousReckoner::<D, B, F>::with_params(params)
        .unwrap_or_else(|_| ContinuousReckoner::new(read(&FLOATS[0])));
    let floats: [f64; D] = core::array::from_fn(|i| read(&FLOATS[i % 16]));
    let floats32: [f32; D] = core::array::from_fn(|i| read(&FLOATS[i % 16]) as f32);
    for i in 0..read(&UPDATES) {
        let v: Vector<D> = atom(seed, if i % 3 == 0 { "a" } else { "b" });
        let _ = black_box(r.observe(&v, read(&FLOATS[i % 16]), read(&FLOATS[(i + 3) % 16])));
        black_box(r.query(&v));
    }
    let _ = black_box(r.observe(&floats, read(&FLOATS[3]), read(&AMNESIA)));
    let _ = black_box(r.observe(&floats32, read(&FLOATS[9]), read(&ALPHA)));
    black_box((r.query(&floats), r.query(&floats32)));
    let _ = black_box(r.decay(read(&FLOATS[12])));
    black_box((r.observations(), r.range(), r.centers(), r.params()));
    black_box(r);
}

/// Runs the memory layer at small sizes (the image's stack is the M4's).
pub fn exercise(out: &mut [u8]) {
    let a = subspace::<64, 4, f64>();
    engrams(&a, out);
    let b = subspace::<33, 3, f32>();
    engrams(&b, out);
    black_box(subspace::<1, 1, f64>());
    black_box(subspace::<8, 0, f64>());
    striped::<32>();
    discrete::<64, 3, 32, f64>();
    discrete::<33, 2, 16, f32>();
    discrete::<8, 1, 0, f64>();
    continuous::<64, 5, f64>();
    continuous::<33, 3, f32>();
    continuous::<8, 0, f64>();
}

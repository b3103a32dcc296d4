//! The memory layer's public API (online and striped subspaces, subspace
//! engrams and their version-2 byte format) on opaque inputs, for the
//! panic-freedom link check.

use core::hint::black_box;

use holon_core::atom::atom;
use holon_core::engram::{
    emit_engrams, emit_with_subspaces, encoded_len_of_engrams, encoded_len_with_subspaces,
    subspace_record_len, EngramBank, EngramFile, SubspaceBank, SubspaceEngram,
};
use holon_core::memory::{stripe_of, OnlineSubspace, Real, StripedSubspace, SubspaceParams};
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

/// Runs the memory layer at small sizes (the image's stack is the M4's).
pub fn exercise(out: &mut [u8]) {
    let a = subspace::<64, 4, f64>();
    engrams(&a, out);
    let b = subspace::<33, 3, f32>();
    engrams(&b, out);
    black_box(subspace::<1, 1, f64>());
    black_box(subspace::<8, 0, f64>());
    striped::<32>();
}

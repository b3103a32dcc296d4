//! `holon_core::record`: the record encoder (fields of every scalar kind,
//! vector fillers, nested maps, sequences in every mode and sets, root
//! sequences and sets, and the misuses that return errors) over both
//! codebooks and over one that hands out untrusted atoms.

use core::hint::black_box;

use holon_core::{
    atom::{atom, Codebook},
    record::{RecordEncoder, Scalar, SeqMode},
    AtomKey, Error, Vector,
};

use crate::inputs::{text, untrusted_operands, INDEX, NUMBER, SEED, SHIFT};
use crate::opaque::read;

static MODE: u8 = 3;

/// A sequence mode the optimiser cannot predict.
fn mode() -> SeqMode {
    match read(&MODE) % 4 {
        0 => SeqMode::Positional,
        1 => SeqMode::Bundle,
        2 => SeqMode::Chained,
        _ => SeqMode::Ngram,
    }
}

/// Every record-encoder call, including the misuses that return errors.
#[inline(never)]
pub fn exercise<const D: usize, const DEPTH: usize, C: Codebook<D>>(
    enc: &mut RecordEncoder<D, DEPTH, C>,
) {
    let t = text();
    let n = read(&NUMBER);
    let filler: Vector<D> = atom(read(&SEED), t);
    let _ = black_box(enc.seed());
    let _ = black_box(enc.field(t, Scalar::Str(t)));
    let _ = black_box(enc.field("n", Scalar::Float(n)));
    let _ = black_box(enc.field("i", Scalar::Int(read(&SHIFT))));
    let _ = black_box(enc.field("u", Scalar::Uint(read(&INDEX))));
    let _ = black_box(enc.field("b", Scalar::Bool(n > 1.0)));
    let _ = black_box(enc.field("z", Scalar::Null));
    let _ = black_box(enc.field_vector("v", &filler));
    let _ = black_box(enc.begin_map(t));
    let _ = black_box(enc.begin_seq("xs", mode()));
    let _ = black_box(enc.item(Scalar::Str(t)));
    let _ = black_box(enc.item_vector(&filler));
    let _ = black_box(enc.begin_item_map());
    let _ = black_box(enc.field("k", Scalar::Float(n)));
    let _ = black_box(enc.end());
    let _ = black_box(enc.begin_item_seq(mode()));
    let _ = black_box(enc.item(Scalar::Null));
    let _ = black_box(enc.end());
    let _ = black_box(enc.begin_item_set());
    let _ = black_box(enc.end());
    let _ = black_box(enc.field("misplaced", Scalar::Null));
    let _ = black_box(enc.end());
    let _ = black_box(enc.begin_set("s"));
    let _ = black_box(enc.item(Scalar::Int(-1)));
    let _ = black_box(enc.end());
    let _ = black_box(enc.end());
    let _ = black_box(enc.item(Scalar::Null));
    let _ = black_box(enc.finish());
    let _ = black_box(enc.start_root_sequence(mode()));
    let _ = black_box(enc.item(Scalar::Str(t)));
    let _ = black_box(enc.finish());
    let _ = black_box(enc.start_root_set());
    let mut out = Vector::zero();
    let _ = black_box(enc.finish_into(&mut out));
    black_box(&out);
    let _ = black_box(enc.end());
    let _ = black_box(enc.codebook());
    enc.reset();
    let _ = black_box(Scalar::Float(n).key(read(&SEED)));
}

/// A codebook whose every atom is the same untrusted vector, written in
/// place, and whose keys are untrusted too (or an error, for NaN).
struct Untrusted<const D: usize>(Vector<D>);

impl<const D: usize> Codebook<D> for Untrusted<D> {
    fn load(&mut self, _: AtomKey, out: &mut Vector<D>) {
        *out.trusted_trits_mut() = *self.0.as_trits();
    }

    fn key_of(&mut self, seed: u64, _: Scalar<'_>) -> Result<AtomKey, Error> {
        if read(&NUMBER).is_nan() {
            return Err(Error::NonFinite);
        }
        Ok(AtomKey::from_raw(seed ^ read(&INDEX)))
    }
}

/// A bound-pair kernel that breaks its contract: any bytes into the sums.
fn untrusted_add_bound<const D: usize>(sums: &mut [i8; D], a: &[i8; D], b: &[i8; D]) {
    for ((s, &x), &y) in sums.iter_mut().zip(a).zip(b) {
        *s = s
            .wrapping_mul(x)
            .wrapping_add(y)
            .wrapping_add(read(&INDEX) as i8);
    }
}

/// A threshold kernel that breaks its contract: any bytes, not trits, into
/// the document's vector.
fn untrusted_threshold<const D: usize>(sums: &[i8; D], out: &mut [i8; D]) {
    for (o, &s) in out.iter_mut().zip(sums) {
        *o = s.wrapping_mul(read(&SHIFT) as i8);
    }
}

/// A record of untrusted atoms (from the codebook), fillers and items,
/// through untrusted kernels.
#[inline(never)]
pub fn untrusted<const D: usize>() {
    let (a, b, c) = untrusted_operands::<D>();
    let mut enc = RecordEncoder::<D, 3, _>::new(read(&SEED), Untrusted(a.clone()));
    enc.set_add_bound(untrusted_add_bound);
    enc.set_threshold(untrusted_threshold);
    let _ = black_box(enc.field("k", Scalar::Str(text())));
    let _ = black_box(enc.field_vector("v", &b));
    let _ = black_box(enc.begin_seq("xs", mode()));
    let _ = black_box(enc.item_vector(&c));
    let _ = black_box(enc.item_vector(&b));
    let _ = black_box(enc.item(Scalar::Null));
    let _ = black_box(enc.end());
    let _ = black_box(enc.begin_set("s"));
    let _ = black_box(enc.item_vector(&a));
    let _ = black_box(enc.end());
    let _ = black_box(enc.finish());
}

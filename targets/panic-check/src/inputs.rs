//! The inputs several modules share: statics read through
//! [`read`](crate::opaque::read), text and names of opaque length, the
//! vectors the operations take (valid ones and ones that break the trit
//! invariant), and a `fmt::Write` sink.

use core::fmt;

use holon_core::{
    atom::{atom, position},
    AtomKey, Vector,
};

use crate::opaque::read;

pub static SEED: u64 = 0;
static TEXT: [u8; 16] = *b"dst_port=80/tcp!";
pub static TEXT_LEN: usize = 8;
pub static INDEX: u64 = 3;
pub static SHIFT: i64 = -7;
pub static WEIGHT: f32 = 0.25;
pub static THRESHOLD: f32 = 0.5;
pub static SLICE_INDEX: usize = 5;
pub static NUMBER: f64 = 52.5;
pub static SLOT: u32 = 0x5eed;
pub static SECONDS: i64 = -11_676_096_000;

static NAME: [u8; 40] = *b"dst_port&src_port.with-a-long-name-here!";
static NAME_LEN: usize = 8;

/// An engram file behind an opaque pointer and length: a valid one, one
/// engram "x" of D = 3 (slot 0x5eed, threshold 0.3, count 12, `+-0`),
/// seed 7, as `EngramBank::emit` writes it.
#[rustfmt::skip]
pub static FILE: &[u8] = &[
    // header: magic, version 1, flags 0, D = 3, 1 engram, seed 7
    b'H', b'L', b'N', b'G', 1, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0,
    // name length and 32 bytes of name
    1, b'x', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    // slot, threshold 0.3, count, prototype `+-0`
    0xed, 0x5e, 0, 0, 0x9a, 0x99, 0x99, 0x3e, 12, 0, 0, 0, 0b00_10_01,
    // CRC-32
    0x15, 0x0f, 0x58, 0xac,
];

/// Arbitrary components, most of them not trits.
pub static RAW: [i8; 16] = [
    127, -128, 5, -1, 0, 1, -7, 64, -2, 2, 1, -1, 100, -100, 0, 3,
];

/// Text of opaque length and content; invalid UTF-8 falls back to "".
pub fn text() -> &'static str {
    let len = read(&TEXT_LEN);
    let bytes = TEXT.get(..len).unwrap_or(&[]);
    core::str::from_utf8(bytes).unwrap_or("")
}

/// Text of opaque length from `NAME` (up to 40 bytes: longer than an
/// engram name may be).
pub fn name() -> &'static str {
    let len = read(&NAME_LEN);
    core::str::from_utf8(NAME.get(..len).unwrap_or(&[])).unwrap_or("")
}

/// Three valid vectors of opaque content: the atom of [`text`], a position
/// atom, and the atom of [`text`]'s key.
pub fn operands<const D: usize>() -> (Vector<D>, Vector<D>, Vector<D>) {
    let (seed, t) = (read(&SEED), text());
    (
        atom(seed, t),
        position(seed, read(&INDEX)),
        AtomKey::new(seed, t).vector(),
    )
}

/// A vector of opaque, mostly non-trit components, built unchecked.
pub fn untrusted_vector<const D: usize>(salt: usize) -> Vector<D> {
    let mut trits = [0i8; D];
    for (i, t) in trits.iter_mut().enumerate() {
        *t = read(&RAW[i.wrapping_add(salt) % RAW.len()]);
    }
    Vector::from_trusted_trits(trits)
}

/// Three vectors that break the trit invariant: two built unchecked, one
/// an atom scaled in place through `trusted_trits_mut`.
pub fn untrusted_operands<const D: usize>() -> (Vector<D>, Vector<D>, Vector<D>) {
    let a = untrusted_vector::<D>(read(&SLICE_INDEX));
    let b = untrusted_vector::<D>(read(&SLICE_INDEX).wrapping_mul(7));
    let mut c: Vector<D> = atom(read(&SEED), text());
    for t in c.trusted_trits_mut().iter_mut() {
        *t = t.wrapping_mul(read(&RAW[0]));
    }
    (a, b, c)
}

/// Counts characters: a `fmt::Write` sink that cannot fail.
pub struct Count(pub usize);

impl fmt::Write for Count {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 = self.0.wrapping_add(s.len());
        Ok(())
    }
}

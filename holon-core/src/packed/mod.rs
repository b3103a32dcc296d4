//! Packed ternary vectors: two bit-planes, 32 trits per pair of `u32`
//! words, a quarter of a [`Vector`](crate::Vector)'s memory.
//!
//! A [`PackedVector<D, W>`] stores component `i` as bit `i % 32` of word
//! `i / 32` in two planes: *non-zero* and *negative* (`+1` is `(1, 0)`,
//! `-1` is `(1, 1)`, `0` is `(0, 0)`). `W` is the word count,
//! [`words(D)`](words) = `ceil(D / 32)`, checked when the type is used, so
//! any `D` works on stable Rust: `PackedVector<1024, { words(1024) }>`.
//!
//! Every operation gives the same result as the same operation on the
//! unpacked vector, bit for bit (the cosine is the same `f32`: the same
//! integers go through the same final formula):
//!
//! - [`PackedVector::dot`] and [`PackedVector::cosine`]: bit counts of
//!   `nonzero_a & nonzero_b` and of its part with opposite signs, with a
//!   word-wide (SWAR) bit count, since Cortex-M cores have no popcount
//!   instruction;
//! - [`bind`]: three logic operations a word;
//! - [`bundle`] (the sign of the sum): bit-sliced counters, no per-trit
//!   loop;
//! - [`PackedVector::from_key`] / [`atom`]: an atom's stream straight into
//!   the planes;
//! - [`PackedVector::truncate`]: the prefix property holds.
//!
//! [`PackedBank`] holds engrams packed for matching, loaded from the same
//! engram file bytes as [`EngramBank`](crate::engram::EngramBank) and giving
//! the same matches: the 96-engram bank of the bundled stream at
//! D = 1024 takes 25.7 KB instead of about 103 KB.
//!
//! ```
//! use holon_core::packed::{self, words, PackedVector};
//! use holon_core::{atom::atom, ops, Vector};
//!
//! type P = PackedVector<1024, { words(1024) }>;
//! let port: P = packed::atom(0, "dst_port");
//! let http: P = packed::atom(0, "80");
//! let pair = packed::bind(&port, &http);
//!
//! // The same vectors and the same cosine bits as the unpacked algebra.
//! let (p, h): (Vector<1024>, Vector<1024>) = (atom(0, "dst_port"), atom(0, "80"));
//! assert_eq!(pair.to_vector(), ops::bind(&p, &h));
//! assert_eq!(pair.cosine(&port).to_bits(), ops::bind(&p, &h).cosine(&p).to_bits());
//! assert_eq!(core::mem::size_of::<P>(), 256);
//! ```

mod bank;
mod bundle;
mod count;
mod tail;
#[cfg(holon_thumb1)]
mod thumb1;
#[cfg(holon_thumb2)]
mod thumb2;
mod vector;

pub use bank::{PackedBank, PackedEngram};
pub use bundle::bundle;
pub(crate) use tail::sqrtf;
pub use vector::{atom, bind, bind_into, position, words, PackedVector};

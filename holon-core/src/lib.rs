//! # holon-core
//!
//! A Vector Symbolic Architecture kernel built on one principle: **the same
//! bits everywhere, with nothing hidden**.
//!
//! - **No heap.** A [`Vector<D>`] is `D` ternary components stored inline; the
//!   dimension lives in the type, so two vectors of different dimension cannot
//!   be combined by mistake. Nothing in this crate uses `alloc`.
//! - **No panics.** Every public operation is total: an empty bundle is the
//!   zero vector, a full cache evicts, a malformed input is an [`Error`].
//! - **The hash function is the codebook.** An atom's vector is derived on
//!   demand from SHA-256 and ChaCha8 ([`atom`]), so a cold-booted device and a
//!   server agree on every vector without sharing state.
//! - **Prefix property.** Every element-wise operation keeps
//!   `truncate::<d>(f(x)) == f(truncate::<d>(x))`: a 1024-dim device sees a
//!   prefix of a 4096-dim server's space. [`ops::permute`] is the one
//!   exception.
//!
//! ```
//! use holon_core::{atom::atom, ops::bind, Vector};
//!
//! let port: Vector<1024> = atom(0, "dst_port");
//! let http: Vector<1024> = atom(0, "80");
//! let pair = bind(&port, &http);
//! // bind is self-inverse where the key is non-zero.
//! assert!(bind(&pair, &port).cosine(&http) > 0.8);
//! // Independent atoms are near-orthogonal.
//! assert!(port.cosine(&http).abs() < 0.15);
//! ```
//!
//! Modules, in the order a reader needs them:
//!
//! - [`vector`]: the vector type and similarity measures.
//! - [`atom`]: text to vector, bit-exact with holon-rs 0.1.
//! - [`cache`]: a bounded, allocation-free atom cache.
//! - [`ops`]: bind, bundle, permute and the rest of the algebra.
//! - [`metric`]: holon-rs's similarity measures (euclidean, hamming,
//!   minkowski, weighted, significance, ...), in `f64`.
//! - [`accumulator`]: frequency-preserving superposition.
//! - [`magnitude`]: numbers, angles and times as vectors whose similarity
//!   follows their distance.
//! - [`record`]: documents become vectors, allocation-free.
//! - [`engram`]: named prototypes, a fixed-capacity bank to match them,
//!   and the checksummed byte format they travel in.
//! - [`detect`]: the scoring core of the zero-knowledge detector.
//! - [`memory`]: online subspaces (CCIPCA), striped subspaces: what normal
//!   looks like, learned from a stream without allocation.
//! - [`packed`]: two bit-planes, 32 trits a word pair: the algebra and
//!   engram banks in a quarter of the memory.
//! - [`error`]: the one error type.
//!
//! Features: `float-text` (default: non-whole floats in records), `defmt`
//! (`defmt::Format` for the public types), `serde` (`Serialize` and
//! `Deserialize` for vectors, accumulators, engrams and banks, without
//! allocation), `compact` (smaller code for the same atoms: a one-block
//! ChaCha8 and SHA-256's compact backend, for flash-bound firmware).
#![no_std]
// `unsafe` only where allowed by name: the packed counting kernels'
// Thumb-1 / Thumb-2 / FPU assembly (`packed::thumb1`, `thumb2`, `tail`) and
// the calls into it (`packed::count`).
#![deny(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod accumulator;
pub mod atom;
pub mod cache;
#[cfg(any(feature = "compact", test))]
mod chacha;
#[cfg(feature = "defmt")]
mod defmt;
pub mod detect;
pub mod engram;
pub mod error;
pub mod fnv;
mod kernel;
pub mod magnitude;
pub mod memory;
pub mod metric;
pub mod ops;
pub mod packed;
pub mod record;
#[cfg(feature = "serde")]
mod serde;
pub mod vector;

pub use accumulator::{Accumulator, DecayingAccumulator};
pub use atom::{AtomHasher, AtomKey, AtomStream, DEFAULT_SEED};
pub use cache::AtomCache;
pub use error::Error;
pub use vector::Vector;

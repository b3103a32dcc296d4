//! # holon-std
//!
//! The server side of holon: a thin `std` layer over [`holon_core`]. It adds
//! what a server wants and a microcontroller does not — conveniences that
//! allocate — and never changes a result: every vector it
//! produces is the one `holon-core` produces for the same input.
//!
//! - [`Holon`]: the facade — seed, dimension, atom cache, encoders.
//! - [`algebra`]: the extended algebra with `Vec` outputs, and codebook
//!   lookups by atom name.
//! - [`walkable`]: the `Walkable` trait, for std types and your own structs.
//! - [`json`]: `serde_json` documents with the `$` markers of DESIGN §6.
//! - [`cache`]: a bounded atom cache (clock eviction).
//! - [`flat`]: flat records (packets, log lines) from JSON text at line rate.
//! - [`record`]: one reading of a JSON record: object check, leaves, labels.
//! - [`detect`]: a zero-knowledge anomaly detector for record streams.
//! - [`detect_subspace`]: the same detector's slots, each learning an online
//!   subspace (CCIPCA) instead of prototypes.
//! - [`engram_library`]: named subspace engrams matched by residual,
//!   spectrum or alignment, saved in the engram byte format.
//! - [`reckoner`]: holon-core's discrete reckoner with named labels.
//! - [`report`]: per-phase recall and false-positive tables.
//! - [`simd`]: run-time dispatched AVX2 / AVX-512 kernels and atoms, bit-exact
//!   with the core.
#![deny(unsafe_code)]
#![deny(missing_docs)]

pub mod algebra;
pub mod cache;
pub mod detect;
pub mod detect_subspace;
pub mod engram_library;
pub mod error;
pub mod flat;
pub mod holon;
pub mod json;
pub mod reckoner;
pub mod record;
pub mod report;
#[allow(unsafe_code)]
pub mod simd;
pub mod walkable;

pub use error::EncodeError;
pub use holon::Holon;

pub use holon_core as core;

/// The README's Rust examples, compiled and run as doc tests so the front
/// page cannot drift from the code.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

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
//! - [`atom_map`]: the atom map, a bounded atom cache (clock eviction).
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
//!
//! ```
//! # #[cfg(feature = "json")] {
//! use holon_std::Holon;
//!
//! let mut holon = Holon::<4096>::new(0);
//! let login = holon.encode_json(r#"{"user": "alice", "action": "login", "ok": true}"#)?;
//! let again = holon.encode_json(r#"{"user": "alice", "action": "login", "ok": false}"#)?;
//! let other = holon.encode_json(r#"{"user": "bob", "action": "upload", "size": 7}"#)?;
//! // Records that share structure and values are similar; others are not.
//! assert!(login.cosine(&again) > 0.5);
//! assert!(login.cosine(&other).abs() < 0.2);
//! // Ask a record what it holds: unbind a field's role and compare.
//! let user = holon_core::ops::bind(&login, &holon.atom("user"));
//! assert!(user.cosine(&holon.atom("alice")) > 0.3);
//! # }
//! # Ok::<(), holon_std::EncodeError>(())
//! ```
//!
//! ## Cargo features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `json` | yes | `serde_json`, and everything that reads JSON: `json`, `flat`, `record`, `detect`, `detect_subspace`, `report`, `Holon::encode_json` |
//! | `simd` | yes | the x86-64 and AArch64 kernels behind [`simd`]; without it each [`simd`] function is the core's |
//!
//! With `default-features = false` the crate is the facade, the algebra,
//! `Walkable`, the atom cache and the engram library, over `holon-core`
//! alone. Reading gzip streams belongs to the `holon` binary (crate
//! `holon-cli`), not to this library.
#![deny(unsafe_code)]
#![deny(missing_docs)]

pub mod algebra;
pub mod atom_map;
#[cfg(feature = "json")]
pub mod detect;
#[cfg(feature = "json")]
pub mod detect_subspace;
pub mod engram_library;
pub mod error;
#[cfg(feature = "json")]
pub mod flat;
pub mod holon;
#[cfg(feature = "json")]
pub mod json;
pub mod key_memo;
pub mod reckoner;
#[cfg(feature = "json")]
pub mod record;
#[cfg(feature = "json")]
pub mod report;
mod seeded_hash;
#[allow(unsafe_code)]
pub mod simd;
pub mod walkable;

pub use error::EncodeError;
pub use holon::Holon;

/// The kernel this crate builds on, re-exported under its own name (a
/// re-export named `core` would shadow the language's `core` crate).
pub use holon_core;

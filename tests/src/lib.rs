//! Shared helpers for the workspace conformance tests: the one reader of
//! the golden files holon-rs produced (atoms, algebra cases, the subspace
//! trace), used by every test and by the firmware's build scripts.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::path::PathBuf;

/// Path of a file under this crate's `data/` folder.
pub fn data_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(relative)
}

pub mod golden;

pub use golden::atoms::{golden_atoms, GoldenAtom};

/// The workspace README's Rust examples, compiled and run as doc tests so
/// the front page cannot drift from the code. They live in this unpublished
/// crate: a published crate's package has no `../README.md` to include.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

/// holon-core's crates.io page (its README), compiled and run likewise.
#[cfg(doctest)]
#[doc = include_str!("../../holon-core/README.md")]
struct CoreReadmeDoctests;

/// holon-std's crates.io page (its README), compiled and run likewise.
#[cfg(doctest)]
#[doc = include_str!("../../holon-std/README.md")]
struct StdReadmeDoctests;

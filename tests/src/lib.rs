//! Shared helpers for the workspace conformance tests: loading the golden
//! atom vectors produced by the reference holon-rs 0.1.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::path::PathBuf;

/// One line of `data/golden/atoms.jsonl`.
#[derive(Debug, Clone)]
pub struct GoldenAtom {
    /// Codebook seed.
    pub seed: u64,
    /// Number of components in `trits`.
    pub dims: usize,
    /// The atom's text (position entries are given as `__pos__{i}`).
    pub text: String,
    /// The position, for entries given as a position rather than a text.
    pub position: Option<u64>,
    /// The expected components as `+`, `-`, `0`.
    pub trits: String,
}

/// Path of a file under this crate's `data/` folder.
pub fn data_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(relative)
}

/// Every golden atom, in file order. Panics (this is test support) if the
/// file is missing or malformed.
pub fn golden_atoms() -> Vec<GoldenAtom> {
    let path = data_path("golden/atoms.jsonl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    text.lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("golden line is JSON");
            let position = v["position"].as_u64();
            let text = match position {
                Some(i) => format!("__pos__{i}"),
                None => v["atom"].as_str().expect("atom or position").to_string(),
            };
            GoldenAtom {
                seed: v["seed"].as_u64().expect("seed"),
                dims: v["dims"].as_u64().expect("dims") as usize,
                text,
                position,
                trits: v["trits"].as_str().expect("trits").to_string(),
            }
        })
        .collect()
}

pub mod subspace_golden;

/// The workspace README's Rust examples, compiled and run as doc tests so
/// the front page cannot drift from the code. They live in this unpublished
/// crate: a published crate's package has no `../README.md` to include.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

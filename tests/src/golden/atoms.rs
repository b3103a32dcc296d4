//! The golden atoms (`data/golden/atoms.jsonl`): one JSON object a line with
//! the seed, the dimension, the atom's text (or a position) and the trits
//! holon-rs derived for it.

use std::path::Path;

use serde_json::Value;

/// One line of `data/golden/atoms.jsonl`.
#[derive(Debug, Clone, PartialEq)]
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

impl GoldenAtom {
    /// The expected components as `-1`, `0`, `1`.
    pub fn trit_values(&self) -> Vec<i8> {
        self.trits.chars().map(super::trit_value).collect()
    }
}

/// Parses the file's text; the error names the line.
pub fn parse_atoms(text: &str) -> Result<Vec<GoldenAtom>, String> {
    super::json_lines(text)
        .map(|line| line.and_then(|(n, v)| atom(&v).map_err(|e| format!("line {n}: {e}"))))
        .collect()
}

fn atom(v: &Value) -> Result<GoldenAtom, String> {
    let number = |key: &str| v[key].as_u64().ok_or(format!("no {key}"));
    let position = v["position"].as_u64();
    let text = match position {
        Some(i) => format!("__pos__{i}"),
        None => v["atom"].as_str().ok_or("no atom or position")?.to_string(),
    };
    let trits = v["trits"].as_str().ok_or("no trits")?.to_string();
    Ok(GoldenAtom {
        seed: number("seed")?,
        dims: usize::try_from(number("dims")?).map_err(|_| "dims too large")?,
        text,
        position,
        trits,
    })
}

/// Reads and parses a golden atom file.
pub fn read_atoms(path: &Path) -> Result<Vec<GoldenAtom>, String> {
    parse_atoms(&super::read(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every bundled golden atom, in file order. Panics (this is test support)
/// if the file is missing or malformed.
pub fn golden_atoms() -> Vec<GoldenAtom> {
    read_atoms(&crate::data_path("golden/atoms.jsonl")).unwrap_or_else(|e| panic!("{e}"))
}

//! The golden files holon-rs produced, parsed once for every reader: the
//! host's tests and the firmware's build scripts (a build-dependency on this
//! crate). Each parser takes the file's text and names the line of a fault.
//!
//! - [`atoms`]: `atoms.jsonl`, the codebook's vectors.
//! - [`algebra`]: `algebra.jsonl`, the extended algebra's cases.
//! - [`subspace`]: `subspace.json`, a CCIPCA trace.

use std::path::Path;

use serde_json::Value;

pub mod algebra;
pub mod atoms;
pub mod subspace;

/// A trit character as its value: `+` 1, `-` -1, anything else 0.
pub fn trit_value(c: char) -> i8 {
    match c {
        '+' => 1,
        '-' => -1,
        _ => 0,
    }
}

/// The non-blank lines of a JSON Lines text, parsed, with their 1-based
/// line numbers.
fn json_lines(text: &str) -> impl Iterator<Item = Result<(usize, Value), String>> + '_ {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .map(|v| (i + 1, v))
                .map_err(|e| format!("line {}: not JSON: {e}", i + 1))
        })
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

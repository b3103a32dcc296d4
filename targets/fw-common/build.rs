//! Turns the golden atoms of the reference holon-rs (tests/data/golden at
//! the workspace root) into a table the firmware checks itself against:
//! seed, dimension, atom text and the FNV-1a digest of the expected trits.
//! Digests, not trits, because 96 vectors of up to 4096 components do not
//! fit a micro:bit's flash.

use std::fmt::Write as _;
use std::path::PathBuf;

#[path = "build/algebra.rs"]
mod algebra;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let golden = manifest.join("../../tests/data/golden/atoms.jsonl");
    println!("cargo:rerun-if-changed={}", golden.display());
    let text = std::fs::read_to_string(&golden)
        .unwrap_or_else(|e| panic!("reading {}: {e}", golden.display()));
    let mut table = String::from("/// (seed, dims, atom text, FNV-1a of the trits as i8 bytes)\n");
    table.push_str("pub const GOLDEN_ATOMS: &[(u64, usize, &str, u64)] = &[\n");
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("golden line is JSON");
        let atom = match v["position"].as_u64() {
            Some(i) => format!("__pos__{i}"),
            None => v["atom"].as_str().expect("atom").to_string(),
        };
        let mut fnv: u64 = 0xcbf2_9ce4_8422_2325;
        for c in v["trits"].as_str().expect("trits").chars() {
            let t: i8 = match c {
                '+' => 1,
                '-' => -1,
                _ => 0,
            };
            fnv ^= u64::from(t as u8);
            fnv = fnv.wrapping_mul(0x0000_0100_0000_01b3);
        }
        writeln!(
            table,
            "    ({}, {}, {:?}, {:#018x}),",
            v["seed"].as_u64().expect("seed"),
            v["dims"].as_u64().expect("dims"),
            atom,
            fnv
        )
        .expect("writing to a String");
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("golden.rs");
    std::fs::write(out, table).expect("writing golden.rs");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    algebra::generate(
        &manifest.join("../../tests/data/golden/algebra.jsonl"),
        &out_dir,
    );
}

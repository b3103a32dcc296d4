//! Puts the mps2-an386 memory map (`targets/memory/mps2-an386.x`) where the
//! runtime's `link.x` finds it as `memory.x`, adds
//! defmt's linker script for the `defmt` feature, and, when `HOLON_ENGRAM`
//! names an engram file, prepares the engram replay (`cfg(holon_replay)`):
//!
//! - copies the engram file to `OUT_DIR/holon.engram` (for `include_bytes!`);
//! - turns `tests/data/packets/replay.jsonl` (or `HOLON_REPLAY`) into
//!   `OUT_DIR/replay.rs`: a static table of `fw_harness::replay::Record`s,
//!   each record's leaves sorted by name with the `_` labels dropped, and the
//!   `_phase` / `_attack` labels kept beside them.
//!
//! The records are read by holon-std's own record reading
//! (`holon_std::record`: the object check, `leaves`, `leaf_value`, `labels`;
//! serde_json with `float_roundtrip`), the code `holon score` runs, so the
//! firmware scores the very same leaves.
use std::fmt::Write as _;
use std::{env, fs, path::PathBuf};

use holon_std::detect::DETECT_DIMS;
use holon_std::holon_core::{self, engram::EngramFile};
use holon_std::record::{self, LeafValue};
use serde_json::Value;

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    // One memory map per board, shared by every image of that board.
    let memory_map = "../memory/mps2-an386.x";
    fs::copy(memory_map, out.join("memory.x")).expect("copy the board's memory map");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed={memory_map}");
    println!("cargo:rerun-if-changed=build.rs");
    // defmt's linker script (shipped by the defmt crate) only with the
    // feature: without defmt in the image it would find no sections.
    if env::var_os("CARGO_FEATURE_DEFMT").is_some() {
        println!("cargo:rustc-link-arg=-Tdefmt.x");
    }

    println!("cargo::rustc-check-cfg=cfg(holon_replay)");
    println!("cargo:rerun-if-env-changed=HOLON_ENGRAM");
    println!("cargo:rerun-if-env-changed=HOLON_REPLAY");
    let Some(engram) = env::var_os("HOLON_ENGRAM").filter(|p| !p.is_empty()) else {
        return;
    };
    let engram = PathBuf::from(engram);
    println!("cargo:rerun-if-changed={}", engram.display());
    let bytes =
        fs::read(&engram).unwrap_or_else(|e| panic!("HOLON_ENGRAM={}: {e}", engram.display()));
    let count = engram_count(&bytes).unwrap_or_else(|e| {
        panic!(
            "HOLON_ENGRAM={}: not an engram file at D = {DETECT_DIMS}: {e}",
            engram.display()
        )
    });
    fs::write(out.join("holon.engram"), &bytes).expect("writing holon.engram");

    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let replay = env::var_os("HOLON_REPLAY")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../tests/data/packets/replay.jsonl"));
    println!("cargo:rerun-if-changed={}", replay.display());
    let text = fs::read_to_string(&replay)
        .unwrap_or_else(|e| panic!("reading the replay records {}: {e}", replay.display()));
    let table = replay_table(&text, count)
        .unwrap_or_else(|e| panic!("replay records {}: {e}", replay.display()));
    fs::write(out.join("replay.rs"), table).expect("writing replay.rs");
    println!("cargo:rustc-cfg=holon_replay");
}

/// The engram count of an engram file at the replay's dimension, checked by
/// holon-core's reader (the one the firmware runs).
fn engram_count(bytes: &[u8]) -> Result<u32, holon_core::Error> {
    let file = EngramFile::<DETECT_DIMS, _>::new_checked(bytes)?;
    Ok(u32::try_from(file.len()).unwrap_or(u32::MAX))
}

/// One record: its leaves (dotted path, value) and labels.
struct Record<'a> {
    leaves: Vec<record::Leaf<'a>>,
    phase: String,
    attack: bool,
}

/// The generated Rust source: names, phases, records and the `REPLAY`
/// constant `fw_harness::replay::run` takes.
fn replay_table(text: &str, engram_count: u32) -> Result<String, String> {
    let values: Vec<(usize, Value)> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line)
                .map(|v| (i + 1, v))
                .map_err(|e| format!("line {}: {e}", i + 1))
        })
        .collect::<Result<_, _>>()?;
    let mut records = Vec::new();
    for (line, value) in &values {
        let leaves = record::leaves(value).map_err(|e| format!("line {line}: {e}"))?;
        let labels = record::labels(value);
        records.push(Record {
            leaves,
            phase: labels.phase.unwrap_or("-").to_string(),
            attack: labels.attack == Some(true),
        });
    }

    let mut names: Vec<&str> = records
        .iter()
        .flat_map(|r| r.leaves.iter().map(|leaf| leaf.path.as_str()))
        .collect();
    names.sort();
    names.dedup();
    let mut phases: Vec<&str> = Vec::new();
    for r in &records {
        if !phases.contains(&r.phase.as_str()) {
            phases.push(&r.phase);
        }
    }
    if names.len() > 256 || phases.len() > 256 {
        return Err("more than 256 leaf names or phases".into());
    }

    let mut s = String::new();
    s.push_str("// Generated by cortex-m4/build.rs from the replay records; do not edit.\n");
    s.push_str("use fw_harness::replay::{Field as F, Record, Replay, Value::*};\n\n");
    writeln!(
        s,
        "/// The engram replay: {} records, {} leaf names, {} phases, {} engrams.",
        records.len(),
        names.len(),
        phases.len(),
        engram_count
    )
    .unwrap();
    writeln!(
        s,
        "pub static REPLAY: Replay<{}, {}> = Replay {{",
        names.len(),
        phases.len()
    )
    .unwrap();
    s.push_str("    engram: include_bytes!(concat!(env!(\"OUT_DIR\"), \"/holon.engram\")),\n");
    writeln!(s, "    engram_count: {engram_count},").unwrap();
    writeln!(s, "    names: {names:?},").unwrap();
    writeln!(s, "    phases: {phases:?},").unwrap();
    s.push_str("    records: &RECORDS,\n};\n\n");
    writeln!(s, "static RECORDS: [Record; {}] = [", records.len()).unwrap();
    for r in &records {
        s.push_str("    Record { fields: &[");
        for (i, leaf) in r.leaves.iter().enumerate() {
            let index = names
                .binary_search(&leaf.path.as_str())
                .map_err(|_| "name table")?;
            let value = match record::leaf_value(leaf.value) {
                LeafValue::Num(x) => {
                    // `{:?}` prints the shortest text that parses back to
                    // the same f64; check it anyway.
                    let lit = format!("{x:?}");
                    if lit.parse::<f64>().map(f64::to_bits) != Ok(x.to_bits()) {
                        return Err(format!("number {x} does not round-trip as {lit}"));
                    }
                    format!("Num({lit})")
                }
                LeafValue::Str(t) => format!("Str({t:?})"),
                LeafValue::Bool(b) => format!("Bool({b})"),
                LeafValue::Null => "Null".to_string(),
            };
            if i > 0 {
                s.push_str(", ");
            }
            write!(s, "F({index}, {value})").unwrap();
        }
        let phase = phases.iter().position(|p| *p == r.phase).unwrap_or(0);
        writeln!(s, "], phase: {phase}, attack: {} }},", r.attack).unwrap();
    }
    s.push_str("];\n");
    Ok(s)
}

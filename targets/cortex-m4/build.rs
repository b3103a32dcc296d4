//! Puts this crate's `memory.x` where the runtime's `link.x` finds it, adds
//! defmt's linker script for the `defmt` feature, and, when `HOLON_ENGRAM`
//! names an engram file, prepares the engram replay (`cfg(holon_replay)`):
//!
//! - copies the engram file to `OUT_DIR/holon.engram` (for `include_bytes!`);
//! - turns `tests/data/packets/replay.jsonl` (or `HOLON_REPLAY`) into
//!   `OUT_DIR/replay.rs`: a static table of `fw_common::replay::Record`s,
//!   each record's leaves sorted by name with the `_` labels dropped, and the
//!   `_phase` / `_attack` labels kept beside them.
//!
//! The records are read as `holon score` reads them (serde_json with
//! `float_roundtrip`, numbers through `as_f64`, nested objects flattened to
//! dotted paths, arrays as their JSON text, blank lines skipped), so the
//! firmware scores the very same leaves.
use std::fmt::Write as _;
use std::{env, fs, path::PathBuf};

use serde_json::Value;

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    fs::copy("memory.x", out.join("memory.x")).expect("copy memory.x");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");
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
    let count = engram_count(&bytes).unwrap_or_else(|| {
        panic!(
            "HOLON_ENGRAM={}: not an engram file (no HLNG header)",
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

/// The engram count of an engram file's header (magic `HLNG`, count at
/// bytes 12..16); the firmware checks the rest.
fn engram_count(bytes: &[u8]) -> Option<u32> {
    if bytes.get(..4)? != b"HLNG" {
        return None;
    }
    Some(u32::from_le_bytes(bytes.get(12..16)?.try_into().ok()?))
}

/// One record: its leaves (dotted path, value) and labels.
struct Record<'a> {
    leaves: Vec<(String, &'a Value)>,
    phase: String,
    attack: bool,
}

/// Collects `(dotted path, leaf)` for every leaf of `value` whose keys do
/// not start with `_` (as holon-std's `SlotEncoder`).
fn flatten<'a>(prefix: &str, value: &'a Value, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key.starts_with('_') {
                    continue;
                }
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&path, v, out);
            }
        }
        leaf => out.push((prefix.to_string(), leaf)),
    }
}

/// The generated Rust source: names, phases, records and the `REPLAY`
/// constant `fw_common::replay::run` takes.
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
        let Value::Object(map) = value else {
            return Err(format!("line {line}: a record must be a JSON object"));
        };
        let mut leaves = Vec::new();
        flatten("", value, &mut leaves);
        leaves.sort_by(|a, b| a.0.cmp(&b.0));
        records.push(Record {
            leaves,
            phase: map
                .get("_phase")
                .and_then(Value::as_str)
                .unwrap_or("-")
                .to_string(),
            attack: map.get("_attack").and_then(Value::as_bool) == Some(true),
        });
    }

    let mut names: Vec<&str> = records
        .iter()
        .flat_map(|r| r.leaves.iter().map(|(n, _)| n.as_str()))
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
    s.push_str("use fw_common::replay::{Field as F, Record, Replay, Value::*};\n\n");
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
        for (i, (name, value)) in r.leaves.iter().enumerate() {
            let index = names
                .binary_search(&name.as_str())
                .map_err(|_| "name table")?;
            let value = match value {
                Value::Number(n) => {
                    let x = n.as_f64().unwrap_or(0.0);
                    // `{:?}` prints the shortest text that parses back to
                    // the same f64; check it anyway.
                    let lit = format!("{x:?}");
                    if lit.parse::<f64>().map(f64::to_bits) != Ok(x.to_bits()) {
                        return Err(format!("number {n} does not round-trip as {lit}"));
                    }
                    format!("Num({lit})")
                }
                Value::String(t) => format!("Str({t:?})"),
                Value::Bool(b) => format!("Bool({b})"),
                Value::Null => "Null".to_string(),
                other => format!("Str({:?})", other.to_string()),
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

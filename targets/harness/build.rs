//! Turns the golden atoms of the reference holon-rs (tests/data/golden at
//! the workspace root) into a table the firmware checks itself against:
//! seed, dimension, atom text and the FNV-1a digest of the expected trits.
//! Digests, not trits, because 96 vectors of up to 4096 components do not
//! fit a micro:bit's flash.

use std::fmt::Write as _;
use std::path::PathBuf;

#[path = "build/algebra.rs"]
mod algebra;
#[path = "src/subspace_trace.rs"]
#[allow(dead_code)]
mod subspace_trace;

fn main() {
    subspace_golden();
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

/// The CCIPCA golden trace (tests/data/golden/subspace.json, made by
/// holon-rs) as packed trits and `f64` values, with the digests the host
/// computes for its replay in `f64` (K = 16) and `f32` (K = 10, the
/// micro:bit's), which the firmware must reproduce.
fn subspace_golden() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let path = manifest.join("../../tests/data/golden/subspace.json");
    println!("cargo:rerun-if-changed={}", path.display());
    println!("cargo:rerun-if-changed=src/subspace_trace.rs");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let v: serde_json::Value = serde_json::from_str(&text).expect("subspace golden is JSON");
    assert_eq!(
        v["dims"].as_u64(),
        Some(256),
        "the firmware replay runs at D = 256"
    );
    let pack = |s: &str| -> [u8; 64] {
        let mut out = [0u8; 64];
        for (i, c) in s.chars().enumerate() {
            let code = match c {
                '+' => 0b01,
                '-' => 0b10,
                _ => 0,
            };
            out[i / 4] |= code << (2 * (i % 4));
        }
        out
    };
    let trace = v["trace"].as_array().expect("trace");
    let probes = v["probes"].as_array().expect("probes");
    let inputs: Vec<[u8; 64]> = trace
        .iter()
        .map(|s| pack(s["input"].as_str().expect("input")))
        .collect();
    let residuals: Vec<f64> = trace
        .iter()
        .map(|s| s["residual"].as_f64().expect("residual"))
        .collect();
    let thresholds: Vec<f64> = trace
        .iter()
        .map(|s| s["threshold"].as_f64().unwrap_or(f64::INFINITY))
        .collect();
    let probe_inputs: Vec<[u8; 64]> = probes
        .iter()
        .map(|s| pack(s["input"].as_str().expect("input")))
        .collect();
    let probe_residuals: Vec<f64> = probes
        .iter()
        .map(|s| s["residual"].as_f64().expect("residual"))
        .collect();
    let k = v["k"].as_u64().expect("k") as usize;

    let mut f64_sub: Box<holon_core::memory::OnlineSubspace<256, 16, f64>> =
        Box::new(holon_core::memory::OnlineSubspace::new(k));
    let host64 = subspace_trace::replay(
        &mut f64_sub,
        k,
        &inputs,
        &residuals,
        &thresholds,
        &probe_inputs,
        &probe_residuals,
        1e-6,
    );
    let mut f32_sub: Box<holon_core::memory::OnlineSubspace<256, 10, f32>> =
        Box::new(holon_core::memory::OnlineSubspace::new(k));
    let host32 = subspace_trace::replay(
        &mut f32_sub,
        k,
        &inputs,
        &residuals,
        &thresholds,
        &probe_inputs,
        &probe_residuals,
        1e-3,
    );
    assert_eq!(
        host64.updates_matched,
        inputs.len(),
        "host f64 replay disagrees with holon-rs"
    );
    assert_eq!(
        host32.updates_matched,
        inputs.len(),
        "host f32 replay disagrees with holon-rs"
    );

    let floats = |xs: &[f64]| {
        xs.iter()
            .map(|x| {
                if x.is_infinite() {
                    "f64::INFINITY".to_string()
                } else {
                    format!("{x:?}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let bytes = |xs: &[[u8; 64]]| {
        xs.iter()
            .map(|b| format!("{b:?}"))
            .collect::<Vec<_>>()
            .join(",\n    ")
    };
    let mut out = String::new();
    writeln!(
        out,
        "/// Initial component count of the trace.\npub const TRACE_K: usize = {k};"
    )
    .unwrap();
    writeln!(
        out,
        "/// Inputs, packed.\npub static TRACE_INPUTS: [[u8; 64]; {}] = [\n    {}\n];",
        inputs.len(),
        bytes(&inputs)
    )
    .unwrap();
    writeln!(
        out,
        "/// holon-rs's residuals.\npub static TRACE_RESIDUALS: [f64; {}] = [{}];",
        residuals.len(),
        floats(&residuals)
    )
    .unwrap();
    writeln!(
        out,
        "/// holon-rs's thresholds.\npub static TRACE_THRESHOLDS: [f64; {}] = [{}];",
        thresholds.len(),
        floats(&thresholds)
    )
    .unwrap();
    writeln!(
        out,
        "/// Probes, packed.\npub static PROBE_INPUTS: [[u8; 64]; {}] = [\n    {}\n];",
        probe_inputs.len(),
        bytes(&probe_inputs)
    )
    .unwrap();
    writeln!(
        out,
        "/// holon-rs's probe residuals.\npub static PROBE_RESIDUALS: [f64; {}] = [{}];",
        probe_residuals.len(),
        floats(&probe_residuals)
    )
    .unwrap();
    writeln!(out, "/// The build machine's digest of the f64 replay (K = 16).\npub const HOST_DIGEST_F64: u64 = {:#018x};", host64.digest).unwrap();
    writeln!(out, "/// The build machine's digest of the f32 replay (K = 10).\npub const HOST_DIGEST_F32: u64 = {:#018x};", host32.digest).unwrap();
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("subspace_golden.rs");
    std::fs::write(dest, out).expect("writing subspace_golden.rs");
}

//! Turns the golden atoms of the reference holon-rs (tests/data/golden at
//! the workspace root) into a table the firmware checks itself against:
//! seed, dimension, atom text and the FNV-1a digest of the expected trits.
//! Digests, not trits, because 96 vectors of up to 4096 components do not
//! fit a micro:bit's flash.

use std::fmt::Write as _;
use std::path::PathBuf;

use holon_conformance::golden::subspace as subspace_golden;
use holon_conformance::{data_path, golden_atoms};
use holon_core::vector::trit_from_char;

#[path = "build/algebra.rs"]
mod algebra;
#[path = "src/digest.rs"]
#[allow(dead_code, unused_imports)]
mod digest;
#[path = "src/subspace_trace.rs"]
#[allow(dead_code)]
mod subspace_trace;

fn main() {
    subspace_golden();
    // holon-conformance's loader: the parser the host's golden tests use.
    let golden = data_path("golden/atoms.jsonl");
    println!("cargo:rerun-if-changed={}", golden.display());
    let mut table = String::from("/// (seed, dims, atom text, FNV-1a of the trits as i8 bytes)\n");
    table.push_str("pub const GOLDEN_ATOMS: &[(u64, usize, &str, u64)] = &[\n");
    for atom in golden_atoms() {
        let mut fnv = digest::Fnv64::new();
        for c in atom.trits.chars() {
            let t = trit_from_char(c).unwrap_or_else(|| panic!("golden trit {c:?}"));
            fnv.write(&[t as u8]);
        }
        writeln!(
            table,
            "    ({}, {}, {:?}, {:#018x}),",
            atom.seed,
            atom.dims,
            atom.text,
            fnv.finish()
        )
        .expect("writing to a String");
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("golden.rs");
    std::fs::write(out, table).expect("writing golden.rs");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    algebra::generate(&data_path("golden/algebra.jsonl"), &out_dir);
}

/// The CCIPCA golden trace (tests/data/golden/subspace.json, made by
/// holon-rs; `HOLON_SUBSPACE_GOLDEN` overrides it, as for the host's
/// conformance test) as packed trits and `f64` values, with the digests the
/// host computes for its replay in `f64` (K = 16) and `f32` (K = 10, the
/// micro:bit's), which the firmware must reproduce.
fn subspace_golden() {
    let path = subspace_golden::golden_subspace_path();
    println!("cargo:rerun-if-changed={}", path.display());
    println!("cargo:rerun-if-env-changed=HOLON_SUBSPACE_GOLDEN");
    println!("cargo:rerun-if-changed=src/subspace_trace.rs");
    let golden = subspace_golden::golden_subspace();
    assert_eq!(golden.dims, 256, "the firmware replay runs at D = 256");
    // 2-bit codes, lowest bits first: the layout `subspace_trace::unpack` reads.
    let pack = |s: &str| -> [u8; 64] {
        let mut out = [0u8; 64];
        for (i, c) in s.chars().enumerate() {
            let code = match trit_from_char(c) {
                Some(1) => 0b01,
                Some(-1) => 0b10,
                Some(_) => 0,
                None => panic!("subspace golden trit {c:?}"),
            };
            out[i / 4] |= code << (2 * (i % 4));
        }
        out
    };
    let inputs: Vec<[u8; 64]> = golden.trace.iter().map(|s| pack(&s.input)).collect();
    let residuals: Vec<f64> = golden.trace.iter().map(|s| s.residual).collect();
    let thresholds: Vec<f64> = golden
        .trace
        .iter()
        .map(|s| s.threshold.unwrap_or(f64::INFINITY))
        .collect();
    let probe_inputs: Vec<[u8; 64]> = golden.probes.iter().map(|p| pack(&p.input)).collect();
    let probe_residuals: Vec<f64> = golden.probes.iter().map(|p| p.residual).collect();
    let k = golden.k;

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

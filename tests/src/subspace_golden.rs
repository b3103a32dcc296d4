//! The CCIPCA golden trace (`data/golden/subspace.json`), produced by
//! holon-rs's `OnlineSubspace` itself: one parser for every test that
//! replays it.

use std::path::PathBuf;

/// One step of the trace: the input and what holon-rs's `update` returned.
#[derive(Debug, Clone)]
pub struct TraceStep {
    /// The input vector as `+`, `-`, `0`.
    pub input: String,
    /// The residual `update` returned (before learning the input).
    pub residual: f64,
    /// The threshold after the update; `None` where holon-rs's was infinite.
    pub threshold: Option<f64>,
}

/// A probe after the last update and its residual.
#[derive(Debug, Clone)]
pub struct Probe {
    /// The probe vector as `+`, `-`, `0`.
    pub input: String,
    /// Its residual.
    pub residual: f64,
}

/// The whole trace.
#[derive(Debug, Clone)]
pub struct SubspaceGolden {
    /// Dimension of every vector.
    pub dims: usize,
    /// Initial component count `k`.
    pub k: usize,
    /// Parameters: amnesia, EMA alpha, sigma multiplier, re-orthogonalisation interval.
    pub amnesia: f64,
    /// EMA weight of the threshold.
    pub ema_alpha: f64,
    /// Sigma multiplier of the threshold.
    pub sigma_mult: f64,
    /// Re-orthogonalisation interval.
    pub reorth_interval: u32,
    /// The updates, in order.
    pub trace: Vec<TraceStep>,
    /// Probes scored after the last update.
    pub probes: Vec<Probe>,
    /// Final eigenvalue estimates.
    pub eigenvalues: Vec<f64>,
    /// Final explained ratio.
    pub explained_ratio: f64,
}

/// The trace file: `HOLON_SUBSPACE_GOLDEN` when set, else the bundled copy.
pub fn golden_subspace_path() -> PathBuf {
    std::env::var_os("HOLON_SUBSPACE_GOLDEN")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::data_path("golden/subspace.json"))
}

/// Parses a trace. Panics (this is test support) on a missing or malformed file.
pub fn golden_subspace() -> SubspaceGolden {
    let path = golden_subspace_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let v: serde_json::Value = serde_json::from_str(&text).expect("subspace golden is JSON");
    let num = |key: &str| v[key].as_f64().unwrap_or_else(|| panic!("{key}"));
    let trace = v["trace"]
        .as_array()
        .expect("trace")
        .iter()
        .map(|s| TraceStep {
            input: s["input"].as_str().expect("input").to_string(),
            residual: s["residual"].as_f64().expect("residual"),
            threshold: s["threshold"].as_f64(),
        })
        .collect();
    let probes = v["probes"]
        .as_array()
        .expect("probes")
        .iter()
        .map(|s| Probe {
            input: s["input"].as_str().expect("input").to_string(),
            residual: s["residual"].as_f64().expect("residual"),
        })
        .collect();
    SubspaceGolden {
        dims: num("dims") as usize,
        k: num("k") as usize,
        amnesia: num("amnesia"),
        ema_alpha: num("ema_alpha"),
        sigma_mult: num("sigma_mult"),
        reorth_interval: num("reorth_interval") as u32,
        trace,
        probes,
        eigenvalues: v["eigenvalues"]
            .as_array()
            .expect("eigenvalues")
            .iter()
            .map(|e| e.as_f64().expect("eigenvalue"))
            .collect(),
        explained_ratio: num("explained_ratio"),
    }
}

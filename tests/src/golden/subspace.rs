//! The CCIPCA golden trace (`data/golden/subspace.json`), produced by
//! holon-rs's `OnlineSubspace` itself: one parser for every test that
//! replays it, and for the firmware's build script.

use std::path::{Path, PathBuf};

use serde_json::Value;

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

/// Parses a trace file's text.
pub fn parse_subspace(text: &str) -> Result<SubspaceGolden, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let num = |key: &str| v[key].as_f64().ok_or(format!("no {key}"));
    let field = |s: &Value, key: &str| s[key].as_f64().ok_or(format!("no {key}"));
    let input = |s: &Value| -> Result<String, String> {
        Ok(s["input"].as_str().ok_or("no input")?.to_string())
    };
    let list = |key: &str| v[key].as_array().ok_or(format!("no {key}"));
    let trace = list("trace")?
        .iter()
        .map(|s| {
            Ok(TraceStep {
                input: input(s)?,
                residual: field(s, "residual")?,
                threshold: s["threshold"].as_f64(),
            })
        })
        .collect::<Result<_, String>>()?;
    let probes = list("probes")?
        .iter()
        .map(|s| {
            Ok(Probe {
                input: input(s)?,
                residual: field(s, "residual")?,
            })
        })
        .collect::<Result<_, String>>()?;
    let eigenvalues = list("eigenvalues")?
        .iter()
        .map(|e| e.as_f64().ok_or_else(|| format!("eigenvalue {e}")))
        .collect::<Result<_, String>>()?;
    Ok(SubspaceGolden {
        dims: num("dims")? as usize,
        k: num("k")? as usize,
        amnesia: num("amnesia")?,
        ema_alpha: num("ema_alpha")?,
        sigma_mult: num("sigma_mult")?,
        reorth_interval: num("reorth_interval")? as u32,
        trace,
        probes,
        eigenvalues,
        explained_ratio: num("explained_ratio")?,
    })
}

/// Reads and parses a trace file.
pub fn read_subspace(path: &Path) -> Result<SubspaceGolden, String> {
    parse_subspace(&super::read(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

/// The trace at [`golden_subspace_path`]. Panics (this is test support) on
/// a missing or malformed file.
pub fn golden_subspace() -> SubspaceGolden {
    read_subspace(&golden_subspace_path()).unwrap_or_else(|e| panic!("{e}"))
}

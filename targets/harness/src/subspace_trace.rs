//! The CCIPCA golden replay, shared word for word by `build.rs` (which runs
//! it on the build machine for the host digest) and the firmware (which runs
//! it on the target): replay the trace, fold every residual and threshold
//! into one FNV-1a digest, and count the steps within `tolerance` of
//! holon-rs's values.

use holon_core::memory::{OnlineSubspace, Real, SubspaceParams};
use holon_core::Vector;

/// Dimension of the trace.
pub const TRACE_DIMS: usize = 256;

/// Unpacks 2-bit trits (`00` 0, `01` +1, `10` −1, lowest bits first).
pub fn unpack(packed: &[u8; TRACE_DIMS / 4]) -> Vector<TRACE_DIMS> {
    Vector::from_fn(|i| match (packed[i / 4] >> (2 * (i % 4))) & 0b11 {
        0b01 => 1,
        0b10 => -1,
        _ => 0,
    })
}

/// What a replay found.
pub struct Replay {
    /// FNV-1a over the `f64` bits of every residual and threshold, then of
    /// every probe residual.
    pub digest: u64,
    /// Updates whose residual and threshold were within tolerance of
    /// holon-rs's, with the same verdict.
    pub updates_matched: usize,
    /// Probes within tolerance.
    pub probes_matched: usize,
}

/// Replays `inputs` through `sub` (fresh, parameters of the trace) and
/// scores `probes`, comparing with the expected residuals and thresholds
/// (`INFINITY` where holon-rs's threshold was infinite).
#[allow(clippy::too_many_arguments)]
pub fn replay<const K: usize, F: Real>(
    sub: &mut OnlineSubspace<TRACE_DIMS, K, F>,
    k: usize,
    inputs: &[[u8; TRACE_DIMS / 4]],
    residuals: &[f64],
    thresholds: &[f64],
    probes: &[[u8; TRACE_DIMS / 4]],
    probe_residuals: &[f64],
    tolerance: f64,
) -> Replay {
    let params = SubspaceParams::new(k);
    if let Ok(fresh) = OnlineSubspace::with_params(params) {
        *sub = fresh;
    }
    let mut digest = holon_core::fnv::Fnv64::new();
    let mut absorb = |x: f64| digest.write_u64(x.to_bits());
    let close = |ours: f64, theirs: f64| {
        if theirs.is_infinite() {
            ours == theirs
        } else {
            let diff = ours - theirs;
            let diff = if diff < 0.0 { -diff } else { diff };
            let scale = if theirs < 0.0 { -theirs } else { theirs };
            diff <= tolerance * scale
        }
    };
    let mut updates_matched = 0;
    for ((packed, &res), &thr) in inputs.iter().zip(residuals).zip(thresholds) {
        let r = sub.update(&unpack(packed)).to_f64();
        let t = sub.threshold().to_f64();
        absorb(r);
        absorb(t);
        if close(r, res) && close(t, thr) && (r > t) == (res > thr) {
            updates_matched += 1;
        }
    }
    let mut probes_matched = 0;
    for (packed, &res) in probes.iter().zip(probe_residuals) {
        let r = sub.residual(&unpack(packed)).to_f64();
        absorb(r);
        if close(r, res) {
            probes_matched += 1;
        }
    }
    Replay {
        digest: digest.finish(),
        updates_matched,
        probes_matched,
    }
}

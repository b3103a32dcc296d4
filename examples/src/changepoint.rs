//! Streaming changepoint detection: the scenario of holon-rs's
//! `examples/streaming_changepoint.rs`. 125 metric records in four
//! unlabelled phases (healthy, degraded, incident, recovery); an
//! `OnlineSubspace` learns "healthy" from the first 50, `segment` finds the
//! transitions, `difference` fingerprints the outage, `invert` decomposes
//! it against the phase prototypes and an `EngramLibrary` asks whether the
//! recovery looks healthy again. Our generator and record vectors are not
//! holon-rs's, so the numbers differ; the claims must not.

use holon_core::memory::{OnlineSubspace, SubspaceParams};
use holon_core::ops::{self, SegmentMethod};
use holon_core::Vector;
use holon_std::engram_library::EngramLibrary;
use holon_std::{algebra, Holon};
use serde_json::{json, Value};

use crate::rng::SplitMix;

/// Dimensions (holon-rs's).
pub const D: usize = 4096;
/// Component capacity (holon-rs's k = 32).
pub const K: usize = 32;
/// Records per phase: healthy, degraded, incident, recovery.
pub const PHASE_LEN: [usize; 4] = [50, 25, 20, 30];
/// Phase names, in stream order.
pub const PHASE_NAMES: [&str; 4] = ["healthy", "degraded", "incident", "recovery"];
/// `segment` window and threshold (holon-rs's 20 and 0.70, prototype method).
pub const WINDOW: usize = 20;
/// See [`WINDOW`].
pub const SEGMENT_THRESHOLD: f64 = 0.70;
/// Breakpoints closer than this to the previous kept one are merged, and a
/// breakpoint matches a true boundary within this many steps (holon-rs: 12).
pub const TOLERANCE: usize = 12;

/// One metrics record: latency, error rate, CPU, memory, request rate,
/// status, database pool (every number an exact integer, as in holon-rs).
fn metrics(lat: i64, err: i64, cpu: i64, mem: i64, req: i64, status: &str, pool: i64) -> Value {
    // Metrics are magnitudes: on a log scale 23 ms is near 25 ms and far
    // from 2 000 ms, so a phase's records resemble each other and `segment`
    // fires at the phase changes only (as atoms, every distinct integer is
    // unrelated to every other and the prototype test fails at every step).
    // `+ 1` keeps the zero counts (errors, pool) on the scale.
    let m = |n: i64| json!({ "$log": n + 1 });
    json!({
        "latency_ms": m(lat), "error_rate": m(err), "cpu_pct": m(cpu), "mem_pct": m(mem),
        "req_per_sec": m(req), "status": status, "db_pool": m(pool),
    })
}

fn pick(rng: &mut SplitMix, xs: &[i64]) -> i64 {
    xs[rng.range(0, xs.len() as u64) as usize]
}

/// Uniform in `lo..=hi`.
fn between(rng: &mut SplitMix, lo: i64, hi: i64) -> i64 {
    let span = (hi - lo).max(0) as u64 + 1;
    lo + rng.range(0, span) as i64
}

fn healthy(rng: &mut SplitMix) -> Value {
    metrics(
        pick(rng, &[22, 23, 24, 25, 26]),
        pick(rng, &[0, 0, 0, 1]),
        pick(rng, &[20, 21, 22, 23, 24]),
        pick(rng, &[44, 45, 46, 47, 48]),
        pick(rng, &[990, 995, 1000, 1005, 1010]),
        "ok",
        pick(rng, &[20, 21, 22, 23]),
    )
}

/// Degradation ramps over its first 15 steps (holon-rs's ranges).
fn degraded(rng: &mut SplitMix, step: usize) -> Value {
    let f = (step as f64 / 15.0).min(1.0);
    let r = |rng: &mut SplitMix, lo: f64, hi: f64| between(rng, lo as i64, hi as i64);
    metrics(
        r(rng, 80.0 + f * 200.0, 150.0 + f * 250.0),
        r(rng, 8.0 + f * 20.0, 15.0 + f * 30.0),
        r(rng, 52.0 + f * 22.0, 65.0 + f * 18.0),
        r(rng, 62.0 + f * 16.0, 74.0 + f * 13.0),
        r(rng, 1300.0 + f * 700.0, 1700.0 + f * 900.0),
        "ok",
        r(rng, (16.0 - f * 13.0).max(3.0), (19.0 - f * 11.0).max(6.0)),
    )
}

fn incident(rng: &mut SplitMix) -> Value {
    metrics(
        between(rng, 2000, 5000),
        between(rng, 150, 350),
        between(rng, 92, 99),
        between(rng, 92, 99),
        between(rng, 6000, 10000),
        "degraded",
        between(rng, 0, 1),
    )
}

/// Recovery settles over its first 18 steps.
fn recovery(rng: &mut SplitMix, step: usize) -> Value {
    let f = (1.0 - step as f64 / 18.0).max(0.0);
    let r = |rng: &mut SplitMix, lo: f64, hi: f64| between(rng, lo as i64, hi as i64);
    metrics(
        r(rng, 28.0 + f * 120.0, 50.0 + f * 100.0),
        r(rng, 1.0 + f * 18.0, 4.0 + f * 18.0),
        r(rng, 22.0 + f * 28.0, 35.0 + f * 28.0),
        r(rng, 46.0 + f * 22.0, 56.0 + f * 22.0),
        between(rng, 950, 1050),
        "ok",
        between(rng, 12, 22),
    )
}

/// The three true boundaries: where degraded, incident and recovery start.
pub fn boundaries() -> [usize; 3] {
    let b1 = PHASE_LEN[0];
    let b2 = b1 + PHASE_LEN[1];
    [b1, b2, b2 + PHASE_LEN[2]]
}

/// The stream's records and each one's phase index.
pub fn stream() -> (Vec<Value>, Vec<usize>) {
    let mut rng = SplitMix::new(42);
    let mut records = Vec::new();
    let mut phase = Vec::new();
    for (p, &n) in PHASE_LEN.iter().enumerate() {
        for i in 0..n {
            records.push(match p {
                0 => healthy(&mut rng),
                1 => degraded(&mut rng, i),
                2 => incident(&mut rng),
                _ => recovery(&mut rng, i),
            });
            phase.push(p);
        }
    }
    (records, phase)
}

/// A phase's residual summary.
#[derive(Debug, Clone)]
pub struct Block {
    /// Phase name.
    pub name: &'static str,
    /// First and one-past-last index.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// Mean residual against the healthy subspace.
    pub mean: f64,
    /// Records above the threshold.
    pub flagged: usize,
}

/// What the run found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Threshold after the healthy phase (sigma multiplier 1.5).
    pub threshold: f64,
    /// Largest residual of a healthy record after training.
    pub train_max: f64,
    /// Every record's residual against the healthy subspace.
    pub residuals: Vec<f64>,
    /// Per-phase summary.
    pub blocks: Vec<Block>,
    /// `segment` breakpoints after merging those within [`TOLERANCE`]
    /// (index 0 dropped).
    pub breakpoints: Vec<usize>,
    /// (breakpoint, true boundary) for each breakpoint near one.
    pub matched: Vec<(usize, usize)>,
    /// Phase of each record.
    pub phase: Vec<usize>,
    /// Fraction of dimensions `difference(healthy, incident)` changed.
    pub delta_density: f64,
    /// `invert(incident prototype, phase prototypes)`: (phase index into
    /// [`INVERT_CODEBOOK`], cosine), best first.
    pub invert: Vec<(usize, f64)>,
    /// Best engram for the recovery prototype and its residual.
    pub recovery_match: (String, f64),
    /// The incident prototype's residual against the healthy engram.
    pub incident_residual: f64,
}

/// The phases whose prototypes form the `invert` codebook.
pub const INVERT_CODEBOOK: [&str; 3] = ["healthy", "incident", "recovery"];

/// Runs the scenario (needs a large stack in debug builds, see
/// [`crate::stack::with_big_stack`]).
pub fn run() -> Report {
    let mut holon = Holon::<D>::new(42);
    let (records, phase) = stream();
    let vecs: Vec<Vector<D>> = records
        .iter()
        .map(|r| holon.encode(r).unwrap_or_else(|_| Vector::zero()))
        .collect();
    let [b1, b2, b3] = boundaries();

    // holon-rs tightens the threshold to 1.5 sigma so degraded records are
    // clearly flagged.
    let params = SubspaceParams {
        sigma_mult: 1.5,
        ..SubspaceParams::new(K)
    };
    let mut subspace: Box<OnlineSubspace<D, K>> =
        Box::new(OnlineSubspace::with_params(params).expect("valid parameters"));
    for v in &vecs[..b1] {
        subspace.update(v);
    }
    let mut library: EngramLibrary<D, K> = EngramLibrary::new(42);
    library.add("healthy", &subspace).expect("short name");

    let residuals: Vec<f64> = vecs.iter().map(|v| subspace.residual(v)).collect();
    let threshold = subspace.threshold();
    let train_max = residuals[..b1].iter().copied().fold(0.0, f64::max);
    let spans = [(0, b1), (b1, b2), (b2, b3), (b3, vecs.len())];
    let blocks = spans
        .iter()
        .zip(PHASE_NAMES)
        .map(|(&(start, end), name)| {
            let block = &residuals[start..end];
            Block {
                name,
                start,
                end,
                mean: block.iter().sum::<f64>() / block.len() as f64,
                flagged: block.iter().filter(|&&r| r > threshold).count(),
            }
        })
        .collect();

    let raw = algebra::segment(&vecs, WINDOW, SEGMENT_THRESHOLD, SegmentMethod::Prototype);
    let mut breakpoints: Vec<usize> = Vec::new();
    for &bp in raw.iter().filter(|&&bp| bp != 0) {
        if breakpoints.last().is_none_or(|&last| bp - last > TOLERANCE) {
            breakpoints.push(bp);
        }
    }
    let matched = breakpoints
        .iter()
        .filter_map(|&bp| {
            [b1, b2, b3]
                .into_iter()
                .find(|&b| bp.abs_diff(b) <= TOLERANCE)
                .map(|b| (bp, b))
        })
        .collect();

    let healthy_proto = ops::prototype(&vecs[..b1], 0.5);
    let incident_proto = ops::prototype(&vecs[b2..b3], 0.5);
    let recovery_proto = ops::prototype(&vecs[b3..], 0.5);
    let delta = ops::difference(&healthy_proto, &incident_proto);
    let delta_density = delta.nnz() as f64 / D as f64;
    let codebook = [
        healthy_proto,
        incident_proto.clone(),
        recovery_proto.clone(),
    ];
    let invert = algebra::invert(&incident_proto, &codebook, 3, 0.0);
    let recovery_match = library
        .match_residual(&recovery_proto, 1, 10)
        .into_iter()
        .next()
        .unwrap_or_default();
    let incident_residual = library
        .match_residual(&incident_proto, 1, 10)
        .into_iter()
        .next()
        .map_or(f64::INFINITY, |m| m.1);

    Report {
        threshold,
        train_max,
        residuals,
        blocks,
        breakpoints,
        matched,
        phase,
        delta_density,
        invert,
        recovery_match,
        incident_residual,
    }
}

//! Conformance with holon-rs's own CCIPCA trace: every update's residual and
//! threshold, the anomaly verdict, the probes and the final spectrum, in f64
//! (1e-6 relative) and in f32 (1e-3 relative).
//!
//! The trace comes from `HOLON_SUBSPACE_GOLDEN` when set (a maintainer's
//! other trace, at D = 256), else the bundled `data/golden/subspace.json`.

use holon_conformance::golden::subspace::{golden_subspace, SubspaceGolden};
use holon_core::memory::{OnlineSubspace, Real, SubspaceParams};
use holon_core::Vector;

const D: usize = 256;
/// Capacity: the trace grows from k = 8 to 10 components; 16 leaves room.
const K: usize = 16;

fn params(g: &SubspaceGolden) -> SubspaceParams {
    SubspaceParams {
        amnesia: g.amnesia,
        ema_alpha: g.ema_alpha,
        sigma_mult: g.sigma_mult,
        reorth_interval: g.reorth_interval,
        ..SubspaceParams::new(g.k)
    }
}

fn vector(text: &str) -> Vector<D> {
    text.parse().expect("trit string of D components")
}

fn close(ours: f64, theirs: f64, tolerance: f64) -> bool {
    (ours - theirs).abs() <= tolerance * theirs.abs().max(1e-12)
}

/// Replays the trace; returns (updates, probes) checked, panicking on the
/// first disagreement.
fn replay<F: Real>(g: &SubspaceGolden, tolerance: f64) -> (usize, usize) {
    assert_eq!(g.dims, D, "this replay runs at D = 256");
    let mut sub: Box<OnlineSubspace<D, K, F>> =
        Box::new(OnlineSubspace::with_params(params(g)).expect("golden parameters are valid"));
    let mut their_before = f64::INFINITY;
    for (i, step) in g.trace.iter().enumerate() {
        let ours_before = sub.threshold().to_f64();
        let residual = sub.update(&vector(&step.input)).to_f64();
        let threshold = sub.threshold().to_f64();
        let theirs = step.threshold.unwrap_or(f64::INFINITY);
        assert!(
            close(residual, step.residual, tolerance),
            "update {i}: residual {residual} vs holon-rs {}",
            step.residual
        );
        if theirs.is_finite() {
            assert!(
                close(threshold, theirs, tolerance),
                "update {i}: threshold {threshold} vs holon-rs {theirs}"
            );
        } else {
            assert!(
                threshold.is_infinite(),
                "update {i}: threshold should be infinite"
            );
        }
        assert_eq!(
            residual > ours_before,
            step.residual > their_before,
            "update {i}: verdict against the threshold before it differs"
        );
        assert_eq!(
            residual > threshold,
            step.residual > theirs,
            "update {i}: verdict against the threshold after it differs"
        );
        their_before = theirs;
    }
    for (i, probe) in g.probes.iter().enumerate() {
        let residual = sub.residual(&vector(&probe.input)).to_f64();
        assert!(
            close(residual, probe.residual, tolerance),
            "probe {i}: residual {residual} vs holon-rs {}",
            probe.residual
        );
        assert_eq!(
            residual > sub.threshold().to_f64(),
            probe.residual
                > g.trace
                    .last()
                    .and_then(|s| s.threshold)
                    .unwrap_or(f64::INFINITY),
            "probe {i}: verdict differs"
        );
    }
    assert_eq!(
        sub.active(),
        g.eigenvalues.len(),
        "active components at the end"
    );
    let eigenvalues = sub.eigenvalues();
    for (i, (&ours, &theirs)) in eigenvalues.iter().zip(&g.eigenvalues).enumerate() {
        let ours = ours.to_f64();
        assert!(
            close(ours, theirs, tolerance),
            "eigenvalue {i}: {ours} vs {theirs}"
        );
    }
    let ratio = sub.explained_ratio().to_f64();
    assert!(
        close(ratio, g.explained_ratio, tolerance),
        "explained ratio {ratio} vs {}",
        g.explained_ratio
    );
    (g.trace.len(), g.probes.len())
}

#[test]
fn golden_trace_matches_holon_rs_in_f64() {
    let g = golden_subspace();
    let (updates, probes) = replay::<f64>(&g, 1e-6);
    println!("subspace golden: {updates} updates and {probes} probes matched");
    assert!(updates > 0 && probes > 0, "an empty trace checks nothing");
}

#[test]
fn golden_trace_matches_holon_rs_in_f32() {
    let g = golden_subspace();
    let (updates, probes) = replay::<f32>(&g, 1e-3);
    println!("subspace golden (f32): {updates} updates and {probes} probes matched");
}

#[test]
fn a_perturbed_algorithm_fails_the_trace() {
    // Another amnesia is another algorithm: the replay must notice.
    let mut g = golden_subspace();
    g.amnesia += 0.5;
    let caught = std::panic::catch_unwind(|| replay::<f64>(&g, 1e-6));
    assert!(
        caught.is_err(),
        "a perturbed amnesia still matched the trace"
    );
}

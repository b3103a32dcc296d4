//! The memory layer on the target: holon-rs's CCIPCA golden trace replayed
//! by `OnlineSubspace` at D = 256, its digest checked against the build
//! machine's, and the cost of `OnlineSubspace<1024, 8>` update and residual.
//!
//! Report lines:
//! ```text
//! SUBSPACE float=<f64|f32> k=<capacity> updates=<n>/<total> probes=<n>/<total> digest=<hex> host=<hex>
//! CYCLES subspace_update_1024 ... / CYCLES subspace_residual_1024 ...   (not on the M0)
//! ```
//! `f64` with capacity 16 on the Cortex-M4 and RISC-V; `f32` with capacity
//! 10 on the Cortex-M0 (16 KiB of RAM; the trace grows to 10 components, so
//! 10 is enough), held to 1e-3 instead of 1e-6.

use core::fmt::Write;

use holon_core::atom::atom;
use holon_core::memory::{OnlineSubspace, Real};
use holon_core::Vector;

use crate::clock::Clock;
use crate::subspace_trace::{replay, TRACE_DIMS};
use crate::workload::{step_at, Failure};

include!(concat!(env!("OUT_DIR"), "/subspace_golden.rs"));

#[inline(never)]
fn golden<const K: usize, F: Real, W: Write>(
    out: &mut W,
    tolerance: f64,
    host: u64,
    label: &str,
) -> Result<(), Failure> {
    let mut sub: OnlineSubspace<TRACE_DIMS, K, F> = OnlineSubspace::new(TRACE_K);
    let r = replay(
        &mut sub,
        TRACE_K,
        &TRACE_INPUTS,
        &TRACE_RESIDUALS,
        &TRACE_THRESHOLDS,
        &PROBE_INPUTS,
        &PROBE_RESIDUALS,
        tolerance,
    );
    let _ = writeln!(
        out,
        "SUBSPACE float={} k={} updates={}/{} probes={}/{} digest={:016x} host={:016x}",
        label,
        K,
        r.updates_matched,
        TRACE_INPUTS.len(),
        r.probes_matched,
        PROBE_INPUTS.len(),
        r.digest,
        host
    );
    if r.updates_matched != TRACE_INPUTS.len() || r.probes_matched != PROBE_INPUTS.len() {
        return Err("subspace golden trace disagrees with holon-rs");
    }
    if r.digest != host {
        return Err("subspace digest differs from the host's");
    }
    Ok(())
}

/// Cost of one update and one residual of `OnlineSubspace<1024, 8>` (f64),
/// after 40 updates on 12 atoms so all 8 components are live.
#[inline(never)]
fn cost<W: Write, C: Clock>(out: &mut W, clock: &mut C) {
    let mut sub: OnlineSubspace<1024, 8> = OnlineSubspace::new(8);
    for i in 0..40u32 {
        let x: Vector<1024> = atom(
            0,
            ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"][(i % 12) as usize],
        );
        sub.update(&x);
    }
    let probe: Vector<1024> = atom(0, "probe");
    let r = step_at(out, clock, "subspace_residual", 1024, || {
        sub.residual(&probe)
    });
    let u = step_at(out, clock, "subspace_update", 1024, || sub.update(&probe));
    core::hint::black_box((r, u));
}

/// The f64 replay and the cost lines (Cortex-M4, RISC-V).
pub fn run<W: Write, C: Clock>(out: &mut W, clock: &mut C) -> Result<(), Failure> {
    golden::<16, f64, W>(out, 1e-6, HOST_DIGEST_F64, "f64")?;
    cost(out, clock);
    Ok(())
}

/// The f32 replay at capacity 10 (Cortex-M0).
pub fn run_small<W: Write, C: Clock>(out: &mut W, _clock: &mut C) -> Result<(), Failure> {
    golden::<10, f32, W>(out, 1e-3, HOST_DIGEST_F32, "f32")
}

//! Streaming changepoint detection, system health without labels: the port
//! of holon-rs's `examples/streaming_changepoint.rs` (same scenario and
//! printout; our generator and record vectors differ, so the numbers do).
//! The scenario lives in `holon_examples::changepoint`, where
//! `tests/holon_rs_ports.rs` checks its claims.
//!
//! Run: `cargo run --release -p holon-examples --example streaming_changepoint`

use holon_examples::changepoint::{boundaries, run, INVERT_CODEBOOK, PHASE_LEN, PHASE_NAMES};
use holon_examples::stack::with_big_stack;

fn header(title: &str) {
    println!();
    println!("{}", "=".repeat(65));
    println!("  {title}");
    println!("{}", "=".repeat(65));
}

fn subheader(title: &str) {
    println!();
    println!("{}", "-".repeat(65));
    println!("  {title}");
    println!("{}", "-".repeat(65));
}

fn main() {
    header("STREAMING CHANGEPOINT DETECTION\n  System Health Without Labels");
    let r = with_big_stack(run);
    let [b1, b2, b3] = boundaries();
    let total: usize = PHASE_LEN.iter().sum();

    println!();
    println!(
        "Stream: {} healthy → {} degraded → {} incident → {} recovery",
        PHASE_LEN[0], PHASE_LEN[1], PHASE_LEN[2], PHASE_LEN[3]
    );
    println!("Total : {total} observations  |  True boundaries: [{b1}, {b2}, {b3}]");
    println!("Holon sees an unlabeled stream — no phase column, no field metadata");

    println!(
        "\nLearning healthy baseline from first {} observations...",
        PHASE_LEN[0]
    );
    println!("  Threshold : {:.2}  (1.5σ above healthy EMA)", r.threshold);
    println!(
        "  Train max : {:.2}  (healthy data is highly consistent)",
        r.train_max
    );

    subheader("RESIDUAL TIMELINE  (structural anomaly score vs healthy baseline)");
    println!(
        "  threshold={:.1}  |  bar scale: each █ ≈ 3 residual units",
        r.threshold
    );
    println!();
    for b in &r.blocks {
        let mut name = b.name.to_string();
        name[..1].make_ascii_uppercase();
        let bar = "█".repeat((b.mean / 3.0).clamp(0.0, 42.0) as usize);
        println!(
            "  {:<9}  [{}-{}]{}  mean={:5.1}  flagged={:2}/{:2}  {}",
            name,
            b.start,
            b.end - 1,
            if b.end - 1 < 100 { "   " } else { "  " },
            b.mean,
            b.flagged,
            b.end - b.start,
            bar
        );
    }
    println!();
    println!(
        "  Threshold line at ~{:.1} separates healthy from anomalous.",
        r.threshold
    );
    println!("  No per-metric rules wrote this — the subspace inferred it from structure.");

    subheader("CHANGEPOINT DETECTION  (segment() — finds transitions in the stream)");
    println!();
    println!("  All consolidated breakpoints: {:?}", r.breakpoints);
    println!("  True phase boundaries      : {:?}", [b1, b2, b3]);
    println!(
        "  Matched (within 12 steps)  : {:?}",
        r.matched.iter().map(|m| m.0).collect::<Vec<_>>()
    );
    println!();
    for &(bp, true_bp) in &r.matched {
        let expected = match true_bp {
            b if b == b1 => "degraded",
            b if b == b2 => "incident",
            _ => "recovery",
        };
        println!(
            "  → index {:3}: entering '{}' territory  (expected '{}' at {}, drift={} steps)",
            bp,
            PHASE_NAMES[r.phase[bp]],
            expected,
            true_bp,
            bp.abs_diff(true_bp)
        );
    }

    subheader("CHANGE ANALYSIS  (difference + invert)");
    println!();
    println!("  difference(healthy, incident):");
    println!(
        "    {:.1}% of vector dimensions changed",
        r.delta_density * 100.0
    );
    println!("    This delta IS the outage fingerprint — storable and algebraically composable");
    println!();
    println!("  invert(incident_proto, codebook) — structural overlap per phase:");
    for &(idx, sim) in &r.invert {
        let bar = "█".repeat((sim * 30.0).max(0.0) as usize);
        println!("    '{}':  {:.3}  {}", INVERT_CODEBOOK[idx], sim, bar);
    }
    let (name, residual) = &r.recovery_match;
    let flagged = *residual > r.threshold;
    println!();
    println!("  EngramLibrary.match_residual(recovery_proto) → '{name}'");
    println!(
        "    residual={:.2}  threshold={:.2}  anomalous={}",
        residual, r.threshold, flagged
    );
    println!(
        "    Recovery {} relative to learned healthy baseline",
        if flagged {
            "still elevated"
        } else {
            "structurally stabilised"
        }
    );

    let healthy = r.blocks[0].mean;
    let incident = r.blocks[2].mean;
    let mut found: Vec<usize> = r.matched.iter().map(|m| m.1).collect();
    found.dedup();
    println!();
    println!("{}", "=".repeat(65));
    println!(
        "Residual rises {:.0}x from healthy ({healthy:.1}) to incident ({incident:.1}).",
        incident / healthy
    );
    println!(
        "segment() identified {}/3 phase transitions within 12 steps.",
        found.len()
    );
    println!("Zero per-metric thresholds. Zero label columns.");
    println!();
    println!("Try: sigma_mult=1.0 for stricter threshold (flags more of recovery)");
    println!("Try: add a second engram for 'incident' and use match_residual to classify windows");
}

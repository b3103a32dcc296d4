//! Explainable anomaly forensics with the extended primitives: the port of
//! holon-rs's `explainable_forensics` example (same scenario and printout;
//! our record vectors differ from holon-rs's, so the numbers do).
//!
//! Run: `cargo run --release --example explainable_forensics`

use holon_examples::forensics::{run, CODEBOOK, D, PHASES};

fn phase(title: &str) {
    let rule = "=".repeat(70);
    println!("\n{rule}\n{title}\n{rule}");
}

fn main() {
    println!("EXPLAINABLE ANOMALY FORENSICS WITH VSA PRIMITIVES  (D = {D})");
    println!("Primitives: segment, complexity, invert, similarity_profile, attend, project, analogy, conditional_bind");
    let r = run();

    phase("PHASE 1: TRAFFIC STREAM GENERATION");
    println!("Generated {} events across attack phases:", r.events.len());
    for (range, name, _) in &PHASES {
        println!(
            "  - {:<22} events {}-{}",
            format!("{name}:"),
            range.start,
            range.end
        );
    }

    phase("PHASE 2: segment() - DETECTING BEHAVIORAL PHASE CHANGES");
    println!(
        "Detected {} segment breakpoints: {:?}",
        r.breakpoints.len(),
        r.breakpoints
    );

    phase("PHASE 3: complexity() - MEASURING SIGNAL ENTROPY");
    println!("{:<25} {:>15}", "Phase", "Avg Complexity");
    println!("{}", "-".repeat(45));
    for (name, c) in &r.complexity {
        println!("{name:<25} {c:>15.4}");
    }

    phase("PHASE 4: invert() - ANOMALY ATTRIBUTION");
    for (i, truth, matches) in &r.attributions {
        println!("  Sample {i}:");
        println!("    Ground truth: {truth:?}");
        println!("    Detected patterns:");
        for (k, sim) in matches {
            println!("      - {}: {sim:.3}", CODEBOOK[*k]);
        }
    }

    phase("PHASE 5: similarity_profile() - DIMENSION-WISE ANALYSIS");
    println!(
        "{:<20} {:>8} {:>10} {:>10}",
        "Comparison", "Agree", "Disagree", "Ratio"
    );
    println!("{}", "-".repeat(50));
    for (name, agree, disagree) in &r.profiles {
        let ratio = *agree as f64 / (*agree + *disagree).max(1) as f64;
        println!(
            "{name:<20} {agree:>8} {disagree:>10} {:>9.1}%",
            ratio * 100.0
        );
    }

    phase("PHASE 6: attend() - SOFT ATTENTION ANALYSIS");
    println!("Attending to sample 340 with scan_proto as query:");
    for (mode, c) in &r.attention {
        println!("  {:<22} {c:.4}", format!("{mode}:"));
    }

    phase("PHASE 7: project() - SUBSPACE CLASSIFICATION");
    println!(
        "{:<30} {:>10} {:>15} {:>12}",
        "Sample", "Norm", "Projected Norm", "cos(v, proj)"
    );
    println!("{}", "-".repeat(70));
    for (i, name, norm, proj, cos) in &r.projections {
        println!(
            "{:<30} {norm:>10.2} {proj:>15.2} {cos:>12.3}",
            format!("{name} ({i})")
        );
    }

    phase("PHASE 8: analogy() - PATTERN TRANSFER");
    println!("Analogy: port_80_scan : port_443_scan :: port_80_exfil : ?");
    println!(
        "Predicted vs actual port_443_exfil similarity: {:.3}",
        r.analogy
    );

    phase("PHASE 9: conditional_bind() - GATED FEATURE BINDING");
    let [(full_c, full_n), (gated_c, gated_n)] = r.gated;
    println!("Conditional binding (gated on 4xx status):");
    println!("  Full binding complexity:   {full_c:.4}");
    println!("  Gated binding complexity:  {gated_c:.4}");
    println!("  Active dims (gated):       {gated_n} / {D}");
    println!("  Active dims (full):        {full_n} / {D}");
    println!("\nFrom \"something is wrong\" to \"HERE is what changed, WHEN, and WHY\".");
}

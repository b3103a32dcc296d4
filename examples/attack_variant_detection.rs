//! Zero-shot detection of unseen attack variants with `analogy`: the port
//! of holon-rs's `attack_variant_detection` example (same scenario, same
//! printout; our record vectors differ from holon-rs's, so the numbers do).
//!
//! Run: `cargo run --release --example attack_variant_detection`

use holon_examples::attack_variants::{run, D};

fn rule() {
    println!("======================================================================");
}

fn main() {
    println!("ATTACK VARIANT DETECTION WITH analogy()  (D = {D})");
    println!("Goal: detect UNSEEN attack variants by analogy from one known attack\n");
    let report = run();

    rule();
    println!("PHASE 1: LEARNING (only normal traffic + DNS reflection)");
    rule();
    println!("Learned normal baseline from 500 packets");
    println!("Learned DNS reflection attack from 100 packets");
    println!("\nNOTE: NOT trained on NTP, SSDP or CHARGEN attacks.");

    println!();
    rule();
    println!("PHASE 2: TEST TRAFFIC");
    rule();
    println!(
        "  Normal: 50, DNS reflection: 50, NTP / SSDP / CHARGEN amplification: 50 each (UNSEEN)"
    );

    println!();
    rule();
    println!("PHASE 3: ANALOGY-BASED VARIANT DETECTION");
    rule();
    println!("  analogy(DNS port, DNS attack, NTP port): 'DNS attack' - 'DNS port' + 'NTP port'");
    println!("\nDetection results (similarity to inferred variant):");
    println!("──────────────────────────────────────────────────");
    for (name, mean, std, _) in &report.inferred {
        println!("  {name:12}: similarity = {mean:.3} ± {std:.3}");
    }
    println!("──────────────────────────────────────────────────");
    for (name, _, _, normal) in &report.inferred {
        println!("  Normal vs {name} inferred: similarity = {normal:.3}");
    }

    println!();
    rule();
    println!("PHASE 4: COMBINED DETECTION");
    rule();
    println!("  flag if cosine with normal < 0.5 OR best cosine with an inferred variant > 0.6\n");
    println!("Combined detection results:");
    println!("────────────────────────────────────────────────────────────");
    for d in &report.detections {
        let name = if d.seen {
            d.name.to_string()
        } else {
            format!("{} (unseen)", d.name)
        };
        println!(
            "  {:20}: {:3}/{:3} detected ({:5.1}%)  base={:.2}, variant={:.2}",
            name,
            d.detected,
            d.total,
            100.0 * d.detected as f64 / d.total as f64,
            d.baseline,
            d.variant
        );
    }
    println!(
        "\nKEY FINDING: analogy() infers each unseen variant's structure from the DNS example."
    );
}

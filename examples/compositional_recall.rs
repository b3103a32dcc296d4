//! Compositional recall: algebraic queries over an incident memory, the
//! port of holon-rs's `compositional_recall` example (same scenario and
//! printout; our record vectors differ from holon-rs's, so the numbers do).
//!
//! Run: `cargo run --release --example compositional_recall`

use holon_examples::recall::{run, INCIDENTS};

fn main() {
    let line = "=".repeat(65);
    println!("\n{line}\n  COMPOSITIONAL RECALL\n  Algebraic Queries Over Incident Memory\n{line}");
    println!(
        "\nEncoding {} incidents across 4 service layers...",
        INCIDENTS.len()
    );
    let report = run();
    println!("  Layer spans: backend, database, security, web");
    let dash = "-".repeat(65);
    println!("\n{dash}\nPROBE: high-severity latency in backend/prod (unresolved)\n{dash}");
    for q in &report.queries {
        println!("\n  Query   : {}", q.label);
        for (rank, (idx, sim)) in q.top.iter().enumerate() {
            let i = &INCIDENTS[*idx];
            println!(
                "    {}. {}  {:<12}  {:<10}  {:<8}  {:<10}  env={:<7}  sim={:.3}",
                rank + 1,
                i.id,
                i.service,
                i.layer,
                i.severity,
                i.kind,
                i.env,
                sim
            );
        }
    }
    println!("\n  Query   : which layer's span fits best? (project onto each layer's incidents)");
    for (rank, (name, residual)) in report.layers.iter().enumerate() {
        println!(
            "    {}. layer='{}'  residual={:.2}  (lower = better fit)",
            rank + 1,
            name,
            residual
        );
    }
    println!("\n{line}");
    println!("Each query is one algebraic operation on the same encoded library.");
    println!("No re-indexing. No query rewrite. No pipeline.");
}

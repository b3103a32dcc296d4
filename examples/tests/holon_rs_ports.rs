//! What each holon-rs example port claims, asserted: the numbers differ
//! from holon-rs's (our record vectors are not holon-rs's, DESIGN §6), the
//! qualitative results must not.

use holon_examples::{attack_variants, forensics, recall};

#[test]
fn unseen_attack_variants_are_detected_by_analogy() {
    let r = attack_variants::run();
    for (name, mean, _, normal) in &r.inferred {
        // Each unseen variant resembles the prototype inferred for it, and
        // normal traffic does not.
        assert!(*mean > 0.45, "{name}: {mean}");
        assert!(
            *mean > 5.0 * normal.max(0.01),
            "{name}: {mean} vs normal {normal}"
        );
    }
    for d in &r.detections {
        let rate = d.detected as f64 / d.total as f64;
        if d.name == "Normal" {
            assert!(rate <= 0.05, "false positives {rate}");
        } else {
            assert!(rate >= 0.95, "{}: {rate}", d.name);
        }
        if !d.seen {
            assert!(
                d.variant > 0.45,
                "{}: variant similarity {}",
                d.name,
                d.variant
            );
        }
    }
}

#[test]
fn each_algebraic_query_returns_the_right_incidents() {
    let r = recall::run();
    let top = |q: usize| -> Vec<&recall::Incident> {
        r.queries[q]
            .top
            .iter()
            .map(|(i, _)| &recall::INCIDENTS[*i])
            .collect()
    };
    // 1. Plain recall: the probe's twin.
    assert_eq!(top(0)[0].id, "INC-005");
    // 2. negate(probe, database): no database incident left near the top.
    assert!(top(1).iter().all(|i| i.layer != "database"));
    // 3. amplify(probe, production): production incidents first.
    assert!(top(2).iter().all(|i| i.env == "prod"));
    // 4. analogy(backend -> security, probe): security incidents first.
    assert!(
        top(3)[..3].iter().all(|i| i.layer == "security"),
        "{:?}",
        top(3)
    );
    // 5. attend(probe, security prototype): a security incident first.
    assert_eq!(top(4)[0].layer, "security");
    // 6. The probe fits the backend layer's span best.
    assert_eq!(r.layers[0].0, "backend");
}

#[test]
fn forensics_explain_when_what_and_where() {
    let r = forensics::run();
    // When: every breakpoint is a phase boundary, and every attack that
    // starts from normal traffic with a new source is found.
    let boundaries: Vec<usize> = forensics::PHASES
        .iter()
        .map(|(range, _, _)| range.start)
        .collect();
    assert!(
        r.breakpoints.iter().all(|b| boundaries.contains(b)),
        "{:?}",
        r.breakpoints
    );
    for start in [100, 200] {
        assert!(r.breakpoints.contains(&start), "{:?}", r.breakpoints);
    }
    // What: invert attributes each sample to its own phase's prototype.
    for (i, truth, matches) in &r.attributions {
        let expected = match truth {
            forensics::Kind::Normal => 0,
            forensics::Kind::ScanProbe => 1,
            forensics::Kind::CredentialStuff => 2,
            forensics::Kind::Exfil => 3,
        };
        assert_eq!(matches.first().map(|m| m.0), Some(expected), "sample {i}");
    }
    // The attack samples sit closer to the attack span than a normal one.
    let normal_fit = r.projections[0].4;
    assert!(
        r.projections[1..].iter().all(|p| p.4 > normal_fit + 0.1),
        "{:?}",
        r.projections
    );
    // The port analogy transfers; the gate keeps only part of the binding.
    assert!(r.analogy > 0.8, "{}", r.analogy);
    assert!(r.gated[1].1 < r.gated[0].1);
}

#[test]
fn changepoints_are_found_and_the_outage_is_flagged() {
    use holon_examples::changepoint;
    let r = holon_examples::stack::with_big_stack(changepoint::run);
    // Every true boundary has a breakpoint within the tolerance, and every
    // breakpoint is near a true boundary: none inside a stable phase.
    for b in changepoint::boundaries() {
        assert!(r.matched.iter().any(|m| m.1 == b), "boundary {b} missed");
    }
    assert_eq!(r.matched.len(), r.breakpoints.len(), "{:?}", r.breakpoints);
    // The healthy baseline is passed, degraded and incident are flagged.
    assert_eq!(r.blocks[0].flagged, 0);
    assert_eq!(r.blocks[1].flagged, r.blocks[1].end - r.blocks[1].start);
    assert_eq!(r.blocks[2].flagged, r.blocks[2].end - r.blocks[2].start);
    assert!(r.blocks[2].mean > 3.0 * r.blocks[0].mean);
    // The outage decomposes onto its own phase, and the recovery moves back
    // towards healthy: its prototype is nearer the healthy subspace than the
    // outage's, and its settled end nearer than its start.
    assert_eq!(r.invert[0].0, 1);
    assert_eq!(r.recovery_match.0, "healthy");
    assert!(r.recovery_match.1 < 0.75 * r.incident_residual);
    let recovery = &r.residuals[r.blocks[3].start..r.blocks[3].end];
    let mean = |xs: &[f64]| xs.iter().sum::<f64>() / xs.len() as f64;
    assert!(mean(&recovery[recovery.len() - 10..]) < 0.75 * mean(&recovery[..10]));
}

#[test]
fn config_drift_is_detected_attributed_and_remediated() {
    use holon_examples::config_drift;
    let r = holon_examples::stack::with_big_stack(config_drift::run);
    for o in &r.outcomes {
        assert!(o.detected, "{}", o.label);
        // The top causes are exactly the drifted fields.
        let n = o.drifted_fields.len();
        let mut top: Vec<&str> = o.causes.iter().take(n).map(|c| c.0).collect();
        let mut want = o.drifted_fields.clone();
        top.sort_unstable();
        want.sort_unstable();
        assert_eq!(top, want, "{}", o.label);
        // Reverting the attributed fields restores a passing score, as does
        // the vector-space remediation.
        assert!(o.repaired < r.threshold, "{}: {}", o.label, o.repaired);
        assert!(o.remediated < o.residual, "{}", o.label);
        assert!(o.correct < r.threshold, "{}", o.label);
    }
}

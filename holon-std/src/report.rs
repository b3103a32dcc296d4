//! Per-phase scoring of a labelled stream: the table `holon detect` and the
//! demo print.
//!
//! Labels are optional keys of each record: `_phase` (any string) and
//! `_attack` (bool). They are read here and never encoded.

use std::fmt::Write as _;

use serde_json::Value;

/// Counts for one phase (or the whole stream).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhaseStats {
    /// The phase label (`-` when records have none).
    pub name: String,
    /// Records scored (warm-up excluded).
    pub records: u64,
    /// Records labelled `_attack: true`.
    pub attacks: u64,
    /// Attack records flagged.
    pub attacks_flagged: u64,
    /// Normal records flagged.
    pub normals_flagged: u64,
    /// Records after the phase's first attack until one was flagged
    /// (0 = the first attack itself), if the phase has attacks.
    pub first_flag_latency: Option<u64>,
    attack_seen_at: Option<u64>,
}

impl PhaseStats {
    fn new(name: &str) -> Self {
        Self {
            name: name.to_string(),
            ..Self::default()
        }
    }

    /// Normal records scored.
    pub fn normals(&self) -> u64 {
        self.records - self.attacks
    }

    /// Fraction of attack records flagged (1.0 without attacks).
    pub fn recall(&self) -> f64 {
        ratio(self.attacks_flagged, self.attacks, 1.0)
    }

    /// Fraction of normal records flagged (0.0 without normals).
    pub fn false_positive_rate(&self) -> f64 {
        ratio(self.normals_flagged, self.normals(), 0.0)
    }

    fn add(&mut self, attack: Option<bool>, flagged: bool) {
        self.records += 1;
        match attack {
            Some(true) => {
                self.attacks += 1;
                self.attacks_flagged += u64::from(flagged);
                let first = *self.attack_seen_at.get_or_insert(self.records);
                if flagged && self.first_flag_latency.is_none() {
                    self.first_flag_latency = Some(self.records - first);
                }
            }
            _ => self.normals_flagged += u64::from(flagged),
        }
    }
}

fn ratio(part: u64, whole: u64, empty: f64) -> f64 {
    if whole == 0 {
        empty
    } else {
        part as f64 / whole as f64
    }
}

/// Accumulates verdicts into per-phase and total counts.
#[derive(Debug, Clone, Default)]
pub struct StreamReport {
    phases: Vec<PhaseStats>,
    total: PhaseStats,
    labelled: bool,
}

impl StreamReport {
    /// An empty report.
    pub fn new() -> Self {
        Self {
            total: PhaseStats::new("all"),
            ..Self::default()
        }
    }

    /// Adds the verdict on `record` (its labels are read from it).
    pub fn add(&mut self, record: &Value, flagged: bool) {
        let phase = record.get("_phase").and_then(Value::as_str).unwrap_or("-");
        let attack = record.get("_attack").and_then(Value::as_bool);
        self.labelled |= attack.is_some();
        if self.phases.last().is_none_or(|p| p.name != phase) {
            self.phases.push(PhaseStats::new(phase));
        }
        if let Some(current) = self.phases.last_mut() {
            current.add(attack, flagged);
        }
        self.total.add(attack, flagged);
    }

    /// Phases in stream order (a label that recurs later starts a new row).
    pub fn phases(&self) -> &[PhaseStats] {
        &self.phases
    }

    /// Counts over the whole stream.
    pub fn total(&self) -> &PhaseStats {
        &self.total
    }

    /// The table, one row per phase and a total row.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<14} {:>8} {:>8} {:>8} {:>9} {:>8} {:>8} {:>9}",
            "phase", "records", "attacks", "flagged", "recall", "normals", "FP", "FPR"
        );
        for p in self.phases.iter().chain(std::iter::once(&self.total)) {
            let _ = writeln!(
                out,
                "{:<14} {:>8} {:>8} {:>8} {:>8.3}% {:>8} {:>8} {:>8.3}%",
                p.name,
                p.records,
                p.attacks,
                p.attacks_flagged + p.normals_flagged,
                100.0 * p.recall(),
                p.normals(),
                p.normals_flagged,
                100.0 * p.false_positive_rate()
            );
        }
        if !self.labelled {
            out.push_str("(no _attack labels: recall and FPR are not measured)\n");
        }
        out
    }
}

/// A digest of a sequence of verdicts: FNV-1a (64-bit) over each verdict's
/// anomaly flag (one byte) and score (`f32` bits, little-endian). A device
/// replaying the same records computes the same digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerdictDigest(u64);

impl Default for VerdictDigest {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl VerdictDigest {
    /// Adds one verdict.
    pub fn add(&mut self, anomaly: bool, score: f32) {
        for byte in std::iter::once(u8::from(anomaly)).chain(score.to_bits().to_le_bytes()) {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// The digest so far.
    pub fn value(&self) -> u64 {
        self.0
    }
}

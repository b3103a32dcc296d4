//! Per-phase scoring of a labelled stream: the table `holon detect`, `holon
//! score` and the demo print.
//!
//! Labels are optional keys of each record: `_phase` (any string) and
//! `_attack` (bool), read by [`crate::record::labels`] and never encoded.
//! The counting, the row format and the row cap are holon-core's
//! ([`holon_core::detect::PhaseTable`]), shared with the firmware replay:
//! phases are rows in order of first appearance, at most
//! [`MAX_PHASE_ROWS`]; later phases are counted in one
//! [`OTHER_PHASES`] row, and the table says
//! so. A phase name is shown (and told apart) by its first
//! [`MAX_PHASE_NAME_BYTES`] bytes.

use std::collections::HashMap;

use holon_core::detect::{PhaseCounts, PhaseTable, MAX_PHASE_ROWS, OTHER_PHASES};
use serde_json::Value;

pub use holon_core::detect::VerdictDigest;

/// Bytes of a `_phase` label kept as its row's name.
pub const MAX_PHASE_NAME_BYTES: usize = 32;

/// One phase's row: its name, its counts and how soon its attacks were
/// caught.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhaseStats {
    /// The phase label (`-` when records have none).
    pub name: String,
    /// The verdict counts (holon-core's, as the firmware counts them).
    pub counts: PhaseCounts,
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

    /// Fraction of attack records flagged (1.0 without attacks).
    pub fn recall(&self) -> f64 {
        ratio(self.counts.detected, self.counts.attacks, 1.0)
    }

    /// Fraction of normal records flagged (0.0 without normals).
    pub fn false_positive_rate(&self) -> f64 {
        ratio(self.counts.false_positives, self.counts.normals(), 0.0)
    }

    fn add(&mut self, attack: bool, flagged: bool) {
        self.counts.add(attack, flagged);
        if attack {
            let first = *self.attack_seen_at.get_or_insert(self.counts.records);
            if flagged && self.first_flag_latency.is_none() {
                self.first_flag_latency = Some(self.counts.records - first);
            }
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
#[derive(Debug, Clone)]
pub struct StreamReport {
    table: Box<PhaseTable<MAX_PHASE_ROWS>>,
    phases: Vec<PhaseStats>,
    rows: HashMap<String, usize>,
    total: PhaseStats,
    labelled: bool,
}

impl Default for StreamReport {
    fn default() -> Self {
        Self::new()
    }
}

/// `name` cut to at most [`MAX_PHASE_NAME_BYTES`] on a character boundary.
fn short(name: &str) -> &str {
    let mut end = name.len().min(MAX_PHASE_NAME_BYTES);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

impl StreamReport {
    /// An empty report.
    pub fn new() -> Self {
        Self {
            table: Box::new(PhaseTable::new()),
            phases: Vec::new(),
            rows: HashMap::new(),
            total: PhaseStats::new("all"),
            labelled: false,
        }
    }

    /// Adds the verdict on `record` (its labels are read from it).
    pub fn add(&mut self, record: &Value, flagged: bool) {
        self.add_labels(crate::record::labels(record), flagged);
    }

    /// Adds the verdict on a record with `labels` (as
    /// [`labels`](crate::record::labels) reads them): what
    /// [`add`](Self::add) does, for a caller that did not parse the record.
    pub fn add_labels(&mut self, labels: crate::record::Labels<'_>, flagged: bool) {
        let phase = short(labels.phase.unwrap_or("-"));
        let attack = labels.attack == Some(true);
        self.labelled |= labels.attack.is_some();
        let row = match self.rows.get(phase) {
            Some(&row) => row,
            None if self.phases.len() < MAX_PHASE_ROWS => {
                self.rows.insert(phase.to_string(), self.phases.len());
                self.phases.push(PhaseStats::new(phase));
                self.phases.len() - 1
            }
            None => MAX_PHASE_ROWS,
        };
        if let Some(stats) = self.phases.get_mut(row) {
            stats.add(attack, flagged);
        }
        self.table.add(row, attack, flagged);
        self.total.add(attack, flagged);
    }

    /// Phases in order of first appearance, at most [`MAX_PHASE_ROWS`].
    pub fn phases(&self) -> &[PhaseStats] {
        &self.phases
    }

    /// Counts of the phases past [`MAX_PHASE_ROWS`], all together.
    pub fn other(&self) -> &PhaseCounts {
        self.table.other()
    }

    /// Counts over the whole stream.
    pub fn total(&self) -> &PhaseStats {
        &self.total
    }

    /// The table: header, one row per phase, the
    /// [`OTHER_PHASES`] row if the cap was reached, and the total row.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let phases = &self.phases;
        // Writing to a String cannot fail.
        let _ = self.table.write(&mut out, "", |row| {
            phases.get(row).map_or("-", |p| p.name.as_str())
        });
        if self.other().records > 0 {
            out.push_str(&format!(
                "({OTHER_PHASES}: the phases after the first {MAX_PHASE_ROWS}, counted together)\n"
            ));
        }
        if !self.labelled {
            out.push_str("(no _attack labels: recall and FPR are not measured)\n");
        }
        out
    }
}

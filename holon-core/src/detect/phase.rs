//! The per-phase table of a labelled stream: how many records of each
//! `_phase` were attacks, how many were flagged, recall and false-positive
//! rate.
//!
//! Written once here and printed by `holon detect`/`holon score` (stderr),
//! the demo, and the firmware replay (`PHASE` lines), so the rows agree
//! byte for byte. Phases are rows in order of first appearance (a label that
//! recurs adds to its row); the table holds at most `ROWS` of them and counts
//! every later phase in one [`OTHER_PHASES`] row, so a label that changes on
//! every record cannot grow it. Percentages are integer arithmetic (rounded
//! half up, three decimals) and print `-` when there is nothing to measure.

use core::fmt;

/// Rows the host's table keeps (`holon detect`, the demo) before it counts
/// further phases in the [`OTHER_PHASES`] row.
pub const MAX_PHASE_ROWS: usize = 64;

/// The name of the row counting every phase beyond the table's capacity.
pub const OTHER_PHASES: &str = "(other)";

/// The name of the row counting the whole stream.
pub const TOTAL_ROW: &str = "all";

/// Verdict counts of one phase (or of the whole stream).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct PhaseCounts {
    /// Records judged.
    pub records: u64,
    /// Records labelled as attacks.
    pub attacks: u64,
    /// Attacks flagged as anomalies.
    pub detected: u64,
    /// Normal records flagged as anomalies.
    pub false_positives: u64,
}

impl PhaseCounts {
    /// Counts one verdict: whether the record is an attack (its label) and
    /// whether it was flagged.
    pub fn add(&mut self, attack: bool, anomaly: bool) {
        self.records = self.records.saturating_add(1);
        self.attacks = self.attacks.saturating_add(u64::from(attack));
        self.detected = self.detected.saturating_add(u64::from(attack && anomaly));
        self.false_positives = self
            .false_positives
            .saturating_add(u64::from(!attack && anomaly));
    }

    /// Adds another phase's counts to these.
    pub fn merge(&mut self, other: &PhaseCounts) {
        self.records = self.records.saturating_add(other.records);
        self.attacks = self.attacks.saturating_add(other.attacks);
        self.detected = self.detected.saturating_add(other.detected);
        self.false_positives = self.false_positives.saturating_add(other.false_positives);
    }

    /// Records not labelled as attacks.
    pub fn normals(&self) -> u64 {
        self.records.saturating_sub(self.attacks)
    }

    /// Records flagged, attacks and normals together.
    pub fn flagged(&self) -> u64 {
        self.detected.saturating_add(self.false_positives)
    }

    /// Attacks flagged, of all attacks.
    pub fn recall(&self) -> Percent {
        Percent::new(self.detected, self.attacks)
    }

    /// Normal records flagged, of all normal records.
    pub fn false_positive_rate(&self) -> Percent {
        Percent::new(self.false_positives, self.normals())
    }
}

/// `part / whole` as a percentage with three decimals, rounded half up in
/// integers (`-` when `whole` is 0). Honours a width (`{:>9}`).
///
/// ```
/// use holon_core::detect::Percent;
///
/// assert_eq!(format!("{}", Percent::new(1, 42)), "2.381%");
/// assert_eq!(format!("{}", Percent::new(2, 3)), "66.667%");
/// assert_eq!(format!("{:>9}", Percent::new(5, 5)), " 100.000%");
/// assert_eq!(format!("{}", Percent::new(0, 0)), "-");
/// assert_eq!(Percent::new(u64::MAX, u64::MAX).milli(), Some(100_000));
/// assert_eq!(Percent::new(7, 2).milli(), Some(350_000));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent {
    part: u64,
    whole: u64,
}

impl Percent {
    /// `part` of `whole`.
    pub const fn new(part: u64, whole: u64) -> Self {
        Self { part, whole }
    }

    /// The percentage in thousandths of a percent, rounded half up; `None`
    /// when `whole` is 0.
    pub fn milli(&self) -> Option<u64> {
        // Whole and fractional parts apart, in u64 (no u128 division on a
        // 32-bit device): part / whole * 100 000 exactly, plus the rounded
        // 100 000 * (part % whole) / whole.
        let quotient = self.part.checked_div(self.whole)?;
        let (mut rest, mut whole) = (self.part.checked_rem(self.whole)?, self.whole);
        // Only counts above ~4.6e13 need this (to keep `rest * 200 000` in
        // range); the last digit may then be off by one.
        while whole > u64::MAX / 400_000 {
            rest >>= 1;
            whole >>= 1;
        }
        let fraction = (rest * 200_000 + whole).checked_div(2 * whole).unwrap_or(0);
        Some(quotient.saturating_mul(100_000).saturating_add(fraction))
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(milli) = self.milli() else {
            return f.pad("-");
        };
        let mut text = heapless::String::<32>::new();
        // A fixed buffer that a u64 percentage always fits.
        let _ = fmt::Write::write_fmt(
            &mut text,
            format_args!("{}.{:03}%", milli / 1000, milli % 1000),
        );
        f.pad(text.as_str())
    }
}

/// The table's header line (no newline).
pub const PHASE_HEADER: &str =
    "phase           records  attacks  flagged    recall  normals       FP       FPR";

/// One row of the table: a phase name and its counts (no newline).
///
/// ```
/// use holon_core::detect::{PhaseCounts, PhaseRow};
///
/// let mut counts = PhaseCounts::default();
/// counts.add(true, true);
/// counts.add(false, false);
/// assert_eq!(
///     format!("{}", PhaseRow { name: "storm", counts: &counts }),
///     "storm                 2        1        1  100.000%        1        0    0.000%"
/// );
/// ```
#[derive(Debug, Clone, Copy)]
pub struct PhaseRow<'a> {
    /// The phase label.
    pub name: &'a str,
    /// Its counts.
    pub counts: &'a PhaseCounts,
}

impl fmt::Display for PhaseRow<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.counts;
        write!(
            f,
            "{:<14} {:>8} {:>8} {:>8} {:>9} {:>8} {:>8} {:>9}",
            self.name,
            c.records,
            c.attacks,
            c.flagged(),
            c.recall(),
            c.normals(),
            c.false_positives,
            c.false_positive_rate()
        )
    }
}

/// Counts per phase, at most `ROWS` rows plus the [`OTHER_PHASES`] row and
/// the [`TOTAL_ROW`]. The caller numbers phases in order of first
/// appearance (row 0, 1, ...) and keeps their names.
///
/// ```
/// use holon_core::detect::PhaseTable;
///
/// let mut table = PhaseTable::<2>::new();
/// table.add(0, false, false);
/// table.add(1, true, true);
/// table.add(7, true, false); // beyond the table: the "(other)" row
/// let mut text = String::new();
/// table.write(&mut text, "", |row| ["calm", "storm"][row]).unwrap();
/// assert!(text.contains("\n(other)               1        1        0    0.000%"));
/// assert!(text.contains("\nall                   3        2        1   50.000%"));
/// ```
#[derive(Debug, Clone)]
pub struct PhaseTable<const ROWS: usize> {
    rows: heapless::Vec<PhaseCounts, ROWS>,
    other: PhaseCounts,
    total: PhaseCounts,
}

impl<const ROWS: usize> PhaseTable<ROWS> {
    /// An empty table.
    pub const fn new() -> Self {
        Self {
            rows: heapless::Vec::new(),
            other: PhaseCounts {
                records: 0,
                attacks: 0,
                detected: 0,
                false_positives: 0,
            },
            total: PhaseCounts {
                records: 0,
                attacks: 0,
                detected: 0,
                false_positives: 0,
            },
        }
    }

    /// Counts one verdict in phase `row` (at or beyond `ROWS`: the
    /// [`OTHER_PHASES`] row) and in the total.
    pub fn add(&mut self, row: usize, attack: bool, anomaly: bool) {
        // Rows are numbered, not pushed: a phase first seen out of order
        // opens the rows before it as empty ones.
        while row < ROWS && self.rows.len() <= row {
            if self.rows.push(PhaseCounts::default()).is_err() {
                break;
            }
        }
        match self.rows.get_mut(row) {
            Some(counts) => counts.add(attack, anomaly),
            None => self.other.add(attack, anomaly),
        }
        self.total.add(attack, anomaly);
    }

    /// The rows used so far (phases 0 to `len - 1`).
    pub fn rows(&self) -> &[PhaseCounts] {
        &self.rows
    }

    /// Verdicts of phases beyond the table's `ROWS`.
    pub fn other(&self) -> &PhaseCounts {
        &self.other
    }

    /// Verdicts of the whole stream.
    pub fn total(&self) -> &PhaseCounts {
        &self.total
    }

    /// Writes the header, one row per phase (named by `name`), the
    /// [`OTHER_PHASES`] row if any verdict went there, and the total row;
    /// each line starts with `prefix` and ends with a newline.
    pub fn write<'n>(
        &self,
        out: &mut impl fmt::Write,
        prefix: &str,
        name: impl Fn(usize) -> &'n str,
    ) -> fmt::Result {
        writeln!(out, "{prefix}{PHASE_HEADER}")?;
        for (row, counts) in self.rows().iter().enumerate() {
            writeln!(
                out,
                "{prefix}{}",
                PhaseRow {
                    name: name(row),
                    counts
                }
            )?;
        }
        if self.other.records > 0 {
            let counts = &self.other;
            writeln!(
                out,
                "{prefix}{}",
                PhaseRow {
                    name: OTHER_PHASES,
                    counts
                }
            )?;
        }
        let counts = &self.total;
        writeln!(
            out,
            "{prefix}{}",
            PhaseRow {
                name: TOTAL_ROW,
                counts
            }
        )
    }
}

impl<const ROWS: usize> Default for PhaseTable<ROWS> {
    fn default() -> Self {
        Self::new()
    }
}

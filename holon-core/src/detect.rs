//! The scoring core of the zero-knowledge detector, shared by the server
//! that learns and the device that matches.
//!
//! A record is cut into *slots*: one per field (its dotted path) and one per
//! pair of fields (`a&b`, the two paths in sorted order). A slot's value is a
//! vector — a string's atom, a number's log magnitude ([`number_vector`]), a
//! pair's binding — and its score is the best cosine against the engrams of
//! that slot in an [`EngramBank`] (0 when it has none). The record is
//! anomalous when its worst slot scores below the threshold. `holon-std`
//! learns the prototypes and mints the bank; a device loads the same bank
//! and, by calling these functions, reaches the same verdicts bit for bit.

use crate::atom::{AtomHasher, AtomKey};
use crate::engram::EngramBank;
use crate::magnitude::LogEncoder;
use crate::packed::PackedVector;
use crate::vector::Vector;

mod digest;
pub use digest::VerdictDigest;
mod phase;
pub use phase::{
    Percent, PhaseCounts, PhaseRow, PhaseTable, MAX_PHASE_ROWS, OTHER_PHASES, PHASE_HEADER,
    TOTAL_ROW,
};

/// Decades of `NUMBER_OFFSET + |x|` over which numbers become
/// near-orthogonal.
pub const DECADES_PER_SCALE: f64 = 1.5;

/// Added to `|x|` before the logarithm: numbers below about this magnitude
/// blur together instead of spreading over decades.
pub const NUMBER_OFFSET: f64 = 10.0;

/// A record whose worst slot scores below this is anomalous.
pub const ANOMALY_THRESHOLD: f32 = 0.3;

/// The number encoder the detector uses, under `seed`.
pub fn number_encoder<const D: usize>(seed: u64) -> LogEncoder<D> {
    LogEncoder::with_decades(seed, DECADES_PER_SCALE).unwrap_or_else(|_| LogEncoder::new(seed))
}

/// The vector of a number: the log magnitude of `NUMBER_OFFSET + |x|`,
/// negated for negative numbers. NaN gives the zero vector.
///
/// ```
/// use holon_core::detect::{number_encoder, number_vector};
///
/// let enc = number_encoder::<1024>(0);
/// let (a, b, c) = (number_vector(&enc, 52.0), number_vector(&enc, 55.0), number_vector(&enc, 51_301.0));
/// assert!(a.cosine(&b) > 0.9);
/// assert!(a.cosine(&c).abs() < 0.1);
/// ```
pub fn number_vector<const D: usize>(encoder: &LogEncoder<D>, x: f64) -> Vector<D> {
    let mut v = encoder.encode(NUMBER_OFFSET + libm::fabs(x));
    if x < 0.0 {
        // `negate(&zero, &v, Subtract)` is `clamp(0 - t, -1, 1) = -t` for
        // every trit: negated in place, without two more vectors on the
        // stack (2 KiB at D = 1024, the deepest frame of a device's record).
        for t in v.trusted_trits_mut() {
            *t = t.wrapping_neg();
        }
    }
    v
}

/// [`number_vector`] as a packed vector (`W` is
/// [`packed::words(D)`](crate::packed::words)), bit for bit
/// `PackedVector::from_vector(&number_vector(encoder, x))`, encoded
/// straight into the planes ([`LogEncoder::encode_packed`]).
///
/// ```
/// use holon_core::detect::{number_encoder, number_packed, number_vector};
/// use holon_core::packed::PackedVector;
///
/// let enc = number_encoder::<1024>(0);
/// let p: PackedVector<1024, 32> = number_packed(&enc, -51_301.0);
/// assert_eq!(p, PackedVector::from_vector(&number_vector(&enc, -51_301.0)));
/// ```
pub fn number_packed<const D: usize, const W: usize>(
    encoder: &LogEncoder<D>,
    x: f64,
) -> PackedVector<D, W> {
    let v = encoder.encode_packed::<W>(NUMBER_OFFSET + libm::fabs(x));
    if x < 0.0 {
        // Negation keeps the non-zero plane and flips each non-zero sign.
        let (nonzero, negative) = v.planes();
        let mut flipped = *negative;
        for (n, z) in flipped.iter_mut().zip(nonzero) {
            *n = z & !*n;
        }
        // Still a valid pair of planes: the default is unreachable.
        PackedVector::from_planes(*nonzero, flipped).unwrap_or_default()
    } else {
        v
    }
}

/// The slot id of field `path`: the low 32 bits of the atom key of
/// `"slot:" + path`.
///
/// ```
/// use holon_core::detect::{field_slot, pair_slot};
///
/// assert_ne!(field_slot(0, "src_port"), field_slot(0, "dst_port"));
/// assert_ne!(pair_slot(0, "dst_port", "flags"), field_slot(0, "dst_port"));
/// ```
pub fn field_slot(seed: u64, path: &str) -> u32 {
    let mut hasher = AtomHasher::new(seed);
    hasher.update_str("slot:").update_str(path);
    low_bits(hasher.finish())
}

/// The slot id of the pair of fields `a` and `b` (give them in sorted order):
/// the low 32 bits of the atom key of `"slot:" + a + "&" + b`.
pub fn pair_slot(seed: u64, a: &str, b: &str) -> u32 {
    let mut hasher = AtomHasher::new(seed);
    hasher
        .update_str("slot:")
        .update_str(a)
        .update_str("&")
        .update_str(b);
    low_bits(hasher.finish())
}

fn low_bits(key: AtomKey) -> u32 {
    key.raw() as u32
}

/// The score of one slot: the best cosine between `value` and the bank's
/// engrams of `slot`, or 0 when the slot has none (an unseen field).
pub fn slot_score<const D: usize, const N: usize>(
    bank: &EngramBank<D, N>,
    slot: u32,
    value: &Vector<D>,
) -> f32 {
    bank.best_in_slot(slot, value)
        .map_or(0.0, |(_, cosine)| cosine)
}

/// Folds slot scores into a verdict: the worst score, and whether it is
/// below `threshold`. A record with no slots scores 1.0 (nothing unusual).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RecordScore {
    /// The worst slot's score so far.
    pub score: f32,
    /// Slots seen.
    pub slots: u32,
}

impl Default for RecordScore {
    fn default() -> Self {
        Self {
            score: 1.0,
            slots: 0,
        }
    }
}

impl RecordScore {
    /// Adds one slot's score.
    pub fn add(&mut self, slot_score: f32) {
        self.score = self.score.min(slot_score);
        self.slots = self.slots.saturating_add(1);
    }

    /// True when the worst slot is below `threshold`.
    pub fn is_anomaly(&self, threshold: f32) -> bool {
        self.score < threshold
    }
}

mod flat;
pub use flat::{
    score_leaves, score_slots, slot_count, Leaf, LeafEncoder, NamedSlots, SlotIds, SlotTable,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::{negate, NegateMode};

    #[test]
    fn a_negative_number_is_the_negated_vector_of_its_magnitude() {
        // As `number_vector` computed it before negating in place (`-0.0`
        // is not below zero: it is `0.0`'s vector).
        let enc = number_encoder::<256>(3);
        for x in [0.0, 1.0, 52.0, 51_301.0, 1e300, f64::INFINITY] {
            let minus = negate(
                &Vector::zero(),
                &number_vector(&enc, x),
                NegateMode::Subtract,
            );
            assert_eq!(
                number_vector(&enc, -x),
                if x == 0.0 {
                    number_vector(&enc, x)
                } else {
                    minus
                }
            );
        }
    }

    #[test]
    fn numbers_packed_are_the_packed_number_vectors() {
        fn check<const D: usize, const W: usize>(seed: u64) {
            let enc = number_encoder::<D>(seed);
            let xs = [
                0.0, -0.0, 1.0, -1.0, 52.0, -52.0, 51_301.0, -1e-310, 1e300, -1e300,
            ];
            let more = (0..200).map(|i| f64::from(i) * 37.5 - 3000.0);
            for x in xs
                .into_iter()
                .chain(more)
                .chain([f64::INFINITY, -f64::INFINITY, f64::NAN])
            {
                let p: PackedVector<D, W> = number_packed(&enc, x);
                assert_eq!(
                    p,
                    PackedVector::from_vector(&number_vector(&enc, x)),
                    "D {D} x {x}"
                );
            }
        }
        check::<1024, 32>(0);
        check::<1000, 32>(1);
        check::<33, 2>(2);
        check::<31, 1>(3);
        check::<1, 1>(4);
    }
}

//! Scoring against minted engrams alone, as a device does.

use super::*;

/// Scores records against minted engrams only: what a device does, on a
/// server. Gives the same verdicts as the [`Detector`] that minted them.
///
/// ```
/// use holon_std::detect::{Detector, DetectorConfig, EngramDetector};
/// use serde_json::json;
///
/// let mut detector = Detector::<1024>::new(0, DetectorConfig::default());
/// for port in [80, 443, 80, 443, 8080] {
///     detector.learn(&json!({"proto": "TCP", "dport": port}))?;
/// }
/// // Mint the engram file a device would load, and score with it alone.
/// let bytes = detector.mint_bytes::<64>().unwrap();
/// let mut device = EngramDetector::<1024, 64>::from_bytes(&bytes).unwrap();
/// for record in [json!({"proto": "TCP", "dport": 443}), json!({"proto": "UDP", "dport": 53})] {
///     assert_eq!(device.score(&record)?, detector.score(&record)?);
/// }
/// assert!(device.score(&json!({"proto": "UDP", "dport": 53}))?.anomaly);
/// # Ok::<(), holon_std::record::RecordError>(())
/// ```
pub struct EngramDetector<const D: usize, const N: usize> {
    bank: Box<EngramBank<D, N>>,
    threshold: f32,
    pairs: bool,
    encoder: SlotEncoder<D>,
}

impl<const D: usize, const N: usize> EngramDetector<D, N> {
    /// Loads engram bytes (as [`Detector::mint`] and
    /// [`EngramBank::emit`] make them).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, holon_core::Error> {
        let mut bank = build_bank::<D, N>();
        let seed = bank.load(bytes)?;
        let threshold = bank
            .get(0)
            .map_or(holon_core::detect::ANOMALY_THRESHOLD, Engram::threshold);
        Ok(Self {
            bank,
            threshold,
            pairs: true,
            encoder: SlotEncoder::new(seed),
        })
    }

    /// The bank.
    pub fn bank(&self) -> &EngramBank<D, N> {
        &self.bank
    }

    /// Scores `record` against the engrams; a value that is not a record
    /// within [`crate::record`]'s limits is refused.
    pub fn score(&mut self, record: &Value) -> Result<Verdict, RecordError> {
        let (bank, threshold) = (&self.bank, self.threshold);
        let mut fold = VerdictFold::default();
        self.encoder
            .for_each_slot(record, self.pairs, |name, id, vector| {
                fold.add(name, slot_score(bank, id, vector), threshold);
            })?;
        Ok(fold.finish(threshold))
    }
}

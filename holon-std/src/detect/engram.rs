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
///
/// A clone scores on its own (bank, caches and memo copied): `holon score
/// --threads N` scores with one clone a thread.
#[derive(Clone)]
pub struct EngramDetector<const D: usize, const N: usize> {
    bank: Box<EngramBank<D, N>>,
    threshold: f32,
    pairs: bool,
    encoder: SlotEncoder<D>,
    line: LineScorer<D>,
    /// The bank's engrams of each slot, by index in bank order: the line
    /// path scores a value against its slot's engrams only.
    by_slot: std::collections::HashMap<u32, Vec<usize>>,
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
        let mut by_slot = std::collections::HashMap::<u32, Vec<usize>>::new();
        for (index, engram) in bank.iter().enumerate() {
            by_slot.entry(engram.slot()).or_default().push(index);
        }
        Ok(Self {
            by_slot,
            bank,
            threshold,
            pairs: true,
            encoder: SlotEncoder::new(seed),
            line: LineScorer::new(),
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

    /// What the line path ([`score_line`](Self::score_line)) has done.
    pub fn line_stats(&self) -> LineStats {
        self.line.stats()
    }

    /// Scores one JSON line as [`score`](Self::score) scores its record,
    /// the same verdict bit for bit, on the line-rate path
    /// ([`LineScorer`]); `None` when the line is not a flat record that
    /// path takes (parse it and call [`score`](Self::score)).
    pub fn score_line<'a>(&'a mut self, text: &'a str) -> Option<LineVerdict<'a>> {
        self.score_input(LineInput::Line(text))
    }

    /// Scores a flat record given as parsed fields (a device's header
    /// fields, say: no JSON), with the verdict [`score_line`](Self::score_line)
    /// gives the same record as a JSON line; `None` in the cases of
    /// [`LineScorer::score_fields`].
    ///
    /// ```
    /// use holon_std::detect::{Detector, DetectorConfig, EngramDetector, FieldValue};
    ///
    /// let mut learner = Detector::<256>::new(0, DetectorConfig::default());
    /// for port in [53, 53, 80, 443] {
    ///     learner.learn(&serde_json::json!({"protocol": "UDP", "dst_port": port}))?;
    /// }
    /// let bytes = learner.mint_bytes::<64>()?;
    /// let mut device = EngramDetector::<256, 64>::from_bytes(&bytes)?;
    /// let fields = [("protocol", FieldValue::Str("UDP")), ("dst_port", FieldValue::Int(53))];
    /// let parsed = device.score_fields(&fields).map(|v| v.score);
    /// let line = device.score_line(r#"{"protocol":"UDP","dst_port":53}"#).map(|v| v.score);
    /// assert_eq!(parsed, line);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn score_fields<'a>(
        &'a mut self,
        fields: &'a [(&'a str, FieldValue<'a>)],
    ) -> Option<LineVerdict<'a>> {
        self.score_input(LineInput::Fields(fields))
    }

    fn score_input<'a>(&'a mut self, input: LineInput<'a>) -> Option<LineVerdict<'a>> {
        let (bank, by_slot) = (&self.bank, &self.by_slot);
        self.line.score_input(
            input,
            &mut self.encoder,
            self.pairs,
            self.threshold,
            // The slot's engrams in bank order (`best_in_slot`'s), none
            // for an unseen slot.
            |_, id, visit| {
                for &i in by_slot.get(&id).into_iter().flatten() {
                    if let Some(engram) = bank.get(i) {
                        visit(engram.prototype());
                    }
                }
            },
        )
    }
}

//! Saving, restoring and merging what a [`Detector`] learned: minting
//! engrams, rebuilding a detector from its prototypes, merging two.

use super::*;

// Saving, restoring and merging what was learned: how learning travels
// between processes.
impl<const D: usize> Detector<D> {
    /// The codebook seed.
    pub fn seed(&self) -> u64 {
        self.encoder.seed
    }

    /// Every prototype learned, slots in name order, each slot's prototypes
    /// in the order they were started.
    pub fn prototypes(&self) -> impl Iterator<Item = LearnedPrototype<'_, D>> {
        self.slots.iter().flat_map(|(name, memory)| {
            memory.prototypes.iter().map(move |p| LearnedPrototype {
                slot: name,
                slot_id: memory.id,
                sums: &p.sums,
            })
        })
    }

    /// A detector that has learned exactly `prototypes` (as
    /// [`prototypes`](Self::prototypes) lists them) from `learned` records:
    /// a saved detector restored, e.g. after travelling between processes.
    /// Each prototype is appended to its slot as is, its vector the
    /// threshold of its sums, so a detector restored from its own
    /// prototypes scores and mints exactly as it did.
    pub fn from_prototypes(
        seed: u64,
        config: DetectorConfig,
        learned: u64,
        prototypes: impl IntoIterator<Item = (String, u32, Box<Accumulator<D>>)>,
    ) -> Self {
        let mut detector = Self::new(seed, config);
        for (slot, slot_id, sums) in prototypes {
            let vector = sums.threshold();
            detector
                .slots
                .entry(slot)
                .or_insert_with(|| SlotMemory {
                    id: slot_id,
                    prototypes: Vec::new(),
                })
                .prototypes
                .push(Prototype { sums, vector });
            detector.prototypes += 1;
        }
        detector.learned = learned;
        detector
    }

    /// Adds what `other` learned (from other records of the same stream,
    /// e.g. another partition) to what this detector learned.
    ///
    /// The rule, deterministic and documented because warm-up clustering
    /// depends on order: this detector's prototypes stay as they are. A
    /// slot only `other` knows is taken as it is. In a slot both know,
    /// `other`'s prototypes, in the order `other` started them, are learned
    /// one by one as if each were a single value (its vector): it joins the
    /// nearest prototype of the slot when their cosine is at least
    /// [`DetectorConfig::cluster_similarity`] (or when the slot is full),
    /// adding all its sums and count, and otherwise becomes a new
    /// prototype. So merging partitions left to right in stream order gives
    /// one answer for one partitioning, a detector merged into an empty one
    /// is itself bit for bit, and no value is lost: every slot's counts add
    /// up to the values it saw. Sums add exactly: a merged prototype's
    /// vector is the threshold of everything it absorbed, whichever
    /// detector absorbed it.
    ///
    /// The bound [`DetectorConfig::max_prototypes`] holds as in learning:
    /// past it a prototype joins its slot's nearest and a slot never seen
    /// is not taken.
    ///
    /// `other`'s configuration and seed are not checked: merge detectors
    /// made alike.
    ///
    /// ```
    /// use holon_std::detect::{Detector, DetectorConfig};
    ///
    /// let records: Vec<serde_json::Value> = (0..40)
    ///     .map(|i| serde_json::json!({"proto": "TCP", "sport": 50_000 + i * 97}))
    ///     .collect();
    /// let learn = |part: &[serde_json::Value]| {
    ///     let mut d = Detector::<256>::new(0, DetectorConfig::default());
    ///     part.iter().for_each(|r| d.learn(r).expect("an object"));
    ///     d
    /// };
    /// let mut merged = learn(&records[..20]);
    /// merged.merge(&learn(&records[20..]));
    /// assert_eq!(merged.learned(), 40);
    ///
    /// let mut empty = Detector::<256>::new(0, DetectorConfig::default());
    /// empty.merge(&merged);
    /// assert_eq!(empty.mint_bytes::<64>(), merged.mint_bytes::<64>());
    /// ```
    pub fn merge(&mut self, other: &Detector<D>) {
        let config = self.config;
        // What was memoised came from the memory this changes.
        self.line.invalidate();
        for (name, theirs) in &other.slots {
            let room = self.prototypes < config.max_prototypes;
            let ours = match self.slots.get_mut(name) {
                Some(ours) => ours,
                None if room => self.slots.entry(name.clone()).or_insert(SlotMemory {
                    id: theirs.id,
                    prototypes: Vec::new(),
                }),
                // Full: as in learning, a slot never seen stays unseen.
                None => continue,
            };
            if ours.prototypes.is_empty() {
                // A slot only `other` knows is taken as it is, as far as
                // the bound allows; the rest joins what was taken.
                let take = theirs
                    .prototypes
                    .len()
                    .min(config.max_prototypes.saturating_sub(self.prototypes));
                let (taken, rest) = theirs.prototypes.split_at(take);
                ours.prototypes.extend_from_slice(taken);
                self.prototypes += take;
                for p in rest {
                    ours.absorb(p, &config, false);
                }
                continue;
            }
            for p in &theirs.prototypes {
                let room = self.prototypes < config.max_prototypes;
                if ours.absorb(p, &config, room) {
                    self.prototypes += 1;
                }
            }
        }
        self.learned = self.learned.saturating_add(other.learned);
    }

    /// [`mint`](Self::mint) as the engram file bytes (what `holon mint`
    /// writes), under this detector's seed.
    pub fn mint_bytes<const N: usize>(&self) -> Result<Vec<u8>, holon_core::Error> {
        let bank = self.mint::<N>()?;
        let mut bytes = vec![0u8; bank.encoded_len()];
        bank.emit(self.seed(), &mut bytes)?;
        Ok(bytes)
    }
}

//! A record's slots: every field and every pair of fields, each with its id
//! and value vector.

use super::*;

/// Turns records into slots: atoms for strings, log magnitudes for numbers,
/// bindings for pairs, ids from [`holon_core::detect`]. A clone has its
/// own copy of the atom cache.
#[derive(Clone)]
pub struct SlotEncoder<const D: usize> {
    pub(super) seed: u64,
    pub(super) numbers: Box<LogEncoder<D>>,
    pub(super) atoms: AtomMap<D>,
}

impl<const D: usize> SlotEncoder<D> {
    /// An encoder under `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            numbers: crate::holon::build_off_stack::<LogEncoder<D>, _>(|| {
                Box::new(number_encoder(seed))
            }),
            atoms: AtomMap::new(),
        }
    }

    /// The vector of one leaf value ([`record::leaf_value`]).
    fn value_vector(&mut self, value: &Value) -> Vector<D> {
        match record::leaf_value(value) {
            LeafValue::Num(x) => number_vector(&self.numbers, x),
            LeafValue::Str(s) => self.atom(Scalar::Str(&s)),
            LeafValue::Bool(b) => self.atom(Scalar::Bool(b)),
            LeafValue::Null => self.atom(Scalar::Null),
        }
    }

    fn atom(&mut self, scalar: Scalar<'_>) -> Vector<D> {
        let key = scalar
            .key(self.seed)
            .unwrap_or_else(|_| AtomKey::new(self.seed, ""));
        self.atoms.get(key).clone()
    }

    /// The slots of a record, collected (see
    /// [`for_each_slot`](Self::for_each_slot)).
    pub fn slots(&mut self, record: &Value, pairs: bool) -> Result<Vec<SlotValue<D>>, RecordError> {
        let mut slots = Vec::new();
        self.for_each_slot(record, pairs, |name, id, vector| {
            slots.push(SlotValue {
                name: name.to_string(),
                id,
                vector: vector.clone(),
            });
        })?;
        Ok(slots)
    }

    /// Calls `visit(name, id, vector)` for each slot of a record: if
    /// `pairs`, every pair of its leaves (`a&b`, `a` before `b` in path
    /// order), then every leaf ([`record::leaves`]: dotted paths, labels
    /// left out, at most [`record::MAX_LEAVES`]). Pairs are made one at a
    /// time: only the leaves' vectors are held.
    pub fn for_each_slot(
        &mut self,
        record: &Value,
        pairs: bool,
        mut visit: impl FnMut(&str, u32, &Vector<D>),
    ) -> Result<(), RecordError> {
        let leaves = record::leaves(record)?;
        let fields: Vec<(String, u32, Vector<D>)> = leaves
            .into_iter()
            .map(|leaf| {
                let vector = self.value_vector(leaf.value);
                (field_slot(self.seed, &leaf.path), vector, leaf.path)
            })
            .map(|(id, vector, path)| (path, id, vector))
            .collect();
        if pairs {
            let mut name = String::new();
            for (i, (a, _, va)) in fields.iter().enumerate() {
                for (b, _, vb) in fields.iter().skip(i + 1) {
                    name.clear();
                    name.push_str(a);
                    name.push('&');
                    name.push_str(b);
                    visit(&name, pair_slot(self.seed, a, b), &bind(va, vb));
                }
            }
        }
        for (path, id, vector) in &fields {
            visit(path, *id, vector);
        }
        Ok(())
    }
}

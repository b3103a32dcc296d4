//! `serde::Serialize` and `Deserialize` for the values a user stores or
//! sends: [`Vector`], the accumulators, [`Engram`] and [`EngramBank`].
//! Compiled with the `serde` feature only; no allocation on either side, so
//! the impls work in firmware too.
//!
//! - A vector is its trit string (`"+-0+"`), as `Display` writes it and
//!   `FromStr` reads it: a string of the wrong length or with another
//!   character is an error.
//! - An accumulator is `{ "sums": [..], "count": n }` (a
//!   [`DecayingAccumulator`]: `{ "sums": [..], "weight": w }`, every float
//!   finite).
//! - An engram is `{ "name", "slot", "prototype", "threshold", "count" }`,
//!   checked as [`Engram::new`] checks it; a bank is a sequence of engrams,
//!   at most `N`.
//!
//! The engram byte format ([`EngramBank::emit`]) stays the way engrams
//! travel to devices; these impls are for a server's own configuration and
//! storage.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::accumulator::{Accumulator, DecayingAccumulator};
use crate::engram::{Engram, EngramBank, NAME_CAPACITY};
use crate::vector::Vector;

impl<const D: usize> Serialize for Vector<D> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de, const D: usize> Deserialize<'de> for Vector<D> {
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        struct TritText<const D: usize>;
        impl<const D: usize> Visitor<'_> for TritText<D> {
            type Value = Vector<D>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a string of {D} trits (+, -, 0)")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Vector<D>, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(TritText::<D>)
    }
}

/// A slice serialized as a sequence, without collecting it.
struct Items<'a, T>(&'a [T]);

impl<T: Serialize> Serialize for Items<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(item)?;
        }
        seq.end()
    }
}

/// Exactly `D` numbers into an array, without allocating.
struct Fixed<T, const D: usize>([T; D]);

impl<'de, T: Deserialize<'de> + Copy + Default, const D: usize> Deserialize<'de> for Fixed<T, D> {
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        struct Numbers<T, const D: usize>(PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Copy + Default, const D: usize> Visitor<'de> for Numbers<T, D> {
            type Value = Fixed<T, D>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a sequence of {D} numbers")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Fixed<T, D>, A::Error> {
                let mut out = [T::default(); D];
                for (i, slot) in out.iter_mut().enumerate() {
                    *slot = seq
                        .next_element()?
                        .ok_or_else(|| de::Error::invalid_length(i, &self))?;
                }
                if seq.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(D + 1, &self));
                }
                Ok(Fixed(out))
            }
        }
        deserializer.deserialize_seq(Numbers::<T, D>(PhantomData))
    }
}

/// Reads a struct's fields by name into `read`, rejecting unknown and
/// repeated ones; `fields` are the names the struct has.
fn visit_fields<'de, A, F>(
    mut map: A,
    fields: &'static [&'static str],
    mut read: F,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    F: FnMut(usize, &mut A) -> Result<(), A::Error>,
{
    let mut seen = 0u32;
    while let Some(key) = map.next_key::<FieldName>()? {
        let index = fields
            .iter()
            .position(|&f| f == key.as_str())
            .ok_or_else(|| de::Error::unknown_field(key.as_str(), fields))?;
        if seen & (1 << index) != 0 {
            return Err(de::Error::duplicate_field(
                fields.get(index).copied().unwrap_or(""),
            ));
        }
        seen |= 1 << index;
        read(index, &mut map)?;
    }
    match (0..fields.len()).find(|&i| seen & (1 << i) == 0) {
        Some(missing) => Err(de::Error::missing_field(
            fields.get(missing).copied().unwrap_or(""),
        )),
        None => Ok(()),
    }
}

/// A field name or an engram name, copied into a fixed buffer.
struct FieldName {
    bytes: [u8; NAME_CAPACITY],
    len: usize,
}

impl FieldName {
    fn as_str(&self) -> &str {
        self.bytes
            .get(..self.len)
            .and_then(|b| core::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

impl<'de> Deserialize<'de> for FieldName {
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = FieldName;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a string of at most {NAME_CAPACITY} bytes")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<FieldName, E> {
                let mut bytes = [0u8; NAME_CAPACITY];
                let src = text.as_bytes();
                if src.len() > NAME_CAPACITY {
                    return Err(E::invalid_length(src.len(), &self));
                }
                for (dst, &b) in bytes.iter_mut().zip(src) {
                    *dst = b;
                }
                Ok(FieldName {
                    bytes,
                    len: src.len(),
                })
            }
        }
        deserializer.deserialize_str(Name)
    }
}

impl<const D: usize> Serialize for Accumulator<D> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Accumulator", 2)?;
        s.serialize_field("sums", &Items(self.sums()))?;
        s.serialize_field("count", &self.count())?;
        s.end()
    }
}

impl<'de, const D: usize> Deserialize<'de> for Accumulator<D> {
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        const FIELDS: &[&str] = &["sums", "count"];
        struct Fields<const D: usize>;
        impl<'de, const D: usize> Visitor<'de> for Fields<D> {
            type Value = Accumulator<D>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an accumulator { sums, count }")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Accumulator<D>, A::Error> {
                let (mut sums, mut count) = ([0i32; D], 0u64);
                visit_fields(map, FIELDS, |field, map| {
                    match field {
                        0 => sums = map.next_value::<Fixed<i32, D>>()?.0,
                        _ => count = map.next_value()?,
                    }
                    Ok(())
                })?;
                Ok(Accumulator::from_sums(sums, count))
            }
        }
        deserializer.deserialize_struct("Accumulator", FIELDS, Fields::<D>)
    }
}

impl<const D: usize> Serialize for DecayingAccumulator<D> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("DecayingAccumulator", 2)?;
        s.serialize_field("sums", &Items(self.sums()))?;
        s.serialize_field("weight", &self.total_weight())?;
        s.end()
    }
}

impl<'de, const D: usize> Deserialize<'de> for DecayingAccumulator<D> {
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        const FIELDS: &[&str] = &["sums", "weight"];
        struct Fields<const D: usize>;
        impl<'de, const D: usize> Visitor<'de> for Fields<D> {
            type Value = DecayingAccumulator<D>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decaying accumulator { sums, weight }")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<DecayingAccumulator<D>, A::Error> {
                let (mut sums, mut weight) = ([0f32; D], 0f32);
                visit_fields(map, FIELDS, |field, map| {
                    match field {
                        0 => sums = map.next_value::<Fixed<f32, D>>()?.0,
                        _ => weight = map.next_value()?,
                    }
                    Ok(())
                })?;
                if !(weight.is_finite() && sums.iter().all(|s| s.is_finite())) {
                    return Err(de::Error::custom(
                        "accumulator sums and weight must be finite",
                    ));
                }
                Ok(DecayingAccumulator::from_sums(sums, weight))
            }
        }
        deserializer.deserialize_struct("DecayingAccumulator", FIELDS, Fields::<D>)
    }
}

const ENGRAM_FIELDS: &[&str] = &["name", "slot", "prototype", "threshold", "count"];

impl<const D: usize> Serialize for Engram<D> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Engram", ENGRAM_FIELDS.len())?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("slot", &self.slot())?;
        s.serialize_field("prototype", self.prototype())?;
        s.serialize_field("threshold", &self.threshold())?;
        s.serialize_field("count", &self.count())?;
        s.end()
    }
}

impl<'de, const D: usize> Deserialize<'de> for Engram<D> {
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        struct Fields<const D: usize>;
        impl<'de, const D: usize> Visitor<'de> for Fields<D> {
            type Value = Engram<D>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an engram { name, slot, prototype, threshold, count }")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Engram<D>, A::Error> {
                let mut name = FieldName {
                    bytes: [0; NAME_CAPACITY],
                    len: 0,
                };
                let (mut slot, mut threshold, mut count) = (0u32, 0f32, 0u32);
                let mut prototype = Vector::zero();
                visit_fields(map, ENGRAM_FIELDS, |field, map| {
                    match field {
                        0 => name = map.next_value()?,
                        1 => slot = map.next_value()?,
                        2 => prototype = map.next_value()?,
                        3 => threshold = map.next_value()?,
                        _ => count = map.next_value()?,
                    }
                    Ok(())
                })?;
                Engram::new(name.as_str(), slot, prototype, threshold, count)
                    .map_err(de::Error::custom)
            }
        }
        deserializer.deserialize_struct("Engram", ENGRAM_FIELDS, Fields::<D>)
    }
}

impl<const D: usize, const N: usize> Serialize for EngramBank<D, N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Items(self.as_slice()).serialize(serializer)
    }
}

impl<'de, const D: usize, const N: usize> Deserialize<'de> for EngramBank<D, N> {
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        struct Engrams<const D: usize, const N: usize>;
        impl<'de, const D: usize, const N: usize> Visitor<'de> for Engrams<D, N> {
            type Value = EngramBank<D, N>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a sequence of at most {N} engrams")
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<EngramBank<D, N>, A::Error> {
                let mut bank = EngramBank::new();
                while let Some(engram) = seq.next_element()? {
                    bank.push(engram).map_err(de::Error::custom)?;
                }
                Ok(bank)
            }
        }
        deserializer.deserialize_seq(Engrams::<D, N>)
    }
}

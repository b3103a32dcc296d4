//! `defmt::Format` for the public types whose text is written by hand (a
//! summary rather than every field: a 4096-trit prototype would flood a
//! probe's log). Types whose derived format is right derive it where they
//! are defined. Compiled with the `defmt` feature only.

use crate::accumulator::{Accumulator, DecayingAccumulator};
use crate::engram::{Engram, EngramBank, EngramFile, EngramRecord};
use crate::packed::PackedVector;
use crate::vector::Vector;

impl<const D: usize> defmt::Format for Vector<D> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "Vector<{=usize}>({=[?]})", D, &self.as_trits()[..]);
    }
}

impl<const D: usize> defmt::Format for Accumulator<D> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "Accumulator<{=usize}>(count={=u64})", D, self.count());
    }
}

impl<const D: usize> defmt::Format for DecayingAccumulator<D> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "DecayingAccumulator<{=usize}>(weight={=f32})",
            D,
            self.total_weight()
        );
    }
}

impl<const D: usize> defmt::Format for Engram<D> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Engram<{=usize}>(name={=str}, slot={=u32}, threshold={=f32}, count={=u32}, nnz={=usize})",
            D,
            self.name(),
            self.slot(),
            self.threshold(),
            self.count(),
            self.prototype().nnz()
        );
    }
}

impl<const D: usize, const N: usize> defmt::Format for EngramBank<D, N> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "EngramBank<{=usize}, {=usize}>(len={=usize})",
            D,
            N,
            self.len()
        );
    }
}

impl<const D: usize, T: AsRef<[u8]>> defmt::Format for EngramFile<D, T> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "EngramFile<{=usize}>(version={=u16}, engrams={=usize}, seed={=u64})",
            D,
            self.version(),
            self.len(),
            self.seed()
        );
    }
}

impl<const D: usize> defmt::Format for EngramRecord<'_, D> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "EngramRecord<{=usize}>(name={=str}, slot={=u32}, threshold={=f32}, count={=u32})",
            D,
            self.name(),
            self.slot(),
            self.threshold(),
            self.count()
        );
    }
}

impl<const D: usize, const W: usize> defmt::Format for PackedVector<D, W> {
    fn format(&self, f: defmt::Formatter<'_>) {
        let (nonzero, negative) = self.planes();
        defmt::write!(
            f,
            "PackedVector<{=usize}>(nonzero={=[?]}, negative={=[?]})",
            D,
            &nonzero[..],
            &negative[..]
        );
    }
}

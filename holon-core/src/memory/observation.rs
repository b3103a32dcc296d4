//! What a subspace accepts as one observation of `D` components.

use crate::vector::Vector;

/// One observation of `D` real components: a ternary [`Vector`] (each trit
/// as -1.0, 0.0 or +1.0, as holon-rs's `to_f64`) or a float array.
///
/// A slice of unknown length becomes an array with `<&[f64; D]>::try_from`,
/// so a length mismatch is the caller's `Result`, never a panic here.
pub trait Observation<const D: usize> {
    /// Component `index` (`index < D`) as `f64`.
    fn component(&self, index: usize) -> f64;

    /// Writes all `D` components into `out` (widened to `f64`, then
    /// narrowed to the subspace's float).
    fn write_into<F: crate::memory::Real>(&self, out: &mut [F; D]) {
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = F::from_f64(self.component(i));
        }
    }
}

impl<const D: usize> Observation<D> for Vector<D> {
    fn component(&self, index: usize) -> f64 {
        f64::from(self.as_trits().get(index).copied().unwrap_or(0))
    }

    fn write_into<F: crate::memory::Real>(&self, out: &mut [F; D]) {
        for (slot, &t) in out.iter_mut().zip(self.as_trits()) {
            *slot = F::from_f64(f64::from(t));
        }
    }
}

impl<const D: usize> Observation<D> for [f64; D] {
    fn component(&self, index: usize) -> f64 {
        self.get(index).copied().unwrap_or(0.0)
    }

    fn write_into<F: crate::memory::Real>(&self, out: &mut [F; D]) {
        for (slot, &x) in out.iter_mut().zip(self) {
            *slot = F::from_f64(x);
        }
    }
}

impl<const D: usize> Observation<D> for [f32; D] {
    fn component(&self, index: usize) -> f64 {
        f64::from(self.get(index).copied().unwrap_or(0.0))
    }

    fn write_into<F: crate::memory::Real>(&self, out: &mut [F; D]) {
        for (slot, &x) in out.iter_mut().zip(self) {
            *slot = F::from_f64(f64::from(x));
        }
    }
}

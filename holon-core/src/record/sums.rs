//! The running sums a bundle is built in: narrow `i8` lanes that vectorise,
//! widened to `i32` before they could overflow.

use super::kernels::Kernels;
use crate::error::Error;
use crate::kernel::trit_product;
use crate::vector::Vector;

/// Running sums of a bundle: recent terms in `i8` lanes (16 a vector
/// instruction), moved into `i32` sums every [`NARROW_TERMS`] terms, before
/// an `i8` could overflow. A typical document never needs the wide sums.
pub(super) struct Sums<const D: usize> {
    /// Terms added since the last clear.
    terms: u64,
    narrow: [i8; D],
    /// Terms held in `narrow`.
    narrow_terms: u8,
    /// True once `wide` holds terms (until then it is stale, not zero).
    widened: bool,
    wide: [i32; D],
}

impl<const D: usize> Sums<D> {
    pub(super) fn new() -> Self {
        Self {
            terms: 0,
            narrow: [0; D],
            narrow_terms: 0,
            widened: false,
            wide: [0; D],
        }
    }

    pub(super) fn clear(&mut self) {
        // Every term is counted before it touches a sum, so no terms means
        // all-zero narrow sums and stale wide ones already: an encoder that
        // is reset twice (after `finish`, before the next document) clears
        // `D` bytes once.
        if self.terms == 0 {
            return;
        }
        self.terms = 0;
        self.narrow = [0; D];
        self.narrow_terms = 0;
        self.widened = false;
    }

    /// Adds `v` as one more term.
    pub(super) fn add_one(&mut self, v: &Vector<D>) -> Result<(), Error> {
        self.count_term()?;
        for (n, &x) in self.narrow.iter_mut().zip(v.as_trits()) {
            *n = n.wrapping_add(x);
        }
        self.after_term();
        Ok(())
    }

    /// Adds the bound pair `a * b` as one more term, with `kernels`'s
    /// [`AddBound`](super::AddBound).
    pub(super) fn add_bound(
        &mut self,
        kernels: &Kernels<D>,
        a: &Vector<D>,
        b: &Vector<D>,
    ) -> Result<(), Error> {
        self.count_term()?;
        (kernels.add_bound)(&mut self.narrow, a.as_trits(), b.as_trits());
        self.after_term();
        Ok(())
    }

    /// Counts a term before it touches a sum (which `clear` relies on).
    ///
    /// A frame takes fewer than `i32::MAX` terms and each moves a sum by at
    /// most one, so no sum can overflow.
    fn count_term(&mut self) -> Result<(), Error> {
        if self.terms >= i32::MAX as u64 {
            return Err(Error::TooWide {
                limit: i32::MAX as u64,
            });
        }
        self.terms += 1;
        Ok(())
    }

    /// Widens the narrow sums before the next term could overflow them.
    fn after_term(&mut self) {
        self.narrow_terms += 1;
        if self.narrow_terms >= NARROW_TERMS {
            self.widen();
        }
    }

    /// Moves the narrow sums into the wide ones.
    pub(super) fn widen(&mut self) {
        if self.widened {
            for (s, &n) in self.wide.iter_mut().zip(&self.narrow) {
                *s = s.wrapping_add(i32::from(n));
            }
        } else {
            for (s, &n) in self.wide.iter_mut().zip(&self.narrow) {
                *s = i32::from(n);
            }
            self.widened = true;
        }
        self.narrow = [0; D];
        self.narrow_terms = 0;
    }

    /// The bundle: the sign of every sum, into `out` (narrow sums with
    /// `kernels`'s [`Threshold`](super::Threshold)).
    pub(super) fn threshold_into(&mut self, kernels: &Kernels<D>, out: &mut Vector<D>) {
        if self.widened {
            self.widen();
            crate::kernel::signs_into(&self.wide, out);
        } else {
            (kernels.threshold)(&self.narrow, out.trusted_trits_mut());
        }
    }
}

/// Terms a frame sums in `i8` lanes before widening: no `i8` overflows.
const NARROW_TERMS: u8 = 127;

/// Adds one n-gram term to `frame`: the sign of `sum_k role_k * item_k`.
pub(super) fn add_gram<const D: usize>(
    sums: &mut Sums<D>,
    slots: &[(&Vector<D>, &Vector<D>)],
) -> Result<(), Error> {
    let mut gram = [0i8; D];
    for (role, item) in slots {
        for ((g, &r), &x) in gram.iter_mut().zip(role.as_trits()).zip(item.as_trits()) {
            *g = g.wrapping_add(trit_product(r, x));
        }
    }
    for g in &mut gram {
        *g = g.signum();
    }
    sums.add_one(&Vector::from_trit_iter(gram))
}

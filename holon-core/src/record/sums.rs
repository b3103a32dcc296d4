//! The running sums a bundle is built in: narrow `i8` lanes that vectorise,
//! widened to `i32` before they could overflow.

use super::add_bound::{add_bound_portable, AddBound};
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
    /// Adds a bound pair to `narrow`.
    add_bound: AddBound<D>,
}

impl<const D: usize> Sums<D> {
    pub(super) fn new() -> Self {
        Self {
            terms: 0,
            narrow: [0; D],
            narrow_terms: 0,
            widened: false,
            wide: [0; D],
            add_bound: add_bound_portable,
        }
    }

    /// Adds bound pairs with `kernel` from now on.
    pub(super) fn set_add_bound(&mut self, kernel: AddBound<D>) {
        self.add_bound = kernel;
    }

    pub(super) fn clear(&mut self) {
        self.terms = 0;
        self.narrow = [0; D];
        self.narrow_terms = 0;
        self.widened = false;
    }

    /// Adds the trit-wise product of `factors` as one more term.
    ///
    /// A frame takes fewer than `i32::MAX` terms and each moves a sum by at
    /// most one, so no sum can overflow.
    pub(super) fn add_product(&mut self, factors: &[&Vector<D>]) -> Result<(), Error> {
        if self.terms >= i32::MAX as u64 {
            return Err(Error::TooWide {
                limit: i32::MAX as u64,
            });
        }
        self.terms += 1;
        let narrow = &mut self.narrow;
        match factors {
            [a] => {
                for (n, &x) in narrow.iter_mut().zip(a.as_trits()) {
                    *n = n.wrapping_add(x);
                }
            }
            [a, b] => (self.add_bound)(narrow, a.as_trits(), b.as_trits()),
            _ => {
                let mut product = [1i8; D];
                for factor in factors {
                    for (p, &t) in product.iter_mut().zip(factor.as_trits()) {
                        *p = trit_product(*p, t);
                    }
                }
                for (n, &x) in narrow.iter_mut().zip(&product) {
                    *n = n.wrapping_add(x);
                }
            }
        }
        self.narrow_terms += 1;
        if self.narrow_terms >= NARROW_TERMS {
            self.widen();
        }
        Ok(())
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

    /// The bundle: the sign of every sum, into `out`.
    pub(super) fn threshold_into(&mut self, out: &mut Vector<D>) {
        if self.widened {
            self.widen();
            crate::kernel::signs_into(&self.wide, out);
        } else {
            crate::kernel::signs_narrow_into(&self.narrow, out);
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
    sums.add_product(&[&Vector::from_trit_iter(gram)])
}

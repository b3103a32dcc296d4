//! The two steps the record encoder spends most of its time in, as
//! replaceable functions: adding one bound pair (a role times a filler) to
//! a bundle's narrow sums, and taking the signs of those sums. The core's
//! portable loops are the default; a std layer hands over SIMD ones
//! (`holon_std::simd::add_bound_at`, `holon_std::simd::threshold_at`) with
//! [`RecordEncoder::set_add_bound`](super::RecordEncoder::set_add_bound) and
//! [`RecordEncoder::set_threshold`](super::RecordEncoder::set_threshold).

use crate::kernel::trit_product;

/// Adds `a[i] * b[i]` to `sums[i]` for every `i`, wrapping (`i8`
/// arithmetic): the contract of a kernel the encoder may be given. `a` and
/// `b` are trits (`-1`, `0`, `1`); the encoder widens its sums before any
/// could overflow, so a correct kernel never sees a wrap.
///
/// ```
/// use holon_core::record::{add_bound_portable, AddBound};
///
/// let kernel: AddBound<4> = add_bound_portable;
/// let mut sums = [0i8, 1, -1, 5];
/// kernel(&mut sums, &[1, -1, 1, 0], &[1, 1, -1, -1]);
/// assert_eq!(sums, [1, 0, -2, 5]);
/// ```
pub type AddBound<const D: usize> = fn(sums: &mut [i8; D], a: &[i8; D], b: &[i8; D]);

/// The portable [`AddBound`]: a loop of narrow lanes that the compiler
/// vectorises for the target's baseline.
pub fn add_bound_portable<const D: usize>(sums: &mut [i8; D], a: &[i8; D], b: &[i8; D]) {
    for ((n, &x), &y) in sums.iter_mut().zip(a).zip(b) {
        *n = n.wrapping_add(trit_product(x, y));
    }
}

/// Writes the sign of every narrow sum into `out` (`-1`, `0` or `1`): the
/// contract of the threshold kernel the encoder may be given. `out` is the
/// document's vector, so a kernel that writes anything but trits breaks
/// only its own results (the core stays panic-free on any bytes).
///
/// ```
/// use holon_core::record::{threshold_portable, Threshold};
///
/// let kernel: Threshold<4> = threshold_portable;
/// let mut out = [9i8; 4];
/// kernel(&[-128, 0, 3, 127], &mut out);
/// assert_eq!(out, [-1, 0, 1, 1]);
/// ```
pub type Threshold<const D: usize> = fn(sums: &[i8; D], out: &mut [i8; D]);

/// The portable [`Threshold`].
pub fn threshold_portable<const D: usize>(sums: &[i8; D], out: &mut [i8; D]) {
    for (o, &s) in out.iter_mut().zip(sums) {
        *o = s.signum();
    }
}

/// The kernels one encoder uses, kept once (not per frame).
#[derive(Clone, Copy)]
pub(super) struct Kernels<const D: usize> {
    pub(super) add_bound: AddBound<D>,
    pub(super) threshold: Threshold<D>,
}

impl<const D: usize> Kernels<D> {
    pub(super) const PORTABLE: Self = Self {
        add_bound: add_bound_portable,
        threshold: threshold_portable,
    };
}

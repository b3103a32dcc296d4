//! The step the record encoder spends most of its time in, adding one bound
//! pair (a role times a filler) to a bundle's narrow sums, as a replaceable
//! function: the core's portable loop by default, a SIMD kernel where a std
//! layer has one (`holon_std::simd::add_bound`, handed over with
//! [`RecordEncoder::set_add_bound`](super::RecordEncoder::set_add_bound)).

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

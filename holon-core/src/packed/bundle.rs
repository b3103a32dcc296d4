//! Superposition of packed vectors with bit-sliced counters.
//!
//! For each word, the +1 and -1 votes of every input are counted in two
//! bit-sliced counters (plane `j` holds bit `j` of 32 lane counts), so one
//! input costs a few logic operations a word, not one a trit. The sign of
//! `positives - negatives` is then a bit-sliced comparison.

use core::borrow::Borrow;

use super::vector::PackedVector;

/// Counter planes: enough for any slice length.
const PLANES: usize = usize::BITS as usize;

/// Adds one to the lanes of `counter` set in `bits`; returns the number of
/// planes in use afterwards (at least `used`).
#[inline(always)]
fn increment(counter: &mut [u32; PLANES], bits: u32, used: usize) -> usize {
    let mut carry = bits;
    let mut top = used;
    for (plane, count) in counter.iter_mut().enumerate() {
        if carry == 0 {
            break;
        }
        let next = *count & carry;
        *count ^= carry;
        carry = next;
        top = top.max(plane + 1);
    }
    top
}

/// Superposition: the sign of the component-wise sum, a tie 0, an empty
/// input the zero vector. Equal to [`ops::bundle`](crate::ops::bundle) of
/// the unpacked vectors (which saturates its sums past `i32::MAX` inputs;
/// the counts here are exact for any slice).
///
/// ```
/// use holon_core::packed::{bundle, PackedVector};
/// use holon_core::Vector;
///
/// let p = |s: &str| PackedVector::<4, 1>::from_vector(&s.parse::<Vector<4>>().unwrap());
/// let (a, b, c) = (p("++-0"), p("+--+"), p("-+-+"));
/// assert_eq!(bundle(&[&a, &b, &c]).to_string(), "++-+");
/// assert_eq!(bundle(&[&a, &b]).to_string(), "+0-+");
/// assert!(bundle::<4, 1, PackedVector<4, 1>>(&[]).is_zero());
/// ```
pub fn bundle<const D: usize, const W: usize, V: Borrow<PackedVector<D, W>>>(
    inputs: &[V],
) -> PackedVector<D, W> {
    let mut out = PackedVector::zero();
    for (index, (z, n)) in out.words_mut().enumerate() {
        let mut positive = [0u32; PLANES];
        let mut negative = [0u32; PLANES];
        let mut used = 0;
        for input in inputs {
            let (nonzero, minus) = input.borrow().word(index);
            used = increment(&mut positive, nonzero & !minus, used);
            used = increment(&mut negative, minus, used);
        }
        // Compare the two counts from the most significant plane down.
        let (mut more, mut fewer, mut undecided) = (0u32, 0u32, u32::MAX);
        let planes = positive.get(..used).unwrap_or(&[]).iter();
        for (&p, &q) in planes.zip(negative.get(..used).unwrap_or(&[])).rev() {
            more |= undecided & p & !q;
            fewer |= undecided & q & !p;
            undecided &= !(p ^ q);
        }
        *z = more | fewer;
        *n = fewer;
    }
    out
}

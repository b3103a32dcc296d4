//! The packed vector type, its conversions and its element-wise algebra.

use core::fmt;

use super::count::{self, count_ones, dot_count};
use super::tail;
use crate::atom::AtomKey;
use crate::error::Error;
use crate::vector::{trit_char, Vector};

/// Trits per word of each plane.
const BITS: usize = 32;

/// The word count of a packed vector of dimension `d`: `ceil(d / 32)`.
///
/// ```
/// use holon_core::packed::words;
///
/// assert_eq!((words(1024), words(100), words(1), words(0)), (32, 4, 1, 0));
/// ```
pub const fn words(d: usize) -> usize {
    d.div_ceil(BITS)
}

/// A `D`-dimensional ternary vector in two bit-planes of `W` words each
/// (`W` must be [`words(D)`](words)): `8 * W` bytes, a quarter of a
/// [`Vector<D>`].
///
/// Component `i` is bit `i % 32` of word `i / 32`: set in the non-zero plane
/// for `±1`, and also in the negative plane for `-1`. Bits past `D - 1` are
/// always clear, and the negative plane is always within the non-zero one,
/// so two equal vectors have equal planes. A wrong `W` is a compile-time
/// error where the type is used.
///
/// ```
/// use holon_core::packed::{words, PackedVector};
/// use holon_core::Vector;
///
/// let v: Vector<5> = "+-0+-".parse().unwrap();
/// let p = PackedVector::<5, { words(5) }>::from_vector(&v);
/// assert_eq!(p.planes(), (&[0b11011], &[0b10010]));
/// assert_eq!((p.get(1), p.get(2), p.get(5)), (Some(-1), Some(0), None));
/// assert_eq!(p.to_vector(), v);
/// assert_eq!(p.to_string(), "+-0+-");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
// The negative plane right after the non-zero one: the Thumb-2 dot loop
// reads both at one pointer.
#[repr(C)]
pub struct PackedVector<const D: usize, const W: usize> {
    nonzero: [u32; W],
    negative: [u32; W],
}

/// Word `w` of four trits (little-endian bytes) reduced to one bit per
/// trit: bit `j` of the result is bit 0 of byte `j` of `lsbs`, which must
/// have no other bits set. The multiply moves byte `j`'s bit to bit
/// `28 + j` and nothing else there (every other product bit is below 24).
#[inline(always)]
fn gather4(lsbs: u32) -> u32 {
    lsbs.wrapping_mul(0x1020_4080) >> 28
}

/// The inverse of [`gather4`]: bits 0..4 of `bits` to bit 0 of bytes 0..4.
#[inline(always)]
fn spread4(bits: u32) -> u32 {
    (bits & 0xF).wrapping_mul(0x0020_4081) & 0x0101_0101
}

impl<const D: usize, const W: usize> PackedVector<D, W> {
    /// Evaluated by every constructor: `W` must be `words(D)`.
    const SHAPE: () = assert!(W == words(D), "PackedVector<D, W> needs W == words(D)");

    /// The dimension, `D`.
    pub const DIMENSIONS: usize = D;

    /// The all-zero vector.
    pub const fn zero() -> Self {
        let () = Self::SHAPE;
        Self {
            nonzero: [0; W],
            negative: [0; W],
        }
    }

    /// Bits of the last word that hold components (all of them when `D` is a
    /// multiple of 32).
    const LAST_WORD_MASK: u32 = if D.is_multiple_of(BITS) {
        u32::MAX
    } else {
        (1u32 << (D % BITS)) - 1
    };

    /// Packs `v`. Lossless: [`to_vector`](Self::to_vector) gives `v` back.
    pub fn from_vector(v: &Vector<D>) -> Self {
        let mut p = Self::zero();
        let (blocks, tail) = v.as_trits().as_chunks::<BITS>();
        for ((z, n), block) in p.nonzero.iter_mut().zip(p.negative.iter_mut()).zip(blocks) {
            let (mut zw, mut nw) = (0u32, 0u32);
            for (quad, four) in block.as_chunks::<4>().0.iter().enumerate() {
                // -1 is 0xFF, +1 is 0x01: bit 0 says non-zero, bit 7 negative.
                let w = u32::from_le_bytes(four.map(|t| t as u8));
                zw |= gather4(w & 0x0101_0101) << (4 * quad);
                nw |= gather4((w >> 7) & 0x0101_0101) << (4 * quad);
            }
            *z = zw;
            // Only a non-trit (a logic error) could set a negative bit alone.
            *n = nw & zw;
        }
        if let (Some(z), Some(n)) = (
            p.nonzero.get_mut(blocks.len()),
            p.negative.get_mut(blocks.len()),
        ) {
            for (bit, &t) in tail.iter().enumerate() {
                *z |= u32::from(t != 0) << bit;
                *n |= u32::from(t < 0) << bit;
            }
        }
        p
    }

    /// Builds a vector from its two planes, checking the invariants: no
    /// negative bit without its non-zero bit, no bit past component `D - 1`.
    ///
    /// Errors: [`Error::InvalidTrit`] with the index of the first offending
    /// bit (an index `>= D` for a bit past the end).
    ///
    /// ```
    /// use holon_core::{packed::PackedVector, Error};
    ///
    /// let p = PackedVector::<4, 1>::from_planes([0b0011], [0b0010]).unwrap();
    /// assert_eq!(p.to_string(), "+-00");
    /// assert_eq!(
    ///     PackedVector::<4, 1>::from_planes([0b0001], [0b0100]),
    ///     Err(Error::InvalidTrit { index: 2 })
    /// );
    /// assert_eq!(
    ///     PackedVector::<4, 1>::from_planes([0b10000], [0]),
    ///     Err(Error::InvalidTrit { index: 4 })
    /// );
    /// ```
    pub fn from_planes(nonzero: [u32; W], negative: [u32; W]) -> Result<Self, Error> {
        let mut p = Self::zero();
        for (index, (&z, &n)) in nonzero.iter().zip(&negative).enumerate() {
            let valid = if index + 1 == W {
                Self::LAST_WORD_MASK
            } else {
                u32::MAX
            };
            let bad = (n & !z) | ((z | n) & !valid);
            if bad != 0 {
                let index = index * BITS + bad.trailing_zeros() as usize;
                return Err(Error::InvalidTrit { index });
            }
        }
        p.nonzero = nonzero;
        p.negative = negative;
        Ok(p)
    }

    /// The non-zero plane and the negative plane.
    pub const fn planes(&self) -> (&[u32; W], &[u32; W]) {
        (&self.nonzero, &self.negative)
    }

    /// Unpacks into a [`Vector<D>`].
    pub fn to_vector(&self) -> Vector<D> {
        let mut v = Vector::zero();
        self.unpack_into(&mut v);
        v
    }

    /// Unpacks over `out` (any previous contents are replaced).
    pub fn unpack_into(&self, out: &mut Vector<D>) {
        let (blocks, tail) = out.trusted_trits_mut().as_chunks_mut::<BITS>();
        let last = blocks.len();
        for ((block, &z), &n) in blocks.iter_mut().zip(&self.nonzero).zip(&self.negative) {
            for (quad, four) in block.as_chunks_mut::<4>().0.iter_mut().enumerate() {
                let shift = 4 * quad;
                // Byte j is 0x01 for +1 and 0xFF for -1 (0xFE | 0x01).
                let word = spread4(z >> shift) | spread4(n >> shift).wrapping_mul(0xFE);
                *four = word.to_le_bytes().map(|b| b as i8);
            }
        }
        let (z, n) = (
            self.nonzero.get(last).copied().unwrap_or(0),
            self.negative.get(last).copied().unwrap_or(0),
        );
        for (bit, t) in tail.iter_mut().enumerate() {
            *t = ((z >> bit) & 1) as i8 - 2 * ((n >> bit) & 1) as i8;
        }
    }

    /// Component `index` (-1, 0 or +1), or `None` past the end.
    pub fn get(&self, index: usize) -> Option<i8> {
        if index >= D {
            return None;
        }
        let word = index / BITS;
        let bit = index % BITS;
        let z = (self.nonzero.get(word)? >> bit) & 1;
        let n = (self.negative.get(word)? >> bit) & 1;
        Some(z as i8 - 2 * n as i8)
    }

    /// Number of non-zero components; also the squared Euclidean norm.
    pub fn nnz(&self) -> usize {
        count_ones(&self.nonzero) as usize
    }

    /// True when every component is 0.
    pub fn is_zero(&self) -> bool {
        self.nonzero.iter().all(|&w| w == 0)
    }

    /// The atom of `key`, its stream written straight into the planes:
    /// equal to packing [`AtomKey::vector`].
    pub fn from_key(key: AtomKey) -> Self {
        let mut p = Self::zero();
        let mut stream = key.stream();
        for (index, (z, n)) in p.nonzero.iter_mut().zip(p.negative.iter_mut()).enumerate() {
            let len = D.saturating_sub(index * BITS).min(BITS);
            let (mut zw, mut nw) = (0u32, 0u32);
            for (bit, t) in (0..len).zip(&mut stream) {
                zw |= u32::from(t != 0) << bit;
                nw |= u32::from(t < 0) << bit;
            }
            *z = zw;
            *n = nw;
        }
        p
    }

    /// The first `E` components, as a packed vector of dimension `E` (`V`
    /// words): the same as truncating the unpacked vector. `E > D` is
    /// rejected at compile time.
    ///
    /// ```
    /// use holon_core::packed::{self, words, PackedVector};
    ///
    /// let server: PackedVector<4096, { words(4096) }> = packed::atom(0, "hello");
    /// let device: PackedVector<1000, { words(1000) }> = packed::atom(0, "hello");
    /// assert_eq!(server.truncate::<1000, { words(1000) }>(), device);
    /// ```
    pub fn truncate<const E: usize, const V: usize>(&self) -> PackedVector<E, V> {
        const {
            assert!(E <= D, "truncate::<E, V>() needs E <= D");
        }
        let mut out = PackedVector::<E, V>::zero();
        out.nonzero
            .iter_mut()
            .zip(&self.nonzero)
            .for_each(|(o, &s)| *o = s);
        out.negative
            .iter_mut()
            .zip(&self.negative)
            .for_each(|(o, &s)| *o = s);
        if let (Some(z), Some(n)) = (out.nonzero.last_mut(), out.negative.last_mut()) {
            *z &= PackedVector::<E, V>::LAST_WORD_MASK;
            *n &= PackedVector::<E, V>::LAST_WORD_MASK;
        }
        out
    }

    /// Exact `(dot, nnz(self), nnz(other))`.
    ///
    /// `dot` is the count of components where both are non-zero with the
    /// same sign, less the count of those with opposite signs.
    pub fn dot_and_norms(&self, other: &Self) -> (i64, u64, u64) {
        // Three streaming passes: each carry-save tree keeps its levels in
        // registers; the three trees of one pass would not fit. On Thumb-2
        // the three loops run in one piece of assembly.
        let planes = (
            &self.nonzero,
            &self.negative,
            &other.nonzero,
            &other.negative,
        );
        if let Some([count, a, b]) = count::dot_and_norms(planes.0, planes.1, planes.2, planes.3) {
            return (
                i64::from(count) - (BITS * W) as i64,
                u64::from(a),
                u64::from(b),
            );
        }
        (
            self.dot(other),
            count_ones(&self.nonzero),
            count_ones(&other.nonzero),
        )
    }

    /// Exact dot product, equal to [`Vector::dot`] of the unpacked vectors.
    pub fn dot(&self, other: &Self) -> i64 {
        // |same| - |opposite| = |same| + |!opposite| - 32 W, bit by bit
        // (`same_i + (1 - opposite_i) - 1`), so one count over two words a
        // word replaces two counts; padding bits cancel the same way.
        let count = dot_count(
            &self.nonzero,
            &self.negative,
            &other.nonzero,
            &other.negative,
        );
        count as i64 - (BITS * W) as i64
    }

    /// Cosine similarity in [-1, 1]; 0.0 when either side is zero. The same
    /// `f32` bits as [`Vector::cosine`] of the unpacked vectors: the same
    /// integers through the same formula.
    pub fn cosine(&self, other: &Self) -> f32 {
        let planes = (
            &self.nonzero,
            &self.negative,
            &other.nonzero,
            &other.negative,
        );
        if let Some([count, a, b]) = count::dot_and_norms(planes.0, planes.1, planes.2, planes.3) {
            // The single pass takes at most 124 words: counts below 2^12.
            return tail::exact(count as i32 - (BITS * W) as i32, a, b);
        }
        self.cosine_by_passes(other)
    }

    /// [`cosine`](Self::cosine) from [`dot_and_norms`](Self::dot_and_norms).
    /// Out of line on Thumb-2, where it is the rare path: the single pass
    /// then saves fewer registers.
    #[cfg_attr(holon_thumb2, inline(never))]
    fn cosine_by_passes(&self, other: &Self) -> f32 {
        let (dot, nnz_a, nnz_b) = self.dot_and_norms(other);
        tail::cosine(dot, nnz_a, nnz_b)
    }

    /// Writes the vector as `+`, `-`, `0` characters, without allocating.
    pub fn write_trits<Out: fmt::Write>(&self, out: &mut Out) -> fmt::Result {
        for i in 0..D {
            out.write_char(trit_char(self.get(i).unwrap_or(0)))?;
        }
        Ok(())
    }

    /// Both planes, word by word, for the operations that fill a vector.
    pub(super) fn words_mut(&mut self) -> impl Iterator<Item = (&mut u32, &mut u32)> {
        self.nonzero.iter_mut().zip(self.negative.iter_mut())
    }

    /// Word `index` of both planes (zeros past the end).
    #[inline(always)]
    pub(super) fn word(&self, index: usize) -> (u32, u32) {
        (
            self.nonzero.get(index).copied().unwrap_or(0),
            self.negative.get(index).copied().unwrap_or(0),
        )
    }
}

/// Association, `a_i * b_i`, on the planes: non-zero where both are,
/// negative where the signs differ. Equal to [`ops::bind`](crate::ops::bind)
/// of the unpacked vectors.
pub fn bind<const D: usize, const W: usize>(
    a: &PackedVector<D, W>,
    b: &PackedVector<D, W>,
) -> PackedVector<D, W> {
    let mut out = PackedVector::zero();
    bind_into(a, b, &mut out);
    out
}

/// [`bind`] written over `out`.
pub fn bind_into<const D: usize, const W: usize>(
    a: &PackedVector<D, W>,
    b: &PackedVector<D, W>,
    out: &mut PackedVector<D, W>,
) {
    let inputs = a
        .nonzero
        .iter()
        .zip(&a.negative)
        .zip(b.nonzero.iter().zip(&b.negative));
    for ((z, n), ((&za, &na), (&zb, &nb))) in out.words_mut().zip(inputs) {
        let both = za & zb;
        *z = both;
        *n = (na ^ nb) & both;
    }
}

/// The packed atom of `text` under `seed`: equal to packing
/// [`atom::atom`](crate::atom::atom).
pub fn atom<const D: usize, const W: usize>(seed: u64, text: &str) -> PackedVector<D, W> {
    PackedVector::from_key(AtomKey::new(seed, text))
}

/// The packed position atom `"__pos__{index}"` under `seed`.
pub fn position<const D: usize, const W: usize>(seed: u64, index: u64) -> PackedVector<D, W> {
    PackedVector::from_key(AtomKey::position(seed, index))
}

impl<const D: usize, const W: usize> Default for PackedVector<D, W> {
    fn default() -> Self {
        Self::zero()
    }
}

impl<const D: usize, const W: usize> From<&Vector<D>> for PackedVector<D, W> {
    fn from(v: &Vector<D>) -> Self {
        Self::from_vector(v)
    }
}

impl<const D: usize, const W: usize> From<&PackedVector<D, W>> for Vector<D> {
    fn from(p: &PackedVector<D, W>) -> Self {
        p.to_vector()
    }
}

impl<const D: usize, const W: usize> fmt::Display for PackedVector<D, W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_trits(f)
    }
}

impl<const D: usize, const W: usize> fmt::Debug for PackedVector<D, W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PackedVector<{D}>(")?;
        self.write_trits(f)?;
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gather_and_spread_are_inverse_on_four_bits() {
        for bits in 0u32..16 {
            let bytes = spread4(bits);
            assert_eq!(bytes & !0x0101_0101, 0);
            assert_eq!(gather4(bytes), bits);
        }
    }

    #[test]
    fn non_trits_keep_the_invariant() {
        let v = Vector::<37>::from_trusted_trits([
            -128, 2, 127, 0x7E, -2, 1, -1, 0, 5, -5, 3, 4, 64, -64, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 1, 1, -128, 2, 127, 0x7E, -2,
        ]);
        let p = PackedVector::<37, 2>::from_vector(&v);
        let (z, n) = p.planes();
        assert!(z.iter().zip(n).all(|(z, n)| n & !z == 0));
        assert!(PackedVector::<37, 2>::from_planes(*z, *n).is_ok());
    }
}

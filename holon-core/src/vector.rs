//! The ternary hypervector and the similarity measures between two of them.
//!
//! A [`Vector<D>`] holds `D` components, each -1, 0 or +1, inline in an
//! `[i8; D]`. The invariant (every component is a trit) is kept by every
//! checking constructor, so the operations never re-check it. Text form is
//! one character a component: `+`, `-`, `0`.
//!
//! Code that already knows its components are trits (a SIMD kernel's output,
//! a buffer it just filled) skips the check with
//! [`Vector::from_trusted_trits`] or writes in place through
//! [`Vector::trusted_trits_mut`]. Breaking the invariant that way is a
//! *logic error*, not undefined behaviour: see [Logic errors](Vector#logic-errors).

use core::fmt;

use crate::error::Error;

/// A `D`-dimensional ternary vector: every component is -1, 0 or +1.
///
/// `D` may be any value `>= 1`; memory is exactly `D` bytes, inline.
///
/// ```
/// use holon_core::Vector;
///
/// let v: Vector<4> = "+-0+".parse().unwrap();
/// assert_eq!(v.as_trits(), &[1, -1, 0, 1]);
/// assert_eq!(v.nnz(), 3);
/// assert_eq!(format!("{v}"), "+-0+");
/// ```
///
/// # Logic errors
///
/// It is a logic error for a component to be anything but -1, 0 or +1. The
/// checking constructors make that impossible; only
/// [`from_trusted_trits`](Self::from_trusted_trits) and
/// [`trusted_trits_mut`](Self::trusted_trits_mut) can break the invariant,
/// and they trust their caller. As with a [`Hash`](core::hash::Hash) that
/// disagrees with [`Eq`] in a std `HashMap`, the behaviour that results is
/// not specified: similarities and operations may return any value, other
/// non-trits may appear in their results, and the answers may differ
/// between targets and kernels. It is never undefined behaviour (the
/// crate's only `unsafe` is the packed counting kernels' Arm assembly,
/// which reads bit planes whatever their contents), and no operation of `holon-core` panics because of it,
/// not even on an arithmetic overflow in a debug build: sums that a non-trit
/// could push past their range wrap or saturate.
///
/// # Layout
///
/// A `Vector<D>` is `repr(transparent)` over `[i8; D]`: its bytes are its
/// components, in order. Kernels outside this crate rely on it to write a
/// fresh vector in place.
#[derive(Clone, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Vector<const D: usize> {
    trits: [i8; D],
}

impl<const D: usize> Vector<D> {
    /// The dimension, `D`.
    pub const DIMENSIONS: usize = D;

    /// The all-zero vector: neutral for bundle, absorbing for bind.
    pub const fn zero() -> Self {
        Self { trits: [0; D] }
    }

    /// Builds a vector from a function of the component index. Each returned
    /// value is reduced to its sign, so any `i8` is accepted.
    pub fn from_fn(mut component: impl FnMut(usize) -> i8) -> Self {
        let mut trits = [0i8; D];
        for (i, t) in trits.iter_mut().enumerate() {
            *t = component(i).signum();
        }
        Self { trits }
    }

    /// Builds a vector from the first `D` values of an iterator of trits
    /// (reduced to their sign); missing values are 0.
    pub fn from_trit_iter(values: impl IntoIterator<Item = i8>) -> Self {
        let mut trits = [0i8; D];
        for (t, v) in trits.iter_mut().zip(values) {
            *t = v.signum();
        }
        Self { trits }
    }

    /// Builds a vector from exactly `D` components, each -1, 0 or +1.
    ///
    /// ```
    /// use holon_core::{Error, Vector};
    ///
    /// assert!(Vector::<3>::try_from_trits(&[1, 0, -1]).is_ok());
    /// assert_eq!(
    ///     Vector::<3>::try_from_trits(&[1, 0]),
    ///     Err(Error::LengthMismatch { expected: 3, found: 2 })
    /// );
    /// assert_eq!(
    ///     Vector::<2>::try_from_trits(&[1, 2]),
    ///     Err(Error::InvalidTrit { index: 1 })
    /// );
    /// ```
    pub fn try_from_trits(values: &[i8]) -> Result<Self, Error> {
        let Ok(values) = <&[i8; D]>::try_from(values) else {
            return Err(Error::LengthMismatch {
                expected: D,
                found: values.len(),
            });
        };
        // One branch-free pass that copies and ORs together "is not a trit"
        // (`v + 1` outside 0..=2, as unsigned), so it vectorises; the first
        // bad index is looked for only on the error path.
        let mut trits = [0i8; D];
        let mut invalid = false;
        for (t, &v) in trits.iter_mut().zip(values) {
            invalid |= (v as u8).wrapping_add(1) > 2;
            *t = v;
        }
        if invalid {
            let index = values
                .iter()
                .position(|v| !(-1..=1).contains(v))
                .unwrap_or(0);
            return Err(Error::InvalidTrit { index });
        }
        Ok(Self { trits })
    }

    /// Wraps `D` components the caller knows to be trits, without checking
    /// them: the zero-cost constructor for a buffer a kernel has just filled.
    ///
    /// Passing a value other than -1, 0 or +1 is a logic error: results of
    /// later operations are unspecified, but there is no undefined behaviour
    /// and no panic (see [Logic errors](Self#logic-errors)). Use
    /// [`try_from_trits`](Self::try_from_trits) or [`from_fn`](Self::from_fn)
    /// for components that are not known to be trits.
    ///
    /// ```
    /// use holon_core::{ops::bind, Vector};
    ///
    /// let mut buffer = [0i8; 4];
    /// for (o, x) in buffer.iter_mut().zip([1i8, -1, 0, 1]) {
    ///     *o = -x; // a negation keeps trits trits
    /// }
    /// let v = Vector::from_trusted_trits(buffer);
    /// assert_eq!(v.to_string(), "-+0-");
    ///
    /// // A broken promise is a logic error: the result is unspecified, but
    /// // every operation still returns.
    /// let odd = Vector::<4>::from_trusted_trits([5, -128, 127, 0]);
    /// let _ = (bind(&odd, &v), odd.cosine(&v), odd.dot(&odd));
    /// ```
    pub const fn from_trusted_trits(trits: [i8; D]) -> Self {
        Self { trits }
    }

    /// The components, writable in place by a caller that keeps every one
    /// of them a trit: a kernel can fill an existing vector without a
    /// temporary buffer.
    ///
    /// Writing a value other than -1, 0 or +1 is a logic error: results of
    /// later operations are unspecified, but there is no undefined behaviour
    /// and no panic (see [Logic errors](Self#logic-errors)).
    ///
    /// ```
    /// use holon_core::Vector;
    ///
    /// let mut v: Vector<4> = "+-0+".parse().unwrap();
    /// for t in v.trusted_trits_mut().iter_mut() {
    ///     *t = -*t;
    /// }
    /// assert_eq!(v.to_string(), "-+0-");
    /// ```
    pub fn trusted_trits_mut(&mut self) -> &mut [i8; D] {
        &mut self.trits
    }

    /// The components, each -1, 0 or +1 (unless a
    /// [logic error](Self#logic-errors) broke the invariant).
    pub const fn as_trits(&self) -> &[i8; D] {
        &self.trits
    }

    /// Consumes the vector, returning its components.
    pub const fn into_trits(self) -> [i8; D] {
        self.trits
    }

    /// Component `index`, or `None` past the end.
    pub fn get(&self, index: usize) -> Option<i8> {
        self.trits.get(index).copied()
    }

    /// Number of non-zero components; also the squared Euclidean norm.
    pub fn nnz(&self) -> usize {
        self.trits.iter().filter(|&&t| t != 0).count()
    }

    /// True when every component is 0.
    pub fn is_zero(&self) -> bool {
        self.trits.iter().all(|&t| t == 0)
    }

    /// The first `E` components, as a vector of dimension `E`.
    ///
    /// By the prefix property this is the same vector a device running at
    /// dimension `E` computes for the same input. `E > D` is rejected at
    /// compile time.
    ///
    /// ```
    /// use holon_core::{atom::atom, Vector};
    ///
    /// let server: Vector<4096> = atom(0, "hello");
    /// let device: Vector<1024> = atom(0, "hello");
    /// assert_eq!(server.truncate::<1024>(), device);
    /// ```
    pub fn truncate<const E: usize>(&self) -> Vector<E> {
        const {
            assert!(E <= D, "truncate::<E>() needs E <= D");
        }
        Vector::from_trit_iter(self.trits.iter().copied())
    }

    /// Exact dot product. Its magnitude is at most `D`.
    ///
    /// ```
    /// use holon_core::Vector;
    ///
    /// let a: Vector<3> = "++-".parse().unwrap();
    /// let b: Vector<3> = "+-0".parse().unwrap();
    /// assert_eq!(a.dot(&b), 0);
    /// assert_eq!(a.dot(&a), 3);
    /// ```
    pub fn dot(&self, other: &Self) -> i64 {
        crate::kernel::dot(&self.trits, &other.trits)
    }

    /// Cosine similarity in [-1, 1] as `f32`; 0.0 when either side is the
    /// zero vector (never NaN).
    ///
    /// Computed as `dot / (sqrt(nnz_a) * sqrt(nnz_b))` with `libm::sqrtf`,
    /// which is correctly rounded, so the result is the same bits on every
    /// target.
    ///
    /// ```
    /// use holon_core::Vector;
    ///
    /// let a: Vector<4> = "++--".parse().unwrap();
    /// let b: Vector<4> = "+++0".parse().unwrap();
    /// assert_eq!(a.cosine(&a), 1.0);
    /// assert_eq!(a.cosine(&Vector::zero()), 0.0);
    /// assert!((a.cosine(&b) - 1.0 / 12f32.sqrt()).abs() < 1e-6);
    /// ```
    pub fn cosine(&self, other: &Self) -> f32 {
        let (dot, nnz_a, nnz_b) = crate::kernel::dot_and_norms(&self.trits, &other.trits);
        cosine_from_counts(dot, nnz_a, nnz_b)
    }

    /// Number of components that differ.
    pub fn hamming(&self, other: &Self) -> usize {
        self.trits
            .iter()
            .zip(&other.trits)
            .filter(|(a, b)| a != b)
            .count()
    }

    /// Number of components where both vectors are non-zero and equal: the
    /// support on which they agree.
    pub fn agreement(&self, other: &Self) -> usize {
        self.trits
            .iter()
            .zip(&other.trits)
            .filter(|(&a, &b)| a == b && a != 0)
            .count()
    }

    /// Writes the vector as `+`, `-`, `0` characters, without allocating.
    pub fn write_trits<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        for &t in &self.trits {
            out.write_char(trit_char(t))?;
        }
        Ok(())
    }
}

/// [`Vector::cosine`]'s formula applied to exact integer parts: `dot /
/// (sqrt(nnz_a) * sqrt(nnz_b))` in `f32` with `libm::sqrtf`'s roots (taken
/// by the FPU on hard-float Arm: the same bits), 0.0 for a zero norm.
///
/// One formula for every cosine, here and in the std layer's kernels
/// (SIMD, packed, line rate), keeps results identical wherever a cosine is
/// computed.
///
/// ```
/// use holon_core::{atom::atom, vector::cosine_from_counts, Vector};
///
/// let a: Vector<256> = atom(0, "a");
/// let b: Vector<256> = atom(0, "b");
/// let parts = cosine_from_counts(a.dot(&b), a.nnz() as u64, b.nnz() as u64);
/// assert_eq!(parts.to_bits(), a.cosine(&b).to_bits());
/// assert_eq!(cosine_from_counts(5, 0, 9), 0.0);
/// ```
pub fn cosine_from_counts(dot: i64, nnz_a: u64, nnz_b: u64) -> f32 {
    cosine_from_roots(dot, norm_root(nnz_a), norm_root(nnz_b))
}

/// `sqrt(nnz)` as [`cosine_from_counts`] computes it: a caller that scores
/// many vectors against one keeps it instead of recomputing it.
pub(crate) fn norm_root(nnz: u64) -> f32 {
    // `libm::sqrtf`'s bits, from the FPU where there is one.
    crate::packed::sqrtf(nnz as f32)
}

/// [`cosine_from_counts`] from the two [`norm_root`]s, the same bits: a root
/// is 0.0 exactly when its count is 0 (and at least 1.0 otherwise).
pub(crate) fn cosine_from_roots(dot: i64, root_a: f32, root_b: f32) -> f32 {
    if root_a == 0.0 || root_b == 0.0 {
        return 0.0;
    }
    dot as f32 / (root_a * root_b)
}

/// The text character of a trit: `+`, `-` or `0`.
pub const fn trit_char(t: i8) -> char {
    match t {
        1 => '+',
        -1 => '-',
        _ => '0',
    }
}

/// The trit of a text character, or `None` for anything but `+`, `-`, `0`.
pub const fn trit_from_char(c: char) -> Option<i8> {
    match c {
        '+' => Some(1),
        '-' => Some(-1),
        '0' => Some(0),
        _ => None,
    }
}

impl<const D: usize> Default for Vector<D> {
    fn default() -> Self {
        Self::zero()
    }
}

impl<const D: usize> fmt::Display for Vector<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_trits(f)
    }
}

impl<const D: usize> fmt::Debug for Vector<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Vector<{D}>(")?;
        self.write_trits(f)?;
        f.write_str(")")
    }
}

impl<const D: usize> core::str::FromStr for Vector<D> {
    type Err = Error;

    /// Parses exactly `D` characters, each `+`, `-` or `0`.
    fn from_str(text: &str) -> Result<Self, Error> {
        let found = text.chars().count();
        if found != D {
            return Err(Error::LengthMismatch { expected: D, found });
        }
        let mut trits = [0i8; D];
        for (i, (t, c)) in trits.iter_mut().zip(text.chars()).enumerate() {
            *t = trit_from_char(c).ok_or(Error::InvalidTrit { index: i })?;
        }
        Ok(Self { trits })
    }
}

impl<const D: usize> AsRef<[i8]> for Vector<D> {
    fn as_ref(&self) -> &[i8] {
        &self.trits
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_rejects_wrong_length_and_characters() {
        assert_eq!(
            "+-".parse::<Vector<3>>(),
            Err(Error::LengthMismatch {
                expected: 3,
                found: 2
            })
        );
        assert_eq!(
            "+x-".parse::<Vector<3>>(),
            Err(Error::InvalidTrit { index: 1 })
        );
    }

    #[test]
    fn similarity_measures_agree_on_a_small_example() {
        let a: Vector<6> = "++--00".parse().unwrap();
        let b: Vector<6> = "+-0-0+".parse().unwrap();
        // Components 0, 1, 3 contribute +1, -1, +1.
        assert_eq!(a.dot(&b), 1);
        assert_eq!(a.hamming(&b), 3);
        assert_eq!(a.agreement(&b), 2);
        let expected = 1.0 / (4f32.sqrt() * 4f32.sqrt());
        assert_eq!(a.cosine(&b), expected);
    }

    #[test]
    fn try_from_trits_reports_the_first_bad_index() {
        let mut values = [1i8; 4096];
        assert!(Vector::<4096>::try_from_trits(&values).is_ok());
        for (at, bad) in [(4095, 2), (4000, i8::MIN), (17, i8::MAX), (0, -2)] {
            values[at] = bad;
            assert_eq!(
                Vector::<4096>::try_from_trits(&values),
                Err(Error::InvalidTrit { index: at })
            );
        }
        for v in i8::MIN..=i8::MAX {
            let ok = Vector::<1>::try_from_trits(&[v]).is_ok();
            assert_eq!(ok, (-1..=1).contains(&v), "{v}");
        }
    }

    #[test]
    fn trusted_trits_are_kept_as_given() {
        let mut v = Vector::<3>::from_trusted_trits([1, 0, -1]);
        assert_eq!(v, "+0-".parse().unwrap());
        v.trusted_trits_mut()[1] = -1;
        assert_eq!(v, "+--".parse().unwrap());
    }

    #[test]
    fn from_fn_reduces_to_sign() {
        let v: Vector<4> = Vector::from_fn(|i| [5, -7, 0, 1][i]);
        assert_eq!(v.as_trits(), &[1, -1, 0, 1]);
    }

    #[test]
    fn dimension_one_works() {
        let v: Vector<1> = "-".parse().unwrap();
        assert_eq!(v.cosine(&v), 1.0);
        assert_eq!(v.truncate::<1>(), v);
    }
}

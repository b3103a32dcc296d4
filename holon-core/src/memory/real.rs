//! The float type a subspace computes in.
//!
//! `f64` is the default: holon-rs computes in `f64`, and its golden trace
//! agrees with holon's to 1e-6 relative only at that precision. `f32` halves
//! the memory (`OnlineSubspace<256, 10, f32>` is 11 KiB, which fits the
//! 16 KiB of a Cortex-M0) and agrees to about 1e-3.

use core::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Sub, SubAssign};

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// A float a subspace can compute in: `f32` or `f64` (sealed).
///
/// Square roots go through `libm`, so results are the same bits on every
/// target.
pub trait Real:
    sealed::Sealed
    + Copy
    + PartialOrd
    + Default
    + core::fmt::Debug
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
{
    /// Zero.
    const ZERO: Self;
    /// One.
    const ONE: Self;
    /// Positive infinity.
    const INFINITY: Self;
    /// Bytes of one value in the engram format.
    const BYTES: usize;
    /// Norms below this count as a zero component: holon-rs's `1e-10` in
    /// `f64`; `1e-5` in `f32`, whose rounding noise after deflating an
    /// input by a parallel component (about `6e-8 · |x|`) would otherwise
    /// seed a spurious component.
    const NEGLIGIBLE: Self;
    /// The nearest value to `value` (exact for `f64`).
    fn from_f64(value: f64) -> Self;
    /// The value widened to `f64` (exact).
    fn to_f64(self) -> f64;
    /// The square root, through `libm`.
    fn sqrt(self) -> Self;
    /// True when neither NaN nor infinite.
    fn is_finite(self) -> bool;
}

impl Real for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const INFINITY: Self = f64::INFINITY;
    const BYTES: usize = 8;
    const NEGLIGIBLE: Self = 1e-10;
    fn from_f64(value: f64) -> Self {
        value
    }
    fn to_f64(self) -> f64 {
        self
    }
    fn sqrt(self) -> Self {
        libm::sqrt(self)
    }
    fn is_finite(self) -> bool {
        f64::is_finite(self)
    }
}

impl Real for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const INFINITY: Self = f32::INFINITY;
    const BYTES: usize = 4;
    const NEGLIGIBLE: Self = 1e-5;
    fn from_f64(value: f64) -> Self {
        value as f32
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    fn sqrt(self) -> Self {
        libm::sqrtf(self)
    }
    fn is_finite(self) -> bool {
        f32::is_finite(self)
    }
}

/// The dot product of two equal-length slices, in eight interleaved partial
/// sums (the order ndarray uses, and one the compiler vectorises), combined
/// in a fixed order so every target gets the same bits.
pub(crate) fn dot<F: Real>(a: &[F], b: &[F]) -> F {
    let mut lanes = [F::ZERO; 8];
    let mut a_chunks = a.chunks_exact(8);
    let mut b_chunks = b.chunks_exact(8);
    for (ca, cb) in a_chunks.by_ref().zip(b_chunks.by_ref()) {
        for ((lane, &x), &y) in lanes.iter_mut().zip(ca).zip(cb) {
            *lane += x * y;
        }
    }
    let [p0, p1, p2, p3, p4, p5, p6, p7] = lanes;
    let mut sum = F::ZERO;
    sum += p0 + p4;
    sum += p1 + p5;
    sum += p2 + p6;
    sum += p3 + p7;
    for (&x, &y) in a_chunks.remainder().iter().zip(b_chunks.remainder()) {
        sum += x * y;
    }
    sum
}

/// The Euclidean norm of a slice.
pub(crate) fn norm<F: Real>(a: &[F]) -> F {
    dot(a, a).sqrt()
}

/// `a += scale * b`, component-wise.
pub(crate) fn add_scaled<F: Real>(a: &mut [F], scale: F, b: &[F]) {
    for (x, &y) in a.iter_mut().zip(b) {
        *x += scale * y;
    }
}

/// The larger of two values; `a` when they are unordered.
pub(crate) fn max<F: Real>(a: F, b: F) -> F {
    if b > a {
        b
    } else {
        a
    }
}

//! Runtime-dispatched SIMD kernels for x86-64 and AArch64: the same results
//! as `holon-core`, bit for bit, in less time.
//!
//! `holon-core` is portable, `no_std` code (its only `unsafe` is the packed
//! kernels' Arm assembly, for microcontrollers); its loops are
//! written to auto-vectorise for the baseline of each target (SSE2 on
//! x86-64, NEON on AArch64). A server usually has more: this module detects
//! AVX2 and AVX-512 once, at run time, and uses them where they are
//! measurably faster; on AArch64 it uses hand-written NEON kernels. On any
//! other CPU (or architecture) every function here *is* the core's function.
//!
//! This file is the one dispatch: each function matches on the level and
//! calls the kernel of that instruction set, each in its own sibling module
//! (`x86/`: AVX2, AVX-512; `aarch64/`: NEON), or at [`Level::Scalar`] the
//! `holon-core` function that is its reference:
//!
//! | here | reference at [`Level::Scalar`] |
//! |---|---|
//! | [`dot`], [`dot_and_norms`] | [`Vector::dot`], [`Vector::nnz`] |
//! | [`cosine`], [`cosine_batch`] | [`Vector::cosine`] |
//! | [`weighted_cosine`], [`weighted_euclidean_distance`], [`weighted_euclidean`] | [`holon_core::metric::weighted_cosine`], [`holon_core::metric::weighted_euclidean_distance`], [`holon_core::metric::weighted_euclidean`] (AVX2, AVX-512; the core elsewhere) |
//! | [`bind`], [`bind_into`], [`bind_trits`] | [`holon_core::ops::bind`], [`holon_core::ops::bind_into`] |
//! | [`bundle`], [`bundle_into`], [`bundle_trits`] | [`holon_core::ops::bundle`] |
//! | [`accumulate_bind`], [`sign_vector`] | the bundle of bound pairs (as [`holon_core::ops::bundle`]) |
//! | [`atom`], [`key_vector`], [`key_trits`] | [`holon_core::atom::atom`], [`AtomKey::vector`], [`AtomKey::stream`] |
//! | [`packed::pack`], [`packed::bundle_packed`] | the portable code in [`packed`], itself [`bundle_trits`] of the unpacked vectors |
//!
//! Every result is exactly the core's: integer kernels are exact, the
//! weighted metrics compute the core's `f64` terms in the core's 32-lane
//! summation order (four banks of eight lanes, each one `zmm` or two `ymm`
//! registers) and apply its formula ([`weighted_cosine_from_sums`]), and
//! [`cosine`] applies the core's formula ([`cosine_from_counts`]: `dot as
//! f32 / (sqrtf(nnz_a as f32) * sqrtf(nnz_b as f32))` with `libm`, 0.0 for
//! a zero norm) to the same integers. Atoms ([`atom`], [`key_vector`]) reproduce the ChaCha8 keystream
//! of `rand_chacha` 0.3.1 seeded by `rand_core` 0.6's `seed_from_u64`, eight
//! or sixteen blocks at a time.
//!
//! | level | needs | used for |
//! |---|---|---|
//! | [`Level::Scalar`] | nothing | the `holon-core` functions themselves |
//! | [`Level::Avx2`] | AVX2 | everything |
//! | [`Level::Avx512`] | AVX-512 F, BW, VL, VNNI, VBMI | dot, cosine, batch cosine, bundle, atoms, weighted metrics (bind stays AVX2: it was not faster) |
//! | [`Level::Neon`] | AArch64 (NEON is baseline) | everything but the weighted metrics (the core's) |
//!
//! The `*_at` functions take a level explicitly (tests and benchmarks compare
//! them); a level the CPU lacks falls back to the best one it has of the
//! same architecture, and a level of another architecture to
//! [`Level::Scalar`].
//!
//! ```
//! use holon_core::{atom::atom, ops, Vector};
//! use holon_std::simd;
//!
//! let a: Vector<4096> = simd::atom(0, "dst_port");
//! let b: Vector<4096> = atom(0, "443");
//! assert_eq!(a, atom(0, "dst_port"));
//! assert_eq!(simd::bind(&a, &b), ops::bind(&a, &b));
//! assert_eq!(simd::cosine(&a, &b), a.cosine(&b));
//! assert_eq!(simd::bundle(&[&a, &b]), ops::bundle(&[&a, &b]));
//! ```

use std::borrow::Borrow;

use holon_core::atom::Codebook;
#[cfg(doc)]
use holon_core::metric::weighted_cosine_from_sums;
use holon_core::vector::cosine_from_counts;
use holon_core::{AtomKey, Vector};

#[cfg(all(feature = "simd", target_arch = "aarch64"))]
mod aarch64;
mod chacha;
mod level;
pub mod packed;
#[cfg(all(feature = "simd", target_arch = "x86_64"))]
mod x86;

pub use chacha::key_words;
pub use level::{level, Level};

/// Number of non-zero components (scalar; used for the SIMD kernels' short
/// tails).
#[cfg(all(feature = "simd", any(target_arch = "x86_64", target_arch = "aarch64")))]
fn nnz_scalar(a: &[i8]) -> u64 {
    a.iter().filter(|&&t| t != 0).count() as u64
}

/// Exact dot product (as [`Vector::dot`]).
pub fn dot<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> i64 {
    dot_at(level(), a, b)
}

/// [`dot`] at a given level.
pub fn dot_at<const D: usize>(level: Level, a: &Vector<D>, b: &Vector<D>) -> i64 {
    match level.effective() {
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        // SAFETY: `effective` only returns a level whose CPU features
        // `is_x86_feature_detected!` confirmed; the slices have equal length D.
        Level::Avx2 => unsafe { x86::avx2::dot(a.as_trits(), b.as_trits()) },
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        // SAFETY: as above, for AVX-512 F/BW/VL/VNNI/VBMI.
        Level::Avx512 => unsafe { x86::avx512::dot(a.as_trits(), b.as_trits()) },
        #[cfg(all(feature = "simd", target_arch = "aarch64"))]
        // SAFETY: NEON is part of the AArch64 baseline: every aarch64 target
        // enables it.
        Level::Neon => unsafe { aarch64::neon::dot(a.as_trits(), b.as_trits()) },
        // Scalar, and the levels of other architectures (which `effective`
        // never returns here).
        _ => a.dot(b),
    }
}

/// `(dot, nnz(a), nnz(b))`, exact.
pub fn dot_and_norms<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> (i64, u64, u64) {
    dot_and_norms_at(level(), a, b)
}

/// [`dot_and_norms`] at a given level.
pub fn dot_and_norms_at<const D: usize>(
    level: Level,
    a: &Vector<D>,
    b: &Vector<D>,
) -> (i64, u64, u64) {
    match level.effective() {
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        // SAFETY: the level's features were detected at run time.
        Level::Avx2 => unsafe { x86::avx2::dot_and_norms(a.as_trits(), b.as_trits()) },
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        // SAFETY: the level's features were detected at run time.
        Level::Avx512 => unsafe { x86::avx512::dot_and_norms(a.as_trits(), b.as_trits()) },
        #[cfg(all(feature = "simd", target_arch = "aarch64"))]
        // SAFETY: NEON is part of the AArch64 baseline: every aarch64 target
        // enables it.
        Level::Neon => unsafe { aarch64::neon::dot_and_norms(a.as_trits(), b.as_trits()) },
        // Scalar (and other architectures' levels, never effective here).
        _ => (a.dot(b), a.nnz() as u64, b.nnz() as u64),
    }
}

/// Cosine similarity, bit-identical to [`Vector::cosine`].
pub fn cosine<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> f32 {
    cosine_at(level(), a, b)
}

/// [`cosine`] at a given level.
pub fn cosine_at<const D: usize>(level: Level, a: &Vector<D>, b: &Vector<D>) -> f32 {
    match level.effective() {
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        // SAFETY: the level's features were detected at run time; both
        // slices have length D, below 2^31 (the guard; D is a constant).
        Level::Avx512 if D <= i32::MAX as usize => unsafe {
            x86::avx512::cosine(a.as_trits(), b.as_trits())
        },
        Level::Scalar => a.cosine(b),
        _ => {
            let (dot, nnz_a, nnz_b) = dot_and_norms_at(level, a, b);
            cosine_from_counts(dot, nnz_a, nnz_b)
        }
    }
}

/// [`holon_core::metric::weighted_cosine`], bit for bit: the same terms in
/// the core's 32-lane order, as four `zmm` registers of `f64` lanes
/// (AVX-512) or one bank of two `ymm` registers at a time (AVX2). Weights that make a sum infinite or NaN are
/// left to the core (its result is then 0.0 or its own).
///
/// ```
/// use holon_core::{atom::atom, metric, Vector};
/// use holon_std::simd;
///
/// let a: Vector<1000> = atom(0, "a");
/// let b: Vector<1000> = atom(0, "b");
/// let w: [f64; 1000] = core::array::from_fn(|i| (i % 7) as f64 / 3.0);
/// let c = simd::weighted_cosine(&a, &b, &w);
/// assert_eq!(c.to_bits(), metric::weighted_cosine(&a, &b, &w).to_bits());
/// ```
pub fn weighted_cosine<const D: usize>(a: &Vector<D>, b: &Vector<D>, weights: &[f64; D]) -> f64 {
    weighted_cosine_at(level(), a, b, weights)
}

/// [`weighted_cosine`] at a given level.
pub fn weighted_cosine_at<const D: usize>(
    level: Level,
    a: &Vector<D>,
    b: &Vector<D>,
    weights: &[f64; D],
) -> f64 {
    #[cfg(all(feature = "simd", target_arch = "x86_64"))]
    use holon_core::metric::weighted_cosine_from_sums as from_sums;
    #[cfg(all(feature = "simd", target_arch = "x86_64"))]
    {
        let sums = match level.effective() {
            // SAFETY: the level's features were detected at run time.
            Level::Avx2 => {
                Some(unsafe { x86::weighted::cosine_sums_256(a.as_trits(), b.as_trits(), weights) })
            }
            // SAFETY: the level's features (AVX-512 F, BW and VBMI among
            // them) were detected at run time.
            Level::Avx512 => {
                Some(unsafe { x86::weighted::cosine_sums_512(a.as_trits(), b.as_trits(), weights) })
            }
            _ => None,
        };
        // Sums that are not finite come from hostile weights: the kernels
        // agree with the core only on finite ones, so the core decides.
        if let Some([dot, na, nb]) = sums.filter(|s| s.iter().all(|x| x.is_finite())) {
            return from_sums(dot, na, nb);
        }
    }
    let _ = level;
    // Scalar, NEON (no kernel yet) and other architectures: the core.
    holon_core::metric::weighted_cosine(a, b, weights)
}

/// [`holon_core::metric::weighted_euclidean_distance`], bit for bit (the
/// core's 32-lane order, as [`weighted_cosine`]).
pub fn weighted_euclidean_distance<const D: usize>(
    a: &Vector<D>,
    b: &Vector<D>,
    weights: &[f64; D],
) -> f64 {
    weighted_euclidean_distance_at(level(), a, b, weights)
}

/// [`weighted_euclidean_distance`] at a given level.
pub fn weighted_euclidean_distance_at<const D: usize>(
    level: Level,
    a: &Vector<D>,
    b: &Vector<D>,
    weights: &[f64; D],
) -> f64 {
    #[cfg(all(feature = "simd", target_arch = "x86_64"))]
    match level.effective() {
        // SAFETY: the level's features were detected at run time.
        Level::Avx2 => {
            return libm::sqrt(unsafe {
                x86::weighted::euclidean_sum_256(a.as_trits(), b.as_trits(), weights)
            })
        }
        // SAFETY: the level's features (AVX-512 F among them) were detected
        // at run time.
        Level::Avx512 => {
            return libm::sqrt(unsafe {
                x86::weighted::euclidean_sum_512(a.as_trits(), b.as_trits(), weights)
            })
        }
        _ => {}
    }
    let _ = level;
    holon_core::metric::weighted_euclidean_distance(a, b, weights)
}

/// [`holon_core::metric::weighted_euclidean`], bit for bit: `1 / (1 +
/// weighted_euclidean_distance)`.
pub fn weighted_euclidean<const D: usize>(a: &Vector<D>, b: &Vector<D>, weights: &[f64; D]) -> f64 {
    weighted_euclidean_at(level(), a, b, weights)
}

/// [`weighted_euclidean`] at a given level.
pub fn weighted_euclidean_at<const D: usize>(
    level: Level,
    a: &Vector<D>,
    b: &Vector<D>,
    weights: &[f64; D],
) -> f64 {
    1.0 / (1.0 + weighted_euclidean_distance_at(level, a, b, weights))
}

/// The cosine of `query` with each of `targets`, written to `out` (which
/// must be at least as long as `targets`; extra entries are left alone).
/// The query's norm is computed once. Each result equals
/// `query.cosine(target)` bit for bit.
///
/// # Panics
///
/// If `out` is shorter than `targets`.
pub fn cosine_batch<const D: usize, V: Borrow<Vector<D>>>(
    query: &Vector<D>,
    targets: &[V],
    out: &mut [f32],
) {
    cosine_batch_at(level(), query, targets, out)
}

/// [`cosine_batch`] at a given level.
///
/// # Panics
///
/// If `out` is shorter than `targets`.
pub fn cosine_batch_at<const D: usize, V: Borrow<Vector<D>>>(
    level: Level,
    query: &Vector<D>,
    targets: &[V],
    out: &mut [f32],
) {
    assert!(out.len() >= targets.len(), "cosine_batch: `out` too short");
    match level.effective() {
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        Level::Avx2 => {
            let q = query.as_trits();
            // SAFETY: the level's features were detected at run time.
            let nnz_q = unsafe { x86::avx2::nnz(q) };
            for (o, t) in out.iter_mut().zip(targets) {
                // SAFETY: as above; both slices have length D.
                let (dot, nnz_t) = unsafe { x86::avx2::dot_and_nnz_b(q, t.borrow().as_trits()) };
                *o = cosine_from_counts(dot, nnz_q, nnz_t);
            }
        }
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        Level::Avx512 => {
            let q = query.as_trits();
            // SAFETY: the level's features were detected at run time.
            let nnz_q = unsafe { x86::avx512::nnz(q) };
            for (o, t) in out.iter_mut().zip(targets) {
                // SAFETY: as above; both slices have length D.
                let (dot, nnz_t) = unsafe { x86::avx512::dot_and_nnz_b(q, t.borrow().as_trits()) };
                *o = cosine_from_counts(dot, nnz_q, nnz_t);
            }
        }
        #[cfg(all(feature = "simd", target_arch = "aarch64"))]
        Level::Neon => {
            let q = query.as_trits();
            // SAFETY: NEON is part of the AArch64 baseline.
            let nnz_q = unsafe { aarch64::neon::nnz(q) };
            for (o, t) in out.iter_mut().zip(targets) {
                // SAFETY: as above; both slices have length D.
                let (dot, nnz_t) =
                    unsafe { aarch64::neon::dot_and_nnz_b(q, t.borrow().as_trits()) };
                *o = cosine_from_counts(dot, nnz_q, nnz_t);
            }
        }
        // Scalar (and other architectures' levels, never effective here).
        _ => {
            for (o, t) in out.iter_mut().zip(targets) {
                *o = query.cosine(t.borrow());
            }
        }
    }
}

/// `out[i] = a[i] * b[i]` over trit arrays: the kernel of [`bind`] without
/// building a vector. Every input must be a trit (as in a [`Vector`]).
pub fn bind_trits<const D: usize>(level: Level, a: &[i8; D], b: &[i8; D], out: &mut [i8; D]) {
    match level.effective() {
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        // SAFETY: the level's features were detected at run time (AVX-512
        // detection also required AVX2); all three arrays have length D.
        // Both SIMD levels use the AVX2 `vpsignb` kernel: the AVX-512 one
        // (`bind_trits_avx512_masked`) measured slower.
        Level::Avx2 | Level::Avx512 => unsafe { x86::avx2::bind(a, b, out) },
        #[cfg(all(feature = "simd", target_arch = "aarch64"))]
        // SAFETY: NEON is part of the AArch64 baseline: every aarch64 target
        // enables it.
        Level::Neon => unsafe { aarch64::neon::bind(a, b, out) },
        _ => {
            for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
                *o = x.wrapping_mul(y);
            }
        }
    }
}

/// The AVX-512 bind kernel (masked subtract: AVX-512 has no byte `sign`),
/// kept so the benchmarks can show why [`bind_trits`] uses AVX2 at every
/// SIMD level. Falls back to [`bind_trits`] without AVX-512.
#[doc(hidden)]
pub fn bind_trits_avx512_masked<const D: usize>(a: &[i8; D], b: &[i8; D], out: &mut [i8; D]) {
    #[cfg(all(feature = "simd", target_arch = "x86_64"))]
    if Level::Avx512.is_available() {
        // SAFETY: AVX-512 F/BW were detected at run time; the arrays have
        // length D.
        unsafe { x86::avx512::bind(a, b, out) };
        return;
    }
    bind_trits(level(), a, b, out)
}

/// Association, equal to [`holon_core::ops::bind`].
pub fn bind<const D: usize>(a: &Vector<D>, b: &Vector<D>) -> Vector<D> {
    bind_at(level(), a, b)
}

/// [`bind`] at a given level.
pub fn bind_at<const D: usize>(level: Level, a: &Vector<D>, b: &Vector<D>) -> Vector<D> {
    #[cfg(all(feature = "simd", target_arch = "x86_64"))]
    if matches!(level.effective(), Level::Avx2 | Level::Avx512) {
        // Written in place, not zeroed first: zeroing 4 KiB cost a third of
        // a bind at D = 4096.
        let mut out = core::mem::MaybeUninit::<Vector<D>>::uninit();
        // SAFETY: `Vector<D>` is `repr(transparent)` over `[i8; D]`, so its
        // bytes are D `i8`s; AVX2 was detected at run time (the AVX-512
        // level requires it too); the kernel writes every one of the D
        // bytes, with products of trits, so the vector is initialised and
        // keeps its invariant.
        unsafe {
            let trits = &mut *out.as_mut_ptr().cast::<[core::mem::MaybeUninit<i8>; D]>();
            x86::avx2::bind_uninit(a.as_trits(), b.as_trits(), trits);
            return out.assume_init();
        }
    }
    let mut out = Vector::zero();
    bind_into_at(level, a, b, &mut out);
    out
}

/// [`bind`] written over `out`, equal to [`holon_core::ops::bind_into`].
pub fn bind_into<const D: usize>(a: &Vector<D>, b: &Vector<D>, out: &mut Vector<D>) {
    bind_into_at(level(), a, b, out)
}

/// [`bind_into`] at a given level.
pub fn bind_into_at<const D: usize>(
    level: Level,
    a: &Vector<D>,
    b: &Vector<D>,
    out: &mut Vector<D>,
) {
    if level.effective() == Level::Scalar {
        return holon_core::ops::bind_into(a, b, out);
    }
    // Products of trits are trits: the kernel writes the vector in place.
    bind_trits(level, a.as_trits(), b.as_trits(), out.trusted_trits_mut());
}

/// [`accumulate_bind`] at the detected [`level`], looked up on every call:
/// a [`holon_core::record::AddBound`] kernel for
/// [`holon_core::record::RecordEncoder::set_add_bound`] ([`add_bound_at`]
/// chooses once, and is what [`crate::Holon`] hands its encoder).
///
/// ```
/// use holon_core::record::{add_bound_portable, AddBound};
/// use holon_std::simd;
///
/// let kernel: AddBound<64> = simd::add_bound;
/// let a: [i8; 64] = core::array::from_fn(|i| (i % 3) as i8 - 1);
/// let b: [i8; 64] = core::array::from_fn(|i| (i % 5 % 3) as i8 - 1);
/// let (mut fast, mut plain) = ([3i8; 64], [3i8; 64]);
/// kernel(&mut fast, &a, &b);
/// add_bound_portable(&mut plain, &a, &b);
/// assert_eq!(fast, plain);
/// ```
pub fn add_bound<const D: usize>(sums: &mut [i8; D], a: &[i8; D], b: &[i8; D]) {
    accumulate_bind(level(), sums, a, b)
}

/// The [`holon_core::record::AddBound`] kernel of `level` (or of the best
/// level below it this CPU has), chosen once: [`add_bound`] without the
/// look-up of the level on every pair. [`crate::Holon`] hands its record
/// encoder the one of [`level`].
///
/// ```
/// use holon_core::record::add_bound_portable;
/// use holon_std::simd::{self, Level};
///
/// let a: [i8; 100] = core::array::from_fn(|i| (i % 3) as i8 - 1);
/// let b: [i8; 100] = core::array::from_fn(|i| (i % 7 % 3) as i8 - 1);
/// let mut plain = [-2i8; 100];
/// add_bound_portable(&mut plain, &a, &b);
/// for level in [Level::Scalar, Level::Avx2, Level::Avx512, Level::Neon] {
///     let mut sums = [-2i8; 100];
///     simd::add_bound_at(level)(&mut sums, &a, &b);
///     assert_eq!(sums, plain, "{}", level.name());
/// }
/// ```
pub fn add_bound_at<const D: usize>(level: Level) -> holon_core::record::AddBound<D> {
    match level.effective() {
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        Level::Avx2 | Level::Avx512 => add_bound_avx2,
        #[cfg(all(feature = "simd", target_arch = "aarch64"))]
        Level::Neon => add_bound_neon,
        _ => holon_core::record::add_bound_portable,
    }
}

/// The [`holon_core::record::Threshold`] kernel of `level` (or of the best
/// level below it this CPU has): the signs of narrow sums, as
/// [`sign_vector`] takes them, for [`holon_core::record::RecordEncoder::set_threshold`].
///
/// ```
/// use holon_core::record::threshold_portable;
/// use holon_std::simd::{self, Level};
///
/// let sums: [i8; 100] = core::array::from_fn(|i| (i as i8).wrapping_mul(37));
/// let mut plain = [0i8; 100];
/// threshold_portable(&sums, &mut plain);
/// for level in [Level::Scalar, Level::Avx2, Level::Avx512, Level::Neon] {
///     let mut out = [9i8; 100];
///     simd::threshold_at(level)(&sums, &mut out);
///     assert_eq!(out, plain, "{}", level.name());
/// }
/// ```
pub fn threshold_at<const D: usize>(level: Level) -> holon_core::record::Threshold<D> {
    match level.effective() {
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        Level::Avx2 | Level::Avx512 => threshold_avx2,
        #[cfg(all(feature = "simd", target_arch = "aarch64"))]
        Level::Neon => threshold_neon,
        _ => holon_core::record::threshold_portable,
    }
}

/// AVX2 [`threshold_at`]; handed out only once AVX2 is detected.
#[cfg(all(feature = "simd", target_arch = "x86_64"))]
fn threshold_avx2<const D: usize>(sums: &[i8; D], out: &mut [i8; D]) {
    // SAFETY: `threshold_at` returns this function only when `effective()`
    // found AVX2 (the AVX-512 level requires it too); both arrays have
    // length D.
    unsafe { x86::avx2::signs(sums, out) }
}

/// NEON [`threshold_at`].
#[cfg(all(feature = "simd", target_arch = "aarch64"))]
fn threshold_neon<const D: usize>(sums: &[i8; D], out: &mut [i8; D]) {
    // SAFETY: NEON is part of the AArch64 baseline: every aarch64 target
    // enables it.
    unsafe { aarch64::neon::signs(sums, out) }
}

/// AVX2 [`add_bound`]; only [`add_bound_at`] hands it out, once AVX2 is
/// detected.
#[cfg(all(feature = "simd", target_arch = "x86_64"))]
fn add_bound_avx2<const D: usize>(sums: &mut [i8; D], a: &[i8; D], b: &[i8; D]) {
    // SAFETY: `add_bound_at` returns this function only when `effective()`
    // found AVX2 (the AVX-512 level requires it too); the arrays have
    // length D.
    unsafe { x86::avx2::accumulate_bind(sums, a, b) }
}

/// NEON [`add_bound`].
#[cfg(all(feature = "simd", target_arch = "aarch64"))]
fn add_bound_neon<const D: usize>(sums: &mut [i8; D], a: &[i8; D], b: &[i8; D]) {
    // SAFETY: NEON is part of the AArch64 baseline: every aarch64 target
    // enables it.
    unsafe { aarch64::neon::accumulate_bind(sums, a, b) }
}

/// Adds the bound pair `a * b` to narrow bundle sums:
/// `sums[i] = sums[i].wrapping_add(a[i] * b[i])`. The caller keeps the sums
/// exact by adding at most 127 pairs between resets (as `holon-core`'s
/// record encoder does before it widens). `a` and `b` must hold trits.
pub fn accumulate_bind<const D: usize>(level: Level, sums: &mut [i8; D], a: &[i8; D], b: &[i8; D]) {
    add_bound_at(level)(sums, a, b)
}

/// The sign of each narrow sum (ties 0) as a vector: the threshold of sums
/// built with [`accumulate_bind`].
pub fn sign_vector<const D: usize>(level: Level, sums: &[i8; D]) -> Vector<D> {
    let mut vector = Vector::zero();
    // Signs are trits: written in place.
    threshold_at(level)(sums, vector.trusted_trits_mut());
    vector
}

/// The sign of the component-wise sums of trit arrays (ties 0; no input
/// gives zeros): the kernel of [`bundle`] without building a vector. At most
/// `i32::MAX` inputs (sums are exact below that).
pub fn bundle_trits<const D: usize>(level: Level, inputs: &[&[i8; D]], out: &mut [i8; D]) {
    match level.effective() {
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        // SAFETY: the level's features were detected at run time; every
        // array has length D.
        Level::Avx2 => unsafe { x86::avx2::bundle(inputs, out) },
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        // SAFETY: as above.
        Level::Avx512 => unsafe { x86::avx512::bundle(inputs, out) },
        #[cfg(all(feature = "simd", target_arch = "aarch64"))]
        // SAFETY: NEON is part of the AArch64 baseline: every aarch64 target
        // enables it.
        Level::Neon => unsafe { aarch64::neon::bundle(inputs, out) },
        _ => {
            // Callers pass at most i32::MAX inputs (`bundle_at` checks).
            let mut sums = vec![0i32; D];
            for x in inputs {
                for (s, &t) in sums.iter_mut().zip(x.iter()) {
                    *s = s.wrapping_add(i32::from(t));
                }
            }
            for (o, s) in out.iter_mut().zip(sums) {
                *o = s.signum() as i8;
            }
        }
    }
}

/// Superposition, equal to [`holon_core::ops::bundle`]: the sign of the
/// component-wise sum, ties 0, an empty input the zero vector.
pub fn bundle<const D: usize, V: Borrow<Vector<D>>>(inputs: &[V]) -> Vector<D> {
    bundle_at(level(), inputs)
}

/// [`bundle`] at a given level.
pub fn bundle_at<const D: usize, V: Borrow<Vector<D>>>(level: Level, inputs: &[V]) -> Vector<D> {
    if level.effective() == Level::Scalar || inputs.len() > i32::MAX as usize {
        return holon_core::ops::bundle(inputs);
    }
    let mut out = Vector::zero();
    bundle_into_at(level, inputs, &mut out);
    out
}

/// [`bundle`] written over `out`.
pub fn bundle_into<const D: usize, V: Borrow<Vector<D>>>(inputs: &[V], out: &mut Vector<D>) {
    bundle_into_at(level(), inputs, out)
}

/// [`bundle_into`] at a given level.
pub fn bundle_into_at<const D: usize, V: Borrow<Vector<D>>>(
    level: Level,
    inputs: &[V],
    out: &mut Vector<D>,
) {
    // Sums are exact in the SIMD kernels up to i32::MAX inputs; the core
    // saturates beyond, so leave that (theoretical) case to it.
    if level.effective() == Level::Scalar || inputs.len() > i32::MAX as usize {
        *out = holon_core::ops::bundle(inputs);
        return;
    }
    // The kernels write signs, which are trits: straight into `out`.
    let trits = out.trusted_trits_mut();
    match inputs.first() {
        None => trits.fill(0),
        // Up to 64 inputs: their arrays listed on the stack, no allocation.
        Some(first) if inputs.len() <= 64 => {
            let mut arrays = [first.borrow().as_trits(); 64];
            for (slot, v) in arrays.iter_mut().zip(inputs) {
                *slot = v.borrow().as_trits();
            }
            bundle_trits(level, &arrays[..inputs.len()], trits);
        }
        Some(_) => {
            let arrays: Vec<&[i8; D]> = inputs.iter().map(|v| v.borrow().as_trits()).collect();
            bundle_trits(level, &arrays, trits);
        }
    }
}

/// The trits of an atom's keystream: `out[i]` = component `i` of the atom
/// with key `key` (as [`AtomKey::stream`] yields them).
pub fn key_trits(level: Level, key: AtomKey, out: &mut [i8]) {
    match level.effective() {
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        Level::Avx2 => x86::chacha::fill_avx2(key.raw(), out),
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        Level::Avx512 => x86::chacha::fill_avx512(key.raw(), out),
        #[cfg(all(feature = "simd", target_arch = "aarch64"))]
        // SAFETY: NEON is part of the AArch64 baseline: every aarch64 target
        // enables it.
        Level::Neon => unsafe { aarch64::chacha::fill_neon(key.raw(), out) },
        _ => key.stream().fill(out),
    }
}

/// The vector of an atom key, equal to [`AtomKey::vector`].
pub fn key_vector<const D: usize>(key: AtomKey) -> Vector<D> {
    key_vector_at(level(), key)
}

/// [`key_vector`] at a given level.
pub fn key_vector_at<const D: usize>(level: Level, key: AtomKey) -> Vector<D> {
    if level.effective() == Level::Scalar {
        return key.vector();
    }
    let mut out = Vector::zero();
    // The keystream's components are trits.
    key_trits(level, key, out.trusted_trits_mut());
    out
}

/// The vector of atom `text` under `seed`, equal to
/// [`holon_core::atom::atom`].
pub fn atom<const D: usize>(seed: u64, text: &str) -> Vector<D> {
    key_vector(AtomKey::new(seed, text))
}

/// A codebook that derives every atom with [`key_vector`]: what
/// [`holon_core::atom::DeriveAtoms`] does, faster.
#[derive(Debug, Clone, Copy, Default)]
pub struct SimdDerive;

impl<const D: usize> Codebook<D> for SimdDerive {
    fn load(&mut self, key: AtomKey, out: &mut Vector<D>) {
        // The keystream's components are trits; at the scalar level this is
        // `AtomKey::stream().fill`, as `DeriveAtoms` does.
        key_trits(level(), key, out.trusted_trits_mut());
    }
}

/// The OR of every byte of `a` and `b`, read with the level's widest loads
/// and one ALU operation per load: the cost of merely *reading* two vectors,
/// which the benchmarks quote as the measured floor of the two-input
/// kernels. Not a kernel anyone needs; hidden from the docs.
#[doc(hidden)]
pub fn read_floor_at(level: Level, a: &[i8], b: &[i8]) -> u8 {
    match level.effective() {
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        // SAFETY: the level's features were detected at run time.
        Level::Avx2 => unsafe { x86::avx2::or_all(a, b) },
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        // SAFETY: the level's features were detected at run time.
        Level::Avx512 => unsafe { x86::avx512::or_all(a, b) },
        #[cfg(all(feature = "simd", target_arch = "aarch64"))]
        // SAFETY: NEON is part of the AArch64 baseline: every aarch64 target
        // enables it.
        Level::Neon => unsafe { aarch64::neon::or_all(a, b) },
        _ => a.iter().chain(b).fold(0u8, |acc, &x| acc | x as u8),
    }
}

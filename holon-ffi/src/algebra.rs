//! Atoms, bind, bundle and cosine over `int8_t` vectors (DESIGN §2–3).

use core::ffi::{c_char, c_int};

use holon_core::{ops, Accumulator, AtomKey, Vector};

use crate::dims::{at_d, compute_d, input, output, read_into, write_vector};
use crate::error::{status, HOLON_E_DIMS, HOLON_E_NULL};

/// Writes the atom of the `text_len` bytes at `text` under `seed` (DESIGN
/// §2: SHA-256 of seed and text seeds a ChaCha8 stream; component `i` is
/// `[-1, 0, +1][word_i % 3]`), bit-exact with holon-rs 0.1, to the `dims`
/// components at `out`. Text need not be UTF-8 nor NUL-terminated; `text`
/// may be NULL when `text_len` is 0.
///
/// Returns 0, `HOLON_E_NULL` (`out` NULL, or `text` NULL with
/// `text_len > 0`) or `HOLON_E_DIMS` (`dims` 0 or above `holon_max_dims()`).
///
/// # Safety
///
/// `text` readable for `text_len` bytes, `out` writable for `dims` bytes.
#[no_mangle]
pub unsafe extern "C" fn holon_atom(
    seed: u64,
    text: *const c_char,
    text_len: usize,
    out: *mut i8,
    dims: usize,
) -> c_int {
    status((|| {
        if compute_d(dims).is_none() {
            return Err(HOLON_E_DIMS);
        }
        // SAFETY: the caller's contract for `text`.
        let bytes = unsafe { input(text.cast::<u8>(), text_len) }?;
        let key = AtomKey::from_bytes(seed, bytes);
        // SAFETY: the caller's contract for `out`.
        let out = unsafe { output(out, dims) }?;
        // The stream is the vector: its first `dims` components are the
        // atom at any D >= dims.
        key.stream().fill(out);
        Ok(())
    })())
}

unsafe fn bind_at<const D: usize>(
    a: *const i8,
    b: *const i8,
    out: *mut i8,
    dims: usize,
) -> Result<(), c_int> {
    let (mut va, mut vb, mut bound) = (Vector::<D>::zero(), Vector::zero(), Vector::zero());
    // SAFETY: the caller's contract for both reads (and below, the write);
    // the inputs are copied before `out` is written, so it may alias them.
    unsafe { read_into(a, dims, &mut va).and(read_into(b, dims, &mut vb)) }?;
    ops::bind_into(&va, &vb, &mut bound);
    // SAFETY: as above.
    unsafe { write_vector(&bound, out, dims) }
}

/// Binds `a` and `b` (component-wise product, DESIGN §3) into `out`, all of
/// `dims` components; `out` may be `a` or `b`.
///
/// Returns 0, `HOLON_E_NULL`, `HOLON_E_DIMS` or `HOLON_E_TRIT` (a
/// component of `a` or `b` is not -1, 0 or +1).
///
/// # Safety
///
/// `a` and `b` readable and `out` writable for `dims` bytes.
#[no_mangle]
pub unsafe extern "C" fn holon_bind(
    a: *const i8,
    b: *const i8,
    out: *mut i8,
    dims: usize,
) -> c_int {
    // SAFETY: forwarded contract.
    status(at_d!(
        compute_d(dims),
        bind_at(a, b, out, dims),
        Err(HOLON_E_DIMS)
    ))
}

unsafe fn bundle_at<const D: usize>(
    inputs: *const *const i8,
    count: usize,
    out: *mut i8,
    dims: usize,
) -> Result<(), c_int> {
    // SAFETY: the caller's contract for `inputs`.
    let inputs = unsafe { input(inputs, count) }?;
    // The bundle is the sign of the component-wise sum; summing one input
    // at a time in an accumulator gives it (the same integers as
    // `ops::bundle`) without holding every input at once.
    let mut sums = Accumulator::<D>::new();
    let mut input = Vector::<D>::zero();
    for &v in inputs {
        if v.is_null() {
            return Err(HOLON_E_NULL);
        }
        // SAFETY: the caller's contract for each input.
        unsafe { read_into(v, dims, &mut input) }?;
        sums.add(&input);
    }
    // SAFETY: the caller's contract for `out` (inputs were all read).
    unsafe { write_vector(&sums.threshold(), out, dims) }
}

/// Bundles the `count` vectors `inputs[0..count]` (component-wise majority:
/// the sign of the sum, 0 on a tie, DESIGN §3) into `out`. `count` 0
/// writes the zero vector and returns 0 (`inputs` may then be NULL); `out`
/// may be one of the inputs.
///
/// Returns 0, `HOLON_E_NULL` (`out`, `inputs` or an `inputs[i]` NULL),
/// `HOLON_E_DIMS` or `HOLON_E_TRIT`.
///
/// # Safety
///
/// `inputs` readable for `count` pointers, each readable for `dims` bytes;
/// `out` writable for `dims` bytes.
#[no_mangle]
pub unsafe extern "C" fn holon_bundle(
    inputs: *const *const i8,
    count: usize,
    out: *mut i8,
    dims: usize,
) -> c_int {
    // SAFETY: forwarded contract.
    status(at_d!(
        compute_d(dims),
        bundle_at(inputs, count, out, dims),
        Err(HOLON_E_DIMS)
    ))
}

unsafe fn cosine_at<const D: usize>(a: *const i8, b: *const i8, dims: usize) -> f32 {
    let (mut va, mut vb) = (Vector::<D>::zero(), Vector::zero());
    // SAFETY: the caller's contract.
    match unsafe { read_into(a, dims, &mut va).and(read_into(b, dims, &mut vb)) } {
        Ok(()) => va.cosine(&vb),
        Err(_) => f32::NAN,
    }
}

/// The cosine similarity of `a` and `b` (`dims` components each), in
/// [-1, 1]; 0.0 when either is the zero vector (as in core).
///
/// Invalid input (a NULL pointer, an unsupported `dims`, a component that
/// is not a trit) returns NaN, which no valid input gives.
///
/// # Safety
///
/// `a` and `b` readable for `dims` bytes.
#[no_mangle]
pub unsafe extern "C" fn holon_cosine(a: *const i8, b: *const i8, dims: usize) -> f32 {
    // SAFETY: forwarded contract.
    at_d!(compute_d(dims), cosine_at(a, b, dims), f32::NAN)
}

unsafe fn dot_at<const D: usize>(
    a: *const i8,
    b: *const i8,
    dims: usize,
    out: *mut i64,
) -> Result<(), c_int> {
    let (mut va, mut vb) = (Vector::<D>::zero(), Vector::zero());
    // SAFETY: the caller's contract.
    unsafe { read_into(a, dims, &mut va).and(read_into(b, dims, &mut vb)) }?;
    // SAFETY: the caller's contract for `out`.
    let out = unsafe { output(out, 1) }?;
    for o in out {
        *o = va.dot(&vb);
    }
    Ok(())
}

/// Writes the dot product of `a` and `b` (`dims` components each) to
/// `*out`.
///
/// Returns 0, `HOLON_E_NULL`, `HOLON_E_DIMS` or `HOLON_E_TRIT`.
///
/// # Safety
///
/// `a` and `b` readable for `dims` bytes, `out` writable.
#[no_mangle]
pub unsafe extern "C" fn holon_dot(
    a: *const i8,
    b: *const i8,
    dims: usize,
    out: *mut i64,
) -> c_int {
    // SAFETY: forwarded contract.
    status(at_d!(
        compute_d(dims),
        dot_at(a, b, dims, out),
        Err(HOLON_E_DIMS)
    ))
}

//! Frequency-preserving superposition in caller storage: the sums of many
//! vectors, thresholded to one when asked. Sums merge exactly across
//! devices (DESIGN §9).

use core::ffi::{c_int, c_void};

use holon_core::Accumulator;

use crate::dims::{at_d, compute_d, output, read_vector, write_vector};
use crate::error::{status, HOLON_E_DIMS, HOLON_E_PARAM};
use crate::storage::{peek, place, write_header, Stored};

/// Tag of accumulator storage (`"HLAC"`).
const TAG: u32 = u32::from_le_bytes(*b"HLAC");

/// Bytes of accumulator storage for vectors of `dims` (`dims` a supported D,
/// see `holon_dims_supported`); `holon_accumulator_size` is exact.
pub const HOLON_ACCUMULATOR_BYTES_PER_DIM: usize = 4;
/// Bytes of accumulator storage beyond `4 * D`.
pub const HOLON_ACCUMULATOR_OVERHEAD: usize = 32;

const fn size_at<const D: usize>() -> usize {
    let size = Stored::<Accumulator<D>>::SIZE;
    assert!(size <= HOLON_ACCUMULATOR_BYTES_PER_DIM * D + HOLON_ACCUMULATOR_OVERHEAD);
    size
}

/// Bytes of storage an accumulator of `dims` components needs (its sums are
/// 4 bytes a component, at the D `dims` is computed at), or 0 if `dims` is
/// unsupported.
#[no_mangle]
pub extern "C" fn holon_accumulator_size(dims: usize) -> usize {
    at_d!(safe compute_d(dims), size_at(), 0)
}

fn init_at<const D: usize>(storage: *mut c_void, len: usize, dims: usize) -> Result<(), c_int> {
    let p = place::<Accumulator<D>>(storage, len)?;
    // SAFETY: `place` checked size and alignment; the caller lets us write
    // the storage. The value is written before the header's tag.
    unsafe {
        core::ptr::addr_of_mut!((*p).value).write(Accumulator::new());
        write_header(p, TAG, dims, D);
    }
    Ok(())
}

/// Sets up an empty accumulator of `dims` components in `storage`
/// (`storage_len` bytes, at least `holon_accumulator_size(dims)`, aligned to
/// `HOLON_STORAGE_ALIGN`). The storage is then the accumulator's handle.
///
/// Returns 0, `HOLON_E_NULL`, `HOLON_E_DIMS` or `HOLON_E_STORAGE`.
///
/// # Safety
///
/// `storage` writable for `storage_len` bytes, and used only through this
/// library while the accumulator lives.
#[no_mangle]
pub unsafe extern "C" fn holon_accumulator_init(
    storage: *mut c_void,
    storage_len: usize,
    dims: usize,
) -> c_int {
    status(at_d!(safe compute_d(dims), init_at(storage, storage_len, dims), Err(HOLON_E_DIMS)))
}

/// The accumulator behind `handle` at `D`, checking the caller's `dims`.
///
/// # Safety
///
/// `handle` was set up by `holon_accumulator_init` (or fails its tag).
unsafe fn get<'a, const D: usize>(
    handle: *const c_void,
    dims: usize,
) -> Result<&'a Stored<Accumulator<D>>, c_int> {
    // SAFETY: the tag matched in `peek` (the caller's D), so this storage
    // holds a `Stored<Accumulator<D>>`.
    let stored = unsafe { &*handle.cast::<Stored<Accumulator<D>>>() };
    if stored.dims() != dims {
        return Err(HOLON_E_DIMS);
    }
    Ok(stored)
}

unsafe fn add_at<const D: usize>(
    handle: *mut c_void,
    v: *const i8,
    weight: i32,
    dims: usize,
) -> Result<(), c_int> {
    // SAFETY: the caller's contract for `v`; read before the sums change.
    let v = unsafe { read_vector::<D>(v, dims) }?;
    // SAFETY: `handle` passed `peek` for this tag and D.
    unsafe { get::<D>(handle, dims) }?;
    // SAFETY: as above; the one live reference to the storage.
    let stored = unsafe { &mut *handle.cast::<Stored<Accumulator<D>>>() };
    stored.value.add_weighted(&v, weight);
    Ok(())
}

/// Adds `weight` times the vector `v` (`dims` components, the accumulator's)
/// to the accumulator `acc`. Sums saturate; they never wrap.
///
/// Returns 0, `HOLON_E_NULL`, `HOLON_E_DIMS` (not the accumulator's dims),
/// `HOLON_E_TRIT` or `HOLON_E_STORAGE` (`acc` not set up).
///
/// # Safety
///
/// `acc` as set up by `holon_accumulator_init`, `v` readable for `dims`
/// bytes.
#[no_mangle]
pub unsafe extern "C" fn holon_accumulator_add_weighted(
    acc: *mut c_void,
    v: *const i8,
    weight: i32,
    dims: usize,
) -> c_int {
    status((|| {
        // SAFETY: forwarded contract.
        let d = unsafe { peek(acc, TAG) }?;
        // SAFETY: forwarded contract.
        at_d!(Some(d), add_at(acc, v, weight, dims), Err(HOLON_E_DIMS))
    })())
}

/// `holon_accumulator_add_weighted` with weight 1.
///
/// # Safety
///
/// As `holon_accumulator_add_weighted`.
#[no_mangle]
pub unsafe extern "C" fn holon_accumulator_add(
    acc: *mut c_void,
    v: *const i8,
    dims: usize,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { holon_accumulator_add_weighted(acc, v, 1, dims) }
}

unsafe fn merge_at<const D: usize>(acc: *mut c_void, other: *const c_void) -> Result<(), c_int> {
    // SAFETY: both passed `peek` for this tag and D; they differ, so the
    // shared and the mutable reference do not overlap (both are whole
    // `Stored` values at distinct, non-overlapping storage by contract).
    let (mine, theirs) = unsafe {
        (
            &mut *acc.cast::<Stored<Accumulator<D>>>(),
            &*other.cast::<Stored<Accumulator<D>>>(),
        )
    };
    if mine.dims() != theirs.dims() {
        return Err(HOLON_E_DIMS);
    }
    mine.value.merge(&theirs.value);
    Ok(())
}

/// Adds the sums of accumulator `other` to `acc` (same dims; a sum that
/// learned on two devices merges exactly). `acc` and `other` must differ.
///
/// Returns 0, `HOLON_E_NULL`, `HOLON_E_DIMS`, `HOLON_E_PARAM` (the same
/// accumulator twice) or `HOLON_E_STORAGE`.
///
/// # Safety
///
/// Both set up by `holon_accumulator_init`, in storage that does not overlap.
#[no_mangle]
pub unsafe extern "C" fn holon_accumulator_merge(acc: *mut c_void, other: *const c_void) -> c_int {
    status((|| {
        // SAFETY: forwarded contract.
        let (d, e) = unsafe { (peek(acc, TAG)?, peek(other, TAG)?) };
        if d != e {
            return Err(HOLON_E_DIMS);
        }
        if core::ptr::eq(acc.cast_const(), other) {
            return Err(HOLON_E_PARAM);
        }
        // SAFETY: forwarded contract.
        at_d!(Some(d), merge_at(acc, other), Err(HOLON_E_DIMS))
    })())
}

unsafe fn threshold_at<const D: usize>(
    acc: *const c_void,
    out: *mut i8,
    dims: usize,
) -> Result<(), c_int> {
    // SAFETY: passed `peek`; `out` by the caller's contract, written after
    // the sums were read into a vector.
    let v = unsafe { get::<D>(acc, dims) }?.value.threshold();
    // SAFETY: the caller's contract for `out`.
    unsafe { write_vector(&v, out, dims) }
}

/// Writes the sign of each sum (0 where it is 0) of `acc` to the `dims`
/// components at `out`: the bundle of everything added (with its weights).
///
/// Returns 0, `HOLON_E_NULL`, `HOLON_E_DIMS` or `HOLON_E_STORAGE`.
///
/// # Safety
///
/// `acc` as set up by `holon_accumulator_init`, `out` writable for `dims`
/// bytes and not inside `acc`'s storage.
#[no_mangle]
pub unsafe extern "C" fn holon_accumulator_threshold(
    acc: *const c_void,
    out: *mut i8,
    dims: usize,
) -> c_int {
    status((|| {
        // SAFETY: forwarded contract.
        let d = unsafe { peek(acc, TAG) }?;
        // SAFETY: forwarded contract.
        at_d!(Some(d), threshold_at(acc, out, dims), Err(HOLON_E_DIMS))
    })())
}

unsafe fn count_at<const D: usize>(acc: *const c_void, out: *mut u64) -> Result<(), c_int> {
    // SAFETY: passed `peek` for this tag and D.
    let stored = unsafe { &*acc.cast::<Stored<Accumulator<D>>>() };
    // SAFETY: the caller's contract for `out`.
    for o in unsafe { output(out, 1) }? {
        *o = stored.value.count();
    }
    Ok(())
}

/// Writes to `*out` the accumulator's count: the sum of `|weight|` over
/// every addition (vectors added with `holon_accumulator_add` count 1).
///
/// Returns 0, `HOLON_E_NULL` or `HOLON_E_STORAGE`.
///
/// # Safety
///
/// `acc` as set up by `holon_accumulator_init`, `out` writable.
#[no_mangle]
pub unsafe extern "C" fn holon_accumulator_count(acc: *const c_void, out: *mut u64) -> c_int {
    status((|| {
        // SAFETY: forwarded contract.
        let d = unsafe { peek(acc, TAG) }?;
        // SAFETY: forwarded contract.
        at_d!(Some(d), count_at(acc, out), Err(HOLON_E_DIMS))
    })())
}

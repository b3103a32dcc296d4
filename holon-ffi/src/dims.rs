//! Which const `D` a run-time `dims` is computed at, and the checked
//! crossing of C buffers into Rust slices and vectors.

use core::ffi::c_int;

use holon_core::Vector;

use crate::error::{HOLON_E_DIMS, HOLON_E_NULL, HOLON_E_TRIT};

#[cfg(not(any(feature = "dims-256", feature = "dims-1024", feature = "dims-4096")))]
compile_error!("holon-ffi needs at least one of the features dims-256, dims-1024, dims-4096");

/// The dimensions this build computes at, ascending.
pub(crate) const SUPPORTED: &[usize] = &[
    #[cfg(feature = "dims-256")]
    256,
    #[cfg(feature = "dims-1024")]
    1024,
    #[cfg(feature = "dims-4096")]
    4096,
];

/// The largest `dims` this build accepts.
const MAX_DIMS: usize = match SUPPORTED.last() {
    Some(&d) => d,
    None => 0,
};

/// The `D` a vector of `dims` components is computed at: the smallest
/// supported one that holds it.
pub(crate) fn compute_d(dims: usize) -> Option<usize> {
    if dims == 0 {
        return None;
    }
    SUPPORTED.iter().copied().find(|&d| d >= dims)
}

/// Calls the unsafe `$f::<D>($args)` for the `D` in `$d` (an
/// `Option<usize>` from [`compute_d`] or an exact supported dimension), or
/// evaluates `$otherwise`. The caller states the safety of `$f` beside the
/// call; `at_d!(safe ...)` calls a safe `$f`.
macro_rules! at_d {
    (safe $d:expr, $f:ident ( $($arg:expr),* $(,)? ), $otherwise:expr) => {
        match $d {
            #[cfg(feature = "dims-256")]
            Some(256) => $f::<256>($($arg),*),
            #[cfg(feature = "dims-1024")]
            Some(1024) => $f::<1024>($($arg),*),
            #[cfg(feature = "dims-4096")]
            Some(4096) => $f::<4096>($($arg),*),
            _ => $otherwise,
        }
    };
    ($d:expr, $f:ident ( $($arg:expr),* $(,)? ), $otherwise:expr) => {
        match $d {
            #[cfg(feature = "dims-256")]
            // SAFETY: as stated at the macro's call site.
            Some(256) => unsafe { $f::<256>($($arg),*) },
            #[cfg(feature = "dims-1024")]
            // SAFETY: as stated at the macro's call site.
            Some(1024) => unsafe { $f::<1024>($($arg),*) },
            #[cfg(feature = "dims-4096")]
            // SAFETY: as stated at the macro's call site.
            Some(4096) => unsafe { $f::<4096>($($arg),*) },
            _ => $otherwise,
        }
    };
}
pub(crate) use at_d;

/// The largest `dims` any vector function accepts (the largest enabled D):
/// 4096 with the default features.
#[no_mangle]
pub extern "C" fn holon_max_dims() -> usize {
    MAX_DIMS
}

/// 1 if this build stores vectors at exactly `dims` (what an engram bank
/// needs: 256, 1024 and 4096 with the default features), else 0.
#[no_mangle]
pub extern "C" fn holon_dims_supported(dims: usize) -> core::ffi::c_int {
    c_int::from(SUPPORTED.contains(&dims))
}

/// `len` elements at `ptr`, read-only. NULL is refused unless `len` is 0.
///
/// # Safety
///
/// Unless NULL, `ptr` must be valid for reads of `len` elements for `'a`,
/// and not written through another pointer meanwhile (the C contract of
/// every function here).
pub(crate) unsafe fn input<'a, T>(ptr: *const T, len: usize) -> Result<&'a [T], c_int> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(HOLON_E_NULL);
    }
    // SAFETY: non-null, and valid for `len` reads by the caller's contract;
    // every `T` here is plain data for which any bit pattern is valid.
    Ok(unsafe { core::slice::from_raw_parts(ptr, len) })
}

/// `len` elements at `ptr`, writable. NULL is refused unless `len` is 0.
///
/// # Safety
///
/// Unless NULL, `ptr` must be valid for reads and writes of `len` elements
/// for `'a`, and not accessed through another pointer meanwhile.
pub(crate) unsafe fn output<'a, T>(ptr: *mut T, len: usize) -> Result<&'a mut [T], c_int> {
    if len == 0 {
        return Ok(&mut []);
    }
    if ptr.is_null() {
        return Err(HOLON_E_NULL);
    }
    // SAFETY: non-null, and valid for `len` reads and writes by the
    // caller's contract.
    Ok(unsafe { core::slice::from_raw_parts_mut(ptr, len) })
}

/// Writes `trits` (at most `D` of them) over `v`, zero beyond them, in one
/// pass that checks them too; [`HOLON_E_TRIT`] if one is not a trit (then
/// `v` holds garbage and must be discarded).
pub(crate) fn load_into<const D: usize>(trits: &[i8], v: &mut Vector<D>) -> Result<(), c_int> {
    if trits.len() > D {
        return Err(HOLON_E_DIMS);
    }
    let dst = v.trusted_trits_mut();
    let mut invalid = false;
    for (d, &t) in dst.iter_mut().zip(trits) {
        // `t + 1` outside 0..=2 (as unsigned) is not a trit; branch-free,
        // so the copy vectorises.
        invalid |= (t as u8).wrapping_add(1) > 2;
        *d = t;
    }
    for d in dst.iter_mut().skip(trits.len()) {
        *d = 0;
    }
    if invalid {
        return Err(HOLON_E_TRIT);
    }
    Ok(())
}

/// Reads `dims` components at `ptr` over `v` (see [`load_into`]).
///
/// # Safety
///
/// As [`input`] for `dims` elements.
pub(crate) unsafe fn read_into<const D: usize>(
    ptr: *const i8,
    dims: usize,
    v: &mut Vector<D>,
) -> Result<(), c_int> {
    if dims == 0 || dims > D {
        return Err(HOLON_E_DIMS);
    }
    // SAFETY: the caller's contract for `dims` elements at `ptr`.
    load_into(unsafe { input(ptr, dims) }?, v)
}

/// Reads `dims` components at `ptr` as a vector of `D`.
///
/// # Safety
///
/// As [`input`] for `dims` elements.
pub(crate) unsafe fn read_vector<const D: usize>(
    ptr: *const i8,
    dims: usize,
) -> Result<Vector<D>, c_int> {
    let mut v = Vector::zero();
    // SAFETY: forwarded contract.
    unsafe { read_into(ptr, dims, &mut v) }?;
    Ok(v)
}

/// Writes the first `dims` components of `v` to `ptr`.
///
/// # Safety
///
/// As [`output`] for `dims` elements.
pub(crate) unsafe fn write_vector<const D: usize>(
    v: &Vector<D>,
    ptr: *mut i8,
    dims: usize,
) -> Result<(), c_int> {
    if dims == 0 || dims > D {
        return Err(HOLON_E_DIMS);
    }
    // SAFETY: the caller's contract for `dims` elements at `ptr`.
    let out = unsafe { output(ptr, dims) }?;
    for (o, &t) in out.iter_mut().zip(v.as_trits()) {
        *o = t;
    }
    Ok(())
}

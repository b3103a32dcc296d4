//! State in caller-provided storage: a small header (a tag naming the type,
//! the caller's `dims`, the `D` stored at) in front of a core value, so a
//! handle that was never set up is refused instead of misread.

use core::ffi::{c_int, c_void};

use crate::error::{HOLON_E_NULL, HOLON_E_STORAGE};

/// The alignment caller storage must have (bytes). `uint64_t` arrays and
/// `malloc` memory have it.
pub const HOLON_STORAGE_ALIGN: usize = 8;

/// A core value of type `T` behind its header.
#[repr(C)]
pub(crate) struct Stored<T> {
    tag: u32,
    dims: u32,
    d: u32,
    pub(crate) value: T,
}

impl<T> Stored<T> {
    /// The bytes of storage a `Stored<T>` needs.
    pub(crate) const SIZE: usize = {
        assert!(core::mem::align_of::<Self>() <= HOLON_STORAGE_ALIGN);
        core::mem::size_of::<Self>()
    };

    /// The caller's `dims`.
    pub(crate) fn dims(&self) -> usize {
        self.dims as usize
    }
}

/// Checks `storage` can hold a `Stored<T>` (non-null, `len` large enough,
/// aligned) and returns it as a pointer to one.
pub(crate) fn place<T>(storage: *mut c_void, len: usize) -> Result<*mut Stored<T>, c_int> {
    if storage.is_null() {
        return Err(HOLON_E_NULL);
    }
    if len < Stored::<T>::SIZE || storage.align_offset(core::mem::align_of::<Stored<T>>()) != 0 {
        return Err(HOLON_E_STORAGE);
    }
    Ok(storage.cast())
}

/// Writes the header of a `Stored<T>` at `p`, `value` still unset. The tag
/// goes last, so a header is only valid once everything before it is.
///
/// # Safety
///
/// `p` comes from [`place`] for storage the caller lets us write.
pub(crate) unsafe fn write_header<T>(p: *mut Stored<T>, tag: u32, dims: usize, d: usize) {
    // SAFETY: `p` is valid and aligned for a `Stored<T>` (from `place`);
    // the fields are plain integers, written without reading.
    unsafe {
        core::ptr::addr_of_mut!((*p).dims).write(dims as u32);
        core::ptr::addr_of_mut!((*p).d).write(d as u32);
        core::ptr::addr_of_mut!((*p).tag).write(tag);
    }
}

/// Marks the storage at `p` as not set up (after a failed load).
///
/// # Safety
///
/// As [`write_header`].
pub(crate) unsafe fn clear_tag<T>(p: *mut Stored<T>) {
    // SAFETY: as `write_header`.
    unsafe { core::ptr::addr_of_mut!((*p).tag).write(0) }
}

/// The tag and `D` of the header at `handle`.
///
/// # Safety
///
/// Unless NULL, `handle` must point at readable memory of at least the
/// header's 12 bytes, aligned to 4 (storage a `*_init` or `*_load` was given).
pub(crate) unsafe fn peek(handle: *const c_void, tag: u32) -> Result<usize, c_int> {
    if handle.is_null() {
        return Err(HOLON_E_NULL);
    }
    if handle.align_offset(HOLON_STORAGE_ALIGN) != 0 {
        return Err(HOLON_E_STORAGE);
    }
    let header = handle.cast::<Stored<()>>();
    // SAFETY: readable and aligned by the contract; the header is the same
    // three `u32`s at the front of every `Stored<T>` (`repr(C)`).
    let (found, d) = unsafe { ((*header).tag, (*header).d) };
    if found != tag {
        return Err(HOLON_E_STORAGE);
    }
    Ok(d as usize)
}

//! `libholon.a` for C firmware on the Cortex-M4F: the C ABI of
//! [`holon_ffi`] (declared in `holon-ffi/holon.h`) with the one thing a
//! bare-metal static library must add, a `#[panic_handler]`.
//!
//! The handler calls a function that is defined nowhere. After fat LTO it is
//! only kept if some panic path of the library survived optimisation, and
//! then the C firmware's link fails with an undefined reference to
//! `holon_ffi_panic_check__a_panic_path_survived_optimisation`: a C image
//! that links (calling every function of `holon.h`, as `main.c` does) is the
//! proof that no call can panic. With the feature `prove-the-check-bites`
//! one opaque slice index is added and the link must fail.
#![no_std]

pub use holon_ffi::*;

extern "C" {
    /// Defined nowhere, on purpose (see the crate documentation).
    fn holon_ffi_panic_check__a_panic_path_survived_optimisation() -> !;
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    // SAFETY: never runs: the link fails if this call survives.
    unsafe { holon_ffi_panic_check__a_panic_path_survived_optimisation() }
}

/// An index the optimiser cannot see through: with the feature
/// `prove-the-check-bites` its bounds check is a panic path.
#[cfg(feature = "prove-the-check-bites")]
#[no_mangle]
pub extern "C" fn holon_ffi_check_bites(index: usize) -> u8 {
    static BYTES: [u8; 4] = [1, 2, 3, 4];
    BYTES[core::hint::black_box(index)]
}

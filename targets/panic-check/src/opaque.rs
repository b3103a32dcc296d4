//! The only `unsafe` of the panic check: opaque reads of the input statics,
//! and the call to the symbol that must never be defined.
#![allow(unsafe_code)]

/// Reads `*v` in a way the optimiser must treat as unknown.
pub fn read<T: Copy>(v: &T) -> T {
    // SAFETY: `v` is a valid, aligned reference; volatile only stops the
    // compiler from assuming the value.
    unsafe { core::ptr::read_volatile(v) }
}

extern "C" {
    /// Deliberately defined nowhere. Any reference to it that survives
    /// LTO and `--gc-sections` is a link error.
    fn holon_panic_check__a_panic_path_survived_optimisation() -> !;
}

/// What the panic handler calls: a link error if it is still reachable.
pub fn panic_path_survived() -> ! {
    // SAFETY: never executes: if this call is reachable the image does
    // not link, so no binary containing it exists.
    unsafe { holon_panic_check__a_panic_path_survived_optimisation() }
}

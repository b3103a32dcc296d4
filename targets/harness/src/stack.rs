//! Peak stack use by stack painting.
//!
//! [`paint`] fills the unused part of the stack (from its bottom up to just
//! below the caller's frame) with [`PATTERN`]. After the work,
//! [`high_water`] scans up from the bottom for the first overwritten word:
//! everything above it has been used at some point. Interrupt frames count
//! too, which is what we want.

use crate::hw;

/// The paint pattern.
pub const PATTERN: u32 = 0x57AC_C0DE;

/// Bytes left unpainted below `paint`'s own frame, as a margin.
#[cfg(target_os = "none")]
const GUARD: usize = 64;

/// Paints the free stack. Call first thing in `main`, before deep calls and
/// before enabling interrupts.
#[inline(never)]
pub fn paint() {
    #[cfg(target_os = "none")]
    {
        let (bottom, _top) = hw::stack_bounds();
        // The address of a local is (just above) our stack pointer.
        let here = 0u32;
        let sp = core::hint::black_box(core::ptr::addr_of!(here)) as usize;
        let limit = sp.saturating_sub(GUARD) & !3;
        hw::fill_words(bottom, limit, PATTERN);
    }
}

/// `(peak bytes used, stack size in bytes)` since [`paint`].
pub fn high_water() -> (usize, usize) {
    let (bottom, top) = hw::stack_bounds();
    #[cfg(target_os = "none")]
    let lowest = hw::first_word_not(bottom, top, PATTERN);
    #[cfg(not(target_os = "none"))]
    let lowest = top;
    (top - lowest, top - bottom)
}

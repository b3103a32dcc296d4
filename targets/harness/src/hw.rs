//! Hardware access for the firmware images: the stack's bounds and the
//! painting of its unused part (for the `STACK peak=` line), the UART and
//! the exit device of QEMU's RISC-V `virt` board, the `defmt` logger of the
//! Arm images, [`StaticCell`] for a static too big for a stack (the
//! minimal application's packed engram bank), and the one-entry device
//! interrupt table of the Arm application images.
//!
//! These are the only things the images need raw memory for, so this is
//! the only module with `unsafe` code. Apart from `StaticCell` (whose
//! argument is at its `unsafe impl`), everything here is a plain volatile
//! load or store of a `u8`/`u32` at an address that the board's memory map
//! (or the linker script) guarantees is mapped, aligned and not used by
//! anything else.
#![allow(unsafe_code)]

/// Stack bounds from the runtime's linker script: `(bottom, top)`, with the
/// stack growing down from `top` towards `bottom`.
#[cfg(target_os = "none")]
pub fn stack_bounds() -> (usize, usize) {
    // cortex-m-rt 0.7 `link.x`: the stack is [_stack_end, _stack_start).
    #[cfg(target_arch = "arm")]
    {
        extern "C" {
            static _stack_start: u32;
            static _stack_end: u32;
        }
        // Only the addresses of these symbols are used, never their contents.
        (
            core::ptr::addr_of!(_stack_end) as usize,
            core::ptr::addr_of!(_stack_start) as usize,
        )
    }
    // riscv-rt 0.18 `link.x`: `.stack` spans [__estack, _stack_start); with
    // a single hart (feature `single-hart`) hart 0 owns all of it.
    #[cfg(target_arch = "riscv32")]
    {
        extern "C" {
            static _stack_start: u32;
            static __estack: u32;
        }
        (
            core::ptr::addr_of!(__estack) as usize,
            core::ptr::addr_of!(_stack_start) as usize,
        )
    }
}

/// Host build: no stack to paint.
#[cfg(not(target_os = "none"))]
pub fn stack_bounds() -> (usize, usize) {
    (0, 0)
}

/// Writes `pattern` to every word in `[from, to)` (both 4-byte aligned).
///
/// Safety argument: callers pass a range inside the stack region that lies
/// strictly below the current stack pointer, so no live frame is touched;
/// that memory belongs to nobody until a deeper call pushes a frame there.
#[cfg(target_os = "none")]
pub fn fill_words(from: usize, to: usize, pattern: u32) {
    let mut p = from;
    while p < to {
        // SAFETY: see above; `p` is aligned and inside RAM.
        unsafe { core::ptr::write_volatile(p as *mut u32, pattern) };
        p += 4;
    }
}

/// Address of the first word in `[from, to)` that is not `pattern`, or `to`.
#[cfg(target_os = "none")]
pub fn first_word_not(from: usize, to: usize, pattern: u32) -> usize {
    let mut p = from;
    while p < to {
        // SAFETY: `[from, to)` is the stack region from `stack_bounds`:
        // mapped, aligned RAM. Reading it has no side effects.
        if unsafe { core::ptr::read_volatile(p as *const u32) } != pattern {
            return p;
        }
        p += 4;
    }
    to
}

/// QEMU `virt` (RISC-V) board devices.
#[cfg(target_arch = "riscv32")]
pub mod virt {
    /// NS16550A UART0 (QEMU `virt` memory map).
    const UART0: usize = 0x1000_0000;
    /// Line status register offset and its "transmit holding register empty" bit.
    const UART_LSR: usize = 5;
    const LSR_THRE: u8 = 0x20;
    /// SiFive test device ("test finisher").
    const TEST: usize = 0x0010_0000;
    const FINISHER_PASS: u32 = 0x5555;
    const FINISHER_FAIL: u32 = 0x3333;

    /// Sends bytes to UART0 (QEMU's `-serial`). No init needed under QEMU.
    pub fn uart_write(bytes: &[u8]) {
        for &b in bytes {
            // SAFETY: UART0's LSR and THR are byte-wide MMIO registers at
            // these fixed addresses on `virt`; only this function uses them.
            unsafe {
                while core::ptr::read_volatile((UART0 + UART_LSR) as *const u8) & LSR_THRE == 0 {}
                core::ptr::write_volatile(UART0 as *mut u8, b);
            }
        }
    }

    /// Stops QEMU: exit status 0 if `code == 0`, else `code` (1..=0xffff).
    pub fn exit(code: u16) -> ! {
        let v = if code == 0 {
            FINISHER_PASS
        } else {
            (u32::from(code) << 16) | FINISHER_FAIL
        };
        // SAFETY: 32-bit MMIO register of the SiFive test device on `virt`.
        unsafe { core::ptr::write_volatile(TEST as *mut u32, v) };
        // Not reached under QEMU.
        loop {
            core::hint::spin_loop();
        }
    }
}

/// A [`defmt`] global logger for the Arm images: encoded frames go to the
/// host's stderr through semihosting (`:tt` opened for append), so the text
/// report on stdout stays byte-for-byte what it is without `defmt`.
///
/// Needs `-Tdefmt.x` at link time (the `cortex-m4` crate's build script adds
/// it with its `defmt` feature). Decode with `defmt-print -e <elf>` reading
/// the captured stderr.
#[cfg(all(feature = "defmt", target_arch = "arm", target_os = "none"))]
pub mod defmt_logger {
    use core::ptr::addr_of_mut;
    use core::sync::atomic::{AtomicBool, Ordering};

    use cortex_m_semihosting::hio::{self, HostStream};

    #[defmt::global_logger]
    struct SemihostingLogger;

    /// Whether a frame is being written (defmt forbids nesting).
    static TAKEN: AtomicBool = AtomicBool::new(false);
    /// Whether interrupts were enabled when the frame started.
    static RESTORE_INTERRUPTS: AtomicBool = AtomicBool::new(false);
    /// Only touched between `acquire` and `release`, with interrupts masked.
    static mut ENCODER: defmt::Encoder = defmt::Encoder::new();
    /// Opened on the first write; same discipline as `ENCODER`.
    static mut STDERR: Option<HostStream> = None;

    fn write_stderr(bytes: &[u8]) {
        // SAFETY: called only from the logger below while it holds the
        // frame with interrupts masked: nothing else can reach STDERR.
        let stream = unsafe { &mut *addr_of_mut!(STDERR) };
        if stream.is_none() {
            *stream = hio::hstderr().ok();
        }
        if let Some(s) = stream {
            // Best effort, as defmt asks: an I/O error drops the bytes.
            let _ = s.write_all(bytes);
        }
    }

    // SAFETY: `acquire` masks interrupts and refuses nesting, so the
    // encoder and the stream are used by one frame at a time, from one
    // execution context; `release` restores the interrupt state.
    unsafe impl defmt::Logger for SemihostingLogger {
        fn acquire() {
            let was_enabled = cortex_m::register::primask::read().is_active();
            cortex_m::interrupt::disable();
            if TAKEN.load(Ordering::Relaxed) {
                panic!("defmt logger taken reentrantly");
            }
            TAKEN.store(true, Ordering::Relaxed);
            RESTORE_INTERRUPTS.store(was_enabled, Ordering::Relaxed);
            // SAFETY: the frame is ours (see above).
            unsafe { (*addr_of_mut!(ENCODER)).start_frame(write_stderr) };
        }

        unsafe fn flush() {}

        unsafe fn release() {
            // SAFETY: the caller holds the frame.
            unsafe { (*addr_of_mut!(ENCODER)).end_frame(write_stderr) };
            TAKEN.store(false, Ordering::Relaxed);
            if RESTORE_INTERRUPTS.load(Ordering::Relaxed) {
                // SAFETY: interrupts were enabled before `acquire`.
                unsafe { cortex_m::interrupt::enable() };
            }
        }

        unsafe fn write(bytes: &[u8]) {
            // SAFETY: the caller holds the frame.
            unsafe { (*addr_of_mut!(ENCODER)).write(bytes, write_stderr) };
        }
    }
}

/// A value in static RAM (`.bss` when its initial bytes are zero), handed
/// out at most once, as a [`Taken`] handle: for data too big for a stack,
/// such as a packed engram bank. `new` is `const`, so the value is never
/// built on the stack and moved.
pub struct StaticCell<T> {
    taken: core::sync::atomic::AtomicBool,
    value: core::cell::UnsafeCell<T>,
}

// SAFETY: the only access to `value` is through the one `Taken` that `take`
// hands out, once (checked and set inside a critical section).
unsafe impl<T: Send> Sync for StaticCell<T> {}

impl<T> StaticCell<T> {
    /// A cell holding `value`, not yet taken.
    pub const fn new(value: T) -> Self {
        Self {
            taken: core::sync::atomic::AtomicBool::new(false),
            value: core::cell::UnsafeCell::new(value),
        }
    }

    /// The handle to the value, the first time; `None` after that.
    pub fn take(&'static self) -> Option<Taken<T>> {
        use core::sync::atomic::Ordering;
        // Check-and-set without interrupts (thumbv6m has no atomic swap).
        let first = without_interrupts(|| {
            let first = !self.taken.load(Ordering::Acquire);
            self.taken.store(true, Ordering::Release);
            first
        });
        first.then_some(Taken(&self.value))
    }
}

/// The one handle to a [`StaticCell`]'s value: it dereferences to the
/// value, mutably through `&mut Taken`. Not `Clone`, so borrows of the
/// value follow the borrows of the handle.
pub struct Taken<T: 'static>(&'static core::cell::UnsafeCell<T>);

impl<T> core::ops::Deref for Taken<T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: `StaticCell::take` makes one `Taken` per cell, so every
        // reference to the value comes from this handle, and this shared
        // one lives no longer than the borrow of the handle.
        unsafe { &*self.0.get() }
    }
}

impl<T> core::ops::DerefMut for Taken<T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`; `&mut self` makes this the only reference.
        unsafe { &mut *self.0.get() }
    }
}

/// Runs `f` with interrupts masked (host: just runs it).
fn without_interrupts<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(all(target_arch = "arm", target_os = "none"))]
    return cortex_m::interrupt::free(|_| f());
    #[cfg(all(target_arch = "riscv32", target_os = "none"))]
    return riscv::interrupt::free(f);
    #[cfg(not(target_os = "none"))]
    f()
}

/// The device-interrupt part of the Cortex-M vector table, for an image
/// that enables no device interrupt (feature `no-device-interrupts`, with
/// cortex-m-rt's `device` feature and an empty `device.x`, see
/// `fw_image_build::no_device_interrupts`): one entry, the fewest
/// cortex-m-rt's `link.x` accepts, instead of its device-agnostic default of
/// a handler for every interrupt the architecture allows (240 on Armv7-M:
/// 960 bytes of flash; 32 on Armv6-M). The core exceptions (SysTick
/// included) are in `__EXCEPTIONS` as before; an interrupt that is never
/// enabled never reads this table.
#[cfg(all(
    feature = "no-device-interrupts",
    target_arch = "arm",
    target_os = "none"
))]
#[link_section = ".vector_table.interrupts"]
#[no_mangle]
pub static __INTERRUPTS: [unsafe extern "C" fn(); 1] = [DefaultHandler];

#[cfg(all(
    feature = "no-device-interrupts",
    target_arch = "arm",
    target_os = "none"
))]
extern "C" {
    /// cortex-m-rt's default handler (`link.x` provides it).
    fn DefaultHandler();
}

//! Cycle counters, deterministic under QEMU `-icount shift=N`.
//!
//! * Cortex-M: [`SysTickClock`] — the 24-bit SysTick down-counter on the core
//!   clock, extended to 64 bits by counting wraps in the SysTick exception
//!   (the firmware's `#[exception] fn SysTick` calls [`SysTickClock::on_wrap`]).
//! * RISC-V: [`McycleClock`] — the 64-bit `mcycle` CSR (`mcycle`/`mcycleh`).
//!
//! Under icount QEMU derives all of these from the instruction counter, so
//! the same ELF gives the same numbers on every run.

/// A monotonic tick source.
pub trait Clock {
    /// Name printed in the report header.
    const NAME: &'static str;
    /// Ticks since the clock was started.
    fn now(&mut self) -> u64;
    /// Converts ticks to executed guest instructions, assuming QEMU runs with
    /// `-icount shift=`[`crate::ICOUNT_SHIFT`].
    fn ticks_to_insns(&self, ticks: u64) -> u64;
}

/// Ticks spent in `f`, including the few instructions of the measurement
/// itself (printed as `CYCLES empty`).
pub fn measure<C: Clock, R>(clock: &mut C, f: impl FnOnce() -> R) -> u64 {
    let t0 = clock.now();
    let r = f();
    let t1 = clock.now();
    core::hint::black_box(r);
    t1.wrapping_sub(t0)
}

#[cfg(target_arch = "arm")]
pub use self::systick::SysTickClock;

#[cfg(target_arch = "arm")]
mod systick {
    use core::sync::atomic::{AtomicU32, Ordering};
    use cortex_m::peripheral::{syst::SystClkSource, SYST};

    /// Number of SysTick wraps so far. Only the SysTick exception writes it,
    /// so a plain load + store is enough (and thumbv6m has no atomic RMW).
    static WRAPS: AtomicU32 = AtomicU32::new(0);

    const RELOAD: u32 = 0x00FF_FFFF; // 24-bit counter, 2^24 ticks per wrap

    /// SysTick on the processor clock, extended to 64 bits.
    pub struct SysTickClock {
        _syst: SYST,
        core_mhz: u32,
    }

    impl SysTickClock {
        /// Takes SysTick, clocks it from the core clock (`core_hz`, which QEMU
        /// models as a fixed rate: 25 MHz on mps2-an386, 16 MHz on microbit)
        /// and starts it with the wrap interrupt enabled.
        pub fn start(mut syst: SYST, core_hz: u32) -> Self {
            syst.disable_counter();
            syst.set_clock_source(SystClkSource::Core);
            syst.set_reload(RELOAD);
            syst.clear_current();
            WRAPS.store(0, Ordering::Relaxed);
            syst.enable_interrupt();
            syst.enable_counter();
            SysTickClock {
                _syst: syst,
                core_mhz: core_hz / 1_000_000,
            }
        }

        /// Call from the SysTick exception handler.
        pub fn on_wrap() {
            WRAPS.store(
                WRAPS.load(Ordering::Relaxed).wrapping_add(1),
                Ordering::Relaxed,
            );
        }
    }

    impl super::Clock for SysTickClock {
        const NAME: &'static str = "systick";

        fn now(&mut self) -> u64 {
            // The wrap exception preempts thread mode as soon as the counter
            // reloads, so if WRAPS is the same before and after reading the
            // counter, the pair is consistent. (Must not be called with
            // interrupts masked.)
            loop {
                let w0 = WRAPS.load(Ordering::SeqCst);
                let cur = SYST::get_current();
                let w1 = WRAPS.load(Ordering::SeqCst);
                if w0 == w1 {
                    return (u64::from(w0) << 24) | u64::from(RELOAD - cur);
                }
            }
        }

        fn ticks_to_insns(&self, ticks: u64) -> u64 {
            // One tick = 1000/MHz ns; one instruction = 2^shift ns.
            ticks.saturating_mul(1000) / (u64::from(self.core_mhz) << crate::ICOUNT_SHIFT)
        }
    }
}

#[cfg(target_arch = "riscv32")]
pub use self::mcycle::McycleClock;

#[cfg(target_arch = "riscv32")]
mod mcycle {
    /// The machine cycle counter. QEMU 7.2 with icount returns its virtual
    /// clock in ns here, i.e. `instructions << shift`.
    pub struct McycleClock {
        _private: (),
    }

    impl McycleClock {
        /// The counter is always running in M-mode; nothing to set up.
        pub fn start() -> Self {
            McycleClock { _private: () }
        }

        /// Retired instructions (`minstret`), for cross-checking.
        pub fn instret(&self) -> u64 {
            riscv::register::minstret::read64()
        }
    }

    impl super::Clock for McycleClock {
        const NAME: &'static str = "mcycle";

        fn now(&mut self) -> u64 {
            riscv::register::mcycle::read64()
        }

        fn ticks_to_insns(&self, ticks: u64) -> u64 {
            ticks >> crate::ICOUNT_SHIFT
        }
    }
}

/// Host stand-in so `fw-harness` builds and tests on the development machine.
#[cfg(not(target_os = "none"))]
pub struct NullClock;

#[cfg(not(target_os = "none"))]
impl Clock for NullClock {
    const NAME: &'static str = "null";
    fn now(&mut self) -> u64 {
        0
    }
    fn ticks_to_insns(&self, ticks: u64) -> u64 {
        ticks
    }
}

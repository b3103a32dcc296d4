//! The on-target harness of the holon firmware images in `targets/`: what
//! every image runs (the workloads, report lines, digests, clocks, stack
//! painting) and the hardware access it needs.
//!
//! The firmware crates themselves are `#![forbid(unsafe_code)]`; every
//! `unsafe` block the images need (stack painting, the two MMIO registers of
//! QEMU's RISC-V `virt` board) lives in the one module [`hw`].
//!
//! A firmware image does, in order:
//! 1. [`stack::paint`] first thing in `main`, before any deep call;
//! 2. sets up its output sink and a [`clock::Clock`];
//! 3. [`run`] with its [`workload::Profile`], which prints the report lines
//!    and returns pass/fail;
//! 4. exits QEMU with status 0 on pass, non-zero on fail.
//!
//! Report lines (parsed by `run-all.sh`):
//! ```text
//! HOLON target=<name> clock=<clock> profile=<profile>
//! CYCLES <step> ticks=<n> insns=<n>       (<step> is <op>_<D> for the cost table)
//! RECORD d=<D> cache=<N> hits=<n> misses=<n> evictions=<n>
//! SENSOR ...                               (profile full only)
//! ENGRAMS / REPLAY / PHASE / VERDICTS ...  (the engram replay, see [`replay`])
//! SUBSPACE ...                             (the CCIPCA golden replay, see [`subspace`])
//! STACK peak=<bytes> size=<bytes>
//! ALGEBRA cases=<n> matched=<n> property=<n> digest=<hex>   (holon-rs golden algebra cases)
//! DIGEST <16 hex digits>
//! RESULT PASS | RESULT FAIL <why>
//! ```
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod algebra;
pub mod app;
pub mod clock;
pub mod digest;
pub mod hw;
pub mod line;
pub mod packed;
pub mod replay;
pub mod sensor;
pub mod slots;
pub mod stack;
pub mod subspace;
pub mod subspace_trace;
pub mod workload;

/// The core, for images that log its types (`defmt`).
pub use holon_core;
pub use workload::{Full, Profile, Small, Standard};

use core::fmt::Write;

/// QEMU `-icount shift=N` the runner uses (`qemu-run.sh`, env `ICOUNT_SHIFT`).
///
/// Under `-icount shift=N` every guest instruction advances QEMU's virtual
/// clock by exactly 2^N ns, so timer ticks convert back to instructions.
/// Only the `insns=` estimate depends on it; raw `ticks=` do not.
pub const ICOUNT_SHIFT: u32 = 6;

/// A loop of `n` iterations whose body the optimiser cannot remove.
#[inline(never)]
fn spin(n: u32) -> u32 {
    let mut x = 0u32;
    for i in 0..n {
        x = core::hint::black_box(x.wrapping_add(i));
    }
    x
}

/// Checks the clock is linear over a span longer than one SysTick wrap
/// (2^24 ticks): 20x the work must take 20x the ticks, within 1%.
fn clock_check<W: Write, C: clock::Clock>(out: &mut W, clock: &mut C) -> Result<(), &'static str> {
    const SMALL: u32 = 200_000;
    let small = clock::measure(clock, || spin(SMALL));
    let big = clock::measure(clock, || spin(20 * SMALL));
    for (name, ticks) in [("spin_200k", small), ("spin_4m", big)] {
        let insns = clock.ticks_to_insns(ticks);
        let _ = writeln!(out, "CYCLES {} ticks={} insns={}", name, ticks, insns);
    }
    let expect = 20 * small;
    if small == 0 || big.abs_diff(expect) > expect / 100 {
        return Err("clock not linear (SysTick wrap handling?)");
    }
    Ok(())
}

/// Runs the workload of profile `P`, prints the report and returns `true` on
/// success.
///
/// Call [`stack::paint`] before this (first thing in `main`).
pub fn run<P: Profile, W: Write, C: clock::Clock>(
    target: &str,
    out: &mut W,
    clock: &mut C,
) -> bool {
    run_with::<P, W, C>(target, out, clock, |_, _| Ok(()))
}

/// [`run`], plus `extra` after the workload (before the `STACK`, `DIGEST`
/// and `RESULT` lines): a phase of the image's own, such as the engram
/// [`replay`], that prints its own lines and stays out of the workload
/// digest (which must equal the host's for the profile). An `Err` fails the
/// run like a failed workload check.
pub fn run_with<P: Profile, W: Write, C: clock::Clock>(
    target: &str,
    out: &mut W,
    clock: &mut C,
    extra: impl FnOnce(&mut W, &mut C) -> Result<(), workload::Failure>,
) -> bool {
    let _ = writeln!(
        out,
        "HOLON target={} clock={} profile={}",
        target,
        C::NAME,
        P::NAME
    );

    // Clock sanity: time moves forward, and an empty interval is small.
    let empty = clock::measure(clock, || ());
    let _ = writeln!(
        out,
        "CYCLES empty ticks={} insns={}",
        empty,
        clock.ticks_to_insns(empty)
    );

    if let Err(why) = clock_check(out, clock) {
        let _ = writeln!(out, "RESULT FAIL {}", why);
        return false;
    }

    let result =
        workload::run::<P, W, C>(out, clock).and_then(|digest| extra(out, clock).map(|()| digest));
    #[cfg(feature = "selftest-fail")]
    let result: Result<u64, &str> = result.and(Err("selftest-fail feature"));
    #[cfg(feature = "selftest-panic")]
    if core::hint::black_box(true) {
        panic!("selftest-panic feature");
    }

    let (peak, size) = stack::high_water();
    let _ = writeln!(out, "STACK peak={} size={}", peak, size);

    match result {
        Ok(d) => {
            let _ = writeln!(out, "DIGEST {:016x}", d);
            if peak >= size {
                let _ = writeln!(out, "RESULT FAIL stack exhausted");
                false
            } else {
                let _ = writeln!(out, "RESULT PASS");
                true
            }
        }
        Err(why) => {
            let _ = writeln!(out, "RESULT FAIL {}", why);
            false
        }
    }
}

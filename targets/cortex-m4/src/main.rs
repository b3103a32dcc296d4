//! holon on QEMU `mps2-an386` (Cortex-M4F).
//!
//! Output and exit go through Arm semihosting (QEMU needs
//! `-semihosting-config enable=on,target=native`); timing uses SysTick on the
//! 25 MHz core clock QEMU models for this board. See `../scripts/qemu-run.sh`.
//!
//! With `--features defmt` the image also logs a few values with defmt
//! (holon-core's `defmt::Format` impls included) to semihosting stderr; the
//! text report on stdout is unchanged.
//!
//! Built with `HOLON_ENGRAM=<engram file>` (as `run-all.sh` does), the image
//! also replays a slice of the packet stream against the engrams the host
//! minted (`cfg(holon_replay)`, see `build.rs` and `fw_harness::replay`) and
//! prints a `VERDICTS` line whose digest must equal `holon score`'s.
#![no_std]
#![no_main]
#![forbid(unsafe_code)]

use core::fmt::Write;

use cortex_m_rt::{entry, exception};
use cortex_m_semihosting::{debug, hio};
use fw_harness::clock::SysTickClock;

/// The engram file and the replay records, made by `build.rs`.
#[cfg(holon_replay)]
mod replay_data {
    include!(concat!(env!("OUT_DIR"), "/replay.rs"));
}

/// Core clock QEMU models for mps2-an386 (`SYSCLK_FRQ`).
const CORE_HZ: u32 = 25_000_000;

#[entry]
fn main() -> ! {
    fw_harness::stack::paint();
    let ok = match (hio::hstdout(), cortex_m::Peripherals::take()) {
        (Ok(mut out), Some(p)) => {
            let mut clock = SysTickClock::start(p.SYST, CORE_HZ);
            fw_harness::run_with::<fw_harness::Full, _, _>(
                "cortex-m4",
                &mut out,
                &mut clock,
                replay,
            ) && fw_harness::packed::run_and_report::<fw_harness::Full, _, _>(&mut out, &mut clock)
        }
        _ => false,
    };
    #[cfg(feature = "defmt")]
    log_defmt(ok);
    debug::exit(if ok {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        cortex_m::asm::wfi();
    }
}

/// The engram replay, when the image was built with `HOLON_ENGRAM`.
fn replay<W: Write, C: fw_harness::clock::Clock>(
    out: &mut W,
    clock: &mut C,
) -> Result<(), fw_harness::workload::Failure> {
    fw_harness::subspace::run(out, clock)?;
    #[cfg(holon_replay)]
    fw_harness::replay::run(&replay_data::REPLAY, out, clock)?;
    #[cfg(not(holon_replay))]
    let _ = (out, clock);
    Ok(())
}

/// A few values through defmt: the verdict, an atom (holon-core's
/// `Format` for `Vector`), a key and a similarity.
#[cfg(feature = "defmt")]
fn log_defmt(ok: bool) {
    use fw_harness::holon_core::{atom::atom, ops::bundle, AtomKey, Vector};
    let hello: Vector<8> = atom(0, "hello");
    let key = AtomKey::new(0, "dst_port");
    let a: Vector<64> = key.vector();
    let b: Vector<64> = atom(0, "80");
    defmt::println!("holon cortex-m4 (defmt): pass={=bool}", ok);
    defmt::println!("atom hello = {}", hello);
    defmt::println!("key dst_port = {=u64:#x}", key.raw());
    defmt::println!(
        "D=64: cos(bundle(dst_port, 80), dst_port) = {=f32}",
        bundle(&[&a, &b]).cosine(&a)
    );
}

#[exception]
fn SysTick() {
    SysTickClock::on_wrap();
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    if let Ok(mut out) = hio::hstdout() {
        let _ = writeln!(out, "PANIC {}", info);
        let _ = writeln!(out, "RESULT FAIL panic");
    }
    debug::exit(debug::EXIT_FAILURE);
    loop {
        cortex_m::asm::wfi();
    }
}

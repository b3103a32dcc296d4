//! holon on QEMU `microbit` (nRF51822, Cortex-M0).
//!
//! Output and exit go through Arm semihosting (QEMU needs
//! `-semihosting-config enable=on,target=native`); timing uses SysTick on the
//! 16 MHz core clock QEMU models for the nRF51. See `../scripts/qemu-run.sh`.
#![no_std]
#![no_main]
#![forbid(unsafe_code)]

use core::fmt::Write;

use cortex_m_rt::{entry, exception};
use cortex_m_semihosting::{debug, hio};
use fw_harness::clock::SysTickClock;

/// Core clock QEMU models for the nRF51 (`HCLK_FRQ`).
const CORE_HZ: u32 = 16_000_000;

#[entry]
fn main() -> ! {
    fw_harness::stack::paint();
    let ok = match (hio::hstdout(), cortex_m::Peripherals::take()) {
        (Ok(mut out), Some(p)) => {
            let mut clock = SysTickClock::start(p.SYST, CORE_HZ);
            fw_harness::run_with::<fw_harness::Small, _, _>(
                "cortex-m0",
                &mut out,
                &mut clock,
                fw_harness::subspace::run_small,
            ) && fw_harness::packed::run_and_report::<fw_harness::Small, _, _>(&mut out, &mut clock)
        }
        _ => false,
    };
    debug::exit(if ok {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        cortex_m::asm::wfi();
    }
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

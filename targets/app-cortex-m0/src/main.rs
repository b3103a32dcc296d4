//! The minimal holon application ([`fw_harness::app`]) on QEMU `microbit`
//! (nRF51, Cortex-M0, 16 KiB of RAM): matching straight from the engram
//! file in flash, since a 96-engram bank (25.7 KB packed) does not fit.
#![no_std]
#![no_main]
#![forbid(unsafe_code)]

use cortex_m_rt::{entry, exception};
use cortex_m_semihosting::{debug, hio};
use fw_harness::clock::SysTickClock;

/// Core clock QEMU models for the nRF51 (`HCLK_FRQ`).
const CORE_HZ: u32 = 16_000_000;

/// The engram file (see `build.rs`), in flash.
static ENGRAM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/app.engram"));

#[entry]
fn main() -> ! {
    fw_harness::stack::paint();
    let ok = match (hio::hstdout(), cortex_m::Peripherals::take()) {
        (Ok(mut out), Some(p)) => {
            let mut clock = SysTickClock::start(p.SYST, CORE_HZ);
            fw_harness::app::run_from_flash("app-cortex-m0", &mut out, &mut clock, ENGRAM)
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
fn panic(_: &core::panic::PanicInfo) -> ! {
    // No formatting of the panic message: it would link core::fmt's panic
    // machinery into an image that otherwise has none.
    debug::exit(debug::EXIT_FAILURE);
    loop {
        cortex_m::asm::wfi();
    }
}

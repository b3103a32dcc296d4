//! The minimal holon application ([`fw_harness::app`]) on QEMU `mps2-an386`
//! (Cortex-M4F): the engram bank packed in static RAM.
#![no_std]
#![no_main]
#![forbid(unsafe_code)]

use cortex_m_rt::{entry, exception};
use cortex_m_semihosting::{debug, hio};
use fw_harness::{app::Bank, clock::SysTickClock, hw::StaticCell};

/// Core clock QEMU models for mps2-an386 (`SYSCLK_FRQ`).
const CORE_HZ: u32 = 25_000_000;

/// The engram file (see `build.rs`), in flash.
static ENGRAM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/app.engram"));

/// The packed bank, in `.bss`.
static BANK: StaticCell<Bank> = StaticCell::new(Bank::new());

#[entry]
fn main() -> ! {
    fw_harness::stack::paint();
    let ok = match (hio::hstdout(), cortex_m::Peripherals::take(), BANK.take()) {
        (Ok(mut out), Some(p), Some(mut bank)) => {
            let mut clock = SysTickClock::start(p.SYST, CORE_HZ);
            fw_harness::app::run_with_bank("app-cortex-m4", &mut out, &mut clock, ENGRAM, &mut bank)
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

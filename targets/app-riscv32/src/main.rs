//! The minimal holon application ([`fw_harness::app`]) on QEMU `virt`
//! (RV32IMAC): the engram bank packed in static RAM.
#![no_std]
#![no_main]
#![forbid(unsafe_code)]

use core::fmt::{self, Write};

use fw_harness::{app::Bank, clock::McycleClock, hw::virt, hw::StaticCell};
use riscv_rt::entry;

/// The engram file (see `build.rs`), in flash.
static ENGRAM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/app.engram"));

/// The packed bank, in `.bss`.
static BANK: StaticCell<Bank> = StaticCell::new(Bank::new());

/// `core::fmt::Write` over UART0.
struct Uart;

impl Write for Uart {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        virt::uart_write(s.as_bytes());
        Ok(())
    }
}

#[entry]
fn main() -> ! {
    fw_harness::stack::paint();
    let mut clock = McycleClock::start();
    let ok = match BANK.take() {
        Some(mut bank) => {
            fw_harness::app::run_with_bank("app-riscv32", &mut Uart, &mut clock, ENGRAM, &mut bank)
        }
        None => false,
    };
    virt::exit(if ok { 0 } else { 1 })
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    // No formatting of the panic message (see app-cortex-m4).
    virt::exit(101)
}

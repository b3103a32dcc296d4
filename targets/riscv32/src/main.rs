//! holon on QEMU `virt` (RV32IMAC), started with `-bios none`.
//!
//! Output goes to the NS16550 UART at 0x1000_0000 (QEMU's `-serial`); the
//! SiFive test device at 0x10_0000 ends QEMU with our exit status. Timing
//! uses the `mcycle` CSR. See `../scripts/qemu-run.sh`.
#![no_std]
#![no_main]
#![forbid(unsafe_code)]

use core::fmt::{self, Write};

use fw_harness::{
    clock::{Clock, McycleClock},
    hw::virt,
};
use riscv_rt::entry;

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
    let i0 = clock.instret();
    let ok = fw_harness::run_with::<fw_harness::Standard, _, _>(
        "riscv32",
        &mut Uart,
        &mut clock,
        fw_harness::subspace::run,
    ) && fw_harness::packed::run_and_report::<fw_harness::Standard, _, _>(
        &mut Uart, &mut clock,
    );
    let instret = clock.instret().wrapping_sub(i0);
    let _ = writeln!(
        Uart,
        "INSTRET run ticks={} insns={}",
        instret,
        clock.ticks_to_insns(instret)
    );
    virt::exit(if ok { 0 } else { 1 })
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    let _ = writeln!(Uart, "PANIC {}", info);
    let _ = writeln!(Uart, "RESULT FAIL panic");
    virt::exit(101)
}

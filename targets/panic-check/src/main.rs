//! Panic-freedom check for holon-core, by linking.
//!
//! The `#[panic_handler]` calls an `extern "C"` function that nothing
//! defines. After fat LTO the handler is only kept if some panic path
//! survived optimisation, and then the link fails with
//!
//! ```text
//! undefined reference to `holon_panic_check__a_panic_path_survived_optimisation'
//! ```
//!
//! (the linker also names the function holding the call). `main` calls every
//! public holon-core operation on inputs read with `read_volatile` from
//! statics, so the optimiser cannot constant-fold bounds or lengths away.
//! That includes vectors whose components are arbitrary bytes, wrapped with
//! `Vector::from_trusted_trits` or written through `trusted_trits_mut` (a
//! logic error, which must still never reach a panic).
//!
//! Only meaningful in `--release` (the workspace profile has `lto = true`,
//! `codegen-units = 1`, `panic = "abort"`). With the feature
//! `prove-the-check-bites` a deliberate out-of-bounds-capable slice index is
//! added and the link must fail.
//!
//! The image also runs: under QEMU (mps2-an386) it exits with status 0.
//!
//! One module per holon-core module it exercises (`atom`, `vector`, `ops`,
//! `accumulator`, `cache`, `record`, `magnitude`, `engram`, `detect`,
//! `memory`, `packed`; `algebra` for the extended `ops` submodules,
//! `metric` and the thermometer and decoders); `inputs` holds the shared
//! opaque inputs, `opaque` the only `unsafe`. This file only wires them.
#![no_std]
#![no_main]
#![deny(unsafe_code)]

use core::hint::black_box;

use cortex_m_rt::entry;
use cortex_m_semihosting::debug;
use holon_core::{atom::DeriveAtoms, record::RecordEncoder, AtomCache};

mod accumulator;
mod algebra;
mod atom;
mod cache;
mod detect;
mod engram;
mod inputs;
mod magnitude;
mod memory;
mod opaque;
mod ops;
mod packed;
mod record;
mod vector;

use inputs::SEED;
use opaque::read;

/// The core layer on valid inputs at dimension `D`.
fn trusted<const D: usize>() {
    atom::exercise::<D>();
    vector::exercise::<D>();
    ops::exercise::<D>();
    accumulator::exercise::<D>();
    cache::exercise::<D>();
}

/// Every layer that reads vectors, on vectors that break the trit
/// invariant: the results are unspecified, but no panic path may survive.
fn untrusted<const D: usize>() {
    vector::untrusted::<D>();
    ops::untrusted::<D>();
    accumulator::untrusted::<D>();
    engram::untrusted::<D>();
    record::untrusted::<D>();
}

#[entry]
fn main() -> ! {
    trusted::<1024>();
    trusted::<1000>();
    trusted::<3>();
    vector::truncations();
    untrusted::<1024>();
    untrusted::<1001>();
    record::exercise(&mut RecordEncoder::<256, 3, _>::new(
        read(&SEED),
        DeriveAtoms,
    ));
    record::exercise(&mut RecordEncoder::<64, 2, _>::new(
        read(&SEED),
        AtomCache::<64, 4>::new(),
    ));
    magnitude::exercise::<1024>();
    magnitude::exercise::<7>();
    let mut out = [0u8; 4096];
    engram::exercise::<1024, 2>(&mut out);
    engram::exercise::<1001, 3>(&mut out);
    engram::exercise::<3, 4>(&mut out);
    engram::exercise::<3, 0>(&mut out);
    black_box(&out);
    detect::exercise();
    algebra::exercise::<1024, 256>();
    algebra::exercise::<3, 5>();
    let mut memory_out = [0u8; 8192];
    memory::exercise(&mut memory_out);
    packed::exercise();

    #[cfg(feature = "prove-the-check-bites")]
    {
        // A slice index the optimiser cannot prove in bounds: keeps a
        // `panic_bounds_check` call, so the link must fail.
        let table = [1u8, 2, 3, 4];
        black_box(table[read(&inputs::SLICE_INDEX)]);
    }

    debug::exit(debug::EXIT_SUCCESS);
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    opaque::panic_path_survived()
}

//! Runs one SIMD kernel `N` times at D = 4096 and at one level, and nothing
//! else: the workload for counting instructions under an emulator, where
//! times mean nothing (scripts/aarch64-insn-counts.sh subtracts a run of
//! `N` from a run of `2N`, which cancels start-up and set-up).
//!
//! ```sh
//! cargo run --release -p holon-std --example kernel_loop -- cosine neon 100
//! ```
//!
//! Kernels: `cosine`, `bind` (into a vector), `bundle` (ten atoms) and
//! `atom` (a cold atom: the key's SHA-256 and its ChaCha8 keystream, a new
//! seed each time). Levels: any [`Level::name`]; one the CPU lacks falls
//! back as [`Level::effective`] says (the program prints the level used).

use std::hint::black_box;
use std::process::ExitCode;

use holon_core::atom::atom;
use holon_core::{AtomKey, Vector};
use holon_std::simd::{self, Level};

const D: usize = 4096;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kernel, level, count] = &args[..] else {
        eprintln!("usage: kernel_loop cosine|bind|bundle|atom LEVEL N");
        return ExitCode::from(2);
    };
    let Some(level) = Level::ALL.into_iter().find(|l| l.name() == level) else {
        eprintln!("kernel_loop: unknown level {level:?}");
        return ExitCode::from(2);
    };
    let Ok(count) = count.parse::<usize>() else {
        eprintln!("kernel_loop: N must be a count, not {count:?}");
        return ExitCode::from(2);
    };
    let a: Vector<D> = atom(0, "dst_port");
    let b: Vector<D> = atom(0, "443");
    let ten: Vec<Vector<D>> = (0..10).map(|i| atom(0, &format!("item{i}"))).collect();
    let mut out = Vector::<D>::zero();
    // Folded into the exit line so no result can be optimised away.
    let mut check = 0i64;
    match kernel.as_str() {
        "cosine" => {
            for _ in 0..count {
                check += simd::cosine_at(level, black_box(&a), black_box(&b)).to_bits() as i64;
            }
        }
        "bind" => {
            for _ in 0..count {
                simd::bind_into_at(level, black_box(&a), black_box(&b), &mut out);
                check += i64::from(black_box(&out).as_trits()[7]);
            }
        }
        "bundle" => {
            for _ in 0..count {
                simd::bundle_into_at(level, black_box(&ten[..]), &mut out);
                check += i64::from(black_box(&out).as_trits()[7]);
            }
        }
        "atom" => {
            // A new seed each time makes a new key without building a text
            // (which the N-versus-2N difference would count).
            for seed in 0..count as u64 {
                let key = AtomKey::new(black_box(seed), "value");
                let v: Vector<D> = simd::key_vector_at(level, key);
                check += i64::from(v.as_trits()[7]);
            }
        }
        other => {
            eprintln!("kernel_loop: unknown kernel {other:?}");
            return ExitCode::from(2);
        }
    }
    println!(
        "{kernel} x{count} at {} (check {check})",
        level.effective().name()
    );
    ExitCode::SUCCESS
}

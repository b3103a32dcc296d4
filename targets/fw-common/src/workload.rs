//! The work every firmware image runs: holon-core's public operations on
//! fixed inputs, each timed, all outputs folded into one digest.
//!
//! The same function runs on the host (`cargo test -p fw-common`), so the
//! firmware digest can be compared with the host's.
//!
//! Stack: a `Vector<D>` is `D` bytes and an `Accumulator<D>` `4 * D`. Each
//! phase is its own non-inlined function so that only its temporaries are
//! live at once; the 16 KiB RAM of the microbit is the budget.

use core::fmt::Write;

use holon_core::{
    atom::{atom, position},
    ops::{bind, bundle, permute},
    Accumulator, AtomKey, AtomStream, Vector,
};

use crate::{clock::Clock, digest::Fnv64};

include!(concat!(env!("OUT_DIR"), "/golden.rs"));

/// Dimension used on every target (a `Vector<D>` is `D` bytes).
pub const D: usize = 1024;

/// Why the workload failed.
pub type Failure = &'static str;

fn absorb<const N: usize>(h: &mut Fnv64, v: &Vector<N>) {
    for &t in v.as_trits() {
        h.write(&t.to_le_bytes());
    }
}

fn fnv<const N: usize>(v: &Vector<N>) -> u64 {
    let mut h = Fnv64::new();
    absorb(&mut h, v);
    h.finish()
}

/// Times `f`, prints a `CYCLES` line, returns `f`'s result.
pub fn step<W: Write, C: Clock, R>(
    out: &mut W,
    clock: &mut C,
    name: &str,
    f: impl FnOnce() -> R,
) -> R {
    let t0 = clock.now();
    let r = f();
    let t1 = clock.now();
    let ticks = t1.wrapping_sub(t0);
    let _ = writeln!(
        out,
        "CYCLES {} ticks={} insns={}",
        name,
        ticks,
        clock.ticks_to_insns(ticks)
    );
    r
}

struct Atoms {
    port: Vector<D>,
    http: Vector<D>,
    pos: Vector<D>,
}

#[inline(never)]
fn known_answers<W: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut W,
    clock: &mut C,
) -> Result<(), Failure> {
    // Pinned by holon-core's own docs (SHA-256, ChaCha8).
    let key = step(out, clock, "atom_key", || AtomKey::new(0, ""));
    if key.raw() != 0x7a0b_81a1_f570_55af {
        return Err("AtomKey::new(0, \"\") known answer");
    }
    h.write_u64(key.raw());
    let hello: Vector<8> = atom(0, "hello");
    if hello.as_trits() != &[0, -1, -1, 0, 1, 1, 1, 0] {
        return Err("atom::<8>(0, \"hello\") known answer");
    }
    absorb(h, &hello);
    Ok(())
}

/// Re-derives every golden atom of the reference holon-rs by streaming its
/// components into a digest (no vector is materialised, so 4096-dim atoms
/// fit the smallest target) and compares with the build-time table.
#[inline(never)]
fn golden_atoms<W: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut W,
    clock: &mut C,
) -> Result<(), Failure> {
    let checked = step(out, clock, "golden_atoms", || {
        for &(seed, dims, text, expected) in GOLDEN_ATOMS {
            let mut digest = Fnv64::new();
            for t in AtomStream::new(seed, text).take(dims) {
                digest.write(&t.to_le_bytes());
            }
            if digest.finish() != expected {
                return Err("golden atom mismatch");
            }
        }
        Ok(GOLDEN_ATOMS.len())
    })?;
    let _ = writeln!(out, "GOLDEN atoms={checked} ok");
    h.write_u64(checked as u64);
    Ok(())
}

#[inline(never)]
fn make_atoms<W: Write, C: Clock>(h: &mut Fnv64, out: &mut W, clock: &mut C, a: &mut Atoms) {
    a.port = step(out, clock, "atom_1024", || atom(0, "dst_port"));
    a.http = atom(0, "80");
    a.pos = position(0, 3);
    absorb(h, &a.port);
    absorb(h, &a.http);
    absorb(h, &a.pos);
}

#[inline(never)]
fn phase_bind<W: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut W,
    clock: &mut C,
    a: &Atoms,
) -> Result<(), Failure> {
    let pair = step(out, clock, "bind_1024", || bind(&a.port, &a.http));
    absorb(h, &pair);
    if bind(&pair, &a.port).cosine(&a.http) <= 0.8 {
        return Err("bind is not self-inverse");
    }
    if a.port.cosine(&a.http).abs() >= 0.15 {
        return Err("independent atoms not near-orthogonal");
    }
    let dot = step(out, clock, "dot_1024", || a.port.dot(&a.http));
    h.write_u64(dot as u64);
    Ok(())
}

/// Returns the FNV of the bundle, to compare with the accumulator's.
#[inline(never)]
fn phase_bundle<W: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut W,
    clock: &mut C,
    a: &Atoms,
) -> Result<u64, Failure> {
    let b = step(out, clock, "bundle3_1024", || {
        bundle(&[&a.port, &a.http, &a.pos])
    });
    absorb(h, &b);
    for v in [&a.port, &a.http, &a.pos] {
        if b.cosine(v) <= 0.3 {
            return Err("bundle not similar to its inputs");
        }
    }
    Ok(fnv(&b))
}

#[inline(never)]
fn phase_permute<W: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut W,
    clock: &mut C,
    a: &Atoms,
) -> Result<(), Failure> {
    let p = step(out, clock, "permute_1024", || permute(&a.port, 7));
    absorb(h, &p);
    if permute(&p, -7) != a.port {
        return Err("permute does not invert");
    }
    Ok(())
}

#[inline(never)]
fn phase_accumulate<W: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut W,
    clock: &mut C,
    a: &Atoms,
    bundle_fnv: u64,
) -> Result<(), Failure> {
    let mut acc = Accumulator::<D>::new();
    step(out, clock, "acc_add3_1024", || {
        acc.add(&a.port);
        acc.add(&a.http);
        acc.add(&a.pos);
    });
    let t = acc.threshold();
    absorb(h, &t);
    if fnv(&t) != bundle_fnv {
        return Err("accumulator threshold != bundle");
    }
    Ok(())
}

/// Runs the workload; `Ok(digest)` or `Err(reason)` if a known answer or an
/// algebraic property does not hold.
pub fn run<W: Write, C: Clock>(out: &mut W, clock: &mut C) -> Result<u64, Failure> {
    let mut h = Fnv64::new();
    known_answers(&mut h, out, clock)?;
    golden_atoms(&mut h, out, clock)?;
    let mut a = Atoms {
        port: Vector::zero(),
        http: Vector::zero(),
        pos: Vector::zero(),
    };
    make_atoms(&mut h, out, clock, &mut a);
    phase_bind(&mut h, out, clock, &a)?;
    let bf = phase_bundle(&mut h, out, clock, &a)?;
    phase_permute(&mut h, out, clock, &a)?;
    phase_accumulate(&mut h, out, clock, &a, bf)?;
    Ok(h.finish())
}

#[cfg(all(test, not(target_os = "none")))]
mod tests {
    extern crate std;

    /// Prints the digest the firmware images must reproduce.
    #[test]
    fn host_digest() {
        let mut out = std::string::String::new();
        let r = super::run(&mut out, &mut crate::clock::NullClock);
        let d = r.expect("workload failed on the host");
        std::println!("DIGEST {:016x}", d);
    }
}

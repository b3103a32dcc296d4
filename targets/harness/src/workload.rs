//! The work every firmware image runs: holon-core's public operations on
//! fixed inputs, each timed, all outputs folded into one digest.
//!
//! The same function runs on the host (`cargo test -p fw-harness`), so the
//! firmware digest can be compared with the host's.
//!
//! Stack: a `Vector<D>` is `D` bytes and an `Accumulator<D>` `4 * D`. Each
//! phase is its own non-inlined function so that only its temporaries are
//! live at once; the 16 KiB RAM of the microbit is the budget.

use core::fmt::Write;

use holon_core::{
    atom::{atom, position, Codebook},
    ops::{bind, bundle, permute},
    record::{RecordEncoder, Scalar},
    Accumulator, AtomCache, AtomKey, AtomStream, Vector,
};

use crate::{clock::Clock, digest::Fnv64, line::Line};

include!(concat!(env!("OUT_DIR"), "/golden.rs"));

/// Dimension of the common workload, on every target (a `Vector<D>` is `D`
/// bytes).
pub const D: usize = 1024;

/// The second dimension of the [`Full`] profile (Cortex-M4): a server's.
pub const D_LARGE: usize = 4096;

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

/// Times `f`, prints a `CYCLES <name>` line, returns `f`'s result.
pub fn step<W: Write, C: Clock, R>(
    out: &mut W,
    clock: &mut C,
    name: &str,
    f: impl FnOnce() -> R,
) -> R {
    timed(out, clock, name, None, f)
}

/// [`step`] for an operation at dimension `dim`: the line reads
/// `CYCLES <name>_<dim> ...`.
pub fn step_at<W: Write, C: Clock, R>(
    out: &mut W,
    clock: &mut C,
    name: &str,
    dim: usize,
    f: impl FnOnce() -> R,
) -> R {
    timed(out, clock, name, Some(dim), f)
}

#[inline(always)]
fn timed<W: Write, C: Clock, R>(
    out: &mut W,
    clock: &mut C,
    name: &str,
    dim: Option<usize>,
    f: impl FnOnce() -> R,
) -> R {
    let t0 = clock.now();
    let r = f();
    let t1 = clock.now();
    let ticks = t1.wrapping_sub(t0);
    cycles_line(out, name, dim, ticks, clock.ticks_to_insns(ticks));
    r
}

/// Prints `CYCLES <name>[_<dim>] ticks=<ticks> insns=<insns>`. One
/// out-of-line copy for every measurement keeps the micro:bit's flash small.
#[inline(never)]
pub fn cycles_line(out: &mut dyn Write, name: &str, dim: Option<usize>, ticks: u64, insns: u64) {
    // Piece by piece (crate::line): the application image has no other
    // use of core::fmt's formatting.
    let line = Line::new(out, "CYCLES ").text(name);
    let line = match dim {
        Some(d) => line.text("_").num(d as u64),
        None => line,
    };
    line.text(" ticks=")
        .num(ticks)
        .text(" insns=")
        .num(insns)
        .end();
}

struct Atoms<const DIM: usize> {
    port: Vector<DIM>,
    http: Vector<DIM>,
    pos: Vector<DIM>,
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
fn make_atoms<const DIM: usize, W: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut W,
    clock: &mut C,
    a: &mut Atoms<DIM>,
) {
    a.port = step_at(out, clock, "atom", DIM, || atom(0, "dst_port"));
    a.http = atom(0, "80");
    a.pos = position(0, 3);
    absorb(h, &a.port);
    absorb(h, &a.http);
    absorb(h, &a.pos);
}

#[inline(never)]
fn phase_bind<const DIM: usize, W: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut W,
    clock: &mut C,
    a: &Atoms<DIM>,
) -> Result<(), Failure> {
    let pair = step_at(out, clock, "bind", DIM, || bind(&a.port, &a.http));
    absorb(h, &pair);
    if bind(&pair, &a.port).cosine(&a.http) <= 0.8 {
        return Err("bind is not self-inverse");
    }
    if a.port.cosine(&a.http).abs() >= 0.15 {
        return Err("independent atoms not near-orthogonal");
    }
    let dot = step_at(out, clock, "dot", DIM, || a.port.dot(&a.http));
    h.write_u64(dot as u64);
    let cos = step_at(out, clock, "cosine", DIM, || a.port.cosine(&pair));
    h.write(&cos.to_bits().to_le_bytes());
    Ok(())
}

/// Returns the FNV of the bundle, to compare with the accumulator's.
#[inline(never)]
fn phase_bundle<const DIM: usize, W: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut W,
    clock: &mut C,
    a: &Atoms<DIM>,
) -> Result<u64, Failure> {
    let b = step_at(out, clock, "bundle3", DIM, || {
        bundle(&[&a.port, &a.http, &a.pos])
    });
    absorb(h, &b);
    for v in [&a.port, &a.http, &a.pos] {
        if b.cosine(v) <= 0.3 {
            return Err("bundle not similar to its inputs");
        }
    }
    // Ten inputs. Repeats cost the same as distinct vectors (every input is
    // read in full) and keep the micro:bit's stack small.
    let (p, x, q) = (&a.port, &a.http, &a.pos);
    let ten = [p, x, q, p, x, q, p, x, q, x];
    let b10 = step_at(out, clock, "bundle10", DIM, || bundle(&ten));
    absorb(h, &b10);
    // http is in it 4 times, the others 3 times each.
    let (cx, cp) = (b10.cosine(x), b10.cosine(p));
    if cx <= cp || cp <= 0.3 {
        return Err("bundle of ten: not most similar to its most frequent input");
    }
    Ok(fnv(&b))
}

#[inline(never)]
fn phase_permute<const DIM: usize, W: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut W,
    clock: &mut C,
    a: &Atoms<DIM>,
) -> Result<(), Failure> {
    let p = step_at(out, clock, "permute", DIM, || permute(&a.port, 7));
    absorb(h, &p);
    if permute(&p, -7) != a.port {
        return Err("permute does not invert");
    }
    Ok(())
}

#[inline(never)]
fn phase_accumulate<const DIM: usize, W: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut W,
    clock: &mut C,
    a: &Atoms<DIM>,
    bundle_fnv: u64,
) -> Result<(), Failure> {
    let mut acc = Accumulator::<DIM>::new();
    step_at(out, clock, "acc_add", DIM, || acc.add(&a.port));
    step_at(out, clock, "acc_add2", DIM, || {
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

/// A cold atom through the cache (a miss), then hits by key and by text.
#[inline(never)]
fn phase_cache<const DIM: usize, W: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut W,
    clock: &mut C,
    a: &Atoms<DIM>,
) -> Result<(), Failure> {
    let mut cache = AtomCache::<DIM, 1>::new();
    let key = AtomKey::new(0, "dst_port");
    if *cache.get(key) != a.port {
        return Err("cached atom differs from the derived one");
    }
    step_at(out, clock, "cached_atom", DIM, || {
        core::hint::black_box(cache.get(key));
    });
    step_at(out, clock, "cached_atom_text", DIM, || {
        core::hint::black_box(cache.get_str(0, "dst_port"));
    });
    let stats = cache.stats();
    if (stats.hits, stats.misses) != (2, 1) {
        return Err("atom cache: expected 2 hits and 1 miss");
    }
    absorb(h, cache.get(key));
    Ok(())
}

/// The common algebra at dimension `DIM`: each operation timed, checked
/// and folded into the digest.
#[inline(never)]
fn algebra<const DIM: usize, W: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut W,
    clock: &mut C,
) -> Result<(), Failure> {
    let mut a = Atoms {
        port: Vector::<DIM>::zero(),
        http: Vector::zero(),
        pos: Vector::zero(),
    };
    make_atoms(h, out, clock, &mut a);
    phase_bind(h, out, clock, &a)?;
    let bf = phase_bundle(h, out, clock, &a)?;
    phase_permute(h, out, clock, &a)?;
    phase_accumulate(h, out, clock, &a, bf)?;
    phase_cache(h, out, clock, &a)
}

/// The 4-field packet of the cost table, through any codebook.
fn encode_packet<const DIM: usize, B: Codebook<DIM>>(
    enc: &mut RecordEncoder<DIM, 1, B>,
) -> Result<Vector<DIM>, holon_core::Error> {
    enc.field("protocol", Scalar::Str("UDP"))?;
    enc.field("src_port", Scalar::Uint(53))?;
    enc.field("dst_port", Scalar::Uint(61864))?;
    enc.field("payload_size", Scalar::Uint(2546))?;
    enc.finish()
}

/// `{"protocol":"UDP","src_port":53,"dst_port":61864,"payload_size":2546}`
/// through a [`RecordEncoder`] whose codebook is an `AtomCache<DIM, CAP>`:
/// once cold (8 misses), then warm (8 hits), both timed. Memory: the
/// encoder is `9 * DIM` bytes (one frame of `6 * DIM`, `3 * DIM` scratch),
/// the cache `CAP * DIM`.
#[inline(never)]
pub fn phase_record<const DIM: usize, const CAP: usize, W: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut W,
    clock: &mut C,
) -> Result<(), Failure> {
    let mut enc = RecordEncoder::<DIM, 1, AtomCache<DIM, CAP>>::new(0, AtomCache::new());
    let cold = step_at(out, clock, "record4_cold", DIM, || encode_packet(&mut enc))
        .map_err(|_| "record encoder (cold) failed")?;
    let warm = step_at(out, clock, "record4", DIM, || encode_packet(&mut enc))
        .map_err(|_| "record encoder (warm) failed")?;
    let stats = enc.codebook().stats();
    let _ = writeln!(
        out,
        "RECORD d={} cache={} hits={} misses={} evictions={}",
        DIM, CAP, stats.hits, stats.misses, stats.evictions
    );
    if (stats.hits, stats.misses) != (8, 8) {
        return Err("record: the warm encode did not hit the cache for all 8 atoms");
    }
    if cold != warm {
        return Err("record: warm and cold encodes differ");
    }
    absorb(h, &warm);
    // The packet is similar to its fields (one probe: the digest pins the
    // rest against the host).
    let probe = bind(&atom::<DIM>(0, "dst_port"), &atom(0, "61864"));
    let cos = warm.cosine(&probe);
    h.write(&cos.to_bits().to_le_bytes());
    if cos <= 0.3 {
        return Err("record: not similar to its dst_port field");
    }
    Ok(())
}

/// What a firmware image runs beyond the common workload, chosen for its
/// RAM. The host computes the digest of every profile
/// (`cargo test -p fw-harness`) and `run-all.sh` compares each image with
/// its profile's.
pub trait Profile {
    /// Printed in the `HOLON` line as `profile=`.
    const NAME: &'static str;
    /// Dimension of the record-encoder phase.
    const RECORD_D: usize;
    /// The record-encoder phase ([`phase_record`]) at `RECORD_D`.
    fn record<W: Write, C: Clock>(h: &mut Fnv64, out: &mut W, clock: &mut C)
        -> Result<(), Failure>;
    /// Phases only this profile runs.
    fn extra<W: Write, C: Clock>(
        _h: &mut Fnv64,
        _out: &mut W,
        _clock: &mut C,
    ) -> Result<(), Failure> {
        Ok(())
    }
}

/// The micro:bit (16 KiB of RAM): the common workload at `D = 1024`, the
/// record encoder at `D = 256` with an 8-atom cache (about 4.5 KiB; at
/// `D = 512` the stack overflows).
pub struct Small;

impl Profile for Small {
    const NAME: &'static str = "small";
    const RECORD_D: usize = 256;
    fn record<W: Write, C: Clock>(
        h: &mut Fnv64,
        out: &mut W,
        clock: &mut C,
    ) -> Result<(), Failure> {
        phase_record::<256, 8, W, C>(h, out, clock)
    }
}

/// RISC-V `virt`: everything at `D = 1024`, the record encoder with an
/// 8-atom cache (17 KiB).
pub struct Standard;

impl Profile for Standard {
    const NAME: &'static str = "standard";
    const RECORD_D: usize = D;
    fn record<W: Write, C: Clock>(
        h: &mut Fnv64,
        out: &mut W,
        clock: &mut C,
    ) -> Result<(), Failure> {
        phase_record::<D, 8, W, C>(h, out, clock)
    }
}

/// mps2-an386 (4 MiB of RAM): [`Standard`], then the algebra and the record
/// encoder again at [`D_LARGE`] (the record phase alone needs about
/// 70 KiB of stack there), then the sensor-sampler demo.
pub struct Full;

impl Profile for Full {
    const NAME: &'static str = "full";
    const RECORD_D: usize = D;
    fn record<W: Write, C: Clock>(
        h: &mut Fnv64,
        out: &mut W,
        clock: &mut C,
    ) -> Result<(), Failure> {
        Standard::record(h, out, clock)
    }
    fn extra<W: Write, C: Clock>(h: &mut Fnv64, out: &mut W, clock: &mut C) -> Result<(), Failure> {
        algebra::<D_LARGE, W, C>(h, out, clock)?;
        phase_record::<D_LARGE, 8, W, C>(h, out, clock)?;
        crate::sensor::demo(h, out, clock)
    }
}

/// The digest of the magnitude encodings pinned by the host conformance test
/// `tests/tests/magnitude.rs::determinism_digest` (same list, same order).
const SCALAR_DIGEST: u64 = 0xe4a1_325b_6ae0_abfb;

/// Re-encodes, with the table-free scalar functions at `D = 1024`, the 31
/// values the host pins, and compares the digest: the same values give the
/// same vectors on this target as on x86-64.
#[inline(never)]
fn scalar_encodings<W: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut W,
    clock: &mut C,
) -> Result<(), Failure> {
    use holon_core::magnitude::{circular, linear, log, time};
    let mut digest = Fnv64::new();
    let linear_at = |x: f64| linear::<D>(0, x, 100.0).map_err(|_| "linear scale refused");
    let first = step(out, clock, "scalar_linear_table_free", || linear_at(0.0))?;
    absorb(&mut digest, &first);
    for x in [1.0, 13.0, 40.0, 100.0, -57.25, 1e9, f64::INFINITY, f64::NAN] {
        absorb(&mut digest, &linear_at(x)?);
    }
    for x in [52.0, 55.0, 1400.0, 1e-3, 1e6, 5e-324, 0.0, f64::INFINITY] {
        absorb(&mut digest, &log::<D>(0, x));
    }
    for x in [0.0, 1.0, 12.0, 23.0, 23.999, -1.0, 1e6] {
        let v = circular::<D>(0, x, 24.0).map_err(|_| "circular period refused")?;
        absorb(&mut digest, &v);
    }
    let monday_9 = 1_704_704_400; // 2024-01-08T09:00:00Z, as in the host test
    for t in [
        0,
        -1,
        monday_9,
        1_709_208_000,
        951_825_600,
        -11_676_096_000,
        13_574_563_200,
    ] {
        absorb(&mut digest, &time::<D>(0, t));
    }
    let _ = writeln!(out, "SCALARS digest={:016x}", digest.finish());
    if digest.finish() != SCALAR_DIGEST {
        return Err("magnitude encodings differ from the host's pinned digest");
    }
    h.write_u64(digest.finish());
    Ok(())
}

/// Runs the workload of profile `P`; `Ok(digest)` or `Err(reason)` if a
/// known answer or an algebraic property does not hold.
pub fn run<P: Profile, W: Write, C: Clock>(out: &mut W, clock: &mut C) -> Result<u64, Failure> {
    let mut h = Fnv64::new();
    known_answers(&mut h, out, clock)?;
    golden_atoms(&mut h, out, clock)?;
    scalar_encodings(&mut h, out, clock)?;
    crate::algebra::golden(&mut h, out)?;
    algebra::<D, W, C>(&mut h, out, clock)?;
    P::record(&mut h, out, clock)?;
    P::extra(&mut h, out, clock)?;
    Ok(h.finish())
}

#[cfg(all(test, not(target_os = "none")))]
mod tests {
    extern crate std;

    use super::{Full, Profile, Small, Standard};

    fn digest<P: Profile>() {
        let mut out = std::string::String::new();
        let r = super::run::<P, _, _>(&mut out, &mut crate::clock::NullClock);
        let d = r.unwrap_or_else(|e| {
            panic!(
                "profile {}: workload failed on the host: {e}\n{out}",
                P::NAME
            )
        });
        std::println!("DIGEST {} {:016x}", P::NAME, d);
        if std::env::var_os("HOLON_SHOW_REPORT").is_some() {
            std::println!("{out}");
        }
    }

    /// Prints the digests the firmware images must reproduce, one line per
    /// profile: `DIGEST <profile> <hex>`.
    #[test]
    fn host_digest() {
        digest::<Small>();
        digest::<Standard>();
        digest::<Full>();
    }
}

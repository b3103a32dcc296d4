//! The packed vectors of `holon_core::packed` on target: each hot
//! operation timed (`CYCLES packed_<op>_<D>`), checked against the same
//! operation on unpacked vectors, and folded into a digest that must equal
//! the host's (`DIGEST packed-<profile> <hex>`, compared by `run-all.sh`).
//!
//! Runs after the common workload ([`run_and_report`] is one call in each
//! image's `main`), at D = 1024 on every target and also at D = 4096 on the
//! [`Full`](crate::Full) profile. Besides the algebra it encodes the
//! 4-field packet of the cost table as a packed record (the bundle of
//! `bind(atom(field), atom(value))`, the record encoder's meaning, DESIGN
//! §6), which fits a micro:bit at D = 1024.

use core::fmt::Write;

use holon_core::{
    atom::atom,
    ops::{bind, bundle},
    packed::{self, words, PackedVector},
    record::Scalar,
    AtomKey, Vector,
};

use crate::{
    clock::Clock,
    digest::Fnv64,
    workload::{step_at, Failure, Profile},
};

fn absorb<const D: usize, const W: usize>(h: &mut Fnv64, v: &PackedVector<D, W>) {
    let (nonzero, negative) = v.planes();
    for w in nonzero.iter().chain(negative) {
        h.write(&w.to_le_bytes());
    }
}

/// The 4-field packet of the cost table.
pub const PACKET: [(&str, Scalar<'static>); 4] = [
    ("protocol", Scalar::Str("UDP")),
    ("src_port", Scalar::Uint(53)),
    ("dst_port", Scalar::Uint(61864)),
    ("payload_size", Scalar::Uint(2546)),
];

/// A flat record as the record encoder means it: the bundle of
/// `bind(atom(field), atom(value))`, every atom derived into the planes.
pub fn encode_flat<const D: usize, const W: usize>(
    seed: u64,
    fields: &[(&str, Scalar<'_>)],
    leaves: &mut [PackedVector<D, W>],
) -> Result<PackedVector<D, W>, Failure> {
    let used = fields.len().min(leaves.len());
    for ((key, value), leaf) in fields.iter().zip(leaves.iter_mut()) {
        let filler = value
            .key(seed)
            .map_err(|_| "packed record: value has no atom")?;
        *leaf = packed::bind(
            &PackedVector::from_key(AtomKey::new(seed, key)),
            &PackedVector::from_key(filler),
        );
    }
    Ok(packed::bundle(leaves.get(..used).unwrap_or(&[])))
}

/// Atoms, conversion, bind, dot, cosine, bundle and truncation at `D`.
#[inline(never)]
fn algebra<const D: usize, const W: usize, Out: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut Out,
    clock: &mut C,
) -> Result<(), Failure> {
    let port: PackedVector<D, W> =
        step_at(out, clock, "packed_atom", D, || packed::atom(0, "dst_port"));
    let http: PackedVector<D, W> = packed::atom(0, "80");
    let pos: PackedVector<D, W> = packed::position(0, 3);
    let (port_v, http_v): (Vector<D>, Vector<D>) = (atom(0, "dst_port"), atom(0, "80"));
    if port.to_vector() != port_v || http.to_vector() != http_v {
        return Err("packed atom != atom");
    }
    let repacked = step_at(out, clock, "packed_pack", D, || {
        PackedVector::<D, W>::from_vector(&port_v)
    });
    let mut unpacked = Vector::<D>::zero();
    step_at(out, clock, "packed_unpack", D, || {
        repacked.unpack_into(&mut unpacked)
    });
    if repacked != port || unpacked != port_v {
        return Err("pack / unpack not lossless");
    }
    absorb(h, &port);
    absorb(h, &http);
    absorb(h, &pos);

    let mut pair = PackedVector::<D, W>::zero();
    step_at(out, clock, "packed_bind", D, || {
        packed::bind_into(&port, &http, &mut pair)
    });
    let pair_v = bind(&port_v, &http_v);
    if pair.to_vector() != pair_v {
        return Err("packed bind != bind");
    }
    absorb(h, &pair);

    let dot = step_at(out, clock, "packed_dot", D, || port.dot(&http));
    let cos = step_at(out, clock, "packed_cosine", D, || port.cosine(&pair));
    if dot != port_v.dot(&http_v) || cos.to_bits() != port_v.cosine(&pair_v).to_bits() {
        return Err("packed dot / cosine != unpacked");
    }
    h.write_u64(dot as u64);
    h.write(&cos.to_bits().to_le_bytes());

    // The counting kernels on more pairs (the same vector twice included),
    // against the unpacked algebra; not in the digest.
    let pos_v = pos.to_vector();
    let packed = [&port, &http, &pos, &pair];
    let unpacked = [&port_v, &http_v, &pos_v, &pair_v];
    for (a, a_v) in packed.iter().zip(&unpacked) {
        for (b, b_v) in packed.iter().zip(&unpacked) {
            let same_cosine = a.cosine(b).to_bits() == a_v.cosine(b_v).to_bits();
            if a.dot(b) != a_v.dot(b_v) || !same_cosine || a.nnz() != a_v.nnz() {
                return Err("packed dot / cosine / nnz != unpacked");
            }
        }
    }

    let (p, x, q) = (&port, &http, &pos);
    let ten = [p, x, q, p, x, q, p, x, q, x];
    let b10 = step_at(out, clock, "packed_bundle10", D, || packed::bundle(&ten));
    let ten_v = [
        &port_v, &http_v, &pos_v, &port_v, &http_v, &pos_v, &port_v, &http_v, &pos_v, &http_v,
    ];
    if b10.to_vector() != bundle(&ten_v) {
        return Err("packed bundle != bundle");
    }
    absorb(h, &b10);

    let short = port.truncate::<256, { words(256) }>();
    if short.to_vector() != port_v.truncate::<256>() {
        return Err("packed truncate != truncate");
    }
    absorb(h, &short);
    Ok(())
}

/// The 4-field packet as a packed record at `D`, cold (8 atoms derived).
#[inline(never)]
fn record<const D: usize, const W: usize, Out: Write, C: Clock>(
    h: &mut Fnv64,
    out: &mut Out,
    clock: &mut C,
) -> Result<(), Failure> {
    let mut leaves = [const { PackedVector::<D, W>::zero() }; 4];
    let packet = step_at(out, clock, "packed_record4_cold", D, || {
        encode_flat(0, &PACKET, &mut leaves)
    })?;
    let probe = packed::bind(&packed::atom(0, "dst_port"), &packed::atom(0, "61864"));
    let cos = packet.cosine(&probe);
    if cos <= 0.3 {
        return Err("packed record: not similar to its dst_port field");
    }
    absorb(h, &packet);
    h.write(&cos.to_bits().to_le_bytes());
    Ok(())
}

/// Runs the packed phases of profile `P`; `Ok(digest)`.
pub fn run<P: Profile, Out: Write, C: Clock>(out: &mut Out, clock: &mut C) -> Result<u64, Failure> {
    let mut h = Fnv64::new();
    algebra::<1024, { words(1024) }, _, _>(&mut h, out, clock)?;
    record::<1024, { words(1024) }, _, _>(&mut h, out, clock)?;
    if P::NAME == crate::Full::NAME {
        algebra::<4096, { words(4096) }, _, _>(&mut h, out, clock)?;
        record::<4096, { words(4096) }, _, _>(&mut h, out, clock)?;
    }
    Ok(h.finish())
}

/// [`run`], then its report line: `DIGEST packed-<profile> <hex>`, or
/// `RESULT FAIL packed: <why>`. Returns `true` on success.
pub fn run_and_report<P: Profile, Out: Write, C: Clock>(out: &mut Out, clock: &mut C) -> bool {
    match run::<P, _, _>(out, clock) {
        Ok(digest) => {
            let _ = writeln!(out, "DIGEST packed-{} {:016x}", P::NAME, digest);
            true
        }
        Err(why) => {
            let _ = writeln!(out, "RESULT FAIL packed: {}", why);
            false
        }
    }
}

#[cfg(all(test, not(target_os = "none")))]
mod tests {
    extern crate std;

    use super::*;
    use crate::{Full, Small, Standard};
    use holon_core::{record::RecordEncoder, AtomCache};

    fn digest<P: Profile>() {
        let mut out = std::string::String::new();
        let ok = run_and_report::<P, _, _>(&mut out, &mut crate::clock::NullClock);
        std::print!(
            "\n{}",
            out.lines()
                .filter(|l| l.starts_with("DIGEST"))
                .map(|l| std::format!("{l}\n"))
                .collect::<std::string::String>()
        );
        assert!(ok, "packed phases failed on the host:\n{out}");
    }

    /// The digests the images must print, `DIGEST packed-<profile> <hex>`
    /// (`run-all.sh` runs this module's tests apart from `host_digest`, one
    /// thread, and the lines start on a fresh line: the harness's progress
    /// dots have no newline of their own).
    #[test]
    fn packed_digests() {
        digest::<Small>();
        digest::<Standard>();
        digest::<Full>();
    }

    #[test]
    fn the_packed_record_is_the_record_encoders() {
        let mut leaves = [const { PackedVector::<1024, 32>::zero() }; 4];
        let packed = encode_flat(0, &PACKET, &mut leaves).unwrap();
        let mut enc = RecordEncoder::<1024, 1, AtomCache<1024, 8>>::new(0, AtomCache::new());
        for (key, value) in PACKET {
            enc.field(key, value).unwrap();
        }
        assert_eq!(packed.to_vector(), enc.finish().unwrap());
    }
}

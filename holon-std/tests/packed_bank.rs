//! The packed engram bank against the unpacked one, on the engrams minted
//! from the bundled stream: the same bytes load into both, and every match
//! (`top_k`, `best_in_slot`) is the same, cosine bits included.

use holon_core::atom::atom;
use holon_core::engram::{EngramBank, EngramFile};
use holon_core::ops::bind;
use holon_core::packed::{words, PackedBank, PackedVector};
use holon_core::Vector;
use holon_std::detect::{Detector, DetectorConfig};
use holon_std::detect::{DETECT_BANK_CAPACITY, DETECT_DIMS};

mod bundled;
use bundled::bundled_stream;

const D: usize = DETECT_DIMS;
const W: usize = words(DETECT_DIMS);

/// The engram file `holon mint --warmup 300` writes for the bundled stream.
fn minted() -> Vec<u8> {
    let records = bundled_stream();
    let mut detector = Detector::<D>::new(0, DetectorConfig::default());
    records[..300]
        .iter()
        .for_each(|r| detector.learn(r).expect("a record"));
    let bank = detector
        .mint::<DETECT_BANK_CAPACITY>()
        .expect("fits the bank");
    let mut bytes = vec![0u8; bank.encoded_len()];
    bank.emit(0, &mut bytes).expect("emits");
    bytes
}

/// Queries: every prototype, each with a share of components flipped or
/// zeroed (near matches, ties, far ones), and the atoms and pair bindings of
/// values the stream carries.
fn queries(file: &EngramFile<D, &[u8]>) -> Vec<Vector<D>> {
    let mut out = Vec::new();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for record in file.iter() {
        let p = record.prototype();
        out.push(p.clone());
        for share in [5u64, 30, 60] {
            out.push(Vector::from_fn(|i| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                match seed % 100 {
                    r if r < share / 2 => -p.as_trits()[i],
                    r if r < share => 0,
                    _ => p.as_trits()[i],
                }
            }));
        }
    }
    for value in ["UDP", "TCP", "53", "80", "443", "123", "SYN", "true"] {
        let v: Vector<D> = atom(0, value);
        out.push(bind(&v, &atom(0, "dst_port")));
        out.push(v);
    }
    out.push(Vector::zero());
    out
}

#[test]
fn the_packed_bank_matches_like_the_engram_bank_on_the_minted_file() {
    let bytes = minted();
    let file = EngramFile::<D, _>::new_checked(&bytes[..]).expect("checks");
    assert!(
        file.len() >= 90,
        "the bundled stream mints about 96 engrams"
    );

    let (bank, seed) = EngramBank::<D, DETECT_BANK_CAPACITY>::from_bytes(&bytes).expect("loads");
    let mut packed: Box<PackedBank<D, W, DETECT_BANK_CAPACITY>> = Box::new(PackedBank::new());
    assert_eq!(packed.load(&bytes), Ok(seed));
    assert_eq!(packed.len(), bank.len());

    let mut slots: Vec<u32> = bank.iter().map(|e| e.slot()).collect();
    slots.sort_unstable();
    slots.dedup();
    slots.push(0xDEAD_BEEF); // a slot with no engram
    for (engram, p) in bank.iter().zip(packed.as_slice()) {
        assert_eq!(
            (engram.slot(), engram.threshold().to_bits()),
            (p.slot(), p.threshold().to_bits())
        );
        assert_eq!(&p.prototype().to_vector(), engram.prototype());
    }
    for query in queries(&file) {
        let q = PackedVector::<D, W>::from_vector(&query);
        let (a, b) = (bank.top_k::<8>(&query), packed.top_k::<8>(&q));
        let bits = |t: [Option<(usize, f32)>; 8]| t.map(|m| m.map(|(i, c)| (i, c.to_bits())));
        assert_eq!(bits(a), bits(b));
        for &slot in &slots {
            let (a, b) = (
                bank.best_in_slot(slot, &query),
                packed.best_in_slot(slot, &q),
            );
            assert_eq!(
                a.map(|(i, c)| (i, c.to_bits())),
                b.map(|(i, c)| (i, c.to_bits()))
            );
        }
    }
}

#[test]
fn the_bundled_bank_fits_in_26_kb() {
    let bytes = minted();
    let file = EngramFile::<D, _>::new_checked(&bytes[..]).expect("checks");
    let bank_bytes = file.len() * PackedBank::<D, W, 1>::BYTES_PER_ENGRAM;
    assert_eq!(PackedBank::<D, W, 1>::BYTES_PER_ENGRAM, 268);
    assert!(
        bank_bytes <= 26_000,
        "{} engrams take {bank_bytes} bytes",
        file.len()
    );
    assert!(std::mem::size_of::<PackedBank<D, W, 96>>() <= 26_000);
}

#[test]
fn a_damaged_file_leaves_the_packed_bank_unchanged() {
    let mut bytes = minted();
    let mut packed: Box<PackedBank<D, W, DETECT_BANK_CAPACITY>> = Box::new(PackedBank::new());
    packed.load(&bytes).expect("loads");
    let before: Vec<_> = packed.as_slice().to_vec();
    bytes[100] ^= 0x40;
    assert!(packed.load(&bytes).is_err());
    assert_eq!(packed.as_slice(), &before[..]);
    let mut small: Box<PackedBank<D, W, 8>> = Box::new(PackedBank::new());
    assert!(small.load(&minted()).is_err(), "more engrams than capacity");
}

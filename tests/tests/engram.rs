//! Engram banks and their byte format (DESIGN §7): round trips, rejection
//! of every corruption, matching against a brute-force reference, and a fuzz
//! property that malformed bytes give an error, never a panic.

use holon_core::atom::atom;
use holon_core::engram::{
    encoded_len, record_len, Engram, EngramBank, EngramFile, HEADER_LEN, RECORD_FIXED_LEN,
    TRAILER_LEN,
};
use holon_core::{Error, Vector};
use proptest::prelude::*;

/// CRC-32 (zlib) computed bit by bit: an oracle independent of the core's
/// table-driven one.
fn crc32_bitwise(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Rewrites the trailer so a deliberate fault gets past the checksum.
fn reseal(bytes: &mut [u8]) {
    if bytes.len() >= TRAILER_LEN {
        let end = bytes.len() - TRAILER_LEN;
        let crc = crc32_bitwise(&bytes[..end]);
        bytes[end..].copy_from_slice(&crc.to_le_bytes());
    }
}

const NAMES: [&str; 6] = [
    "",
    "a",
    "dns.qname",
    "exactly-thirty-two-bytes-long-xx",
    "pairs:src_port×dst_port",
    "ünïcödé",
];

/// A bank of `n` engrams with varied names, slots, thresholds and counts.
fn bank<const D: usize, const N: usize>(n: usize, seed: u64) -> Box<EngramBank<D, N>> {
    let mut bank = Box::new(EngramBank::new());
    let thresholds = [0.5, -0.0, 1.0e-40, -3.25, f32::MAX, 0.123_456_79];
    for i in 0..n {
        let proto: Vector<D> = atom(seed, &format!("engram-{i}"));
        let engram = Engram::new(
            NAMES[i % NAMES.len()],
            (i % 3) as u32,
            proto,
            thresholds[i % thresholds.len()],
            (i as u32).wrapping_mul(2_654_435_761),
        )
        .unwrap();
        bank.push(engram).unwrap();
    }
    bank
}

fn emit<const D: usize, const N: usize>(bank: &EngramBank<D, N>, seed: u64) -> Vec<u8> {
    let mut out = vec![0u8; bank.encoded_len()];
    let n = bank.emit(seed, &mut out).unwrap();
    assert_eq!(n, out.len());
    out
}

fn round_trip<const D: usize, const N: usize>(engrams: usize) {
    let original = bank::<D, N>(engrams, 3);
    let bytes = emit(&original, 0xDEAD_BEEF_0123_4567);
    assert_eq!(bytes.len(), encoded_len(D, engrams));
    assert_eq!(
        crc32_bitwise(&bytes[..bytes.len() - 4]).to_le_bytes(),
        bytes[bytes.len() - 4..]
    );

    let mut back = Box::new(EngramBank::<D, N>::new());
    let seed = back.load(&bytes).unwrap();
    assert_eq!(seed, 0xDEAD_BEEF_0123_4567);
    assert_eq!(*back, *original);
    // Bit-exact, including -0.0 and subnormal thresholds: re-emitting gives
    // the same bytes.
    assert_eq!(emit(&back, seed), bytes);
    for (a, b) in back.iter().zip(original.iter()) {
        assert_eq!(a.threshold().to_bits(), b.threshold().to_bits());
        assert_eq!(a.name(), b.name());
    }

    let file = EngramFile::<D, _>::new_checked(&bytes[..]).unwrap();
    assert_eq!(file.len(), engrams);
    assert_eq!(file.dimensions(), D);
    for (record, engram) in file.iter().zip(original.iter()) {
        assert_eq!(record.to_engram(), *engram);
        assert_eq!(&record.prototype(), engram.prototype());
    }
}

#[test]
fn round_trip_at_1024() {
    round_trip::<1024, 16>(16);
    round_trip::<1024, 16>(0);
    assert_eq!(encoded_len(1024, 16), 4844);
}

#[test]
fn round_trip_at_an_odd_dimension() {
    round_trip::<1001, 8>(7);
    round_trip::<1, 4>(4);
    round_trip::<3, 4>(2);
}

#[test]
fn sizes_follow_from_d_and_count_alone() {
    assert_eq!(encoded_len(4096, 64), 68_444);
    assert_eq!(record_len(4096), 1069);
    for d in [1usize, 2, 3, 4, 5, 1001, 1024] {
        assert_eq!(record_len(d), RECORD_FIXED_LEN + d.div_ceil(4));
        assert_eq!(
            encoded_len(d, 5),
            HEADER_LEN + 5 * record_len(d) + TRAILER_LEN
        );
    }
    assert_eq!(encoded_len(usize::MAX, 4), usize::MAX);
}

const SMALL: usize = 13;

fn small_file() -> Vec<u8> {
    emit(&bank::<SMALL, 4>(3, 1), 77)
}

fn parse_small(bytes: &[u8]) -> Result<(), Error> {
    let view = EngramFile::<SMALL, _>::new_checked(bytes).map(|_| ());
    let bank = EngramBank::<SMALL, 4>::from_bytes(bytes).map(|_| ());
    assert_eq!(view, bank, "view and bank disagree");
    view
}

#[test]
fn every_single_byte_corruption_is_rejected() {
    let clean = small_file();
    assert_eq!(clean.len(), 24 + 3 * (45 + 4) + 4);
    parse_small(&clean).unwrap();
    for at in 0..clean.len() {
        for value in 0..=255u8 {
            if value == clean[at] {
                continue;
            }
            let mut bytes = clean.clone();
            bytes[at] = value;
            assert!(parse_small(&bytes).is_err(), "byte {at} = {value:#04x}");
        }
    }
}

#[test]
fn truncations_and_extensions_are_rejected() {
    let clean = small_file();
    for len in 0..clean.len() {
        assert!(parse_small(&clean[..len]).is_err(), "truncated to {len}");
    }
    for extra in [1usize, 3, 4, 49, 53, 1000] {
        let mut bytes = clean.clone();
        bytes.resize(clean.len() + extra, 0);
        assert_eq!(
            parse_small(&bytes),
            Err(Error::BadLength {
                expected: clean.len(),
                found: clean.len() + extra
            })
        );
        // Even resealed, the header's count no longer matches.
        reseal(&mut bytes);
        assert!(parse_small(&bytes).is_err());
    }
    // A truncated tail that still holds a whole header is a length error.
    assert_eq!(
        parse_small(&clean[..clean.len() - 1]),
        Err(Error::BadLength {
            expected: clean.len(),
            found: clean.len() - 1
        })
    );
}

#[test]
fn wrong_dimension_is_rejected() {
    let bytes = small_file();
    let expect = |expected| {
        Err::<(), _>(Error::DimensionMismatch {
            expected,
            found: SMALL,
        })
    };
    assert_eq!(
        EngramFile::<12, _>::new_checked(&bytes[..]).map(|_| ()),
        expect(12)
    );
    assert_eq!(
        EngramFile::<14, _>::new_checked(&bytes[..]).map(|_| ()),
        expect(14)
    );
    assert_eq!(
        EngramBank::<1024, 4>::from_bytes(&bytes).map(|_| ()),
        expect(1024)
    );
    // The same number of packed bytes (D = 16 packs into 4 bytes too) does
    // not fool the reader.
    assert_eq!(
        EngramBank::<16, 4>::from_bytes(&bytes).map(|_| ()),
        expect(16)
    );
}

#[test]
fn more_engrams_than_capacity_is_rejected() {
    let bytes = emit(&bank::<64, 5>(5, 0), 0);
    assert_eq!(
        EngramBank::<64, 4>::from_bytes(&bytes).map(|_| ()),
        Err(Error::CapacityExceeded { capacity: 4 })
    );
    assert_eq!(
        EngramBank::<64, 0>::from_bytes(&bytes).map(|_| ()),
        Err(Error::CapacityExceeded { capacity: 0 })
    );
    let (exact, _) = EngramBank::<64, 5>::from_bytes(&bytes).unwrap();
    assert_eq!(exact.len(), 5);
    assert!(exact.is_full());
    // An empty file loads into a zero-capacity bank.
    let empty = emit(&EngramBank::<64, 0>::new(), 9);
    assert_eq!(EngramBank::<64, 0>::from_bytes(&empty).unwrap().1, 9);
}

#[test]
fn emit_into_a_short_buffer_is_an_error() {
    let bank = bank::<SMALL, 4>(3, 1);
    let needed = bank.encoded_len();
    let mut out = vec![0xAAu8; needed + 10];
    for len in 0..needed {
        assert_eq!(
            bank.emit(0, &mut out[..len]),
            Err(Error::BufferTooSmall { needed })
        );
    }
    assert_eq!(bank.emit(0, &mut out), Ok(needed));
    assert!(
        out[needed..].iter().all(|&b| b == 0xAA),
        "wrote past the file"
    );
}

#[test]
fn names_and_thresholds_are_checked_on_construction() {
    let v: Vector<8> = Vector::zero();
    assert!(Engram::new(&"x".repeat(32), 0, v.clone(), 0.0, 0).is_ok());
    assert_eq!(
        Engram::new(&"x".repeat(33), 0, v.clone(), 0.0, 0),
        Err(Error::NameTooLong { limit: 32 })
    );
    // 31 ASCII bytes plus a 2-byte character: 33 bytes.
    let long = format!("{}é", "x".repeat(31));
    assert_eq!(
        Engram::new(&long, 0, v.clone(), 0.0, 0),
        Err(Error::NameTooLong { limit: 32 })
    );
    for t in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
        assert_eq!(Engram::new("t", 0, v.clone(), t, 0), Err(Error::NonFinite));
    }
}

#[test]
fn error_texts_name_the_problem() {
    assert_eq!(
        Error::BufferTooSmall { needed: 75 }.to_string(),
        "output buffer too small: 75 bytes needed"
    );
    assert_eq!(
        Error::DimensionMismatch {
            expected: 1024,
            found: 4096
        }
        .to_string(),
        "encoded for D = 4096, expected D = 1024"
    );
    assert_eq!(
        Error::ChecksumMismatch {
            stored: 1,
            computed: 0xABCD
        }
        .to_string(),
        "checksum mismatch: stored 0x00000001, computed 0x0000abcd"
    );
}

#[test]
fn a_server_at_4096_mints_for_a_device_at_1024() {
    // The server learns at 4096 and ships the 1024-prefix; the device's own
    // atoms at 1024 find the right engram (prefix property).
    let mut device_bank: Box<EngramBank<1024, 8>> = Box::new(EngramBank::new());
    for (slot, value) in ["udp", "tcp", "icmp"].into_iter().enumerate() {
        let learned: Vector<4096> = atom(0, value);
        let engram = Engram::new(value, slot as u32, learned.truncate::<1024>(), 0.5, 1).unwrap();
        device_bank.push(engram).unwrap();
    }
    let bytes = emit(&device_bank, 0);
    let (loaded, seed) = EngramBank::<1024, 8>::from_bytes(&bytes).unwrap();
    let query: Vector<1024> = atom(seed, "tcp");
    assert_eq!(
        loaded.top_k::<1>(&query)[0].map(|(i, _)| i),
        loaded.find("tcp")
    );
    assert_eq!(loaded.best_in_slot(1, &query).map(|(i, _)| i), Some(1));
}

// Matching against a brute-force reference. D = 8 makes equal cosines
// common, so tie-breaking is exercised.

const M: usize = 8;

fn vector<const N: usize>() -> impl Strategy<Value = Vector<N>> {
    proptest::collection::vec(-1i8..=1, N).prop_map(|t| Vector::try_from_trits(&t).unwrap())
}

fn reference_ranking(protos: &[(u32, Vector<M>)], query: &Vector<M>) -> Vec<(usize, f32)> {
    let mut all: Vec<(usize, f32)> = protos
        .iter()
        .enumerate()
        .map(|(i, (_, p))| (i, p.cosine(query)))
        .collect();
    all.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap().then(a.0.cmp(&b.0)));
    all
}

fn bank_of(protos: &[(u32, Vector<M>)]) -> EngramBank<M, 12> {
    let mut bank = EngramBank::new();
    for (i, (slot, p)) in protos.iter().enumerate() {
        bank.push(Engram::new(&format!("e{i}"), *slot, p.clone(), 0.0, 0).unwrap())
            .unwrap();
    }
    bank
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn top_k_matches_a_sorted_reference(
        protos in proptest::collection::vec((0u32..3, vector::<M>()), 0..=12),
        query in vector::<M>(),
    ) {
        let bank = bank_of(&protos);
        let reference = reference_ranking(&protos, &query);
        let expect = |k: usize| -> Vec<Option<(usize, f32)>> {
            (0..k).map(|i| reference.get(i).copied()).collect()
        };
        prop_assert_eq!(bank.top_k::<0>(&query).to_vec(), expect(0));
        prop_assert_eq!(bank.top_k::<1>(&query).to_vec(), expect(1));
        prop_assert_eq!(bank.top_k::<3>(&query).to_vec(), expect(3));
        prop_assert_eq!(bank.top_k::<12>(&query).to_vec(), expect(12));
        prop_assert_eq!(bank.top_k::<15>(&query).to_vec(), expect(15));
    }

    #[test]
    fn best_in_slot_matches_a_filtered_reference(
        protos in proptest::collection::vec((0u32..3, vector::<M>()), 0..=12),
        query in vector::<M>(),
        slot in 0u32..4,
    ) {
        let bank = bank_of(&protos);
        let expected = reference_ranking(&protos, &query)
            .into_iter()
            .find(|&(i, _)| protos[i].0 == slot);
        prop_assert_eq!(bank.best_in_slot(slot, &query), expected);
    }
}

// Fuzz: arbitrary and mutated bytes never panic; whatever is accepted is
// canonical (re-emits to the same bytes).

#[derive(Debug, Clone)]
enum Mutation {
    Set(usize, u8),
    Xor(usize, u8),
    Truncate(usize),
    Extend(Vec<u8>),
    Reseal,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        4 => (any::<usize>(), 1u8..).prop_map(|(i, b)| Mutation::Xor(i, b)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        1 => proptest::collection::vec(any::<u8>(), 1..64).prop_map(Mutation::Extend),
        3 => Just(Mutation::Reseal),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    match *m {
        Mutation::Set(i, b) if !bytes.is_empty() => {
            let at = i % bytes.len();
            bytes[at] = b;
        }
        Mutation::Xor(i, b) if !bytes.is_empty() => {
            let at = i % bytes.len();
            bytes[at] ^= b;
        }
        Mutation::Truncate(n) => {
            let len = bytes.len();
            bytes.truncate(n % (len + 1));
        }
        Mutation::Extend(ref tail) => bytes.extend_from_slice(tail),
        Mutation::Reseal => reseal(bytes),
        _ => {}
    }
}

/// Parses at two dimensions and capacities; whatever is accepted must
/// re-emit to the same bytes.
fn never_panics(bytes: &[u8]) -> Result<(), TestCaseError> {
    let view = EngramFile::<SMALL, _>::new_checked(bytes);
    if let Ok(file) = &view {
        for record in file {
            let _ = (
                record.name(),
                record.slot(),
                record.threshold(),
                record.count(),
            );
            let _ = record.prototype();
        }
        let _ = (file.seed(), file.checksum(), file.get(usize::MAX));
    }
    match EngramBank::<SMALL, 4>::from_bytes(bytes) {
        Ok((bank, seed)) => {
            prop_assert!(view.is_ok());
            let mut out = vec![0u8; bytes.len()];
            prop_assert_eq!(bank.emit(seed, &mut out), Ok(bytes.len()));
            prop_assert_eq!(&out[..], bytes);
        }
        Err(e) => prop_assert!(
            view.is_err() || e == Error::CapacityExceeded { capacity: 4 },
            "bank refused what the view accepted: {e}"
        ),
    }
    let _ = EngramBank::<12, 2>::from_bytes(bytes);
    Ok(())
}

/// A header for `SMALL` claiming `count` engrams, then `body`, sealed.
fn forged(count: u32, body: &[u8]) -> Vec<u8> {
    let mut bytes = b"HLNG".to_vec();
    bytes.extend_from_slice(&1u16.to_le_bytes());
    bytes.extend_from_slice(&0u16.to_le_bytes());
    bytes.extend_from_slice(&(SMALL as u32).to_le_bytes());
    bytes.extend_from_slice(&count.to_le_bytes());
    bytes.extend_from_slice(&5u64.to_le_bytes());
    bytes.extend_from_slice(body);
    bytes.extend_from_slice(&[0; 4]);
    reseal(&mut bytes);
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn fuzz_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        never_panics(&bytes)?;
    }

    #[test]
    fn fuzz_mutated_valid_files(
        engrams in 0usize..=5,
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let mut bytes = emit(&bank::<SMALL, 5>(engrams, 2), 11);
        for m in &mutations {
            apply(&mut bytes, m);
        }
        never_panics(&bytes)?;
    }

    #[test]
    fn fuzz_forged_headers_with_random_records(
        count in prop_oneof![0u32..6, any::<u32>()],
        len in 0usize..300,
        pokes in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..12),
    ) {
        // Mostly-zero records with a few random bytes, under a correct header
        // and checksum: only the record checks stand between them and the
        // bank. Once at a random length, once at the length `count` implies.
        let whole = (count as usize).min(5) * record_len(SMALL);
        for len in [len, whole] {
            let mut body = vec![0u8; len];
            for &(at, value) in &pokes {
                if len > 0 {
                    body[at % len] = value;
                }
            }
            never_panics(&forged(count, &body))?;
        }
    }
}

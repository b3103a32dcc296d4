//! Version 2 of the engram format: subspace engrams next to prototypes.
//! Round trips, sizes from the header alone, rejection of every corruption
//! and of every structural fault behind a valid checksum, matching by
//! residual against a reference, and fuzzing that never panics.

use holon_core::atom::atom;
use holon_core::engram::{
    emit_with_subspaces, encoded_len_with_subspaces, record_len, Engram, EngramBank, EngramFile,
    SubspaceBank, SUBSPACE_FORMAT_VERSION, SUBSPACE_HEADER_LEN, SUBSPACE_RECORD_FIXED_LEN,
    TRAILER_LEN,
};
use holon_core::memory::OnlineSubspace;
use holon_core::{Error, Vector};
use proptest::prelude::*;

const D: usize = 16;
const K: usize = 4;

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

fn reseal(bytes: &mut [u8]) {
    if bytes.len() >= TRAILER_LEN {
        let end = bytes.len() - TRAILER_LEN;
        let crc = crc32_bitwise(&bytes[..end]);
        bytes[end..].copy_from_slice(&crc.to_le_bytes());
    }
}

/// A subspace trained on `n` observations drawn from `span` atoms.
fn trained(tag: &str, span: usize, n: usize) -> OnlineSubspace<D, K> {
    let mut sub = OnlineSubspace::new(2);
    for i in 0..n {
        sub.update(&atom::<D>(1, &format!("{tag}-{}", i % span)));
    }
    sub
}

fn banks(subspaces: usize) -> (EngramBank<D, 3>, Box<SubspaceBank<D, K, 4>>) {
    let mut protos = EngramBank::new();
    protos
        .push(Engram::new("p", 1, atom(1, "p"), 0.25, 3).unwrap())
        .unwrap();
    let mut subs = Box::new(SubspaceBank::new());
    for i in 0..subspaces {
        let sub = trained(&format!("s{i}"), 2 + i, 10 + 7 * i);
        subs.push(&format!("sub-{i}"), i as u32, sub.threshold(), &sub)
            .unwrap();
    }
    (protos, subs)
}

fn emit(protos: &EngramBank<D, 3>, subs: &SubspaceBank<D, K, 4>) -> Vec<u8> {
    let mut out = vec![0u8; subs.encoded_len_with(protos)];
    assert_eq!(
        emit_with_subspaces(7, protos, subs, &mut out),
        Ok(out.len())
    );
    out
}

#[test]
fn both_kinds_round_trip_and_the_size_follows_from_the_header() {
    for n in 0..=3 {
        let (protos, subs) = banks(n);
        let bytes = emit(&protos, &subs);
        let file = EngramFile::<D, _>::new_checked(&bytes[..]).unwrap();
        assert_eq!(file.version(), SUBSPACE_FORMAT_VERSION);
        assert_eq!((file.len(), file.subspace_count()), (1, n));
        let rows = subs
            .iter()
            .map(|e| e.subspace().active())
            .max()
            .unwrap_or(0);
        assert_eq!(file.subspace_rows(), rows);
        assert_eq!(bytes.len(), encoded_len_with_subspaces(D, 1, n, rows));
        assert_eq!(
            bytes.len(),
            SUBSPACE_HEADER_LEN
                + record_len(D)
                + n * (SUBSPACE_RECORD_FIXED_LEN + 8 * D * (rows + 1))
                + TRAILER_LEN
        );
        let (back_protos, seed) = EngramBank::<D, 3>::from_bytes(&bytes).unwrap();
        assert_eq!((back_protos == protos, seed), (true, 7));
        let mut back: Box<SubspaceBank<D, K, 4>> = Box::new(SubspaceBank::new());
        assert_eq!(back.load(&bytes), Ok(7));
        assert!(*back == *subs);
        // Canonical: emitting what was parsed gives the same bytes.
        assert_eq!(emit(&back_protos, &back), bytes);
        // The restored subspaces score as the originals, bit for bit.
        let probe: Vector<D> = atom(1, "probe");
        for (a, b) in back.iter().zip(subs.iter()) {
            assert_eq!(a.residual(&probe).to_bits(), b.residual(&probe).to_bits());
            assert_eq!(a.subspace().threshold(), b.subspace().threshold());
        }
    }
}

#[test]
fn a_version_1_file_has_no_subspaces() {
    let (protos, _) = banks(0);
    let mut bytes = vec![0u8; protos.encoded_len()];
    protos.emit(3, &mut bytes).unwrap();
    let file = EngramFile::<D, _>::new_checked(&bytes[..]).unwrap();
    assert_eq!((file.version(), file.subspace_count()), (1, 0));
    let mut subs: Box<SubspaceBank<D, K, 4>> = Box::new(SubspaceBank::new());
    assert_eq!(subs.load(&bytes), Ok(3));
    assert!(subs.is_empty());
}

#[test]
fn every_single_byte_corruption_is_rejected() {
    let (protos, subs) = banks(2);
    let clean = emit(&protos, &subs);
    for at in 0..clean.len() {
        for flip in [0x01u8, 0x80, 0xFF] {
            let mut bytes = clean.clone();
            bytes[at] ^= flip;
            assert!(
                EngramFile::<D, _>::new_checked(&bytes[..]).is_err(),
                "byte {at} ^ {flip:#x} accepted"
            );
        }
    }
}

#[test]
fn truncations_and_extensions_are_rejected() {
    let (protos, subs) = banks(2);
    let clean = emit(&protos, &subs);
    for len in 0..clean.len() {
        let mut bytes = clean[..len].to_vec();
        reseal(&mut bytes);
        assert!(
            EngramFile::<D, _>::new_checked(&bytes[..]).is_err(),
            "length {len}"
        );
    }
    let mut longer = clean.clone();
    longer.extend_from_slice(&[0; 9]);
    reseal(&mut longer);
    assert!(matches!(
        EngramFile::<D, _>::new_checked(&longer[..]),
        Err(Error::BadLength { .. })
    ));
}

#[test]
fn structural_faults_behind_a_valid_checksum_are_malformed() {
    let (protos, subs) = banks(2);
    let clean = emit(&protos, &subs);
    let rec = SUBSPACE_HEADER_LEN + record_len(D);
    let nan = f64::NAN.to_bits().to_le_bytes();
    let cases: Vec<(usize, Vec<u8>, &str)> = vec![
        (rec, vec![40], "engram name longer than 32 bytes"),
        (rec + 30, vec![b'x'], "engram name padding is not zero"),
        (rec + 1, vec![0xFF], "engram name is not UTF-8"),
        (
            rec + 65,
            nan.to_vec(),
            "subspace record holds a NaN or infinite parameter",
        ),
        (
            rec + 121,
            f64::INFINITY.to_bits().to_le_bytes().to_vec(),
            "subspace record holds a NaN or infinite parameter",
        ),
        (
            rec + 73,
            2.0f64.to_bits().to_le_bytes().to_vec(),
            "subspace record parameters out of their domain",
        ),
        (
            rec + 81,
            (-1.0f64).to_bits().to_le_bytes().to_vec(),
            "subspace record parameters out of their domain",
        ),
        (
            rec + 37,
            99u32.to_le_bytes().to_vec(),
            "subspace record parameters out of their domain",
        ),
        (
            rec + 49,
            (D as u32 + 1).to_le_bytes().to_vec(),
            "subspace record parameters out of their domain",
        ),
        (
            rec + SUBSPACE_RECORD_FIXED_LEN,
            nan.to_vec(),
            "subspace mean or component is not finite",
        ),
    ];
    for (at, value, what) in cases {
        let mut bytes = clean.clone();
        bytes[at..at + value.len()].copy_from_slice(&value);
        reseal(&mut bytes);
        assert_eq!(
            EngramFile::<D, _>::new_checked(&bytes[..]).map(|_| ()),
            Err(Error::Malformed { what }),
            "{what} at {at}"
        );
    }
    // A stray non-zero byte in a row past the active ones.
    let mut bytes = clean.clone();
    let active = subs.get(0).unwrap().subspace().active();
    let rows = EngramFile::<D, _>::new_checked(&clean[..])
        .unwrap()
        .subspace_rows();
    if active < rows {
        let at = rec + SUBSPACE_RECORD_FIXED_LEN + 8 * D * (active + 1);
        bytes[at] = 1;
        reseal(&mut bytes);
        assert_eq!(
            EngramFile::<D, _>::new_checked(&bytes[..]).map(|_| ()),
            Err(Error::Malformed {
                what: "subspace rows past the active ones are not zero"
            })
        );
    }
}

#[test]
fn a_record_that_does_not_fit_the_capacity_is_refused_and_the_bank_kept() {
    let (protos, subs) = banks(3);
    let bytes = emit(&protos, &subs);
    let mut small: Box<SubspaceBank<D, 2, 4>> = Box::new(SubspaceBank::new());
    let keep = OnlineSubspace::<D, 2>::new(1);
    small.push("keep", 0, 1.0, &keep).unwrap();
    assert!(matches!(
        small.load(&bytes),
        Err(Error::InvalidParameter { .. })
    ));
    assert_eq!(small.find("keep"), Some(0));
    let mut few: Box<SubspaceBank<D, K, 2>> = Box::new(SubspaceBank::new());
    assert_eq!(
        few.load(&bytes),
        Err(Error::CapacityExceeded { capacity: 2 })
    );
}

#[test]
fn top_k_and_best_in_slot_rank_by_residual() {
    let (_, subs) = banks(3);
    for probe in ["s0-0", "s1-2", "s2-3", "other"] {
        let probe: Vector<D> = atom(1, probe);
        let mut reference: Vec<(usize, f64)> = subs
            .iter()
            .enumerate()
            .map(|(i, e)| (i, e.residual(&probe)))
            .collect();
        reference.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        let top = subs.top_k::<5, _>(&probe);
        for (i, place) in top.iter().enumerate() {
            assert_eq!(*place, reference.get(i).copied());
        }
        assert_eq!(
            subs.best_in_slot(1, &probe),
            Some((1, reference.iter().find(|r| r.0 == 1).unwrap().1))
        );
        assert_eq!(subs.best_in_slot(9, &probe), None);
    }
    // A probe from engram 1's own distribution fits it best.
    let own: Vector<D> = atom(1, "s1-1");
    assert_eq!(subs.top_k::<1, _>(&own)[0].map(|(i, _)| i), Some(1));
}

fn never_panics(bytes: &[u8]) -> Result<(), TestCaseError> {
    let view = EngramFile::<D, _>::new_checked(bytes);
    if let Ok(file) = &view {
        for record in file.subspaces() {
            let _ = (
                record.name(),
                record.slot(),
                record.threshold(),
                record.state(),
            );
            let _ = (record.mean(usize::MAX), record.component(usize::MAX, 0));
        }
    }
    let mut subs: Box<SubspaceBank<D, K, 4>> = Box::new(SubspaceBank::new());
    if subs.load(bytes).is_ok() {
        prop_assert!(view.is_ok());
        let (protos, _) = EngramBank::<D, 3>::from_bytes(bytes)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        if view.as_ref().map(|f| f.version()) == Ok(SUBSPACE_FORMAT_VERSION) {
            let mut out = vec![0u8; subs.encoded_len_with(&protos)];
            let n = emit_with_subspaces(
                view.as_ref().map(|f| f.seed()).unwrap_or(0),
                &protos,
                &subs,
                &mut out,
            );
            prop_assert_eq!(n, Ok(bytes.len()));
            prop_assert_eq!(&out[..], bytes);
        }
    }
    let _ = SubspaceBank::<D, 2, 1, f32>::new().load(bytes);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn fuzz_mutated_version_2_files(
        n in 0usize..=3,
        mutations in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<bool>()), 1..6),
    ) {
        let (protos, subs) = banks(n);
        let mut bytes = emit(&protos, &subs);
        for (at, value, seal) in mutations {
            let at = at % bytes.len();
            bytes[at] = value;
            if seal {
                reseal(&mut bytes);
            }
        }
        never_panics(&bytes)?;
    }

    #[test]
    fn fuzz_arbitrary_bytes_under_a_version_2_header(
        body in proptest::collection::vec(any::<u8>(), 0..600),
        subspaces in 0u32..3,
        rows in 0u32..3,
    ) {
        let mut bytes = b"HLNG".to_vec();
        bytes.extend_from_slice(&2u16.to_le_bytes());
        bytes.extend_from_slice(&0u16.to_le_bytes());
        bytes.extend_from_slice(&(D as u32).to_le_bytes());
        bytes.extend_from_slice(&0u32.to_le_bytes());
        bytes.extend_from_slice(&1u64.to_le_bytes());
        bytes.extend_from_slice(&subspaces.to_le_bytes());
        bytes.extend_from_slice(&rows.to_le_bytes());
        bytes.extend_from_slice(&body);
        bytes.extend_from_slice(&[0; 4]);
        reseal(&mut bytes);
        never_panics(&bytes)?;
    }
}

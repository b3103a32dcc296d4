//! The C ABI gives the core's answers: every function against the
//! holon-core call it wraps, on random inputs and dimensions (the prefix
//! property for dims between supported D), and every refusal as its code.

use core::ffi::c_void;

use holon_core::atom::{atom, DeriveAtoms};
use holon_core::detect::{field_slot, pair_slot, score_leaves, Leaf, LeafEncoder, NamedSlots};
use holon_core::engram::{Engram, EngramBank};
use holon_core::ops::{bind, bundle};
use holon_core::record::{RecordEncoder, Scalar};
use holon_core::{magnitude, Accumulator, Vector};
use holon_ffi::accumulator::*;
use holon_ffi::algebra::*;
use holon_ffi::engram::*;
use holon_ffi::error::*;
use holon_ffi::magnitude::*;
use holon_ffi::record::*;
use proptest::prelude::*;

fn trits(len: usize) -> impl Strategy<Value = Vec<i8>> {
    proptest::collection::vec(-1i8..=1, len)
}

fn prefix<const D: usize>(v: Vector<D>, dims: usize) -> Vec<i8> {
    v.as_trits()[..dims].to_vec()
}

fn v1024(t: &[i8]) -> Vector<1024> {
    let mut padded = [0i8; 1024];
    padded[..t.len()].copy_from_slice(t);
    Vector::try_from_trits(&padded).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn atom_is_the_core_atom_prefix(seed in any::<u64>(), text in ".{0,12}", dims in 1usize..=4096) {
        let mut out = vec![9i8; dims];
        // SAFETY: text and out are valid for their lengths.
        let rc = unsafe { holon_atom(seed, text.as_ptr().cast(), text.len(), out.as_mut_ptr(), dims) };
        prop_assert_eq!(rc, HOLON_OK);
        let full: Vector<4096> = atom(seed, &text);
        prop_assert_eq!(out.to_vec(), prefix(full, dims));
    }

    #[test]
    fn bind_bundle_cosine_dot_are_the_core_ops(
        (dims, a, b, c) in (1usize..=1024).prop_flat_map(|d| (Just(d), trits(d), trits(d), trits(d)))
    ) {
        let (va, vb, vc) = (v1024(&a), v1024(&b), v1024(&c));
        let mut out = vec![0i8; dims];
        // SAFETY: every buffer holds `dims` components.
        unsafe {
            prop_assert_eq!(holon_bind(a.as_ptr(), b.as_ptr(), out.as_mut_ptr(), dims), HOLON_OK);
            prop_assert_eq!(out.to_vec(), prefix(bind(&va, &vb), dims));
            let inputs = [a.as_ptr(), b.as_ptr(), c.as_ptr(), a.as_ptr()];
            for n in 0..=inputs.len() {
                prop_assert_eq!(holon_bundle(inputs.as_ptr(), n, out.as_mut_ptr(), dims), HOLON_OK);
                let refs: Vec<&Vector<1024>> = [&va, &vb, &vc, &va][..n].to_vec();
                prop_assert_eq!(out.to_vec(), prefix(bundle(&refs), dims));
            }
            prop_assert_eq!(holon_cosine(a.as_ptr(), b.as_ptr(), dims).to_bits(), va.cosine(&vb).to_bits());
            let mut dot = 0i64;
            prop_assert_eq!(holon_dot(a.as_ptr(), b.as_ptr(), dims, &mut dot), HOLON_OK);
            prop_assert_eq!(dot, va.dot(&vb));
        }
    }

    #[test]
    fn magnitudes_are_the_core_encoders(seed in any::<u64>(), x in -1e6f64..1e6, t in any::<i32>(), dims in 1usize..=1024) {
        let mut out = vec![0i8; dims];
        // SAFETY: out holds `dims` components.
        unsafe {
            prop_assert_eq!(holon_linear(seed, x, 10.0, out.as_mut_ptr(), dims), HOLON_OK);
            prop_assert_eq!(out.to_vec(), prefix(magnitude::linear::<1024>(seed, x, 10.0).unwrap(), dims));
            prop_assert_eq!(holon_log(seed, x, out.as_mut_ptr(), dims), HOLON_OK);
            prop_assert_eq!(out.to_vec(), prefix(magnitude::log::<1024>(seed, x), dims));
            prop_assert_eq!(holon_circular(seed, x, 24.0, out.as_mut_ptr(), dims), HOLON_OK);
            prop_assert_eq!(out.to_vec(), prefix(magnitude::circular::<1024>(seed, x, 24.0).unwrap(), dims));
            prop_assert_eq!(holon_time(seed, i64::from(t), out.as_mut_ptr(), dims), HOLON_OK);
            prop_assert_eq!(out.to_vec(), prefix(magnitude::time::<1024>(seed, i64::from(t)), dims));
        }
    }
}

fn field(name: &'static str, value: holon_value) -> holon_field {
    holon_field {
        name: name.as_ptr().cast(),
        name_len: name.len(),
        value,
    }
}

fn num(kind: u32, number: holon_number) -> holon_value {
    holon_value {
        kind,
        text: core::ptr::null(),
        text_len: 0,
        number,
    }
}

fn text(t: &'static str) -> holon_value {
    holon_value {
        kind: HOLON_KIND_STR,
        text: t.as_ptr().cast(),
        text_len: t.len(),
        number: holon_number { integer: 0 },
    }
}

fn packet() -> Vec<holon_field> {
    vec![
        field(
            "dst_port",
            num(HOLON_KIND_UINT, holon_number { uinteger: 61864 }),
        ),
        field("ok", num(HOLON_KIND_BOOL, holon_number { integer: 1 })),
        field(
            "payload_size",
            num(HOLON_KIND_INT, holon_number { integer: -2546 }),
        ),
        field("protocol", text("UDP")),
        field("ratio", num(HOLON_KIND_FLOAT, holon_number { real: 0.25 })),
        field(
            "src_port",
            num(HOLON_KIND_FLOAT, holon_number { real: 53.0 }),
        ),
        field("tag", num(HOLON_KIND_NULL, holon_number { integer: 0 })),
    ]
}

#[test]
fn record_encode_is_the_core_record_encoder() {
    let mut enc = RecordEncoder::<1024, 1, _>::new(3, DeriveAtoms);
    enc.field("dst_port", Scalar::Uint(61864)).unwrap();
    enc.field("ok", Scalar::Bool(true)).unwrap();
    enc.field("payload_size", Scalar::Int(-2546)).unwrap();
    enc.field("protocol", Scalar::Str("UDP")).unwrap();
    enc.field("ratio", Scalar::Float(0.25)).unwrap();
    enc.field("src_port", Scalar::Float(53.0)).unwrap();
    enc.field("tag", Scalar::Null).unwrap();
    let expect = enc.finish().unwrap();
    let fields = packet();
    for dims in [1024, 700, 1] {
        let mut out = vec![0i8; dims];
        // SAFETY: fields and out are valid for their lengths.
        let rc = unsafe {
            holon_record_encode(3, fields.as_ptr(), fields.len(), out.as_mut_ptr(), dims)
        };
        assert_eq!(rc, HOLON_OK);
        assert_eq!(&out[..], &expect.as_trits()[..dims]);
    }
}

#[test]
fn accumulator_is_the_core_accumulator() {
    let a: Vector<256> = atom(0, "a");
    let b: Vector<256> = atom(0, "b");
    let mut expect = Accumulator::<256>::new();
    expect.add_weighted(&a, 3);
    expect.add_weighted(&b, -2);
    let size = holon_accumulator_size(200);
    assert!(
        size > 4 * 256
            && size <= HOLON_ACCUMULATOR_BYTES_PER_DIM * 256 + HOLON_ACCUMULATOR_OVERHEAD
    );
    let mut storage = vec![0u64; size / 8 + 1];
    let mut other = vec![0u64; size / 8 + 1];
    let (s, o) = (
        storage.as_mut_ptr().cast::<c_void>(),
        other.as_mut_ptr().cast::<c_void>(),
    );
    // SAFETY: storage of `size` bytes or more, aligned to 8.
    unsafe {
        assert_eq!(holon_accumulator_init(s, size, 200), HOLON_OK);
        assert_eq!(holon_accumulator_init(o, size, 200), HOLON_OK);
        assert_eq!(
            holon_accumulator_add_weighted(s, a.as_trits().as_ptr(), 3, 200),
            HOLON_OK
        );
        assert_eq!(
            holon_accumulator_add_weighted(o, b.as_trits().as_ptr(), -2, 200),
            HOLON_OK
        );
        assert_eq!(holon_accumulator_merge(s, o), HOLON_OK);
        assert_eq!(
            holon_accumulator_add(s, a.as_trits().as_ptr(), 256),
            HOLON_E_DIMS
        );
        let mut out = [0i8; 200];
        assert_eq!(
            holon_accumulator_threshold(s, out.as_mut_ptr(), 200),
            HOLON_OK
        );
        assert_eq!(&out[..], &expect.threshold().as_trits()[..200]);
        let mut count = 0;
        assert_eq!(holon_accumulator_count(s, &mut count), HOLON_OK);
        assert_eq!(count, expect.count());
        assert_eq!(
            holon_accumulator_init(s.cast::<u8>().add(4).cast(), size, 200),
            HOLON_E_STORAGE
        );
    }
}

#[test]
fn bank_scores_like_the_core_detector() {
    let seed = 11;
    let names = [
        "dst_port",
        "ok",
        "payload_size",
        "protocol",
        "ratio",
        "src_port",
        "tag",
    ];
    let leaves = [
        Leaf::Number(61864.0),
        Leaf::Bool(true),
        Leaf::Number(-2546.0),
        Leaf::Str("UDP"),
        Leaf::Number(0.25),
        Leaf::Number(53.0),
        Leaf::Null,
    ];
    let mut encoder = LeafEncoder::<1024, _>::new(seed, DeriveAtoms);
    let mut vectors = vec![Vector::<1024>::zero(); leaves.len()];
    for (leaf, v) in leaves.iter().zip(vectors.iter_mut()) {
        encoder.encode_into(*leaf, v);
    }
    // A bank that knows some of it: two fields and one pair.
    let mut bank = Box::new(EngramBank::<1024, 8>::new());
    bank.push(
        Engram::new(
            "p",
            field_slot(seed, "protocol"),
            vectors[3].clone(),
            0.3,
            1,
        )
        .unwrap(),
    )
    .unwrap();
    bank.push(
        Engram::new(
            "s",
            field_slot(seed, "src_port"),
            vectors[5].clone(),
            0.3,
            1,
        )
        .unwrap(),
    )
    .unwrap();
    let pair = bind(&vectors[0], &vectors[3]);
    bank.push(Engram::new("dp", pair_slot(seed, "dst_port", "protocol"), pair, 0.3, 1).unwrap())
        .unwrap();
    let mut bytes = vec![0u8; bank.encoded_len()];
    bank.emit(seed, &mut bytes).unwrap();
    let mut scratch = Vector::zero();
    let expect = score_leaves(
        &bank,
        &NamedSlots::new(seed, &names),
        &vectors,
        &mut scratch,
    );

    let size = holon_engram_bank_size(1024);
    assert!(size > 0 && size <= HOLON_ENGRAM_BANK_ROWS * (1024 + 64));
    let mut storage = vec![0u64; size / 8];
    let s = storage.as_mut_ptr().cast::<c_void>();
    let fields = packet();
    let mut ids = vec![0u32; holon_slot_count(fields.len())];
    let mut v = holon_verdict::default();
    // SAFETY: storage of `size` bytes aligned to 8; every buffer valid for its length.
    unsafe {
        assert_eq!(
            holon_engram_bank_load(s, size, 1024, bytes.as_ptr(), bytes.len()),
            HOLON_OK
        );
        let mut info = holon_bank_info::default();
        assert_eq!(holon_engram_bank_info(s, &mut info), HOLON_OK);
        assert_eq!((info.dims, info.engrams, info.seed), (1024, 3, seed));
        assert_eq!(
            holon_engram_bank_score(
                s,
                fields.as_ptr(),
                fields.len(),
                core::ptr::null(),
                0,
                &mut v
            ),
            HOLON_OK
        );
        assert_eq!(v.score.to_bits(), expect.score.to_bits());
        assert_eq!(v.slots, expect.slots);
        assert_eq!(v.anomaly, i32::from(expect.is_anomaly(0.3)));
        assert_eq!(
            holon_record_slot_ids(
                seed,
                fields.as_ptr(),
                fields.len(),
                ids.as_mut_ptr(),
                ids.len()
            ),
            HOLON_OK
        );
        let mut with_ids = holon_verdict::default();
        assert_eq!(
            holon_engram_bank_score(
                s,
                fields.as_ptr(),
                fields.len(),
                ids.as_ptr(),
                ids.len(),
                &mut with_ids
            ),
            HOLON_OK
        );
        assert_eq!(with_ids, v);
        // Malformed bytes: every single-byte corruption is refused.
        for i in (0..bytes.len()).step_by(97) {
            let mut bad = bytes.clone();
            bad[i] ^= 0x40;
            let rc = holon_engram_bank_load(s, size, 1024, bad.as_ptr(), bad.len());
            assert!(
                rc == HOLON_E_ENGRAM || rc == HOLON_E_DIMS || rc == HOLON_E_CAPACITY,
                "byte {i}: {rc}"
            );
            assert_eq!(holon_engram_bank_info(s, &mut info), HOLON_E_STORAGE);
        }
    }
}

#[test]
fn refusals_are_codes() {
    let a = [1i8, 0, -1, 1];
    let bad = [1i8, 0, 3, 1];
    let mut out = [7i8; 4];
    // SAFETY: every non-null buffer is valid for 4 components.
    unsafe {
        assert_eq!(
            holon_bind(a.as_ptr(), bad.as_ptr(), out.as_mut_ptr(), 4),
            HOLON_E_TRIT
        );
        assert_eq!(out, [7; 4]);
        assert_eq!(
            holon_bind(a.as_ptr(), a.as_ptr(), out.as_mut_ptr(), 0),
            HOLON_E_DIMS
        );
        assert_eq!(
            holon_bind(a.as_ptr(), a.as_ptr(), out.as_mut_ptr(), 4097),
            HOLON_E_DIMS
        );
        assert_eq!(
            holon_bind(core::ptr::null(), a.as_ptr(), out.as_mut_ptr(), 4),
            HOLON_E_NULL
        );
        assert!(holon_cosine(a.as_ptr(), bad.as_ptr(), 4).is_nan());
        assert_eq!(
            holon_linear(0, 1.0, -1.0, out.as_mut_ptr(), 4),
            HOLON_E_PARAM
        );
        let name = [0xffu8];
        let f = holon_field {
            name: name.as_ptr().cast(),
            name_len: 1,
            value: num(HOLON_KIND_NULL, holon_number { integer: 0 }),
        };
        assert_eq!(
            holon_record_encode(0, &f, 1, out.as_mut_ptr(), 4),
            HOLON_E_UTF8
        );
        let mut id = 0;
        assert_eq!(
            holon_field_slot(0, name.as_ptr().cast(), 1, &mut id),
            HOLON_E_UTF8
        );
        assert_eq!(
            holon_field_slot(0, "x".as_ptr().cast(), 1, &mut id),
            HOLON_OK
        );
        assert_eq!(id, field_slot(0, "x"));
        assert_eq!(
            holon_engram_bank_load(core::ptr::null_mut(), 0, 1024, a.as_ptr().cast(), 4),
            HOLON_E_NULL
        );
    }
    assert_eq!(holon_engram_bank_size(1000), 0);
    assert_eq!(holon_ffi::holon_dims_supported(1024), 1);
    assert_eq!(holon_ffi::holon_max_dims(), 4096);
}

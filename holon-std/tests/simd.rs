//! The SIMD kernels against `holon-core`, bit for bit, at every level this
//! CPU has: random trit vectors (odd and even dimensions), bundles of 0..40
//! and of many inputs, lane-overflow boundaries, atoms against the core,
//! against `rand_chacha` itself and against the golden holon-rs vectors.

use holon_core::atom::atom;
use holon_core::ops;
use holon_core::{AtomKey, Vector};
use holon_std::simd::{self, Level};
use proptest::prelude::*;
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

fn levels() -> impl Iterator<Item = Level> {
    Level::ALL.into_iter().filter(|l| l.is_available())
}

fn trits<const D: usize>(values: &[i8]) -> Vector<D> {
    Vector::from_trit_iter(values.iter().copied())
}

fn trit_vec(len: usize) -> impl Strategy<Value = Vec<i8>> {
    prop::collection::vec(-1i8..=1, len)
}

/// Checks every kernel at every level against the core on `a`, `b`, `xs`.
fn check_all<const D: usize>(a: &Vector<D>, b: &Vector<D>, xs: &[Vector<D>]) {
    let bound = ops::bind(a, b);
    let mut into = a.clone();
    ops::bind_into(a, b, &mut into);
    assert_eq!(into, bound, "core bind_into");
    let bundled = ops::bundle(xs);
    let cosines: Vec<f32> = xs.iter().map(|x| a.cosine(x)).collect();
    for level in levels() {
        let name = level.name();
        assert_eq!(simd::dot_at(level, a, b), a.dot(b), "dot {name}");
        assert_eq!(
            simd::dot_and_norms_at(level, a, b),
            (a.dot(b), a.nnz() as u64, b.nnz() as u64),
            "norms {name}"
        );
        assert_eq!(
            simd::cosine_at(level, a, b).to_bits(),
            a.cosine(b).to_bits(),
            "cosine {name}"
        );
        assert_eq!(simd::bind_at(level, a, b), bound, "bind {name}");
        let mut raw = [0i8; D];
        simd::bind_trits(level, a.as_trits(), b.as_trits(), &mut raw);
        assert_eq!(&raw, bound.as_trits(), "bind_trits {name}");
        assert_eq!(simd::bundle_at(level, xs), bundled, "bundle {name}");
        // The in-place forms overwrite whatever `out` held.
        let mut into = Vector::from_fn(|i| [1, -1, 0][i % 3]);
        simd::bind_into_at(level, a, b, &mut into);
        assert_eq!(into, bound, "bind_into {name}");
        simd::bundle_into_at(level, xs, &mut into);
        assert_eq!(into, bundled, "bundle_into {name}");
        let refs: Vec<&Vector<D>> = xs.iter().collect();
        assert_eq!(simd::bundle_at(level, &refs), bundled, "bundle refs {name}");
        let mut out = vec![f32::NAN; xs.len()];
        simd::cosine_batch_at(level, a, xs, &mut out);
        let bits = |v: &[f32]| v.iter().map(|c| c.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&out), bits(&cosines), "batch {name}");
    }
}

/// Cases per property: `PROPTEST_CASES` when set (scripts/test-aarch64.sh
/// runs fewer under QEMU), else 48.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn kernels_match_the_core_at_1001(
        a in trit_vec(1001),
        b in trit_vec(1001),
        xs in prop::collection::vec(trit_vec(1001), 0..=40),
    ) {
        let xs: Vec<Vector<1001>> = xs.iter().map(|x| trits(x)).collect();
        check_all::<1001>(&trits(&a), &trits(&b), &xs);
    }

    #[test]
    fn kernels_match_the_core_at_4096(
        a in trit_vec(4096),
        b in trit_vec(4096),
        xs in prop::collection::vec(trit_vec(4096), 0..=40),
    ) {
        let xs: Vec<Vector<4096>> = xs.iter().map(|x| trits(x)).collect();
        check_all::<4096>(&trits(&a), &trits(&b), &xs);
    }

    #[test]
    fn kernels_match_the_core_at_small_odd_sizes(
        a in trit_vec(97),
        b in trit_vec(97),
        xs in prop::collection::vec(trit_vec(97), 0..=12),
    ) {
        let xs97: Vec<Vector<97>> = xs.iter().map(|x| trits(x)).collect();
        check_all::<97>(&trits(&a), &trits(&b), &xs97);
        let xs1: Vec<Vector<1>> = xs.iter().map(|x| trits(x)).collect();
        check_all::<1>(&trits(&a), &trits(&b), &xs1);
        let xs63: Vec<Vector<63>> = xs.iter().map(|x| trits(x)).collect();
        check_all::<63>(&trits(&a), &trits(&b), &xs63);
    }

    #[test]
    fn atoms_match_the_core(key in any::<u64>()) {
        let key = AtomKey::from_raw(key);
        for level in levels() {
            prop_assert_eq!(simd::key_vector_at::<7>(level, key), key.vector::<7>());
            prop_assert_eq!(simd::key_vector_at::<1000>(level, key), key.vector::<1000>());
        }
    }
}

/// Dimensions past the narrow-lane flush points of every level (AVX2: 127
/// blocks of 32; AVX-512: groups of 112 blocks of 64), all +1 against -1:
/// every lane runs at its extreme.
#[test]
fn extreme_sums_cross_every_flush_boundary() {
    const D: usize = 3 * 7168 + 77;
    let plus = Vector::<D>::from_fn(|_| 1);
    let minus = Vector::<D>::from_fn(|_| -1);
    let mixed = Vector::<D>::from_fn(|i| [1, -1, 0, 1, 1][i % 5]);
    for (a, b) in [
        (&plus, &minus),
        (&plus, &plus),
        (&minus, &minus),
        (&mixed, &minus),
    ] {
        check_all::<D>(a, b, &[a.clone(), b.clone(), a.clone()]);
    }
}

/// Vectors at every offset modulo 64: `Vec<Vector<D>>` places element `i`
/// at `i * D` bytes, so with `D` odd 64 consecutive elements start at 64
/// different offsets (the AVX-512 kernels peel a head up to `a`'s first
/// 64-byte boundary). Every third vector is all +1, every third all -1 (the
/// narrow lanes at their extremes), the rest atoms; each pair is checked
/// for dot, norms, cosine and a one-target batch.
fn check_every_offset<const D: usize>(offsets: &[usize]) {
    let xs: Vec<Vector<D>> = (0..65)
        .map(|i| match i % 3 {
            0 => Vector::from_fn(|_| 1),
            1 => Vector::from_fn(|_| -1),
            _ => atom(5, &format!("offset{i}")),
        })
        .collect();
    for i in 0..xs.len() {
        for &k in offsets {
            let j = (i + k) % xs.len();
            let (a, b) = (&xs[i], &xs[j]);
            for level in levels() {
                let name = level.name();
                assert_eq!(simd::dot_at(level, a, b), a.dot(b), "dot {name} {i} {j}");
                assert_eq!(
                    simd::dot_and_norms_at(level, a, b),
                    (a.dot(b), a.nnz() as u64, b.nnz() as u64),
                    "norms {name} {i} {j}"
                );
                assert_eq!(
                    simd::cosine_at(level, a, b).to_bits(),
                    a.cosine(b).to_bits(),
                    "cosine {name} {i} {j}"
                );
                let mut out = [f32::NAN];
                simd::cosine_batch_at(level, a, &xs[j..=j], &mut out);
                assert_eq!(out[0].to_bits(), a.cosine(b).to_bits(), "batch {name}");
            }
        }
    }
}

#[test]
fn kernels_match_the_core_at_every_offset() {
    let all: Vec<usize> = (0..65).collect();
    check_every_offset::<1>(&all);
    check_every_offset::<63>(&all);
    check_every_offset::<65>(&all);
    check_every_offset::<127>(&all);
    check_every_offset::<129>(&all);
    check_every_offset::<4097>(&[0, 1, 2, 5, 40]);
}

/// As above at the AVX-512 flush point (groups of 112 full blocks): 7167,
/// 7169 and 7233 bytes put 111, 112 or 113 full blocks between the
/// partial head and tail, depending on the offset.
#[test]
fn kernels_match_the_core_at_every_offset_around_a_flush() {
    check_every_offset::<7167>(&[0, 1, 2, 5]);
    check_every_offset::<7169>(&[0, 1, 2, 5]);
    check_every_offset::<7233>(&[0, 1, 2]);
}

#[test]
fn bundles_of_many_inputs_and_ties() {
    const D: usize = 1031;
    let xs: Vec<Vector<D>> = (0..300).map(|i| atom(7, &format!("x{i}"))).collect();
    let a: Vector<D> = atom(7, "a");
    let b: Vector<D> = atom(7, "b");
    // Ties: an even number of copies of a and -a, plus one of each.
    let neg_a = Vector::<D>::from_fn(|i| -a.as_trits()[i]);
    let mut tied: Vec<Vector<D>> = Vec::new();
    for _ in 0..150 {
        tied.push(a.clone());
        tied.push(neg_a.clone());
    }
    // 260 copies of the same vector: every i8 lane would overflow unwidened.
    let same: Vec<Vector<D>> = (0..260).map(|_| b.clone()).collect();
    for set in [&xs[..], &xs[..128], &xs[..127], &tied[..], &same[..], &[]] {
        let expected = ops::bundle(set);
        for level in levels() {
            assert_eq!(
                simd::bundle_at(level, set),
                expected,
                "{} inputs at {}",
                set.len(),
                level.name()
            );
        }
    }
}

#[test]
fn key_words_are_seed_from_u64() {
    for key in [0u64, 1, 2, 0xDEAD_BEEF, u64::MAX, 0x7a0b_81a1_f570_55af] {
        let seed = ChaCha8Rng::seed_from_u64(key).get_seed();
        let words = simd::key_words(key);
        let mut bytes = [0u8; 32];
        for (chunk, w) in bytes.chunks_exact_mut(4).zip(words) {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
        assert_eq!(bytes, seed, "key {key:#x}");
    }
}

/// The SIMD trits against `[-1, 0, 1][next_u32() % 3]` of the real
/// ChaCha8Rng, over many keys and lengths around the 8- and 16-block
/// batches.
#[test]
fn keystream_matches_rand_chacha() {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for n in 0..64u64 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let key = if n < 4 { n } else { state };
        let mut rng = ChaCha8Rng::seed_from_u64(key);
        let expected: Vec<i8> = (0..4096 + 300)
            .map(|_| [-1i8, 0, 1][(rng.next_u32() % 3) as usize])
            .collect();
        for level in levels() {
            for len in [
                1usize, 7, 16, 64, 127, 128, 129, 255, 256, 257, 1000, 4096, 4396,
            ] {
                let mut out = vec![9i8; len];
                simd::key_trits(level, AtomKey::from_raw(key), &mut out);
                assert_eq!(
                    out,
                    expected[..len],
                    "key {key:#x} len {len} {}",
                    level.name()
                );
            }
        }
    }
}

#[test]
fn atoms_match_the_core_at_listed_dimensions() {
    for i in 0..40 {
        let text = format!("field_{i}");
        for level in levels() {
            let key = AtomKey::new(3, &text);
            assert_eq!(simd::key_vector_at::<1>(level, key), atom::<1>(3, &text));
            assert_eq!(simd::key_vector_at::<7>(level, key), atom::<7>(3, &text));
            assert_eq!(simd::key_vector_at::<16>(level, key), atom::<16>(3, &text));
            assert_eq!(simd::key_vector_at::<64>(level, key), atom::<64>(3, &text));
            assert_eq!(
                simd::key_vector_at::<1000>(level, key),
                atom::<1000>(3, &text)
            );
            assert_eq!(
                simd::key_vector_at::<4096>(level, key),
                atom::<4096>(3, &text)
            );
        }
        assert_eq!(simd::atom::<4096>(3, &text), atom::<4096>(3, &text));
    }
}

/// The holon-rs golden atoms (tests/data/golden/atoms.jsonl).
#[test]
fn golden_atoms() {
    let golden = holon_conformance::golden_atoms();
    for g in &golden {
        let key = match g.position {
            Some(i) => AtomKey::position(g.seed, i),
            None => AtomKey::new(g.seed, &g.text),
        };
        let expected = g.trit_values();
        assert_eq!(expected.len(), g.dims);
        for level in levels() {
            let mut out = vec![0i8; g.dims];
            simd::key_trits(level, key, &mut out);
            assert_eq!(
                out,
                expected,
                "seed {} {:?} at {}",
                g.seed,
                g.text,
                level.name()
            );
        }
    }
    assert!(golden.len() >= 90, "only {} golden atoms", golden.len());
}

#[test]
fn codebooks_give_core_atoms() {
    use holon_core::atom::Codebook;
    let key = AtomKey::new(0, "dst_port");
    let mut v = Vector::<512>::zero();
    simd::SimdDerive.load(key, &mut v);
    assert_eq!(v, key.vector());
    let mut map = holon_std::atom_map::AtomMap::<512>::new();
    map.load(key, &mut v);
    map.load(key, &mut v);
    assert_eq!(v, key.vector());
    assert_eq!((map.len(), map.misses()), (1, 1));
}

/// On x86-64 with AVX2, and on AArch64, the SIMD levels must actually be in use (otherwise
/// every comparison above is the core against itself).
#[test]
fn simd_levels_are_exercised_where_available() {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::env::var_os("HOLON_SIMD").is_none() {
        assert!(Level::detected() >= Level::Avx2);
    }
    // NEON is AArch64's baseline: always in use unless capped.
    #[cfg(target_arch = "aarch64")]
    if std::env::var_os("HOLON_SIMD").is_none() {
        assert_eq!(Level::detected(), Level::Neon);
    }
    eprintln!("simd level: {}", Level::detected().name());
}

#[test]
fn narrow_sums_of_bound_pairs_are_the_record_bundle() {
    const D: usize = 1001;
    let pairs: Vec<(Vector<D>, Vector<D>)> = (0..9)
        .map(|i| (atom(0, &format!("role{i}")), atom(0, &format!("value{i}"))))
        .collect();
    let bound: Vec<Vector<D>> = pairs.iter().map(|(r, f)| ops::bind(r, f)).collect();
    let expected = ops::bundle(&bound);
    for level in levels() {
        let mut sums = [0i8; D];
        for (r, f) in &pairs {
            simd::accumulate_bind(level, &mut sums, r.as_trits(), f.as_trits());
        }
        assert_eq!(
            simd::sign_vector(level, &sums),
            expected,
            "{}",
            level.name()
        );
    }
}

/// The record encoder's kernels chosen per level equal the core's portable
/// ones, on every `i8` sum (so a wrap or a sign off by one lane shows).
fn record_kernels_match_the_core_at<const D: usize>(seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut trit = || (rng.next_u32() % 3) as i8 - 1;
    let a: [i8; D] = core::array::from_fn(|_| trit());
    let b: [i8; D] = core::array::from_fn(|_| trit());
    let sums: [i8; D] =
        core::array::from_fn(|i| (i as u8).wrapping_mul(151).wrapping_add(seed as u8) as i8);
    let mut bound = sums;
    holon_core::record::add_bound_portable(&mut bound, &a, &b);
    let mut signs = [0i8; D];
    holon_core::record::threshold_portable(&sums, &mut signs);
    for level in Level::ALL {
        let name = level.name();
        let mut fast = sums;
        simd::add_bound_at(level)(&mut fast, &a, &b);
        assert_eq!(fast, bound, "add_bound D = {D} {name}");
        let mut out = [7i8; D];
        simd::threshold_at(level)(&sums, &mut out);
        assert_eq!(out, signs, "threshold D = {D} {name}");
    }
}

#[test]
fn record_kernels_match_the_core_at_every_level_and_length() {
    for seed in 0..4 {
        record_kernels_match_the_core_at::<1>(seed);
        record_kernels_match_the_core_at::<31>(seed);
        record_kernels_match_the_core_at::<32>(seed);
        record_kernels_match_the_core_at::<33>(seed);
        record_kernels_match_the_core_at::<257>(seed);
        record_kernels_match_the_core_at::<1024>(seed);
        record_kernels_match_the_core_at::<4099>(seed);
    }
}

/// A weight from `code`: mostly ordinary, sometimes negative, huge, tiny,
/// subnormal, infinite or NaN.
fn weight(code: u64) -> f64 {
    let unit = (code >> 11) as f64 / (1u64 << 53) as f64;
    match code % 16 {
        0..=5 => unit * 10.0,
        6 => unit * 4.0 - 2.0,
        7 => 10f64.powf(unit * 616.0 - 308.0),
        8 => 1.5e154,
        9 => f64::from_bits(1 + code % 0x000F_FFFF_FFFF_FFFF),
        10 if code.is_multiple_of(7) => f64::INFINITY,
        11 if code.is_multiple_of(7) => f64::NAN,
        12 if code.is_multiple_of(7) => f64::NEG_INFINITY,
        13 => f64::MAX,
        _ => 0.0,
    }
}

/// The weighted metrics at every level against the core, bit for bit.
fn check_weighted<const D: usize>(a: &[i8], b: &[i8], codes: &[u64]) {
    use holon_core::metric;
    let (a, b): (Vector<D>, Vector<D>) = (trits(a), trits(b));
    let w: Vec<f64> = codes.iter().map(|&c| weight(c)).take(D).collect();
    let mut weights = [1.0f64; D];
    weights[..w.len()].copy_from_slice(&w);
    let cosine = metric::weighted_cosine(&a, &b, &weights);
    let distance = metric::weighted_euclidean_distance(&a, &b, &weights);
    let similarity = metric::weighted_euclidean(&a, &b, &weights);
    for level in levels() {
        let name = level.name();
        let got = simd::weighted_cosine_at(level, &a, &b, &weights);
        assert_eq!(
            got.to_bits(),
            cosine.to_bits(),
            "weighted_cosine {name} D={D}: {got} vs {cosine}"
        );
        let got = simd::weighted_euclidean_distance_at(level, &a, &b, &weights);
        assert_eq!(
            got.to_bits(),
            distance.to_bits(),
            "weighted_euclidean_distance {name} D={D}"
        );
        let got = simd::weighted_euclidean_at(level, &a, &b, &weights);
        assert_eq!(
            got.to_bits(),
            similarity.to_bits(),
            "weighted_euclidean {name} D={D}"
        );
        let same = simd::weighted_cosine_at(level, &a, &a, &weights);
        assert_eq!(
            same.to_bits(),
            metric::weighted_cosine(&a, &a, &weights).to_bits(),
            "{name}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn weighted_metrics_match_the_core(
        a in trit_vec(4096),
        b in trit_vec(4096),
        codes in prop::collection::vec(any::<u64>(), 0..=4096),
        hostile in any::<bool>(),
    ) {
        // Ordinary weights only, or the hostile mix.
        let codes: Vec<u64> = if hostile { codes } else { codes.iter().map(|c| c & !0xF).collect() };
        check_weighted::<4096>(&a, &b, &codes);
        check_weighted::<1001>(&a[..1001], &b[..1001], &codes);
        check_weighted::<13>(&a[..13], &b[..13], &codes);
        check_weighted::<7>(&a[..7], &b[..7], &codes);
        check_weighted::<1>(&a[..1], &b[..1], &codes);
        check_weighted::<0>(&a[..0], &b[..0], &codes);
    }
}

#[test]
fn weighted_metrics_match_the_core_on_every_special_weight() {
    let a: Vec<i8> = (0..37).map(|i| (i % 3) as i8 - 1).collect();
    let b: Vec<i8> = (0..37).map(|i| ((i * 7 + 1) % 3) as i8 - 1).collect();
    for special in [
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        -1.0,
        1e308,
        1.5e154,
        1e-160,
        5e-324,
        -0.0,
    ] {
        for every in [1, 2, 37] {
            let (va, vb): (Vector<37>, Vector<37>) = (trits(&a), trits(&b));
            let w: [f64; 37] = core::array::from_fn(|i| {
                if i.is_multiple_of(every) {
                    special
                } else {
                    0.5 + i as f64
                }
            });
            for level in levels() {
                let c = simd::weighted_cosine_at(level, &va, &vb, &w);
                assert_eq!(
                    c.to_bits(),
                    holon_core::metric::weighted_cosine(&va, &vb, &w).to_bits()
                );
                assert!((-1.0..=1.0).contains(&c), "{special}: {c}");
                let d = simd::weighted_euclidean_distance_at(level, &va, &vb, &w);
                let want = holon_core::metric::weighted_euclidean_distance(&va, &vb, &w);
                assert_eq!(d.to_bits(), want.to_bits(), "{} {special}", level.name());
                assert!(!d.is_nan());
            }
        }
    }
}

/// One special weight at position `at`, ordinary weights elsewhere, on
/// vectors where every pair of trits occurs: each level gives the core's
/// bits.
fn check_one_special<const D: usize>(special: f64, at: usize) {
    // Component i has trits (i % 3 - 1, (i / 3) % 3 - 1): all nine pairs,
    // both 0 among them.
    let a: Vec<i8> = (0..D).map(|i| (i % 3) as i8 - 1).collect();
    let b: Vec<i8> = (0..D).map(|i| ((i / 3) % 3) as i8 - 1).collect();
    let (va, vb): (Vector<D>, Vector<D>) = (trits(&a), trits(&b));
    let mut w: [f64; D] = core::array::from_fn(|i| 0.5 + (i % 11) as f64);
    w[at] = special;
    let cosine = holon_core::metric::weighted_cosine(&va, &vb, &w);
    let distance = holon_core::metric::weighted_euclidean_distance(&va, &vb, &w);
    for level in levels() {
        let name = level.name();
        let c = simd::weighted_cosine_at(level, &va, &vb, &w);
        assert_eq!(
            c.to_bits(),
            cosine.to_bits(),
            "{name} D={D} w[{at}]={special}"
        );
        let d = simd::weighted_euclidean_distance_at(level, &va, &vb, &w);
        assert_eq!(
            d.to_bits(),
            distance.to_bits(),
            "{name} D={D} w[{at}]={special}"
        );
    }
}

#[test]
fn weighted_metrics_match_the_core_with_one_special_weight_anywhere() {
    for special in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 1e300, 1.5e154] {
        // Every position of the first nine (every trit pair), in a short
        // vector (AVX-512's padded tail only) and a long one (full blocks
        // and a tail).
        for at in 0..9 {
            check_one_special::<37>(special, at);
            check_one_special::<200>(special, at + 63);
            check_one_special::<200>(special, at + 190);
        }
    }
    // The loop above checked the kernels at the both-zero positions (4,
    // 67, 193): that check has teeth only if such a weight does not
    // zero the core's result, which this pins.
    let zero_zero = 4; // (4 % 3 - 1, (4 / 3) % 3 - 1) = (0, 0)
    let a: Vec<i8> = (0..37).map(|i| (i % 3) as i8 - 1).collect();
    let b: Vec<i8> = (0..37).map(|i| ((i / 3) % 3) as i8 - 1).collect();
    assert_eq!((a[zero_zero], b[zero_zero]), (0, 0));
    let (va, vb): (Vector<37>, Vector<37>) = (trits(&a), trits(&b));
    let mut w: [f64; 37] = core::array::from_fn(|i| 0.5 + (i % 11) as f64);
    w[zero_zero] = f64::INFINITY;
    assert!(holon_core::metric::weighted_cosine(&va, &vb, &w) != 0.0);
}

//! The AVX2 and AVX-512 atom keystreams: ChaCha8 eight or sixteen blocks at
//! a time, word-sliced (see `simd/chacha.rs` for the stream and the trit map).

use crate::simd::chacha::key_words;

/// Fills `out` with the atom trits of `key`, eight blocks at a time.
pub(crate) fn fill_avx2(key: u64, out: &mut [i8]) {
    let words = key_words(key);
    let (batches, tail) = out.as_chunks_mut::<{ 8 * 16 }>();
    let mut counter = 0u64;
    for batch in batches {
        // SAFETY: only reached at `Level::Avx2` or above, after
        // `is_x86_feature_detected!("avx2")` returned true.
        unsafe { avx2::batch(&words, counter, batch) };
        counter += 8;
    }
    if !tail.is_empty() {
        let mut last = [0i8; 8 * 16];
        // SAFETY: as above.
        unsafe { avx2::batch(&words, counter, &mut last) };
        tail.copy_from_slice(&last[..tail.len()]);
    }
}

/// Fills `out` with the atom trits of `key`, sixteen blocks at a time.
pub(crate) fn fill_avx512(key: u64, out: &mut [i8]) {
    let words = key_words(key);
    let (batches, tail) = out.as_chunks_mut::<{ 16 * 16 }>();
    let mut counter = 0u64;
    for batch in batches {
        // SAFETY: only reached at `Level::Avx512`, after
        // `is_x86_feature_detected!` confirmed AVX-512 F, BW, VL, VNNI, VBMI.
        unsafe { avx512::batch(&words, counter, batch) };
        counter += 16;
    }
    if !tail.is_empty() {
        // A short tail is cheaper eight blocks at a time.
        if tail.len() <= 8 * 16 {
            let mut last = [0i8; 8 * 16];
            // SAFETY: AVX-512 F implies AVX2 support on every CPU that has
            // it, and `Level::Avx512` also required AVX2 at detection.
            unsafe { avx2::batch(&words, counter, &mut last) };
            tail.copy_from_slice(&last[..tail.len()]);
        } else {
            let mut last = [0i8; 16 * 16];
            // SAFETY: as for the full batches.
            unsafe { avx512::batch(&words, counter, &mut last) };
            tail.copy_from_slice(&last[..tail.len()]);
        }
    }
}

mod avx2 {
    use core::arch::x86_64::*;

    use crate::simd::chacha::{counters, CONSTANTS, INVERSE_OF_3, ONE_THIRD, TWO_THIRDS};

    #[inline]
    #[target_feature(enable = "avx2")]
    fn rotl<const L: i32, const R: i32>(x: __m256i) -> __m256i {
        _mm256_or_si256(_mm256_slli_epi32::<L>(x), _mm256_srli_epi32::<R>(x))
    }

    #[inline]
    #[target_feature(enable = "avx2")]
    fn quarter_round(x: &mut [__m256i; 16], a: usize, b: usize, c: usize, d: usize) {
        let rot16 = _mm256_setr_epi8(
            2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11,
            8, 9, 14, 15, 12, 13,
        );
        let rot8 = _mm256_setr_epi8(
            3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14, 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9,
            10, 15, 12, 13, 14,
        );
        x[a] = _mm256_add_epi32(x[a], x[b]);
        x[d] = _mm256_shuffle_epi8(_mm256_xor_si256(x[d], x[a]), rot16);
        x[c] = _mm256_add_epi32(x[c], x[d]);
        x[b] = rotl::<12, 20>(_mm256_xor_si256(x[b], x[c]));
        x[a] = _mm256_add_epi32(x[a], x[b]);
        x[d] = _mm256_shuffle_epi8(_mm256_xor_si256(x[d], x[a]), rot8);
        x[c] = _mm256_add_epi32(x[c], x[d]);
        x[b] = rotl::<7, 25>(_mm256_xor_si256(x[b], x[c]));
    }

    /// The trits of eight consecutive blocks from block `counter` on, in
    /// stream order.
    #[target_feature(enable = "avx2")]
    pub(super) fn batch(key: &[u32; 8], counter: u64, out: &mut [i8; 128]) {
        let (low, high) = counters::<8>(counter);
        let lanes = |w: &[u32; 8]| {
            // SAFETY: `w` is a reference to eight u32 (32 bytes), exactly what
            // an unaligned 256-bit load reads.
            unsafe { _mm256_loadu_si256(w.as_ptr().cast()) }
        };
        let mut initial = [_mm256_setzero_si256(); 16];
        for (s, &c) in initial.iter_mut().zip(&CONSTANTS) {
            *s = _mm256_set1_epi32(c as i32);
        }
        for (s, &k) in initial[4..12].iter_mut().zip(key) {
            *s = _mm256_set1_epi32(k as i32);
        }
        initial[12] = lanes(&low);
        initial[13] = lanes(&high);
        let mut x = initial;
        for _ in 0..4 {
            quarter_round(&mut x, 0, 4, 8, 12);
            quarter_round(&mut x, 1, 5, 9, 13);
            quarter_round(&mut x, 2, 6, 10, 14);
            quarter_round(&mut x, 3, 7, 11, 15);
            quarter_round(&mut x, 0, 5, 10, 15);
            quarter_round(&mut x, 1, 6, 11, 12);
            quarter_round(&mut x, 2, 7, 8, 13);
            quarter_round(&mut x, 3, 4, 9, 14);
        }
        // Words to trits, still word-sliced: t[j] lane i = trit of word j of
        // block i, as an i32 in -1..=1.
        let inverse = _mm256_set1_epi32(INVERSE_OF_3 as i32);
        let bias = _mm256_set1_epi32(i32::MIN);
        let one_third = _mm256_set1_epi32((ONE_THIRD ^ 0x8000_0000) as i32);
        let two_thirds = _mm256_set1_epi32((TWO_THIRDS ^ 0x8000_0000) as i32);
        let mut t = [_mm256_setzero_si256(); 16];
        for ((t, &w), &s) in t.iter_mut().zip(&x).zip(&initial) {
            let word = _mm256_add_epi32(w, s);
            let m = _mm256_xor_si256(_mm256_mullo_epi32(word, inverse), bias);
            // All ones where true (unsigned compares via the sign bias).
            let above_third = _mm256_cmpgt_epi32(m, one_third);
            let above_two_thirds = _mm256_cmpgt_epi32(m, two_thirds);
            // -1 + 2 [t > 1/3] - [t > 2/3], with the -1 added after packing.
            *t = _mm256_sub_epi32(above_two_thirds, _mm256_add_epi32(above_third, above_third));
        }
        // Pack four words at a time to bytes: in 128-bit half h, byte
        // 4 (j % 4) + r is word j of block 4h + r.
        let mut packed = [_mm256_setzero_si256(); 4];
        for (p, q) in packed.iter_mut().zip(t.chunks_exact(4)) {
            let words_01 = _mm256_packs_epi32(q[0], q[1]);
            let words_23 = _mm256_packs_epi32(q[2], q[3]);
            let bytes = _mm256_packs_epi16(words_01, words_23);
            // Block-major inside each half: byte 4 r + (j % 4).
            let transpose = _mm256_setr_epi8(
                0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15, 0, 4, 8, 12, 1, 5, 9, 13, 2,
                6, 10, 14, 3, 7, 11, 15,
            );
            *p = _mm256_add_epi8(_mm256_shuffle_epi8(bytes, transpose), _mm256_set1_epi8(-1));
        }
        // Now dword r of half h in packed[q] holds words 4q..4q+3 of block
        // 4h + r: a 4x4 dword transpose per half gathers each block.
        let lo01 = _mm256_unpacklo_epi32(packed[0], packed[1]);
        let hi01 = _mm256_unpackhi_epi32(packed[0], packed[1]);
        let lo23 = _mm256_unpacklo_epi32(packed[2], packed[3]);
        let hi23 = _mm256_unpackhi_epi32(packed[2], packed[3]);
        let block0 = _mm256_unpacklo_epi64(lo01, lo23); // blocks 0 and 4
        let block1 = _mm256_unpackhi_epi64(lo01, lo23); // blocks 1 and 5
        let block2 = _mm256_unpacklo_epi64(hi01, hi23); // blocks 2 and 6
        let block3 = _mm256_unpackhi_epi64(hi01, hi23); // blocks 3 and 7
        let (first, second) = out.split_at_mut(64);
        let (o01, o23) = first.split_at_mut(32);
        let (o45, o67) = second.split_at_mut(32);
        let outputs = [
            (o01, _mm256_permute2x128_si256::<0x20>(block0, block1)),
            (o23, _mm256_permute2x128_si256::<0x20>(block2, block3)),
            (o45, _mm256_permute2x128_si256::<0x31>(block0, block1)),
            (o67, _mm256_permute2x128_si256::<0x31>(block2, block3)),
        ];
        for (o, v) in outputs {
            // SAFETY: `o` is an exclusive slice of exactly 32 bytes (split
            // from the 128-byte `out` at 32, 64 and 96), what an unaligned
            // 256-bit store writes.
            unsafe { _mm256_storeu_si256(o.as_mut_ptr().cast(), v) };
        }
    }
}

mod avx512 {
    use core::arch::x86_64::*;

    use crate::simd::chacha::{counters, CONSTANTS, INVERSE_OF_3, ONE_THIRD, TWO_THIRDS};

    #[inline]
    #[target_feature(enable = "avx512f")]
    fn quarter_round(x: &mut [__m512i; 16], a: usize, b: usize, c: usize, d: usize) {
        x[a] = _mm512_add_epi32(x[a], x[b]);
        x[d] = _mm512_rol_epi32::<16>(_mm512_xor_si512(x[d], x[a]));
        x[c] = _mm512_add_epi32(x[c], x[d]);
        x[b] = _mm512_rol_epi32::<12>(_mm512_xor_si512(x[b], x[c]));
        x[a] = _mm512_add_epi32(x[a], x[b]);
        x[d] = _mm512_rol_epi32::<8>(_mm512_xor_si512(x[d], x[a]));
        x[c] = _mm512_add_epi32(x[c], x[d]);
        x[b] = _mm512_rol_epi32::<7>(_mm512_xor_si512(x[b], x[c]));
    }

    /// The trits of sixteen consecutive blocks from block `counter` on, in
    /// stream order.
    #[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
    pub(super) fn batch(key: &[u32; 8], counter: u64, out: &mut [i8; 256]) {
        let (low, high) = counters::<16>(counter);
        let lanes = |w: &[u32; 16]| {
            // SAFETY: `w` is a reference to sixteen u32 (64 bytes), exactly
            // what an unaligned 512-bit load reads.
            unsafe { _mm512_loadu_si512(w.as_ptr().cast()) }
        };
        let mut initial = [_mm512_setzero_si512(); 16];
        for (s, &c) in initial.iter_mut().zip(&CONSTANTS) {
            *s = _mm512_set1_epi32(c as i32);
        }
        for (s, &k) in initial[4..12].iter_mut().zip(key) {
            *s = _mm512_set1_epi32(k as i32);
        }
        initial[12] = lanes(&low);
        initial[13] = lanes(&high);
        let mut x = initial;
        for _ in 0..4 {
            quarter_round(&mut x, 0, 4, 8, 12);
            quarter_round(&mut x, 1, 5, 9, 13);
            quarter_round(&mut x, 2, 6, 10, 14);
            quarter_round(&mut x, 3, 7, 11, 15);
            quarter_round(&mut x, 0, 5, 10, 15);
            quarter_round(&mut x, 1, 6, 11, 12);
            quarter_round(&mut x, 2, 7, 8, 13);
            quarter_round(&mut x, 3, 4, 9, 14);
        }
        // Words to trits as masks; four words' masks make one 64-byte
        // register: sliced[q] byte 16 (j % 4) + i = trit of word j = 4q + j%4
        // of block i.
        let inverse = _mm512_set1_epi32(INVERSE_OF_3 as i32);
        let one_third = _mm512_set1_epi32(ONE_THIRD as i32);
        let two_thirds = _mm512_set1_epi32(TWO_THIRDS as i32);
        let minus_one = _mm512_set1_epi8(-1);
        let two = _mm512_set1_epi8(2);
        let one = _mm512_set1_epi8(1);
        let mut sliced = [_mm512_setzero_si512(); 4];
        for (q, s) in sliced.iter_mut().enumerate() {
            let (mut above_third, mut above_two_thirds) = (0u64, 0u64);
            for r in 0..4 {
                let j = 4 * q + r;
                let word = _mm512_add_epi32(x[j], initial[j]);
                let m = _mm512_mullo_epi32(word, inverse);
                above_third |= u64::from(_mm512_cmpgt_epu32_mask(m, one_third)) << (16 * r);
                above_two_thirds |= u64::from(_mm512_cmpgt_epu32_mask(m, two_thirds)) << (16 * r);
            }
            let v = _mm512_mask_add_epi8(minus_one, above_third, minus_one, two);
            *s = _mm512_mask_sub_epi8(v, above_two_thirds, v, one);
        }
        // Byte transpose: output register p holds blocks 4p..4p+3; its byte
        // 16 r + j is word j of block 4p + r, found in sliced[j / 4] at
        // 16 (j % 4) + 4p + r. A two-source byte permute reads sliced[0..2]
        // (index bit 6 picks the second) for j < 8 and sliced[2..4] for
        // j >= 8: index 16 (j % 8) + 4p + r either way.
        let (first, second) = out.split_at_mut(128);
        let (o0, o1) = first.split_at_mut(64);
        let (o2, o3) = second.split_at_mut(64);
        for (p, o) in [o0, o1, o2, o3].into_iter().enumerate() {
            let mut index = [0u8; 64];
            for (n, ix) in index.iter_mut().enumerate() {
                let (r, j) = (n / 16, n % 16);
                *ix = (16 * (j % 8) + 4 * p + r) as u8;
            }
            // SAFETY: `index` is 64 bytes, what an unaligned 512-bit load reads.
            let index = unsafe { _mm512_loadu_si512(index.as_ptr().cast()) };
            let words_0_7 = _mm512_permutex2var_epi8(sliced[0], index, sliced[1]);
            let words_8_15 = _mm512_permutex2var_epi8(sliced[2], index, sliced[3]);
            let block = _mm512_mask_blend_epi8(0xFF00_FF00_FF00_FF00, words_0_7, words_8_15);
            // SAFETY: `o` is an exclusive slice of exactly 64 bytes (split
            // from the 256-byte `out` at 64, 128 and 192), what an unaligned
            // 512-bit store writes.
            unsafe { _mm512_storeu_si512(o.as_mut_ptr().cast(), block) };
        }
    }
}

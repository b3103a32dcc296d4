//! The AVX-512 packed-trit kernels: packing with a byte test and a sign
//! move into mask registers, and the bundle as masked byte adds (64
//! components per instruction), plus the x86 cache prefetch.

use core::arch::x86_64::*;

#[target_feature(enable = "avx512f,avx512bw")]
pub(crate) fn pack_avx512(trits: &[i8], out: &mut [u64]) {
    for (chunk, words) in trits.chunks(64).zip(out.chunks_exact_mut(2)) {
        let mask = u64::MAX >> (64 - chunk.len());
        // SAFETY: `mask` selects exactly the chunk's bytes; masked-off bytes
        // are not read.
        let v = unsafe { _mm512_maskz_loadu_epi8(mask, chunk.as_ptr()) };
        words[0] = _mm512_test_epi8_mask(v, v);
        words[1] = _mm512_movepi8_mask(v);
    }
}

/// Asks the CPU to start loading `words` into cache (`prefetcht0` per line).
#[inline]
pub(crate) fn prefetch(words: &[u64]) {
    for line in words.chunks(8) {
        // SAFETY: a prefetch is a hint; it reads nothing architecturally
        // and cannot fault. SSE is part of the x86-64 baseline.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(line.as_ptr().cast()) };
    }
}

/// 64-component blocks the AVX-512 bundle handles per pass over the inputs
/// (each input's words for them are one bounds-checked slice).
const GROUP: usize = 4;

#[target_feature(enable = "avx512f,avx512bw")]
pub(crate) fn bundle_avx512(inputs: &[&[u64]], out: &mut [i8]) {
    let (groups, rest) = out.as_chunks_mut::<{ 64 * GROUP }>();
    for (g, chunk) in groups.iter_mut().enumerate() {
        let mut nonzero = [_mm512_setzero_si512(); GROUP];
        let mut negative = [_mm512_setzero_si512(); GROUP];
        for x in inputs {
            let Some(words) = x.get(2 * GROUP * g..2 * GROUP * (g + 1)) else {
                continue;
            };
            for (i, pair) in words.chunks_exact(2).enumerate() {
                nonzero[i] = count(nonzero[i], pair[0]);
                negative[i] = count(negative[i], pair[1]);
            }
        }
        let (blocks, _) = chunk.as_chunks_mut::<64>();
        for (i, block) in blocks.iter_mut().enumerate() {
            store_signs(block, nonzero[i], negative[i], u64::MAX);
        }
    }
    let first = groups.len() * GROUP;
    for (b, block) in rest.chunks_mut(64).enumerate() {
        let (mut nonzero, mut negative) = (_mm512_setzero_si512(), _mm512_setzero_si512());
        for x in inputs {
            nonzero = count(nonzero, x[2 * (first + b)]);
            negative = count(negative, x[2 * (first + b) + 1]);
        }
        store_signs(block, nonzero, negative, u64::MAX >> (64 - block.len()));
    }
}

/// Adds 1 to the bytes of `counts` whose bit is set in `bits`.
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn count(counts: __m512i, bits: u64) -> __m512i {
    // One merge-masked add. Written as an intrinsic, the compiler turns it
    // into a mask expansion plus an add: two instructions, not one.
    let mut counts = counts;
    // SAFETY: a register-only AVX-512BW instruction (enabled here) that
    // reads and writes nothing else.
    unsafe {
        core::arch::asm!(
            "vpaddb {c}{{{k}}}, {c}, {one}",
            c = inout(zmm_reg) counts,
            k = in(kreg) bits,
            one = in(zmm_reg) _mm512_set1_epi8(1),
            options(pure, nomem, nostack, preserves_flags),
        );
    }
    counts
}

/// Stores the sign of `nonzero - 2 * negative` (clamped to [-1, 1]) into the
/// bytes of `block` that `mask` selects.
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn store_signs(block: &mut [i8], nonzero: __m512i, negative: __m512i, mask: u64) {
    let sums = _mm512_sub_epi8(_mm512_sub_epi8(nonzero, negative), negative);
    let signs = _mm512_min_epi8(
        _mm512_max_epi8(sums, _mm512_set1_epi8(-1)),
        _mm512_set1_epi8(1),
    );
    debug_assert!(block.len() >= mask.count_ones() as usize);
    // SAFETY: callers pass a mask of at most `block.len()` low bits, so
    // every byte written lies inside the exclusive borrow `block`.
    unsafe { _mm512_mask_storeu_epi8(block.as_mut_ptr(), mask, signs) };
}

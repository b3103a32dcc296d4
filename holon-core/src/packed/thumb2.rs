//! The bit-counting loops of [`count`](super::count) in Thumb-2 assembly,
//! for Cortex-M3/M4/M7 class cores.
//!
//! Compiled at `opt-level = "s"` (the firmware's profile) the Rust loops
//! keep neither the carry-save levels nor the loaded words in registers and
//! spill on every block; here every value has a register. Same trees, same
//! results: the portable loops in `count` are the reference and the host
//! tests and the on-target digests compare the two.
//!
//! Registers r6 and r7 cannot be `asm!` operands (base and frame pointer),
//! so each loop saves them on the stack and uses them inside.

use super::count::Levels;

// The loops' bodies as assembly text, one copy each for every kernel that
// runs them (`asm!` takes a template built by `concat!`).

/// One carry-save adder step: `x` and `y` (words of the weight of `level`)
/// go into `level`, which keeps the sum bits; the carries, worth twice as
/// much, go to `carry` (which may be `x`). r4 is scratch.
#[rustfmt::skip]
macro_rules! csa {
    ($level:literal, $x:literal, $y:literal, $carry:literal) => {
        concat!(
            "eor r4, ", $level, ", ", $x, "\n",
            "and ", $carry, ", ", $x, ", ", $level, "\n",
            "eor ", $level, ", r4, ", $y, "\n",
            "and r4, r4, ", $y, "\n",
            "orr ", $carry, ", ", $carry, ", r4\n",
        )
    };
}

/// Four words from lr (post-incremented) into the ones level (r8); their
/// carries into the twos level (r9), whose carry, worth 4, lands in
/// `fours`.
macro_rules! four_words {
    ($fours:literal) => {
        concat!(
            "ldm lr!, {{r0, r1, r2, r3}}\n",
            csa!("r8", "r0", "r1", "r0"),
            csa!("r8", "r2", "r3", "r2"),
            csa!("r9", "r0", "r2", $fours),
        )
    };
}

/// One block of 16 words from lr through the levels r8 (ones), r9 (twos),
/// r10 (fours) and r11 (eights); the block's carry, worth 16, is reduced to
/// byte counts and added to r12. r0-r6 are scratch.
macro_rules! ones_block {
    () => {
        concat!(
            four_words!("r5"),
            four_words!("r0"),
            csa!("r10", "r5", "r0", "r5"),
            four_words!("r6"),
            four_words!("r0"),
            csa!("r10", "r6", "r0", "r6"),
            csa!("r11", "r5", "r6", "r5"),
            "and r4, r5, #0xaaaaaaaa\n",
            "sub r5, r5, r4, lsr #1\n",
            "and r4, r5, #0xcccccccc\n",
            "sub r5, r5, r4, lsr #1\n",
            "sub r5, r5, r4, lsr #2\n",
            "add r5, r5, r5, lsr #4\n",
            "and r5, r5, #0x0f0f0f0f\n",
            "add r12, r12, r5\n",
        )
    };
}

/// One block of the dot: 4 words of each plane of a (lr) and b (r7), the
/// negative planes `{off}` bytes on; `same` and `!opposite` words into the
/// levels r8 (ones), r9 (twos) and r10 (fours), the block's carry, worth
/// 8, reduced to byte counts and added to r11. r0-r6 are scratch.
macro_rules! dot_block {
    () => {
        concat!(
            "ldrd r0, r1, [lr, #{off}]\n",
            "ldrd r2, r3, [r7, #{off}]\n",
            "eor r0, r0, r2\n",
            "eor r1, r1, r3\n",
            "ldrd r2, r3, [lr], #8\n",
            "ldrd r4, r5, [r7], #8\n",
            "and r2, r2, r4\n",
            "and r3, r3, r5\n",
            "eor r4, r8, r0\n",
            "bic r4, r2, r4\n",
            "eor r4, r4, r8\n",
            "eor r8, r8, r2\n",
            "eor r5, r8, r1\n",
            "and r5, r5, r3\n",
            "eor r5, r5, r8\n",
            "eor r8, r8, r3\n",
            "eor r0, r9, r4\n",
            "and r4, r4, r9\n",
            "bic r1, r0, r5\n",
            "orr r4, r4, r1\n",
            "eor r9, r0, r5\n",
            "ldrd r0, r1, [lr, #{off}]\n",
            "ldrd r2, r3, [r7, #{off}]\n",
            "eor r0, r0, r2\n",
            "eor r1, r1, r3\n",
            "ldrd r2, r3, [lr], #8\n",
            "ldrd r5, r6, [r7], #8\n",
            "and r2, r2, r5\n",
            "and r3, r3, r6\n",
            "eor r5, r8, r0\n",
            "bic r5, r2, r5\n",
            "eor r5, r5, r8\n",
            "eor r8, r8, r2\n",
            "eor r6, r8, r1\n",
            "and r6, r6, r3\n",
            "eor r6, r6, r8\n",
            "eor r8, r8, r3\n",
            "eor r0, r9, r5\n",
            "orr r1, r0, r6\n",
            "bic r5, r5, r9\n",
            "orn r5, r5, r1\n",
            "eor r9, r0, r6\n",
            "eor r0, r10, r4\n",
            "and r4, r4, r10\n",
            "and r1, r0, r5\n",
            "orr r4, r4, r1\n",
            "eor r10, r0, r5\n",
            "and r1, r4, #0xaaaaaaaa\n",
            "sub r4, r4, r1, lsr #1\n",
            "and r1, r4, #0xcccccccc\n",
            "sub r4, r4, r1, lsr #1\n",
            "sub r4, r4, r1, lsr #2\n",
            "add r4, r4, r4, lsr #4\n",
            "and r4, r4, #0x0f0f0f0f\n",
            "add r11, r11, r4\n",
        )
    };
}

/// Adds `blocks` of 16 words to `levels` (at most 31 blocks: the byte
/// lanes returned, worth 16, hold up to 31 * 8).
#[allow(unsafe_code)]
pub(super) fn ones_run(levels: &mut Levels, blocks: &[[u32; 16]]) -> u32 {
    if blocks.is_empty() {
        return 0;
    }
    let lanes: u32;
    let range = blocks.as_ptr_range();
    // SAFETY: the loop reads the 16 * blocks.len() words of `blocks`, from
    // its start (lr) to its end (r5, then r7), one block an iteration, and
    // `blocks` is not empty; r6 and r7 are restored before the end, and
    // every other register written is an operand.
    unsafe {
        core::arch::asm!(
            "push {{r6, r7}}",
            "mov r7, r5",
            "2:",
            ones_block!(),
            "cmp lr, r7",
            "bne 2b",
            "pop {{r6, r7}}",
            inout("r8") levels.ones,
            inout("r9") levels.twos,
            inout("r10") levels.fours,
            inout("r11") levels.eights,
            inout("r12") 0u32 => lanes,
            inout("lr") range.start => _,
            inout("r5") range.end => _,
            out("r0") _,
            out("r1") _,
            out("r2") _,
            out("r3") _,
            out("r4") _,
            options(readonly),
        );
    }
    lanes
}

/// Adds `blocks` blocks of 4 words of the dot's two vectors to `levels`
/// (at most 31 blocks: the byte lanes returned, worth 8, hold up to
/// 31 * 8). `za` and `zb` point at the first block's non-zero words; each
/// vector's negative words are `4 * W` bytes further.
///
/// # Safety
///
/// `za` and `zb` must each point at `4 * blocks` readable words of a
/// non-zero plane whose negative plane follows at `4 * W` bytes, `blocks`
/// must be at least 1 and `4 * W` at most 1020 (the reach of `ldrd`).
#[allow(unsafe_code)]
pub(super) unsafe fn dot_run<const W: usize>(
    levels: &mut Levels,
    za: *const u32,
    zb: *const u32,
    blocks: usize,
) -> u32 {
    let lanes: u32;
    // SAFETY: the caller's contract; the loop reads 4 words of each plane
    // of each vector an iteration, `blocks` iterations, and stops when lr
    // reaches `end`; r6 and r7 are restored before the end.
    unsafe {
        let end = za.add(4 * blocks);
        core::arch::asm!(
            "push {{r6, r7}}",
            "mov r7, r5",
            "2:",
            dot_block!(),
            "cmp lr, r12",
            "bne 2b",
            "pop {{r6, r7}}",
            off = const 4 * W,
            inout("r8") levels.ones,
            inout("r9") levels.twos,
            inout("r10") levels.fours,
            inout("r11") 0u32 => lanes,
            in("r12") end,
            inout("lr") za => _,
            inout("r5") zb => _,
            out("r0") _,
            out("r1") _,
            out("r2") _,
            out("r3") _,
            out("r4") _,
            options(readonly),
        );
    }
    lanes
}

/// `(dot_count, nnz_a, nnz_b)` of two vectors in one pass of assembly: the
/// dot's loop (as [`dot_run`]), then one count of non-zero words (as
/// [`ones_run`]) run over a's words and on over b's, each tree reduced to
/// its count in registers, so a cosine pays one entry and no Rust loop
/// around the kernels. `za` and `zb` point
/// at the non-zero planes; each negative plane follows at `4 * W` bytes.
///
/// # Safety
///
/// `za` and `zb` must each point at `W` readable words of a non-zero plane
/// followed by its negative plane at `4 * W` bytes; `W` must be a multiple
/// of 16 between 16 and 124 (the dot's byte lanes take 31 loops of 4
/// words).
#[allow(unsafe_code)]
pub(super) unsafe fn dot_and_norms<const W: usize>(za: *const u32, zb: *const u32) -> [u32; 3] {
    let (dot, nnz_a, nnz_b): (u32, u32, u32);
    // SAFETY: the caller's contract: the dot's loop reads 4 words of each
    // plane an iteration until lr is `W` words on, then each count reads
    // that vector's `W` non-zero words; r6 and r7 are restored at the end,
    // and the three words pushed in between are popped.
    unsafe {
        core::arch::asm!(
            "push {{r6, r7}}",
            "mov r7, r5",
            "add r12, lr, #{plane}",
            "mov r8, #0",
            "mov r9, #0",
            "mov r10, #0",
            "mov r11, #0",
            "2:",
            dot_block!(),
            "cmp lr, r12",
            "bne 2b",
            "and r0, r8, #0xaaaaaaaa",
            "sub r0, r8, r0, lsr #1",
            "and r1, r9, #0xaaaaaaaa",
            "sub r1, r9, r1, lsr #1",
            "and r2, r10, #0xaaaaaaaa",
            "sub r2, r10, r2, lsr #1",
            "and r4, r0, #0xcccccccc",
            "sub r0, r0, r4, lsr #1",
            "sub r0, r0, r4, lsr #2",
            "and r4, r1, #0xcccccccc",
            "sub r1, r1, r4, lsr #1",
            "sub r1, r1, r4, lsr #2",
            "and r4, r2, #0xcccccccc",
            "sub r2, r2, r4, lsr #1",
            "sub r2, r2, r4, lsr #2",
            "add r0, r0, r1, lsl #1",
            "and r4, r0, #0xf0f0f0f0",
            "and r0, r0, #0x0f0f0f0f",
            "add r0, r0, r4, lsr #4",
            "and r4, r2, #0xf0f0f0f0",
            "and r2, r2, #0x0f0f0f0f",
            "add r2, r2, r4, lsr #4",
            "add r0, r0, r2, lsl #2",
            "lsr r4, r0, #8",
            "and r4, r4, #0x00ff00ff",
            "and r1, r0, #0x00ff00ff",
            "add r1, r1, r4",
            "lsr r4, r11, #8",
            "and r4, r4, #0x00ff00ff",
            "and r2, r11, #0x00ff00ff",
            "add r2, r2, r4",
            "add r1, r1, r2, lsl #3",
            "add r1, r1, r1, lsr #16",
            "uxth r0, r1",
            "sub r1, r7, #{plane}",
            "movs r2, #1",
            "push {{r0, r1, r2}}",
            "mov r7, lr",
            "sub lr, lr, #{plane}",
            // The counts of a, then of b: one copy of the loop, a flag on
            // the stack.
            "mov r8, #0",
            "mov r9, #0",
            "mov r10, #0",
            "mov r11, #0",
            "mov r12, #0",
            // b's words add to a's levels: its count is the total less a's.
            "3:",
            ones_block!(),
            "cmp lr, r7",
            "bne 3b",
            "and r0, r8, #0xaaaaaaaa",
            "sub r0, r8, r0, lsr #1",
            "and r1, r9, #0xaaaaaaaa",
            "sub r1, r9, r1, lsr #1",
            "and r2, r10, #0xaaaaaaaa",
            "sub r2, r10, r2, lsr #1",
            "and r3, r11, #0xaaaaaaaa",
            "sub r3, r11, r3, lsr #1",
            "and r4, r0, #0xcccccccc",
            "sub r0, r0, r4, lsr #1",
            "sub r0, r0, r4, lsr #2",
            "and r4, r1, #0xcccccccc",
            "sub r1, r1, r4, lsr #1",
            "sub r1, r1, r4, lsr #2",
            "and r4, r2, #0xcccccccc",
            "sub r2, r2, r4, lsr #1",
            "sub r2, r2, r4, lsr #2",
            "and r4, r3, #0xcccccccc",
            "sub r3, r3, r4, lsr #1",
            "sub r3, r3, r4, lsr #2",
            "add r0, r0, r1, lsl #1",
            "add r2, r2, r3, lsl #1",
            "and r4, r0, #0xf0f0f0f0",
            "and r0, r0, #0x0f0f0f0f",
            "add r0, r0, r4, lsr #4",
            "and r4, r2, #0xf0f0f0f0",
            "and r2, r2, #0x0f0f0f0f",
            "add r2, r2, r4, lsr #4",
            "add r0, r0, r2, lsl #2",
            "lsr r4, r0, #8",
            "and r4, r4, #0x00ff00ff",
            "and r1, r0, #0x00ff00ff",
            "add r1, r1, r4",
            "lsr r4, r12, #8",
            "and r4, r4, #0x00ff00ff",
            "and r2, r12, #0x00ff00ff",
            "add r2, r2, r4",
            "add r1, r1, r2, lsl #4",
            "add r1, r1, r1, lsr #16",
            "uxth r5, r1",
            "ldr r2, [sp, #8]",
            "cbz r2, 6f",
            "movs r2, #0",
            "str r2, [sp, #8]",
            "ldr lr, [sp, #4]",
            "str r5, [sp, #4]",
            "add r7, lr, #{plane}",
            "b 3b",
            "6:",
            "pop {{r0, r1, r2}}",
            "sub r5, r5, r1",
            "pop {{r6, r7}}",
            off = const 4 * W,
            plane = const 4 * W,
            inout("lr") za => _,
            inout("r5") zb => nnz_b,
            out("r0") dot,
            out("r1") nnz_a,
            out("r2") _,
            out("r3") _,
            out("r4") _,
            out("r8") _,
            out("r9") _,
            out("r10") _,
            out("r11") _,
            out("r12") _,
            options(readonly),
        );
    }
    [dot, nnz_a, nnz_b]
}

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
            "ldm lr!, {{r0, r1, r2, r3}}",
            "eor r4, r8, r0",
            "and r0, r0, r8",
            "eor r8, r4, r1",
            "and r4, r4, r1",
            "orr r0, r0, r4",
            "eor r4, r8, r2",
            "and r2, r2, r8",
            "eor r8, r4, r3",
            "and r4, r4, r3",
            "orr r2, r2, r4",
            "eor r4, r9, r0",
            "and r5, r0, r9",
            "eor r9, r4, r2",
            "and r4, r4, r2",
            "orr r5, r5, r4",
            "ldm lr!, {{r0, r1, r2, r3}}",
            "eor r4, r8, r0",
            "and r0, r0, r8",
            "eor r8, r4, r1",
            "and r4, r4, r1",
            "orr r0, r0, r4",
            "eor r4, r8, r2",
            "and r2, r2, r8",
            "eor r8, r4, r3",
            "and r4, r4, r3",
            "orr r2, r2, r4",
            "eor r4, r9, r0",
            "and r0, r0, r9",
            "eor r9, r4, r2",
            "and r4, r4, r2",
            "orr r0, r0, r4",
            "eor r4, r10, r5",
            "and r5, r5, r10",
            "eor r10, r4, r0",
            "and r4, r4, r0",
            "orr r5, r5, r4",
            "ldm lr!, {{r0, r1, r2, r3}}",
            "eor r4, r8, r0",
            "and r0, r0, r8",
            "eor r8, r4, r1",
            "and r4, r4, r1",
            "orr r0, r0, r4",
            "eor r4, r8, r2",
            "and r2, r2, r8",
            "eor r8, r4, r3",
            "and r4, r4, r3",
            "orr r2, r2, r4",
            "eor r4, r9, r0",
            "and r6, r0, r9",
            "eor r9, r4, r2",
            "and r4, r4, r2",
            "orr r6, r6, r4",
            "ldm lr!, {{r0, r1, r2, r3}}",
            "eor r4, r8, r0",
            "and r0, r0, r8",
            "eor r8, r4, r1",
            "and r4, r4, r1",
            "orr r0, r0, r4",
            "eor r4, r8, r2",
            "and r2, r2, r8",
            "eor r8, r4, r3",
            "and r4, r4, r3",
            "orr r2, r2, r4",
            "eor r4, r9, r0",
            "and r0, r0, r9",
            "eor r9, r4, r2",
            "and r4, r4, r2",
            "orr r0, r0, r4",
            "eor r4, r10, r6",
            "and r6, r6, r10",
            "eor r10, r4, r0",
            "and r4, r4, r0",
            "orr r6, r6, r4",
            "eor r4, r11, r5",
            "and r5, r5, r11",
            "eor r11, r4, r6",
            "and r4, r4, r6",
            "orr r5, r5, r4",
            "and r4, r5, #0xaaaaaaaa",
            "sub r5, r5, r4, lsr #1",
            "and r4, r5, #0xcccccccc",
            "sub r5, r5, r4, lsr #1",
            "sub r5, r5, r4, lsr #2",
            "add r5, r5, r5, lsr #4",
            "and r5, r5, #0x0f0f0f0f",
            "add r12, r12, r5",
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
            "ldrd r0, r1, [lr, #{off}]",
            "ldrd r2, r3, [r7, #{off}]",
            "eor r0, r0, r2",
            "eor r1, r1, r3",
            "ldrd r2, r3, [lr], #8",
            "ldrd r4, r5, [r7], #8",
            "and r2, r2, r4",
            "and r3, r3, r5",
            "eor r4, r8, r0",
            "bic r4, r2, r4",
            "eor r4, r4, r8",
            "eor r8, r8, r2",
            "eor r5, r8, r1",
            "and r5, r5, r3",
            "eor r5, r5, r8",
            "eor r8, r8, r3",
            "eor r0, r9, r4",
            "and r4, r4, r9",
            "bic r1, r0, r5",
            "orr r4, r4, r1",
            "eor r9, r0, r5",
            "ldrd r0, r1, [lr, #{off}]",
            "ldrd r2, r3, [r7, #{off}]",
            "eor r0, r0, r2",
            "eor r1, r1, r3",
            "ldrd r2, r3, [lr], #8",
            "ldrd r5, r6, [r7], #8",
            "and r2, r2, r5",
            "and r3, r3, r6",
            "eor r5, r8, r0",
            "bic r5, r2, r5",
            "eor r5, r5, r8",
            "eor r8, r8, r2",
            "eor r6, r8, r1",
            "and r6, r6, r3",
            "eor r6, r6, r8",
            "eor r8, r8, r3",
            "eor r0, r9, r5",
            "orr r1, r0, r6",
            "bic r5, r5, r9",
            "orn r5, r5, r1",
            "eor r9, r0, r6",
            "eor r0, r10, r4",
            "and r4, r4, r10",
            "and r1, r0, r5",
            "orr r4, r4, r1",
            "eor r10, r0, r5",
            "and r1, r4, #0xaaaaaaaa",
            "sub r4, r4, r1, lsr #1",
            "and r1, r4, #0xcccccccc",
            "sub r4, r4, r1, lsr #1",
            "sub r4, r4, r1, lsr #2",
            "add r4, r4, r4, lsr #4",
            "and r4, r4, #0x0f0f0f0f",
            "add r11, r11, r4",
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

//! The count of set bits of [`count`](super::count) in Thumb-1 assembly,
//! for Cortex-M0/M0+ class cores (ARMv6-M).
//!
//! Thumb-1 has eight low registers for arithmetic, two-operand logic and no
//! shifted operands; compiled from Rust, the carry-save tree spills on
//! every word. Here the tree's lower levels and the loaded words stay in
//! low registers, the upper levels wait in high registers (one `mov` each
//! way), and the three SWAR masks sit on the stack (one `ldr` each use).
//! Same tree, same results: the portable loop in `count` is the reference.
//!
//! Registers r6 and r7 cannot be `asm!` operands (base and frame pointer),
//! so the loop saves them on the stack and uses them inside.

use super::count::Levels;

// The loop's body as assembly text, its repeated steps written once
// (`asm!` takes a template built by `concat!`).

/// One carry-save adder step in low registers: `x` and `y` (words of the
/// weight of `level`) go into `level`, which keeps the sum bits; the
/// carries, worth twice as much, replace `x`. r6 is scratch.
#[rustfmt::skip]
macro_rules! csa {
    ($level:literal, $x:literal, $y:literal) => {
        concat!(
            "mov r6, ", $level, "\n",
            "eors r6, ", $x, "\n",
            "ands ", $x, ", ", $level, "\n",
            "mov ", $level, ", r6\n",
            "eors ", $level, ", ", $y, "\n",
            "ands r6, ", $y, "\n",
            "orrs ", $x, ", r6\n",
        )
    };
}

/// Four words from r7 (post-incremented) into the ones level (r0); their
/// carries into the twos level (r1), whose carry, worth 4, is left in r2.
macro_rules! four_words {
    () => {
        concat!(
            "ldm r7!, {{r2, r3, r4, r5}}\n",
            csa!("r0", "r2", "r3"),
            csa!("r0", "r4", "r5"),
            csa!("r1", "r2", "r4"),
        )
    };
}

/// Eight words from r7 through the ones, twos and fours (r8) levels; the
/// carry, worth 8, is left in r4. The first four words' carry waits in r9.
macro_rules! eight_words {
    () => {
        concat!(
            four_words!(),
            "mov r9, r2\n",
            four_words!(),
            "mov r3, r8\n",
            "mov r4, r9\n",
            csa!("r3", "r4", "r2"),
            "mov r8, r3\n",
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
    // The three masks, then the end: copied to the stack and to lr inside
    // (Thumb-1 operands must be low registers).
    let params = [0x5555_5555u32, 0x3333_3333, 0x0F0F_0F0F, range.end as u32];
    // SAFETY: the loop reads `params` and the 16 * blocks.len() words of
    // `blocks`, from its start (r4, then r7) to its end (lr), one block an
    // iteration, and
    // `blocks` is not empty; the 12 bytes of masks it stores on the stack
    // are released, and r6 and r7 restored, before the end; every other
    // register written is an operand.
    unsafe {
        core::arch::asm!(
            "push {{r6, r7}}",
            "sub sp, #12",
            "ldr r6, [r5]",
            "str r6, [sp]",
            "ldr r6, [r5, #4]",
            "str r6, [sp, #4]",
            "ldr r6, [r5, #8]",
            "str r6, [sp, #8]",
            "ldr r6, [r5, #12]",
            "mov lr, r6",
            "mov r8, r2",
            "mov r11, r3",
            "movs r6, #0",
            "mov r12, r6",
            "mov r7, r4",
            "2:",
            eight_words!(),
            "mov r10, r4",
            eight_words!(),
            "mov r3, r11",
            "mov r5, r10",
            csa!("r3", "r5", "r4"),
            "mov r11, r3",
            "lsrs r6, r5, #1",
            "ldr r4, [sp]",
            "ands r6, r4",
            "subs r5, r5, r6",
            "ldr r4, [sp, #4]",
            "lsrs r6, r5, #2",
            "ands r6, r4",
            "ands r5, r4",
            "adds r5, r5, r6",
            "lsrs r6, r5, #4",
            "adds r5, r5, r6",
            "ldr r4, [sp, #8]",
            "ands r5, r4",
            "add r12, r5",
            "cmp r7, lr",
            // Past the reach of a conditional branch (256 bytes).
            "beq 3f",
            "b 2b",
            "3:",
            "mov r2, r8",
            "mov r3, r11",
            "mov r4, r12",
            "add sp, #12",
            "pop {{r6, r7}}",
            inout("r0") levels.ones,
            inout("r1") levels.twos,
            inout("r2") levels.fours,
            inout("r3") levels.eights,
            inout("r4") range.start => lanes,
            in("r5") &params,
            out("r8") _,
            out("r9") _,
            out("r10") _,
            out("r11") _,
            out("r12") _,
            out("lr") _,
        );
    }
    lanes
}

/// Adds `blocks` blocks of 4 words of the dot's two vectors to `levels`
/// (at most 31 blocks: the byte lanes returned, worth 8, hold up to
/// 31 * 8), as the portable `dot_block`. `za` and `zb` point at the first
/// block's non-zero words; each vector's negative words are `4 * W` bytes
/// further.
///
/// # Safety
///
/// `za` and `zb` must each point at `4 * blocks` readable words of a
/// non-zero plane whose negative plane follows at `4 * W` bytes, and
/// `blocks` must be at least 1.
#[allow(unsafe_code)]
pub(super) unsafe fn dot_run<const W: usize>(
    levels: &mut Levels,
    za: *const u32,
    zb: *const u32,
    blocks: usize,
) -> u32 {
    let lanes: u32;
    // SAFETY: the caller's contract; the loop reads `params`, then 4 words
    // of each plane of each vector an iteration, `blocks` iterations, and
    // stops when r2 reaches the end; the 12 bytes of masks it stores on the
    // stack are released, and r6 and r7 restored, before the end.
    unsafe {
        // The masks, the end, the fours level and the planes' distance:
        // copied to the stack and to high registers inside (Thumb-1
        // operands must be low registers).
        let end = za.add(4 * blocks);
        let params = [
            0x5555_5555u32,
            0x3333_3333,
            0x0F0F_0F0F,
            end as u32,
            levels.fours,
            (4 * W) as u32,
        ];
        core::arch::asm!(
            "push {{r6, r7}}",
            "sub sp, #12",
            "ldr r6, [r4]",
            "str r6, [sp]",
            "ldr r6, [r4, #4]",
            "str r6, [sp, #4]",
            "ldr r6, [r4, #8]",
            "str r6, [sp, #8]",
            "ldr r6, [r4, #12]",
            "mov r12, r6",
            "ldr r6, [r4, #16]",
            "mov r8, r6",
            "ldr r6, [r4, #20]",
            "mov r11, r6",
            "movs r6, #0",
            "mov r10, r6",
            "mov r4, r11",
            "2:",
            "ldr r5, [r2, r4]",
            "ldr r6, [r3, r4]",
            "eors r5, r6",
            "ldm r2!, {{r6}}",
            "ldm r3!, {{r7}}",
            "ands r6, r7",
            "eors r5, r0",
            "eors r0, r6",
            "ands r6, r5",
            "eors r6, r0",
            "mov r9, r6",
            "ldr r5, [r2, r4]",
            "ldr r6, [r3, r4]",
            "eors r5, r6",
            "ldm r2!, {{r6}}",
            "ldm r3!, {{r7}}",
            "ands r6, r7",
            "eors r5, r0",
            "eors r0, r6",
            "bics r6, r5",
            "eors r6, r0",
            "mov r5, r9",
            "mov r7, r1",
            "eors r7, r5",
            "ands r5, r1",
            "mov r1, r7",
            "eors r1, r6",
            "bics r7, r6",
            "orrs r5, r7",
            "mov r9, r5",
            "ldr r5, [r2, r4]",
            "ldr r6, [r3, r4]",
            "eors r5, r6",
            "ldm r2!, {{r6}}",
            "ldm r3!, {{r7}}",
            "ands r6, r7",
            "eors r5, r0",
            "eors r0, r6",
            "ands r6, r5",
            "eors r6, r0",
            "mov lr, r6",
            "ldr r5, [r2, r4]",
            "ldr r6, [r3, r4]",
            "eors r5, r6",
            "ldm r2!, {{r6}}",
            "ldm r3!, {{r7}}",
            "ands r6, r7",
            "eors r5, r0",
            "eors r0, r6",
            "bics r6, r5",
            "eors r6, r0",
            "mov r5, lr",
            "mov r7, r1",
            "eors r7, r5",
            "bics r5, r1",
            "mov r1, r7",
            "eors r1, r6",
            "orrs r7, r6",
            "mvns r7, r7",
            "orrs r5, r7",
            "mov r6, r8",
            "mov r7, r9",
            "mov r4, r6",
            "eors r4, r7",
            "ands r7, r6",
            "mov r6, r4",
            "eors r6, r5",
            "ands r4, r5",
            "orrs r7, r4",
            "mov r8, r6",
            "lsrs r4, r7, #1",
            "ldr r5, [sp]",
            "ands r4, r5",
            "subs r7, r7, r4",
            "ldr r5, [sp, #4]",
            "lsrs r4, r7, #2",
            "ands r4, r5",
            "ands r7, r5",
            "adds r7, r7, r4",
            "lsrs r4, r7, #4",
            "adds r7, r7, r4",
            "ldr r5, [sp, #8]",
            "ands r7, r5",
            "add r10, r7",
            "mov r4, r11",
            "cmp r2, r12",
            "bne 2b",
            "mov r5, r8",
            "mov r4, r10",
            "add sp, #12",
            "pop {{r6, r7}}",
            inout("r0") levels.ones,
            inout("r1") levels.twos,
            inout("r2") za => _,
            inout("r3") zb => _,
            inout("r4") &params => lanes,
            out("r5") levels.fours,
            out("r8") _,
            out("r9") _,
            out("r10") _,
            out("r11") _,
            out("r12") _,
            out("lr") _,
        );
    }
    lanes
}

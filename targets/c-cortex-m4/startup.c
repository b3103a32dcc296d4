/* Reset and exit for the C firmware on QEMU mps2-an386: the vector table,
 * the FPU switched on (the library is built for the hard-float ABI), .bss
 * zeroed, semihosting set up for newlib's stdio (rdimon), then main; its
 * status leaves QEMU through the semihosting SYS_EXIT call. */
#include <stdint.h>
#include <stddef.h>
#include <string.h>

extern uint32_t __bss_start__, __bss_end__, __stack_top;
extern void initialise_monitor_handles(void);
extern void *sbrk(ptrdiff_t increment); /* newlib */
int main(void);
void reset_handler(void);

/* Semihosting SYS_EXIT (0x18): application exit (QEMU exits 0) or a
 * run-time error (QEMU exits 1). */
static void __attribute__((noreturn)) semihosting_exit(int ok) {
    register uint32_t op __asm__("r0") = 0x18;
    register uint32_t reason __asm__("r1") = ok ? 0x20026u : 0x20023u;
    __asm__ volatile("bkpt 0xab" : : "r"(op), "r"(reason) : "memory");
    for (;;) {
    }
}

static void fault_handler(void) {
    semihosting_exit(0);
}

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))(&__stack_top), reset_handler, fault_handler, fault_handler,
    fault_handler, fault_handler, fault_handler, 0, 0, 0, 0, fault_handler, fault_handler,
    0, fault_handler, fault_handler,
};

#define PAINT 0x5ca1ab1eu

/* Paints the free stack (from the end of .bss to a little below the current
 * stack pointer) so that stack_peak() can find the high-water mark. */
static void __attribute__((noinline)) paint_stack(void) {
    uint32_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (uint32_t *p = &__bss_end__; (uint32_t)p < sp - 256; p++) {
        *p = PAINT;
    }
}

/* Bytes of stack used so far at most (the painted words overwritten),
 * scanning up from the end of newlib's heap (stdio's buffers live there). */
uint32_t stack_peak(void) {
    uintptr_t heap_end = ((uintptr_t)sbrk(0) + 7u) & ~(uintptr_t)7u;
    const uint32_t *p = (const uint32_t *)heap_end;
    while (p < &__stack_top && *p == PAINT) {
        p++;
    }
    return (uint32_t)((const char *)&__stack_top - (const char *)p);
}

uint32_t stack_size(void) {
    return (uint32_t)((const char *)&__stack_top - (const char *)&__bss_end__);
}

void reset_handler(void) {
    /* CPACR: full access to CP10 and CP11 (the FPU). */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    memset(&__bss_start__, 0, (size_t)((char *)&__bss_end__ - (char *)&__bss_start__));
    paint_stack();
    initialise_monitor_handles();
    semihosting_exit(main() == 0);
}

/* newlib's exit path, should anything call exit(). */
void _exit(int status) {
    semihosting_exit(status == 0);
}

/* holon from C on the Cortex-M4F (QEMU mps2-an386), linked against
 * libholon.a (holon-ffi for thumbv7em-none-eabihf, see src/lib.rs): the
 * checks of the host C test (holon-ffi/tests/c/checks.c) on the device,
 * printing the lines the Rust image prints (GOLDEN, SCALARS, VERDICTS), so
 * targets/scripts/run-all.sh compares them with the Rust image's and the host's. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "checks.h"

#ifdef HOLON_PROVE_THE_CHECK_BITES
/* Only in libholon.a built with --features prove-the-check-bites: a slice
 * index that can panic, so this image must fail to link. */
uint8_t holon_ffi_check_bites(size_t index);
#endif

/* The painted stack's high-water mark and size (startup.c). */
uint32_t stack_peak(void);
uint32_t stack_size(void);

int main(void) {
    int failed = 0;
    uint64_t verdicts = 0;
    printf("HOLON target=c-cortex-m4 lang=c\n");
#ifdef HOLON_PROVE_THE_CHECK_BITES
    printf("%u\n", holon_ffi_check_bites(7));
#endif
    failed |= check_golden_atoms();
    if (scalar_digest() != SCALAR_DIGEST) {
        printf("FAIL scalar digest differs from the pinned one\n");
        failed = 1;
    }
    failed |= check_algebra();
    failed |= check_errors();
    failed |= replay(&verdicts);
    printf("STACK peak=%lu size=%lu\n", (unsigned long)stack_peak(), (unsigned long)stack_size());
    printf(failed ? "RESULT FAIL\n" : "RESULT PASS\n");
    fflush(stdout);
    return failed;
}

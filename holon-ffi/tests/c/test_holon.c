/* Host C test of holon.h, linked against the holon-ffi staticlib: the
 * shared checks (checks.c), then `RESULT PASS` or `RESULT FAIL`. The
 * script holon-ffi/test-c.sh builds it, runs it under valgrind and compares
 * its VERDICTS digest with `holon score`'s. */
#include <stdio.h>

#include "checks.h"

int main(void) {
    int failed = 0;
    uint64_t verdicts = 0;
    failed |= check_golden_atoms();
    if (scalar_digest() != SCALAR_DIGEST) {
        printf("FAIL scalar digest differs from the pinned one\n");
        failed = 1;
    }
    failed |= check_algebra();
    failed |= check_errors();
    failed |= replay(&verdicts);
    printf(failed ? "RESULT FAIL\n" : "RESULT PASS\n");
    return failed;
}

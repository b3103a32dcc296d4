/* The checks shared by the host C test (test_holon.c) and the Cortex-M4 C
 * firmware (targets/c-cortex-m4/main.c); see checks.c. Each returns 0 when
 * every check held. */
#ifndef HOLON_CHECKS_H
#define HOLON_CHECKS_H

#include <stdint.h>

int check_golden_atoms(void);
uint64_t scalar_digest(void);
int check_algebra(void);
int check_errors(void);
int replay(uint64_t *digest);

/* The digest of the 31 pinned scalar encodings (tests/tests/scalar.rs). */
#define SCALAR_DIGEST 0xe4a1325b6ae0abfbull

#endif

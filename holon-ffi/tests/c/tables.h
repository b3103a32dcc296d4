/* The data the C checks compare with, generated from the golden atoms, an
 * engram file and the replay records by
 * `cargo run -p holon-ffi --example c_tables` (see that file). */
#ifndef HOLON_TABLES_H
#define HOLON_TABLES_H

#include <stddef.h>
#include <stdint.h>

#include "holon.h"

/* One golden atom of holon-rs: its text and the FNV-1a 64 of its trits. */
typedef struct golden_atom {
    uint64_t seed;
    size_t dims;
    const char *text;
    size_t text_len;
    uint64_t fnv;
} golden_atom;

/* One replay record: its fields sorted by name, and each field's index in
 * REPLAY_NAMES (every name of the replay, sorted). */
typedef struct replay_record {
    const holon_field *fields;
    const uint8_t *names;
    size_t count;
} replay_record;

extern const size_t GOLDEN_ATOMS_LEN;
extern const golden_atom GOLDEN_ATOMS[];
extern const size_t ENGRAM_LEN;
extern const uint8_t ENGRAM[];
extern const size_t REPLAY_NAMES_LEN;
extern const holon_field REPLAY_NAMES[];
/* Slot ids of each name and of each pair of names (i, j) at i * n + j,
 * for the device to fill once (n = REPLAY_NAMES_LEN). */
extern uint32_t REPLAY_FIELD_IDS[];
extern uint32_t REPLAY_PAIR_IDS[];
extern const size_t REPLAY_LEN;
extern const replay_record REPLAY[];

#endif

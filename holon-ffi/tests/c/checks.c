/* The checks the host C test and the Cortex-M4 C firmware both run, through
 * holon.h only. Each prints one report line in the format of the Rust
 * firmware images (targets/harness), so the same digests can be compared:
 *
 *   GOLDEN atoms=<n> ok
 *   SCALARS digest=<16 hex>
 *   ALGEBRA ok
 *   ERRORS ok
 *   ENGRAMS loaded=<n> capacity=<N> bytes=<b> seed=<seed> threshold=<t>
 *   VERDICTS records=<n> anomalies=<n> digest=<16 hex>
 *
 * A failed check prints `FAIL <what>` and makes its function return non-zero.
 */
#include "checks.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tables.h"

#define D 1024

/* FNV-1a 64, as fw-harness's digest. */
static uint64_t fnv_bytes(uint64_t h, const void *bytes, size_t len) {
    const uint8_t *b = (const uint8_t *)bytes;
    for (size_t i = 0; i < len; i++) {
        h ^= b[i];
        h *= 0x00000100000001b3ull;
    }
    return h;
}

#define FNV_START 0xcbf29ce484222325ull

static int fails;

static void check(int ok, const char *what) {
    if (!ok) {
        printf("FAIL %s\n", what);
        fails++;
    }
}

static int8_t buf[4096], buf2[4096], buf3[4096];

int check_golden_atoms(void) {
    int before = fails;
    size_t ok = 0;
    for (size_t i = 0; i < GOLDEN_ATOMS_LEN; i++) {
        const golden_atom *g = &GOLDEN_ATOMS[i];
        int rc = holon_atom(g->seed, g->text, g->text_len, buf, g->dims);
        if (rc == HOLON_OK && fnv_bytes(FNV_START, buf, g->dims) == g->fnv) {
            ok++;
        } else {
            printf("FAIL golden atom %u (\"%s\", dims %u): rc %d\n", (unsigned)i, g->text,
                   (unsigned)g->dims, rc);
            fails++;
        }
    }
    if (fails == before) {
        printf("GOLDEN atoms=%u ok\n", (unsigned)ok);
    }
    return fails != before;
}

/* The 31 scalar encodings at D = 1024 of fw-harness's scalar_encodings (and
 * the host test tests/tests/scalar.rs), folded into one digest. */
uint64_t scalar_digest(void) {
    uint64_t h = FNV_START;
    const double lin[] = {0.0, 1.0, 13.0, 40.0, 100.0, -57.25, 1e9, INFINITY, NAN};
    const double lg[] = {52.0, 55.0, 1400.0, 1e-3, 1e6, 5e-324, 0.0, INFINITY};
    const double circ[] = {0.0, 1.0, 12.0, 23.0, 23.999, -1.0, 1e6};
    const int64_t t[] = {0, -1, 1704704400, 1709208000, 951825600, -11676096000ll, 13574563200ll};
    int rc = 0;
    for (size_t i = 0; i < sizeof lin / sizeof lin[0]; i++) {
        rc |= holon_linear(0, lin[i], 100.0, buf, D);
        h = fnv_bytes(h, buf, D);
    }
    for (size_t i = 0; i < sizeof lg / sizeof lg[0]; i++) {
        rc |= holon_log(0, lg[i], buf, D);
        h = fnv_bytes(h, buf, D);
    }
    for (size_t i = 0; i < sizeof circ / sizeof circ[0]; i++) {
        rc |= holon_circular(0, circ[i], 24.0, buf, D);
        h = fnv_bytes(h, buf, D);
    }
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        rc |= holon_time(0, t[i], buf, D);
        h = fnv_bytes(h, buf, D);
    }
    check(rc == 0, "scalar encoders returned an error");
    printf("SCALARS digest=%016llx\n", (unsigned long long)h);
    return h;
}

static int same(const int8_t *a, const int8_t *b, size_t n) {
    return memcmp(a, b, n) == 0;
}

static int8_t port[D], http[D], pos[D], pair[D];

/* Accumulator storage, 8-byte aligned. */
static uint64_t acc_storage[HOLON_ACCUMULATOR_BYTES(D) / 8 + 1];
static uint64_t acc2_storage[HOLON_ACCUMULATOR_BYTES(D) / 8 + 1];

int check_algebra(void) {
    int before = fails;
    /* Pinned by holon-core's docs. */
    const int8_t hello[8] = {0, -1, -1, 0, 1, 1, 1, 0};
    check(holon_atom(0, "hello", 5, buf, 8) == HOLON_OK && same(buf, hello, 8), "atom hello");

    const int8_t a[4] = {1, 1, -1, 0}, b[4] = {1, -1, -1, 1}, c[4] = {-1, 1, -1, 1};
    const int8_t ab[4] = {1, -1, 1, 0}, abc_bundle[4] = {1, 1, -1, 1}, ab_bundle[4] = {1, 0, -1, 1};
    check(holon_bind(a, b, buf, 4) == HOLON_OK && same(buf, ab, 4), "bind known answer");
    const int8_t *three[3] = {a, b, c};
    check(holon_bundle(three, 3, buf, 4) == HOLON_OK && same(buf, abc_bundle, 4), "bundle of 3");
    check(holon_bundle(three, 2, buf, 4) == HOLON_OK && same(buf, ab_bundle, 4), "bundle of 2");
    memset(buf, 1, 4);
    check(holon_bundle(NULL, 0, buf, 4) == HOLON_OK && buf[0] == 0 && buf[3] == 0, "empty bundle");
    const int8_t zero[4] = {0, 0, 0, 0};
    check(holon_cosine(a, zero, 4) == 0.0f, "cosine with zero is 0");
    check(fabsf(holon_cosine(a, a, 4) - 1.0f) < 1e-6f, "self cosine is 1");
    check(fabsf(holon_cosine(a, b, 4) - 0.28867513f) < 1e-6f, "cosine known answer 1/(2 sqrt 3)");
    int64_t dot = 0;
    check(holon_dot(a, b, 4, &dot) == HOLON_OK && dot == 1, "dot known answer");
    /* In place: out is an input. */
    memcpy(buf, a, 4);
    check(holon_bind(buf, b, buf, 4) == HOLON_OK && same(buf, ab, 4), "bind in place");

    /* The algebra's properties at D = 1024, as the Rust images check them. */
    holon_atom(0, "dst_port", 8, port, D);
    holon_atom(0, "80", 2, http, D);
    holon_atom(0, "__pos__3", 8, pos, D);
    holon_bind(port, http, pair, D);
    holon_bind(pair, port, buf, D);
    check(holon_cosine(buf, http, D) > 0.8f, "bind is self-inverse");
    check(fabsf(holon_cosine(port, http, D)) < 0.15f, "atoms near-orthogonal");
    const int8_t *pph[3] = {port, http, pos};
    holon_bundle(pph, 3, buf, D);
    for (int i = 0; i < 3; i++) {
        check(holon_cosine(buf, pph[i], D) > 0.3f, "bundle similar to its inputs");
    }

    /* The accumulator's threshold is the bundle. */
    check(holon_accumulator_size(D) <= sizeof acc_storage, "accumulator size bound");
    check(holon_accumulator_init(acc_storage, sizeof acc_storage, D) == HOLON_OK, "accumulator init");
    holon_accumulator_add(acc_storage, port, D);
    holon_accumulator_init(acc2_storage, sizeof acc2_storage, D);
    holon_accumulator_add(acc2_storage, http, D);
    holon_accumulator_add(acc2_storage, pos, D);
    check(holon_accumulator_merge(acc_storage, acc2_storage) == HOLON_OK, "accumulator merge");
    uint64_t count = 0;
    check(holon_accumulator_count(acc_storage, &count) == HOLON_OK && count == 3, "accumulator count");
    check(holon_accumulator_threshold(acc_storage, buf2, D) == HOLON_OK && same(buf, buf2, D),
          "accumulator threshold == bundle");

    /* Prefix property: any dims is a truncation of a supported D. */
    holon_atom(7, "prefix", 6, buf, 4096);
    holon_atom(7, "prefix", 6, buf2, 100);
    check(same(buf, buf2, 100), "atom prefix");
    holon_bind(port, http, buf2, 300);
    check(same(pair, buf2, 300), "bind prefix");
    holon_linear(0, 37.5, 100.0, buf, 4096);
    holon_linear(0, 37.5, 100.0, buf2, 700);
    check(same(buf, buf2, 700), "linear prefix");
    check(holon_cosine(port, http, 1000) == holon_cosine(port, http, 1000), "cosine at 1000");

    /* A flat record: similar to each of its fields. */
    holon_field rec[4] = {
        {"dst_port", 8, {HOLON_KIND_UINT, 0, 0, {.uinteger = 61864}}},
        {"payload_size", 12, {HOLON_KIND_INT, 0, 0, {.integer = 2546}}},
        {"protocol", 8, {HOLON_KIND_STR, "UDP", 3, {0}}},
        {"src_port", 8, {HOLON_KIND_FLOAT, 0, 0, {.real = 53.0}}},
    };
    check(holon_record_encode(0, rec, 4, buf, D) == HOLON_OK, "record encode");
    holon_atom(0, "dst_port", 8, buf2, D);
    holon_atom(0, "61864", 5, buf3, D);
    holon_bind(buf2, buf3, buf2, D);
    check(holon_cosine(buf, buf2, D) > 0.3f, "record similar to its dst_port field");
    holon_atom(0, "src_port", 8, buf2, D);
    holon_atom(0, "53", 2, buf3, D);
    holon_bind(buf2, buf3, buf2, D);
    check(holon_cosine(buf, buf2, D) > 0.3f, "record: 53.0 is the atom of 53");

    if (fails == before) {
        printf("ALGEBRA ok\n");
    }
    return fails != before;
}

/* Bank storage, 8-byte aligned, for a bank of D = 1024. */
static uint64_t bank[HOLON_ENGRAM_BANK_BYTES(D) / 8 + 1];
static uint8_t engram_copy[64 * 1024];

int check_errors(void) {
    int before = fails;
    const int8_t bad[4] = {1, 2, 0, -1};
    const int8_t a[4] = {1, 0, 0, 1};
    size_t max = holon_max_dims();
    check(holon_atom(0, "x", 1, NULL, 8) == HOLON_E_NULL, "atom: NULL out");
    check(holon_atom(0, NULL, 1, buf, 8) == HOLON_E_NULL, "atom: NULL text");
    check(holon_atom(0, NULL, 0, buf, 8) == HOLON_OK, "atom: empty text may be NULL");
    check(holon_atom(0, "x", 1, buf, 0) == HOLON_E_DIMS, "atom: dims 0");
    check(holon_atom(0, "x", 1, buf, max + 1) == HOLON_E_DIMS, "atom: dims too large");
    memset(buf, 9, 4);
    check(holon_bind(a, bad, buf, 4) == HOLON_E_TRIT && buf[0] == 9, "bind: non-trit, nothing written");
    check(holon_bind(a, NULL, buf, 4) == HOLON_E_NULL, "bind: NULL");
    check(isnan(holon_cosine(a, bad, 4)), "cosine: non-trit is NaN");
    check(isnan(holon_cosine(NULL, a, 4)), "cosine: NULL is NaN");
    check(isnan(holon_cosine(a, a, 0)), "cosine: dims 0 is NaN");
    const int8_t *with_null[2] = {a, NULL};
    check(holon_bundle(with_null, 2, buf, 4) == HOLON_E_NULL, "bundle: NULL input");
    check(holon_bundle(NULL, 2, buf, 4) == HOLON_E_NULL, "bundle: NULL inputs");
    const int8_t *with_bad[2] = {a, bad};
    check(holon_bundle(with_bad, 2, buf, 4) == HOLON_E_TRIT, "bundle: non-trit");
    check(holon_linear(0, 1.0, 0.0, buf, 64) == HOLON_E_PARAM, "linear: scale 0");
    check(holon_linear(0, 1.0, NAN, buf, 64) == HOLON_E_PARAM, "linear: NaN scale");
    check(holon_circular(0, 1.0, -24.0, buf, 64) == HOLON_E_PARAM, "circular: negative period");
    check(holon_time(0, 0, NULL, 64) == HOLON_E_NULL, "time: NULL out");

    holon_field rec[2] = {
        {"a", 1, {HOLON_KIND_FLOAT, 0, 0, {.real = NAN}}},
        {"b", 1, {99, 0, 0, {0}}},
    };
    check(holon_record_encode(0, rec, 1, buf, 64) == HOLON_E_PARAM, "record: NaN float");
    check(holon_record_encode(0, rec + 1, 1, buf, 64) == HOLON_E_PARAM, "record: unknown kind");
    holon_field bad_utf8 = {"\xff", 1, {HOLON_KIND_NULL, 0, 0, {0}}};
    check(holon_record_encode(0, &bad_utf8, 1, buf, 64) == HOLON_E_UTF8, "record: bad UTF-8 name");

    check(holon_accumulator_init(acc_storage, 16, D) == HOLON_E_STORAGE, "accumulator: storage too small");
    check(holon_accumulator_init((char *)acc_storage + 1, sizeof acc_storage - 8, D) == HOLON_E_STORAGE,
          "accumulator: misaligned storage");
    holon_accumulator_init(acc_storage, sizeof acc_storage, D);
    check(holon_accumulator_add(acc_storage, a, 4) == HOLON_E_DIMS, "accumulator: other dims");
    check(holon_accumulator_merge(acc_storage, acc_storage) == HOLON_E_PARAM, "accumulator: merge itself");
    check(holon_accumulator_add(buf3, a, 4) == HOLON_E_STORAGE || holon_accumulator_add(buf3, a, 4) == HOLON_E_NULL,
          "accumulator: not set up");

    /* Engram bytes: truncated, corrupted, another dimension. */
    check(holon_engram_bank_size(D) <= sizeof bank, "bank size bound");
    check(holon_engram_bank_size(1000) == 0, "bank size: unsupported dims");
    check(holon_engram_bank_load(bank, sizeof bank, D, NULL, 10) == HOLON_E_NULL, "load: NULL bytes");
    check(holon_engram_bank_load(bank, sizeof bank, D, ENGRAM, ENGRAM_LEN - 1) == HOLON_E_ENGRAM,
          "load: truncated");
    check(holon_engram_bank_load(bank, sizeof bank, D, ENGRAM, 3) == HOLON_E_ENGRAM, "load: 3 bytes");
    if (ENGRAM_LEN <= sizeof engram_copy) {
        memcpy(engram_copy, ENGRAM, ENGRAM_LEN);
        engram_copy[ENGRAM_LEN / 2] ^= 0x10;
        check(holon_engram_bank_load(bank, sizeof bank, D, engram_copy, ENGRAM_LEN) == HOLON_E_ENGRAM,
              "load: corrupted byte");
    }
    check(holon_engram_bank_load(bank, sizeof bank, 1000, ENGRAM, ENGRAM_LEN) == HOLON_E_DIMS,
          "load: unsupported dims");
    if (holon_dims_supported(256)) {
        check(holon_engram_bank_load(bank, holon_engram_bank_size(256), 256, ENGRAM, ENGRAM_LEN) == HOLON_E_DIMS,
              "load: file of another dimension");
    }
    check(holon_engram_bank_load(bank, 1024, D, ENGRAM, ENGRAM_LEN) == HOLON_E_STORAGE, "load: storage too small");
    holon_verdict v;
    check(holon_engram_bank_score(bank, rec, 0, NULL, 0, &v) == HOLON_E_STORAGE, "score: bank not loaded");
    check(holon_engram_bank_load(bank, sizeof bank, D, ENGRAM, ENGRAM_LEN) == HOLON_OK, "load");
    holon_field unsorted[2] = {
        {"b", 1, {HOLON_KIND_NULL, 0, 0, {0}}},
        {"a", 1, {HOLON_KIND_NULL, 0, 0, {0}}},
    };
    check(holon_engram_bank_score(bank, unsorted, 2, NULL, 0, &v) == HOLON_E_UNSORTED, "score: unsorted");
    check(holon_engram_bank_score(bank, rec, 2, NULL, 0, &v) == HOLON_E_PARAM, "score: unknown kind");
    uint32_t ids[3] = {0, 0, 0};
    check(holon_engram_bank_score(bank, unsorted + 1, 1, ids, 3, &v) == HOLON_E_SLOTS, "score: wrong slot table");
    check(holon_engram_bank_score(bank, unsorted + 1, 40, NULL, 0, &v) == HOLON_E_CAPACITY, "score: too many fields");
    check(holon_engram_bank_score(bank, unsorted + 1, 1, NULL, 0, NULL) == HOLON_E_NULL, "score: NULL verdict");
    check(holon_engram_bank_score(bank, unsorted + 1, 0, NULL, 0, &v) == HOLON_OK && v.score == 1.0f &&
              v.slots == 0 && !v.anomaly,
          "score: empty record");
    if (fails == before) {
        printf("ERRORS ok\n");
    }
    return fails != before;
}

int replay(uint64_t *digest_out) {
    int before = fails;
    if (holon_engram_bank_load(bank, sizeof bank, D, ENGRAM, ENGRAM_LEN) != HOLON_OK) {
        printf("FAIL the engram file does not load\n");
        return 1;
    }
    holon_bank_info info;
    holon_engram_bank_info(bank, &info);
    printf("ENGRAMS loaded=%u capacity=%u bytes=%u seed=%llu threshold=%g\n", (unsigned)info.engrams,
           (unsigned)info.capacity, (unsigned)ENGRAM_LEN, (unsigned long long)info.seed, (double)info.threshold);
    for (size_t i = 0; i < REPLAY_NAMES_LEN; i++) {
        const holon_field *a = &REPLAY_NAMES[i];
        holon_field_slot(info.seed, a->name, a->name_len, &REPLAY_FIELD_IDS[i]);
        for (size_t j = i + 1; j < REPLAY_NAMES_LEN; j++) {
            const holon_field *b = &REPLAY_NAMES[j];
            holon_pair_slot(info.seed, a->name, a->name_len, b->name, b->name_len,
                            &REPLAY_PAIR_IDS[i * REPLAY_NAMES_LEN + j]);
        }
    }
    uint64_t h = FNV_START;
    unsigned anomalies = 0;
    uint32_t ids[HOLON_MAX_FIELDS * (HOLON_MAX_FIELDS + 1) / 2];
    uint32_t hashed[HOLON_MAX_FIELDS * (HOLON_MAX_FIELDS + 1) / 2];
    for (size_t r = 0; r < REPLAY_LEN; r++) {
        const replay_record *rec = &REPLAY[r];
        size_t n = 0;
        for (size_t a = 0; a < rec->count; a++) {
            for (size_t b = a + 1; b < rec->count; b++) {
                ids[n++] = REPLAY_PAIR_IDS[rec->names[a] * REPLAY_NAMES_LEN + rec->names[b]];
            }
        }
        for (size_t a = 0; a < rec->count; a++) {
            ids[n++] = REPLAY_FIELD_IDS[rec->names[a]];
        }
        holon_verdict v;
        int rc = holon_engram_bank_score(bank, rec->fields, rec->count, ids, n, &v);
        if (rc != HOLON_OK || n != holon_slot_count(rec->count)) {
            printf("FAIL record %u: rc %d\n", (unsigned)r, rc);
            fails++;
            break;
        }
        if (r < 3) {
            /* The slow way agrees: ids hashed per record, by the library. */
            holon_verdict slow;
            holon_record_slot_ids(info.seed, rec->fields, rec->count, hashed, n);
            check(memcmp(ids, hashed, n * sizeof ids[0]) == 0, "slot ids: table == holon_record_slot_ids");
            check(holon_engram_bank_score(bank, rec->fields, rec->count, NULL, 0, &slow) == HOLON_OK &&
                      memcmp(&slow, &v, sizeof v) == 0,
                  "verdict with hashed slot ids");
        }
        uint8_t flag = (uint8_t)(v.anomaly != 0);
        uint32_t bits;
        memcpy(&bits, &v.score, 4);
        uint8_t le[4] = {(uint8_t)bits, (uint8_t)(bits >> 8), (uint8_t)(bits >> 16), (uint8_t)(bits >> 24)};
        h = fnv_bytes(h, &flag, 1);
        h = fnv_bytes(h, le, 4);
        anomalies += flag;
    }
    printf("VERDICTS records=%u anomalies=%u digest=%016llx\n", (unsigned)REPLAY_LEN, anomalies,
           (unsigned long long)h);
    *digest_out = h;
    return fails != before;
}

/* holon from C: atoms, binding, a record and its probe.
 *
 *   cargo rustc --release -p holon-ffi --crate-type staticlib
 *   gcc -std=c99 -Iholon-ffi holon-ffi/examples/c/quickstart.c \
 *       target/release/libholon_ffi.a -lpthread -ldl -lm -o quickstart
 *   ./quickstart
 */
#include <stdio.h>

#include "holon.h"

#define D 4096

int main(void) {
    static int8_t port[D], http[D], pair[D], doc[D];
    if (holon_atom(0, "dst_port", 8, port, D) || holon_atom(0, "80", 2, http, D)) {
        return 1;
    }
    holon_bind(port, http, pair, D);
    printf("cos(dst_port, 80)                 = %+.3f (independent atoms)\n", holon_cosine(port, http, D));

    /* {"protocol": "TCP", "dst_port": 80, "flags": "S"} */
    holon_field fields[3] = {
        {"dst_port", 8, {HOLON_KIND_UINT, NULL, 0, {.uinteger = 80}}},
        {"flags", 5, {HOLON_KIND_STR, "S", 1, {0}}},
        {"protocol", 8, {HOLON_KIND_STR, "TCP", 3, {0}}},
    };
    int rc = holon_record_encode(0, fields, 3, doc, D);
    if (rc != HOLON_OK) {
        printf("holon_record_encode: error %d\n", rc);
        return 1;
    }
    printf("cos(record, bind(dst_port, 80))   = %+.3f (the record holds the pair)\n",
           holon_cosine(doc, pair, D));
    holon_atom(0, "443", 3, http, D);
    holon_bind(port, http, pair, D);
    printf("cos(record, bind(dst_port, 443))  = %+.3f (it does not hold this one)\n",
           holon_cosine(doc, pair, D));
    return 0;
}

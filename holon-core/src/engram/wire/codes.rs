//! Trit codes: a prototype travels at 2 bits a trit, four to a byte,
//! lowest bits first (`00` = 0, `01` = +1, `10` = -1; `11` is invalid).

/// Packs up to four trits, lowest bits first: 0 → 00, +1 → 01, -1 → 10.
pub(crate) fn pack_trits(trits: &[i8]) -> u8 {
    trits.iter().rev().fold(0u8, |byte, &t| {
        let code = match t {
            1 => 0b01,
            -1 => 0b10,
            _ => 0b00,
        };
        (byte << 2) | code
    })
}

/// Unpacks `packed` into `trits` (as many as both hold).
pub(crate) fn unpack_into(packed: &[u8], trits: &mut [i8]) {
    let unpacked = packed.iter().flat_map(|&b| {
        [b, b >> 2, b >> 4, b >> 6].map(|code| match code & 0b11 {
            0b01 => 1,
            0b10 => -1,
            _ => 0,
        })
    });
    for (dst, src) in trits.iter_mut().zip(unpacked) {
        *dst = src;
    }
}

//! The file checksum: CRC-32/ISO-HDLC (zlib, PNG, Ethernet), small enough
//! for a microcontroller's flash.

/// CRC-32/ISO-HDLC (the zlib, PNG and Ethernet CRC): reflected polynomial
/// 0xEDB88320, initial value and final XOR all ones. Four bits a step from a
/// 16-entry table: 64 bytes of flash instead of 1 KiB.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    let step = |crc: u32| {
        let low = (crc & 0xF) as usize;
        (crc >> 4) ^ CRC_NIBBLES.get(low).copied().unwrap_or(0)
    };
    !bytes
        .iter()
        .fold(!0u32, |crc, &b| step(step(crc ^ u32::from(b))))
}

const CRC_NIBBLES: [u32; 16] = {
    let mut table = [0u32; 16];
    let mut i = 0;
    while i < 16 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 4 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
};

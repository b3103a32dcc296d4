//! The bundled packet stream (tests/data/packets), read once the same way by
//! every test file that needs it: its text and its records.

use std::io::Read;

use serde_json::Value;

/// The stream's JSON Lines text, un-gzipped.
pub fn bundled_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/packets/zero_hardcode_packets.jsonl.gz"
    );
    let file = std::fs::File::open(path).expect("bundled stream present");
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(file)
        .read_to_string(&mut text)
        .expect("gzip");
    text
}

/// The stream's records, in order.
#[allow(dead_code)] // flat.rs uses only the text
pub fn bundled_stream() -> Vec<Value> {
    bundled_text()
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

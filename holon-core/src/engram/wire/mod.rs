//! The engram byte format, in the smoltcp `wire` style: every field's place
//! in one module (`field`), a checked zero-copy view ([`EngramFile`],
//! `view`), the header as plain values that parse and emit (`header`), and
//! an [`Engram`](super::Engram) as the plain value of a prototype record
//! (`record`). Version 2's subspace records are in `subspace`; the layout
//! tables are in the `engram` module's documentation.

mod codes;
mod crc;
mod field;
mod header;
mod record;
pub(crate) mod subspace;
mod view;

pub(crate) use crc::crc32;
pub(crate) use field::checked_encoded_len;
pub use field::{
    encoded_len, packed_len, record_len, FORMAT_VERSION, HEADER_LEN, MAGIC, RECORD_FIXED_LEN,
    SUBSPACE_FORMAT_VERSION, SUBSPACE_HEADER_LEN, TRAILER_LEN,
};
pub(crate) use header::Header;
pub use view::{EngramFile, EngramRecord, EngramRecords};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engram::{Engram, EngramBank, NAME_CAPACITY};
    use crate::error::Error;
    use crate::vector::Vector;

    const D: usize = 7;

    fn sample_bank() -> EngramBank<D, 3> {
        let mut bank = EngramBank::new();
        let a: Vector<D> = "+-0+-0+".parse().unwrap();
        let b: Vector<D> = "-------".parse().unwrap();
        bank.push(Engram::new("alpha", 1, a, 0.5, 10).unwrap())
            .unwrap();
        bank.push(Engram::new("", 2, b, -1.25, 0).unwrap()).unwrap();
        bank
    }

    fn encode(bank: &EngramBank<D, 3>) -> ([u8; 128], usize) {
        let mut out = [0u8; 128];
        let n = bank.emit(99, &mut out).unwrap();
        (out, n)
    }

    /// Recomputes the trailer so a deliberate fault reaches record checks.
    fn reseal(bytes: &mut [u8]) {
        let end = bytes.len() - TRAILER_LEN;
        let crc = crc32(&bytes[..end]);
        bytes[end..].copy_from_slice(&crc.to_le_bytes());
    }

    fn first_record_at() -> usize {
        HEADER_LEN
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn record_layout_adds_up() {
        assert_eq!(
            field::record::NAME.start + NAME_CAPACITY,
            field::record::SLOT.start
        );
        assert_eq!(
            field::record::SLOT.start + 4,
            field::record::THRESHOLD.start
        );
        assert_eq!(
            field::record::THRESHOLD.start + 4,
            field::record::COUNT.start
        );
        assert_eq!(field::record::COUNT.start + 4, RECORD_FIXED_LEN);
        assert_eq!(field::header::SEED.start + 8, HEADER_LEN);
    }

    #[test]
    fn packing_round_trips_every_short_vector() {
        // Every trit pattern of length 5 (3^5 of them), across a byte border.
        for n in 0..243u32 {
            let v: Vector<5> = Vector::from_fn(|i| ((n / 3u32.pow(i as u32)) % 3) as i8 - 1);
            let mut bank: EngramBank<5, 1> = EngramBank::new();
            bank.push(Engram::new("v", 0, v.clone(), 0.0, 0).unwrap())
                .unwrap();
            let mut out = [0u8; 80];
            let len = bank.emit(0, &mut out).unwrap();
            let (back, _) = EngramBank::<5, 1>::from_bytes(&out[..len]).unwrap();
            assert_eq!(back.get(0).unwrap().prototype(), &v);
        }
    }

    #[test]
    fn round_trip_keeps_every_field() {
        let bank = sample_bank();
        let (bytes, n) = encode(&bank);
        assert_eq!(n, encoded_len(D, 2));
        let (back, seed) = EngramBank::<D, 3>::from_bytes(&bytes[..n]).unwrap();
        assert_eq!(seed, 99);
        assert_eq!(back, bank);
        assert_eq!(back.get(1).unwrap().threshold(), -1.25);
    }

    #[test]
    fn record_faults_are_rejected_even_with_a_valid_checksum() {
        let (clean, n) = encode(&sample_bank());
        let rec = first_record_at();
        let proto = rec + RECORD_FIXED_LEN;
        let cases: [(usize, u8, &str); 6] = [
            (rec, 33, "engram name longer than 32 bytes"),
            (
                rec + field::record::NAME.start + 20,
                b'x',
                "engram name padding is not zero",
            ),
            (
                rec + field::record::NAME.start,
                0xFF,
                "engram name is not UTF-8",
            ),
            // f32 bits 0x7FC0_0000 (NaN): top byte of the threshold.
            (
                rec + field::record::THRESHOLD.start + 3,
                0x7F,
                "engram threshold is not finite",
            ),
            (proto, 0b11, "prototype holds the trit code 11"),
            // D = 7: the last byte holds components 4..6, code 7 must be 00.
            (
                proto + 1,
                0b0100_0000,
                "prototype codes past D are not zero",
            ),
        ];
        for (at, value, what) in cases {
            let mut bytes = clean;
            bytes[at] = value;
            if what.contains("threshold") {
                bytes[at - 1] = 0xC0;
            }
            reseal(&mut bytes[..n]);
            assert_eq!(
                EngramFile::<D, _>::new_checked(&bytes[..n]).map(|_| ()),
                Err(Error::Malformed { what }),
                "{what}"
            );
        }
    }

    #[test]
    fn header_faults_are_reported_precisely() {
        let (clean, n) = encode(&sample_bank());
        let mut bytes = clean;
        bytes[field::header::VERSION.start] = 3;
        reseal(&mut bytes[..n]);
        assert_eq!(
            EngramFile::<D, _>::new_checked(&bytes[..n]).map(|_| ()),
            Err(Error::UnsupportedVersion { found: 3 })
        );
        let mut bytes = clean;
        bytes[field::header::FLAGS.start + 1] = 0x80;
        reseal(&mut bytes[..n]);
        assert!(matches!(
            EngramFile::<D, _>::new_checked(&bytes[..n]),
            Err(Error::Malformed { .. })
        ));
        let mut bytes = clean;
        bytes[field::header::COUNT.start] = 3;
        assert_eq!(
            EngramFile::<D, _>::new_checked(&bytes[..n]).map(|_| ()),
            Err(Error::BadLength {
                expected: encoded_len(D, 3),
                found: n
            })
        );
        let mut bytes = clean;
        bytes[field::header::COUNT.start + 3] = 0xFF;
        assert!(matches!(
            EngramFile::<D, _>::new_checked(&bytes[..n]),
            Err(Error::BadLength { .. })
        ));
    }

    #[test]
    fn load_failure_leaves_the_bank_alone() {
        let bank = sample_bank();
        let (bytes, n) = encode(&bank);
        let mut small: EngramBank<D, 1> = EngramBank::new();
        small
            .push(Engram::new("keep", 0, Vector::zero(), 0.0, 0).unwrap())
            .unwrap();
        assert_eq!(
            small.load(&bytes[..n]),
            Err(Error::CapacityExceeded { capacity: 1 })
        );
        assert_eq!(small.len(), 1);
        assert_eq!(small.find("keep"), Some(0));
        small.clear();
        assert!(small.is_empty());
        assert_eq!(small.find("keep"), None);
    }
}

//! `holon_core::engram`: engrams, banks of every capacity (0 included), the
//! byte format both ways, the checked file view, its records and iterator,
//! on opaque names, lengths and bytes; and a bank of untrusted prototypes.

use core::hint::black_box;

use holon_core::{
    atom::{atom, position},
    detect::slot_score,
    engram::{encoded_len, packed_len, record_len, Engram, EngramBank, EngramFile},
    Vector,
};

use crate::inputs::{
    name, text, untrusted_operands, FILE, SEED, SLICE_INDEX, SLOT, TEXT_LEN, THRESHOLD, WEIGHT,
};
use crate::opaque::read;

static COUNT: u32 = 12;
static FILE_LEN: usize = 700;
static FILE_START: usize = 0;

/// Every public call of `holon_core::engram` with a bank of capacity `N`.
/// `out` is the buffer `emit` writes into.
#[inline(never)]
pub fn exercise<const D: usize, const N: usize>(out: &mut [u8]) {
    let seed = read(&SEED);
    let n = name();
    let d = read(&TEXT_LEN);
    black_box((
        encoded_len(d, read(&FILE_LEN)),
        packed_len(d),
        record_len(d),
    ));
    black_box(encoded_len(usize::MAX, read(&FILE_LEN)));

    let proto: Vector<D> = atom(seed, text());
    let engram = Engram::new(n, read(&SLOT), proto.clone(), read(&WEIGHT), read(&COUNT));
    let engram2 = Engram::new(
        text(),
        read(&SLOT) ^ 1,
        position(seed, 1),
        read(&THRESHOLD),
        3,
    );
    let bad = Engram::new(n, 0, proto.clone(), read(&WEIGHT) / 0.0, 0);
    black_box((&engram, &engram2, &bad));
    if let Ok(e) = &engram {
        black_box((e.name(), e.slot(), e.threshold(), e.count(), e.prototype()));
    }

    let mut bank = EngramBank::<D, N>::new();
    black_box((
        EngramBank::<D, N>::CAPACITY,
        bank.is_empty(),
        bank.is_full(),
    ));
    for e in [engram, engram2, bad].into_iter().flatten() {
        let _ = black_box(bank.push(e.clone()));
        let _ = black_box(bank.push(e));
    }
    black_box((bank.len(), bank.get(read(&SLICE_INDEX)), bank.as_slice()));
    black_box((bank.find(n), bank.find(text())));
    for e in &bank {
        black_box(e.count());
    }
    black_box(bank.iter().len());
    let query: Vector<D> = atom(seed, n);
    black_box(bank.best_in_slot(read(&SLOT), &query));
    black_box(bank.top_k::<0>(&query));
    black_box(bank.top_k::<1>(&query));
    black_box(bank.top_k::<5>(&query));
    black_box(bank.encoded_len());

    let written = bank.emit(seed, out);
    let _ = black_box(written);
    let len = read(&FILE_LEN);
    let emitted = out.get(..len).unwrap_or(&[]);
    let outside = read(&FILE).get(read(&FILE_START)..).unwrap_or(&[]);
    for bytes in [emitted, outside] {
        if let Ok(file) = EngramFile::<D, _>::new_checked(bytes) {
            black_box((file.version(), file.flags(), file.dimensions(), file.seed()));
            black_box((
                file.len(),
                file.is_empty(),
                file.checksum(),
                file.as_bytes(),
            ));
            for record in &file {
                black_box((
                    record.name(),
                    record.slot(),
                    record.threshold(),
                    record.count(),
                ));
                black_box((record.prototype(), record.to_engram()));
            }
            let mut records = file.iter();
            black_box((
                records.size_hint(),
                records.len(),
                records.nth(read(&SLICE_INDEX)),
            ));
            black_box(records.next().map(|r| r.slot()));
            black_box(file.get(read(&SLICE_INDEX)).map(|r| r.count()));
            black_box(file.into_inner());
        }
        let parsed = EngramBank::<D, N>::from_bytes(bytes);
        let _ = black_box(
            parsed
                .as_ref()
                .map(|(b, seed)| (b.len(), *seed, *b == bank)),
        );
        let mut other = EngramBank::<D, N>::new();
        let _ = black_box(other.load(bytes));
        let _ = black_box(bank.load(bytes));
    }
    bank.clear();
    black_box(&bank);
}

/// A bank of untrusted prototypes, matched and written out.
#[inline(never)]
pub fn untrusted<const D: usize>() {
    let (a, b, c) = untrusted_operands::<D>();
    let mut bank = EngramBank::<D, 2>::new();
    for (i, p) in [&a, &c].into_iter().enumerate() {
        if let Ok(e) = Engram::new(name(), read(&SLOT) ^ i as u32, p.clone(), 0.3, 1) {
            let _ = bank.push(e);
        }
    }
    black_box((bank.top_k::<2>(&b), bank.best_in_slot(read(&SLOT), &b)));
    black_box(slot_score(&bank, read(&SLOT), &a));
    let mut bytes = [0u8; 1024];
    let _ = black_box(bank.emit(read(&SEED), &mut bytes));
}

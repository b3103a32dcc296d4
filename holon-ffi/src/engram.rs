//! Engram banks in caller storage: load the bytes `holon mint` wrote, then
//! score flat records with the detector's rules
//! (`holon_core::detect::score_leaves`), as `holon score` does.

use core::ffi::{c_char, c_int, c_void};

use holon_core::detect::{
    field_slot, pair_slot, score_leaves, slot_count, LeafEncoder, NamedSlots, SlotTable,
    ANOMALY_THRESHOLD,
};
use holon_core::engram::EngramBank;
use holon_core::{AtomCache, Vector};

use crate::dims::{at_d, input, output};
use crate::error::{
    code_of, status, HOLON_E_CAPACITY, HOLON_E_DIMS, HOLON_E_ENGRAM, HOLON_E_NULL, HOLON_E_SLOTS,
    HOLON_E_UNSORTED,
};
use crate::record::{holon_field, text};
use crate::storage::{clear_tag, peek, place, write_header, Stored};

/// Most engrams a bank holds: `holon mint`'s limit.
pub const HOLON_ENGRAM_CAPACITY: usize = 256;

/// Most fields a scored record may have.
pub const HOLON_MAX_FIELDS: usize = 32;

/// Atoms (string, bool and null values) a bank keeps cached for scoring.
pub const HOLON_BANK_ATOM_CACHE: usize = 16;

/// Bytes of bank storage per component beyond the engrams' own:
/// `holon_engram_bank_size(dims) <= HOLON_ENGRAM_BANK_ROWS * (dims + 64)`
/// for a supported `dims` (the `HOLON_ENGRAM_BANK_BYTES` macro).
pub const HOLON_ENGRAM_BANK_ROWS: usize = HOLON_ENGRAM_CAPACITY + HOLON_MAX_FIELDS + 24;

/// Tag of bank storage (`"HLBK"`).
const TAG: u32 = u32::from_le_bytes(*b"HLBK");

/// What a bank's storage holds: the engrams, the leaf encoder of their
/// seed, and scratch for one record's leaf vectors.
pub(crate) struct Bank<const D: usize> {
    engrams: EngramBank<D, HOLON_ENGRAM_CAPACITY>,
    seed: u64,
    threshold: f32,
    leaves: LeafEncoder<D, AtomCache<D, HOLON_BANK_ATOM_CACHE>>,
    scratch: [Vector<D>; HOLON_MAX_FIELDS],
    pair: Vector<D>,
}

const fn size_at<const D: usize>() -> usize {
    let size = Stored::<Bank<D>>::SIZE;
    assert!(size <= HOLON_ENGRAM_BANK_ROWS * (D + 64));
    size
}

/// Bytes of storage an engram bank of dimension `dims` needs (about
/// `HOLON_ENGRAM_CAPACITY * (dims + 48)` for the engrams plus
/// `HOLON_MAX_FIELDS * dims` of scratch: 330 KB at 1024), or 0 if this
/// build does not store vectors of exactly `dims` (`holon_dims_supported`).
#[no_mangle]
pub extern "C" fn holon_engram_bank_size(dims: usize) -> usize {
    at_d!(safe Some(dims), size_at(), 0)
}

/// Writes `value` at `place`, which the caller lets us write.
///
/// # Safety
///
/// `place` valid and aligned for a `T`.
unsafe fn put<T>(place: *mut T, value: T) {
    // SAFETY: the caller's contract.
    unsafe { place.write(value) }
}

unsafe fn load_at<const D: usize>(
    storage: *mut c_void,
    len: usize,
    bytes: &[u8],
) -> Result<(), c_int> {
    let p = place::<Bank<D>>(storage, len)?;
    // SAFETY: `place` checked size and alignment, the caller lets us write
    // the storage. The tag is cleared first and only set once every field
    // was written, each in place (a bank is too big to build on a stack).
    unsafe {
        clear_tag(p);
        let bank = core::ptr::addr_of_mut!((*p).value);
        let engrams = core::ptr::addr_of_mut!((*bank).engrams);
        put(engrams, EngramBank::new());
        let seed = (*engrams).load(bytes).map_err(code_of)?;
        let threshold = (*engrams)
            .get(0)
            .map_or(ANOMALY_THRESHOLD, |e| e.threshold());
        put(core::ptr::addr_of_mut!((*bank).seed), seed);
        put(core::ptr::addr_of_mut!((*bank).threshold), threshold);
        put(
            core::ptr::addr_of_mut!((*bank).leaves),
            LeafEncoder::new(seed, AtomCache::new()),
        );
        put(
            core::ptr::addr_of_mut!((*bank).scratch),
            [const { Vector::zero() }; HOLON_MAX_FIELDS],
        );
        put(core::ptr::addr_of_mut!((*bank).pair), Vector::zero());
        write_header(p, TAG, D, D);
    }
    Ok(())
}

/// Loads the engram file `bytes[0..bytes_len]` (as `holon mint` writes it)
/// into `storage` (`storage_len` bytes, at least
/// `holon_engram_bank_size(dims)`, aligned to `HOLON_STORAGE_ALIGN`). The
/// file must be of dimension `dims`. The storage is then the bank's handle;
/// the bytes are not needed after the call.
///
/// Returns 0, `HOLON_E_NULL`, `HOLON_E_DIMS` (`dims` not supported exactly,
/// or the file's dimension differs), `HOLON_E_STORAGE`, `HOLON_E_CAPACITY`
/// (more than `HOLON_ENGRAM_CAPACITY` engrams) or `HOLON_E_ENGRAM`
/// (malformed bytes: magic, version, length, checksum, names, thresholds,
/// trit codes). On an error the storage is not a bank.
///
/// # Safety
///
/// `storage` writable for `storage_len` bytes and used only through this
/// library while the bank lives; `bytes` readable for `bytes_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn holon_engram_bank_load(
    storage: *mut c_void,
    storage_len: usize,
    dims: usize,
    bytes: *const u8,
    bytes_len: usize,
) -> c_int {
    status((|| {
        if bytes.is_null() {
            return Err(HOLON_E_NULL);
        }
        // SAFETY: the caller's contract for `bytes`.
        let bytes = unsafe { input(bytes, bytes_len) }?;
        // SAFETY: forwarded contract.
        at_d!(
            Some(dims),
            load_at(storage, storage_len, bytes),
            Err(HOLON_E_DIMS)
        )
    })())
}

/// What a loaded bank holds.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct holon_bank_info {
    /// Dimension of the engrams.
    pub dims: usize,
    /// Engrams loaded.
    pub engrams: usize,
    /// Most engrams the bank can hold (`HOLON_ENGRAM_CAPACITY`).
    pub capacity: usize,
    /// The codebook seed of the file: every atom and slot id is under it.
    pub seed: u64,
    /// The anomaly threshold (the first engram's; 0.3 for an empty file).
    pub threshold: f32,
}

unsafe fn info_at<const D: usize>(
    bank: *const c_void,
    out: *mut holon_bank_info,
) -> Result<(), c_int> {
    // SAFETY: passed `peek` for this tag and D.
    let b = unsafe { &(*bank.cast::<Stored<Bank<D>>>()).value };
    // SAFETY: the caller's contract for `out`.
    for o in unsafe { output(out, 1) }? {
        *o = holon_bank_info {
            dims: D,
            engrams: b.engrams.len(),
            capacity: HOLON_ENGRAM_CAPACITY,
            seed: b.seed,
            threshold: b.threshold,
        };
    }
    Ok(())
}

/// Writes what the bank `bank` holds to `*out`.
///
/// Returns 0, `HOLON_E_NULL` or `HOLON_E_STORAGE` (`bank` not loaded).
///
/// # Safety
///
/// `bank` as `holon_engram_bank_load` left it, `out` writable.
#[no_mangle]
pub unsafe extern "C" fn holon_engram_bank_info(
    bank: *const c_void,
    out: *mut holon_bank_info,
) -> c_int {
    status((|| {
        // SAFETY: forwarded contract.
        let d = unsafe { peek(bank, TAG) }?;
        // SAFETY: forwarded contract.
        at_d!(Some(d), info_at(bank, out), Err(HOLON_E_ENGRAM))
    })())
}

/// The verdict on one record.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct holon_verdict {
    /// The worst slot's score (the best cosine against that slot's
    /// engrams; 0 for a slot the bank has none of); 1.0 with no fields.
    pub score: f32,
    /// Slots scored: `count * (count + 1) / 2` for `count` fields.
    pub slots: u32,
    /// 1 when `score` is below the bank's threshold, else 0.
    pub anomaly: c_int,
}

/// The names of `fields`, checked sorted and distinct.
///
/// # Safety
///
/// Every field's name readable for its length.
unsafe fn names(fields: &[holon_field], out: &mut [&str; HOLON_MAX_FIELDS]) -> Result<(), c_int> {
    let mut previous: Option<&str> = None;
    for (field, slot) in fields.iter().zip(out.iter_mut()) {
        // SAFETY: forwarded contract.
        let name = unsafe { field.name() }?;
        if previous.is_some_and(|p| p >= name) {
            return Err(HOLON_E_UNSORTED);
        }
        previous = Some(name);
        *slot = name;
    }
    Ok(())
}

unsafe fn score_at<const D: usize>(
    bank: *mut c_void,
    fields: &[holon_field],
    slot_ids: *const u32,
    slot_ids_len: usize,
    out: *mut holon_verdict,
) -> Result<(), c_int> {
    if out.is_null() {
        return Err(HOLON_E_NULL);
    }
    let mut paths = [""; HOLON_MAX_FIELDS];
    // SAFETY: the caller's contract for the fields' names.
    unsafe { names(fields, &mut paths) }?;
    // SAFETY: passed `peek` for this tag and D; the one live reference.
    let b = unsafe { &mut (*bank.cast::<Stored<Bank<D>>>()).value };
    let leaves = b.scratch.get_mut(..fields.len()).ok_or(HOLON_E_CAPACITY)?;
    for (field, v) in fields.iter().zip(leaves.iter_mut()) {
        // SAFETY: the caller's contract for the fields' texts.
        b.leaves.encode_into(unsafe { field.leaf() }?, v);
    }
    let score = if slot_ids.is_null() {
        let paths = paths.get(..fields.len()).ok_or(HOLON_E_CAPACITY)?;
        score_leaves(
            &b.engrams,
            &NamedSlots::new(b.seed, paths),
            leaves,
            &mut b.pair,
        )
    } else {
        if slot_ids_len != slot_count(fields.len()) {
            return Err(HOLON_E_SLOTS);
        }
        // SAFETY: the caller's contract for `slot_ids`.
        let ids = unsafe { input(slot_ids, slot_ids_len) }?;
        score_leaves(
            &b.engrams,
            &SlotTable::new(fields.len(), ids),
            leaves,
            &mut b.pair,
        )
    };
    // SAFETY: the caller's contract for `out` (checked non-null above).
    for o in unsafe { output(out, 1) }? {
        *o = holon_verdict {
            score: score.score,
            slots: score.slots,
            anomaly: c_int::from(score.is_anomaly(b.threshold)),
        };
    }
    Ok(())
}

/// Scores the flat record `fields[0..count]` (sorted by name, byte order;
/// labels such as `_attack` left out) against `bank` with the detector's
/// rules, as `holon score` does: one slot per pair of fields (the binding of
/// their values) and one per field (a string, bool or null is its atom; a
/// number of any kind its log magnitude `10 + |x|`, negated below 0). A
/// slot scores its best cosine against the bank's engrams of that slot; the
/// record scores its worst slot and is an anomaly below the threshold.
///
/// Slot ids: with `slot_ids` NULL they are hashed from the names (one
/// SHA-256 a slot); a device with a fixed schema computes them once with
/// `holon_record_slot_ids` and passes them (`slot_ids_len` =
/// `holon_slot_count(count)`).
///
/// Returns 0, `HOLON_E_NULL`, `HOLON_E_STORAGE` (`bank` not loaded),
/// `HOLON_E_CAPACITY` (more than `HOLON_MAX_FIELDS` fields),
/// `HOLON_E_UNSORTED`, `HOLON_E_UTF8`, `HOLON_E_PARAM` (an unknown kind) or
/// `HOLON_E_SLOTS` (`slot_ids_len` wrong).
///
/// # Safety
///
/// `bank` as `holon_engram_bank_load` left it and not used by another call
/// meanwhile (scoring updates its atom cache); `fields` readable for `count`
/// fields with their names and texts; `slot_ids` NULL or readable for
/// `slot_ids_len` ids; `out` writable.
#[no_mangle]
pub unsafe extern "C" fn holon_engram_bank_score(
    bank: *mut c_void,
    fields: *const holon_field,
    count: usize,
    slot_ids: *const u32,
    slot_ids_len: usize,
    out: *mut holon_verdict,
) -> c_int {
    status((|| {
        // SAFETY: forwarded contract.
        let d = unsafe { peek(bank, TAG) }?;
        if count > HOLON_MAX_FIELDS {
            return Err(HOLON_E_CAPACITY);
        }
        // SAFETY: the caller's contract for `fields`.
        let fields = unsafe { input(fields, count) }?;
        // SAFETY: forwarded contract.
        at_d!(
            Some(d),
            score_at(bank, fields, slot_ids, slot_ids_len, out),
            Err(HOLON_E_ENGRAM)
        )
    })())
}

/// Slots of a record of `fields` fields: `fields * (fields + 1) / 2`.
#[no_mangle]
pub extern "C" fn holon_slot_count(fields: usize) -> usize {
    slot_count(fields)
}

/// Writes the slot ids of the record `fields[0..count]` (sorted by name;
/// only the names are read) under `seed` (the bank's, from
/// `holon_engram_bank_info`) to `out`, in the order
/// `holon_engram_bank_score` takes them: the pairs `(0,1), (0,2), ...,
/// (1,2), ...`, then the fields. `out_len` must be
/// `holon_slot_count(count)`.
///
/// Returns 0, `HOLON_E_NULL`, `HOLON_E_CAPACITY`, `HOLON_E_UNSORTED`,
/// `HOLON_E_UTF8` or `HOLON_E_SLOTS`.
///
/// # Safety
///
/// `fields` readable for `count` fields with their names, `out` writable
/// for `out_len` ids.
#[no_mangle]
pub unsafe extern "C" fn holon_record_slot_ids(
    seed: u64,
    fields: *const holon_field,
    count: usize,
    out: *mut u32,
    out_len: usize,
) -> c_int {
    status((|| {
        if count > HOLON_MAX_FIELDS {
            return Err(HOLON_E_CAPACITY);
        }
        if out_len != slot_count(count) {
            return Err(HOLON_E_SLOTS);
        }
        // SAFETY: the caller's contract for `fields`.
        let fields = unsafe { input(fields, count) }?;
        let mut paths = [""; HOLON_MAX_FIELDS];
        // SAFETY: the caller's contract for the names.
        unsafe { names(fields, &mut paths) }?;
        let paths = paths.get(..count).ok_or(HOLON_E_CAPACITY)?;
        // SAFETY: the caller's contract for `out`.
        let out = unsafe { output(out, out_len) }?;
        let mut ids = out.iter_mut();
        for (a, pa) in paths.iter().enumerate() {
            for pb in paths.iter().skip(a + 1) {
                if let Some(id) = ids.next() {
                    *id = pair_slot(seed, pa, pb);
                }
            }
        }
        for (id, p) in ids.zip(paths) {
            *id = field_slot(seed, p);
        }
        Ok(())
    })())
}

/// Writes the slot id of the field named `name` (`name_len` bytes of UTF-8)
/// under `seed` to `*out`.
///
/// Returns 0, `HOLON_E_NULL` or `HOLON_E_UTF8`.
///
/// # Safety
///
/// `name` readable for `name_len` bytes, `out` writable.
#[no_mangle]
pub unsafe extern "C" fn holon_field_slot(
    seed: u64,
    name: *const c_char,
    name_len: usize,
    out: *mut u32,
) -> c_int {
    status((|| {
        if name.is_null() && name_len > 0 {
            return Err(HOLON_E_NULL);
        }
        // SAFETY: the caller's contract.
        let name = unsafe { text(name, name_len) }?;
        // SAFETY: the caller's contract.
        for o in unsafe { output(out, 1) }? {
            *o = field_slot(seed, name);
        }
        Ok(())
    })())
}

/// Writes the slot id of the pair of fields `a` and `b` (give them in
/// sorted order) under `seed` to `*out`.
///
/// Returns 0, `HOLON_E_NULL` or `HOLON_E_UTF8`.
///
/// # Safety
///
/// `a` and `b` readable for their lengths, `out` writable.
#[no_mangle]
pub unsafe extern "C" fn holon_pair_slot(
    seed: u64,
    a: *const c_char,
    a_len: usize,
    b: *const c_char,
    b_len: usize,
    out: *mut u32,
) -> c_int {
    status((|| {
        if (a.is_null() && a_len > 0) || (b.is_null() && b_len > 0) {
            return Err(HOLON_E_NULL);
        }
        // SAFETY: the caller's contract.
        let (a, b) = unsafe { (text(a, a_len)?, text(b, b_len)?) };
        // SAFETY: the caller's contract.
        for o in unsafe { output(out, 1) }? {
            *o = pair_slot(seed, a, b);
        }
        Ok(())
    })())
}

//! Flat records: key/value pairs with typed values, encoded as one vector
//! (DESIGN §6: the bundle of `bind(atom(key), atom(value text))`), and the
//! C types of a field that the detector's scoring reads too.

use core::ffi::{c_char, c_int};

use holon_core::atom::DeriveAtoms;
use holon_core::detect::Leaf;
use holon_core::record::{RecordEncoder, Scalar};

use crate::dims::{at_d, compute_d, input, write_vector};
use crate::error::{code_of, status, HOLON_E_DIMS, HOLON_E_NULL, HOLON_E_PARAM, HOLON_E_UTF8};

/// A string value: `text`, `text_len` bytes of UTF-8.
pub const HOLON_KIND_STR: u32 = 0;
/// A signed integer: `number.integer` (its decimal text is the atom).
pub const HOLON_KIND_INT: u32 = 1;
/// An unsigned integer: `number.uinteger`.
pub const HOLON_KIND_UINT: u32 = 2;
/// A float: `number.real` (a whole float is the atom of its integer text,
/// `80.0` as `80`; NaN and infinities are refused in records).
pub const HOLON_KIND_FLOAT: u32 = 3;
/// A boolean: `number.integer`, 0 for false, anything else true.
pub const HOLON_KIND_BOOL: u32 = 4;
/// `null`: no payload.
pub const HOLON_KIND_NULL: u32 = 5;

/// The numeric payload of a `holon_value`, read as its kind says.
#[repr(C)]
#[derive(Clone, Copy)]
pub union holon_number {
    /// `HOLON_KIND_FLOAT`.
    pub real: f64,
    /// `HOLON_KIND_INT` and `HOLON_KIND_BOOL`.
    pub integer: i64,
    /// `HOLON_KIND_UINT`.
    pub uinteger: u64,
}

/// A typed value: `kind` is one of the `HOLON_KIND_*` constants and names
/// the member that holds the value.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct holon_value {
    /// `HOLON_KIND_*`.
    pub kind: u32,
    /// `HOLON_KIND_STR`: the text (need not be NUL-terminated; NULL allowed
    /// when `text_len` is 0).
    pub text: *const c_char,
    /// `HOLON_KIND_STR`: bytes at `text`.
    pub text_len: usize,
    /// The numeric kinds' payload.
    pub number: holon_number,
}

/// One field of a flat record: a name (a dotted path for what was nested)
/// and its value.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct holon_field {
    /// The name, `name_len` bytes of UTF-8 (need not be NUL-terminated).
    pub name: *const c_char,
    /// Bytes at `name`.
    pub name_len: usize,
    /// The value.
    pub value: holon_value,
}

impl holon_number {
    fn bits(self) -> u64 {
        // SAFETY: every member is 8 bytes of plain data, so the union's
        // bytes are always a valid `u64` whichever member C wrote.
        unsafe { self.uinteger }
    }
}

/// `len` bytes at `ptr` as UTF-8.
///
/// # Safety
///
/// As [`input`].
pub(crate) unsafe fn text<'a>(ptr: *const c_char, len: usize) -> Result<&'a str, c_int> {
    // SAFETY: forwarded contract.
    let bytes = unsafe { input(ptr.cast::<u8>(), len) }?;
    core::str::from_utf8(bytes).map_err(|_| HOLON_E_UTF8)
}

impl holon_field {
    /// The field's name.
    ///
    /// # Safety
    ///
    /// `name` readable for `name_len` bytes.
    pub(crate) unsafe fn name<'a>(&self) -> Result<&'a str, c_int> {
        if self.name.is_null() && self.name_len > 0 {
            return Err(HOLON_E_NULL);
        }
        // SAFETY: forwarded contract.
        unsafe { text(self.name, self.name_len) }
    }

    /// The value as a record scalar.
    ///
    /// # Safety
    ///
    /// A string value's `text` readable for `text_len` bytes.
    pub(crate) unsafe fn scalar<'a>(&self) -> Result<Scalar<'a>, c_int> {
        let v = self.value;
        let bits = v.number.bits();
        Ok(match v.kind {
            // SAFETY: forwarded contract.
            HOLON_KIND_STR => Scalar::Str(unsafe { text(v.text, v.text_len) }?),
            HOLON_KIND_INT => Scalar::Int(bits as i64),
            HOLON_KIND_UINT => Scalar::Uint(bits),
            HOLON_KIND_FLOAT => Scalar::Float(f64::from_bits(bits)),
            HOLON_KIND_BOOL => Scalar::Bool(bits != 0),
            HOLON_KIND_NULL => Scalar::Null,
            _ => return Err(HOLON_E_PARAM),
        })
    }

    /// The value as the detector reads it: every number as `f64`.
    ///
    /// # Safety
    ///
    /// As [`scalar`](Self::scalar).
    pub(crate) unsafe fn leaf<'a>(&self) -> Result<Leaf<'a>, c_int> {
        // SAFETY: forwarded contract.
        Ok(match unsafe { self.scalar() }? {
            Scalar::Str(t) => Leaf::Str(t),
            Scalar::Int(i) => Leaf::Number(i as f64),
            Scalar::Uint(u) => Leaf::Number(u as f64),
            Scalar::Float(x) => Leaf::Number(x),
            Scalar::Bool(b) => Leaf::Bool(b),
            Scalar::Null => Leaf::Null,
        })
    }
}

unsafe fn encode_at<const D: usize>(
    seed: u64,
    fields: *const holon_field,
    count: usize,
    out: *mut i8,
    dims: usize,
) -> Result<(), c_int> {
    // SAFETY: the caller's contract for `fields`.
    let fields = unsafe { input(fields, count) }?;
    let mut encoder = RecordEncoder::<D, 1, DeriveAtoms>::new(seed, DeriveAtoms);
    for field in fields {
        // SAFETY: the caller's contract for each field's pointers.
        let (name, value) = unsafe { (field.name()?, field.scalar()?) };
        encoder.field(name, value).map_err(code_of)?;
    }
    let v = encoder.finish().map_err(code_of)?;
    // SAFETY: the caller's contract for `out`.
    unsafe { write_vector(&v, out, dims) }
}

/// Encodes the flat record `fields[0..count]` under `seed` into the `dims`
/// components at `out`: each field is `bind(atom(name), atom(value text))`
/// and the record is their bundle, the same vector `holon-std` gives the
/// JSON object `{"name": value, ...}` (names are dotted paths for nested
/// maps). Atoms are derived, not cached (a few per field: about a cold atom
/// each). `count` 0 gives the zero vector.
///
/// Returns 0, `HOLON_E_NULL`, `HOLON_E_DIMS`, `HOLON_E_UTF8`,
/// `HOLON_E_PARAM` (an unknown kind, a NaN or infinite float) or
/// `HOLON_E_UNSUPPORTED` (a non-whole float without `float-text`).
///
/// # Safety
///
/// `fields` readable for `count` fields, whose names and texts are readable
/// for their lengths; `out` writable for `dims` bytes.
#[no_mangle]
pub unsafe extern "C" fn holon_record_encode(
    seed: u64,
    fields: *const holon_field,
    count: usize,
    out: *mut i8,
    dims: usize,
) -> c_int {
    // SAFETY: forwarded contract.
    status(at_d!(
        compute_d(dims),
        encode_at(seed, fields, count, out, dims),
        Err(HOLON_E_DIMS)
    ))
}

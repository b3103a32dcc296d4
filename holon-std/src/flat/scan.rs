//! A strict scanner for flat JSON objects: `{"key": scalar, ...}`.
//!
//! It accepts a subset of JSON — one object whose values are strings
//! without escapes, integers of at most 18 digits, `true`, `false` and
//! `null` — and yields each field with the canonical text of its value
//! (the text [`Scalar::key`](holon_core::record::Scalar::key) hashes). Anything
//! outside that subset (nesting, lists, escapes, fractions, exponents, long
//! integers, duplicate keys, invalid JSON) is refused with `None`, and the
//! caller takes the general `serde_json` path, which either encodes it or
//! reports the error. So the scanner never has to be right about anything it
//! does not accept.

use holon_core::record::Scalar;

use crate::walkable::{Slot, Walkable, Walker};
use crate::EncodeError;

/// Most fields a flat object may have on the fast path.
pub const MAX_FIELDS: usize = 32;

/// Integers longer than this take the general path (below 10^18 every
/// integer is an `i64`/`u64` in `serde_json`, whose decimal is the token).
const MAX_DIGITS: usize = 18;

/// What JSON token a field's value was: the canonical text alone cannot
/// tell `53` from `"53"`, or `true` from `"true"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string (its contents).
    Str,
    /// An integer (its canonical decimal).
    Int,
    /// `true`, `false` or `null` (the word).
    Word,
}

/// The fields of a flat object: `(key, canonical value text)`, in order.
pub struct Fields<'a> {
    fields: [(&'a str, &'a str); MAX_FIELDS],
    kinds: [Kind; MAX_FIELDS],
    len: usize,
}

impl<'a> Fields<'a> {
    /// The fields scanned.
    pub fn as_slice(&self) -> &[(&'a str, &'a str)] {
        &self.fields[..self.len]
    }

    /// The kind of each field's value, in the same order.
    pub fn kinds(&self) -> &[Kind] {
        &self.kinds[..self.len]
    }

    /// True when a key starts with `$`: it may be a marker (`{"$log":
    /// 100}`) or its companion (`$mode`, `$scale`), which only the general
    /// path gives meaning (or an error), so such an object goes that way.
    pub fn may_hold_marker(&self) -> bool {
        self.as_slice().iter().any(|(key, _)| key.starts_with('$'))
    }
}

/// Scanned fields walk as the flat object they came from: each value is the
/// atom of its canonical text, which is what its JSON token's scalar hashes.
impl Walkable for Fields<'_> {
    fn walk(&self, walker: &mut dyn Walker, slot: Slot<'_>) -> Result<(), EncodeError> {
        walker.begin_map(slot)?;
        for &(key, text) in self.as_slice() {
            walker.scalar(Slot::Field(key), Scalar::Str(text))?;
        }
        walker.end()
    }
}

impl Fields<'_> {
    /// No fields yet: the buffer [`scan_into`] fills.
    pub fn new() -> Self {
        Self {
            fields: [("", ""); MAX_FIELDS],
            kinds: [Kind::Str; MAX_FIELDS],
            len: 0,
        }
    }
}

impl Default for Fields<'_> {
    fn default() -> Self {
        Self::new()
    }
}

/// Scans `text` as a flat object, or `None` when it is outside the subset
/// (the tests' form of [`scan_into`]).
#[cfg(test)]
fn scan(text: &str) -> Option<Fields<'_>> {
    let mut fields = Fields::new();
    scan_into(text, &mut fields)?;
    Some(fields)
}

/// Scans `text` as a flat object into `fields` (its old contents are
/// replaced), or `None` when it is outside the subset. The caller owns the
/// buffer: returning ~1 KiB of fields by value cost a tenth of a warm
/// packet.
pub fn scan_into<'a>(text: &'a str, fields: &mut Fields<'a>) -> Option<()> {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    fields.len = 0;
    scanner.skip_space();
    scanner.expect(b'{')?;
    scanner.skip_space();
    if scanner.peek()? == b'}' {
        // `{}` is encoded as the empty-map atom: the general path's job.
        return None;
    }
    loop {
        let key = scanner.string()?;
        scanner.skip_space();
        scanner.expect(b':')?;
        scanner.skip_space();
        let (value, kind) = scanner.scalar()?;
        let slot = fields.fields.get_mut(fields.len)?;
        *slot = (key, value);
        fields.kinds[fields.len] = kind;
        fields.len += 1;
        scanner.skip_space();
        match scanner.next()? {
            b',' => scanner.skip_space(),
            b'}' => break,
            _ => return None,
        }
    }
    scanner.skip_space();
    if scanner.at != scanner.bytes.len() {
        return None;
    }
    // serde_json keeps the last of duplicate keys; leave them to it.
    let seen = fields.as_slice();
    for (i, (key, _)) in seen.iter().enumerate() {
        if seen[..i].iter().any(|(other, _)| other == key) {
            return None;
        }
    }
    Some(())
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// A string without escapes or control characters; its contents.
    fn string(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let start = self.at;
        loop {
            match self.next()? {
                b'"' => break,
                b'\\' | 0..=0x1f => return None,
                _ => {}
            }
        }
        // Both ends are ASCII quotes, so these are character boundaries.
        self.text.get(start..self.at - 1)
    }

    /// A scalar value's canonical text, and its kind.
    fn scalar(&mut self) -> Option<(&'a str, Kind)> {
        match self.peek()? {
            b'"' => self.string().map(|s| (s, Kind::Str)),
            b't' => self.word("true").map(|s| (s, Kind::Word)),
            b'f' => self.word("false").map(|s| (s, Kind::Word)),
            b'n' => self.word("null").map(|s| (s, Kind::Word)),
            b'-' | b'0'..=b'9' => self.integer().map(|s| (s, Kind::Int)),
            _ => None,
        }
    }

    fn word(&mut self, word: &'static str) -> Option<&'a str> {
        let end = self.at + word.len();
        if self.bytes.get(self.at..end)? != word.as_bytes() {
            return None;
        }
        self.at = end;
        // `truex` and the like are not JSON.
        if self.peek().is_some_and(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        Some(word)
    }

    /// `-?(0|[1-9][0-9]*)`, at most 18 digits, not followed by a fraction
    /// or exponent.
    fn integer(&mut self) -> Option<&'a str> {
        let start = self.at;
        let negative = self.peek()? == b'-';
        if negative {
            self.at += 1;
        }
        let digits_start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        let digits = self.at - digits_start;
        if digits == 0 || digits > MAX_DIGITS {
            return None;
        }
        if digits > 1 && self.bytes[digits_start] == b'0' {
            return None;
        }
        if let Some(b'.' | b'e' | b'E') = self.peek() {
            return None;
        }
        if negative && digits == 1 && self.bytes[digits_start] == b'0' {
            // `-0` is the integer 0.
            return Some("0");
        }
        self.text.get(start..self.at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Option<Vec<(&str, &str)>> {
        scan(text).map(|f| f.as_slice().to_vec())
    }

    #[test]
    fn scans_flat_objects() {
        assert_eq!(
            fields(r#" {"protocol":"UDP", "src_port" : 53,"ok":true,"x":null,"n":-7,"z":-0}  "#),
            Some(vec![
                ("protocol", "UDP"),
                ("src_port", "53"),
                ("ok", "true"),
                ("x", "null"),
                ("n", "-7"),
                ("z", "0"),
            ])
        );
        assert_eq!(fields(r#"{"a":"é ü"}"#), Some(vec![("a", "é ü")]));
    }

    #[test]
    fn tells_the_kinds_apart() {
        let f = scan(r#"{"a":"53","b":53,"c":"true","d":true,"e":null}"#).unwrap();
        assert_eq!(
            f.kinds(),
            [Kind::Str, Kind::Int, Kind::Str, Kind::Word, Kind::Word]
        );
    }

    #[test]
    fn refuses_everything_else() {
        for text in [
            "",
            "[]",
            "{}",
            "{",
            r#"{"a":1"#,
            r#"{"a":1,}"#,
            r#"{"a":1}x"#,
            r#"{"a":1} {}"#,
            r#"{"a":{"b":1}}"#,
            r#"{"a":[1]}"#,
            r#"{"a":1.5}"#,
            r#"{"a":1e3}"#,
            r#"{"a":01}"#,
            r#"{"a":-}"#,
            r#"{"a":1234567890123456789}"#,
            r#"{"a\"b":1}"#,
            r#"{"a":"x\ny"}"#,
            "{\"a\":\"x\ty\"}",
            r#"{"a":truex}"#,
            r#"{"a":tru}"#,
            r#"{"a":1,"a":2}"#,
            r#"{a:1}"#,
            r#"{"a" 1}"#,
        ] {
            assert!(fields(text).is_none(), "accepted {text:?}");
        }
    }

    #[test]
    fn refuses_too_many_fields() {
        let many: Vec<String> = (0..=MAX_FIELDS).map(|i| format!("\"k{i}\":{i}")).collect();
        let text = format!("{{{}}}", many.join(","));
        assert!(scan(&text).is_none());
        let text = format!("{{{}}}", many[..MAX_FIELDS].join(","));
        assert_eq!(scan(&text).map(|f| f.as_slice().len()), Some(MAX_FIELDS));
    }
}
